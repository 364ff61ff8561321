import { version } from '../../package.json';
import type { Diagnosis } from '../shared/cors';
import type { HarImport } from '../shared/har';
import type { Exchange } from '../shared/model';
import {
  buildReport,
  importCaptureText,
  neutralize,
  onlyFailing,
  renderJson,
  renderMarkdown,
  renderText,
  type ReportSource,
} from '../shared/report';
import { parseArgs } from './args';
import type { ReadResult } from './read-input';
import { USAGE } from './usage';

/** Everything the CLI touches outside itself, so tests can run it in-process. */
export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdoutIsTTY: boolean;
  env: Record<string, string | undefined>;
  readInput: (path: string) => ReadResult;
  diagnose: (ex: Exchange) => Diagnosis;
}

export const EXIT_OK = 0;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 3;

/** https://no-color.org: any non-empty NO_COLOR turns colour off. */
function useColor(io: CliIo): boolean {
  const noColor = io.env.NO_COLOR;
  return io.stdoutIsTTY && (noColor === undefined || noColor === '');
}

/** The name a file is reported under, safe to print. */
const shown = (path: string): string => (path === '-' ? '<stdin>' : neutralize(path));

/** Runs `corsight <argv>` and returns the exit status. */
export function run(argv: readonly string[], io: CliIo): number {
  const cmd = parseArgs(argv);
  switch (cmd.kind) {
    case 'help':
      io.stdout(USAGE);
      return EXIT_OK;
    case 'version':
      io.stdout(`corsight ${version}\n`);
      return EXIT_OK;
    case 'usage-error':
      io.stderr(`corsight: ${neutralize(cmd.message)}\nRun 'corsight --help' for usage.\n`);
      return EXIT_USAGE;
    case 'analyze':
      break;
  }

  // Read and import every file first: a bad file stops the run before any report is printed, so a
  // partial report is never mistaken for a complete one.
  const sources: ReportSource[] = [];
  const errors: string[] = [];
  cmd.files.forEach((path, i) => {
    const read = io.readInput(path);
    if (!read.ok) {
      errors.push(`corsight: ${shown(path)}: ${read.reason}`);
      return;
    }
    const imported = importCaptureText(read.text, { idPrefix: cmd.files.length > 1 ? `f${i}-` : 'har-' });
    if (!imported.ok) {
      errors.push(`corsight: ${shown(path)}: ${neutralize(imported.error.reason)}`);
      return;
    }
    const har: HarImport = imported.value;
    sources.push({ source: path === '-' ? '<stdin>' : path, exchanges: har.exchanges });
  });
  if (errors.length > 0) {
    io.stderr(`${errors.join('\n')}\n`);
    return EXIT_USAGE;
  }

  let report;
  try {
    report = buildReport(sources, {
      diagnose: io.diagnose,
      generatedBy: `corsight ${version}`,
      includeSecrets: cmd.includeSecrets,
    });
  } catch (e) {
    // An engine bug, not bad input: say so in one line; CORSIGHT_DEBUG=1 shows the stack.
    const message = e instanceof Error ? e.message : String(e);
    io.stderr(`corsight: internal error while diagnosing: ${neutralize(message)}\n`);
    if (io.env.CORSIGHT_DEBUG && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
    return EXIT_INTERNAL;
  }
  const shownReport = cmd.failing ? onlyFailing(report) : report;
  switch (cmd.format) {
    case 'json':
      io.stdout(renderJson(shownReport));
      break;
    case 'markdown':
      io.stdout(renderMarkdown(shownReport, { filtered: cmd.failing }));
      break;
    case 'text':
      io.stdout(renderText(shownReport, { color: useColor(io), filtered: cmd.failing }));
      break;
  }
  return EXIT_OK;
}
