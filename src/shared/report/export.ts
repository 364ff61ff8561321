/**
 * What the panel's export buttons write: the report as JSON or Markdown (the same output as
 * `corsight analyze --json` / `--markdown`), or the capture as a HAR that the CLI reads back.
 */
import type { Diagnosis } from '../cors';
import type { ImportedExchange } from '../har';
import type { Exchange } from '../model';
import { buildReport, onlyFailing } from './build';
import { buildHar } from './har-export';
import { safeJsonStringify } from './neutralize';
import { renderJson } from './render-json';
import { renderMarkdown } from './render-markdown';
import type { Report } from './types';

export interface ExportOptions {
  /** Keep cookie, authorization and token values instead of redacting them. */
  includeSecrets: boolean;
  /** Only the requests the browser blocked (verdict "blocked"), like `--failing`. */
  failingOnly: boolean;
  /** e.g. "corsight 0.1.0": the report's generatedBy and the HAR's creator. */
  generatedBy: string;
  /** What the exchanges were captured from: the report's source name and the HAR's comment. */
  source: string;
  diagnose: (ex: Exchange) => Diagnosis;
}

/** Captured exchanges are not imported from a file: no entries to point back to, nothing inferred. */
function asImported(exchange: Exchange): ImportedExchange {
  return { exchange, entries: [], notes: [] };
}

/** The full report, or only its blocked requests; the summary counts everything either way. */
function report(exchanges: readonly Exchange[], o: ExportOptions): Report {
  const full = buildReport([{ source: o.source, exchanges: exchanges.map(asImported) }], {
    diagnose: o.diagnose,
    generatedBy: o.generatedBy,
    includeSecrets: o.includeSecrets,
    withExchanges: true,
  });
  return o.failingOnly ? onlyFailing(full) : full;
}

/** corsight-report/1 JSON, as `corsight analyze --json` prints it, plus each exchange (so the CLI can read it back). */
export function exportJson(exchanges: readonly Exchange[], o: ExportOptions): string {
  return renderJson(report(exchanges, o));
}

/** Markdown: totals, a table, then one section per blocked request (explanation, observed headers, fix). */
export function exportMarkdown(exchanges: readonly Exchange[], o: ExportOptions): string {
  return renderMarkdown(report(exchanges, o), { filtered: o.failingOnly });
}

/** HAR 1.2 text; C1 controls and bidi overrides in values are escaped, so the file is safe to cat. */
export function exportHar(exchanges: readonly Exchange[], o: ExportOptions): string {
  const items = exchanges
    .map((exchange) => ({ exchange, diagnosis: o.diagnose(exchange) }))
    .filter((x) => !o.failingOnly || x.diagnosis.verdict === 'blocked');
  return `${safeJsonStringify(buildHar(items, o))}\n`;
}
