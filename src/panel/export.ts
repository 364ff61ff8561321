/** The panel's export: the stored exchanges through the shared report writers, named and typed for download. */
import { diagnose } from '../shared/cors';
import type { StoredExchange } from '../shared/capture/log';
import { exportHar, exportJson, exportMarkdown } from '../shared/report/export';
import { exportFilename } from './download';

export interface ExportRequest {
  format: 'json' | 'markdown' | 'har';
  failingOnly: boolean;
  includeSecrets: boolean;
  version: string;
  now: Date;
}

export interface ExportFile {
  text: string;
  filename: string;
  mime: string;
}

const WRITERS = {
  json: { write: exportJson, ext: 'json', mime: 'application/json' },
  markdown: { write: exportMarkdown, ext: 'md', mime: 'text/markdown' },
  har: { write: exportHar, ext: 'har', mime: 'application/json' },
} as const;

export function exportEntries(entries: readonly StoredExchange[], r: ExportRequest): ExportFile {
  const exchanges = entries.map((e) => e.exchange);
  const page = entries.find((e) => e.exchange.initiator)?.exchange.initiator ?? null;
  const w = WRITERS[r.format];
  const text = w.write(exchanges, {
    includeSecrets: r.includeSecrets,
    failingOnly: r.failingOnly,
    generatedBy: `corsight ${r.version} (extension)`,
    source: page ?? 'corsight extension',
    diagnose,
  });
  return { text, filename: exportFilename(page, w.ext, r.now), mime: w.mime };
}
