import type { HeaderLine } from '../model';
import { inlineAsText } from '../cors/inline-code';
import { neutralize } from './neutralize';
import { fixGroups, needsDetails, ruleOf, shortUrl, stageLabel, statusCell, totalLine } from './presentation';
import type { Report, ReportRequest } from './types';

export interface TextOptions {
  /** ANSI colour; the CLI turns it on only for a TTY without NO_COLOR. */
  color: boolean;
  /** True when `--failing` filtered the list, so the total says what is shown. */
  filtered?: boolean;
}

type Paint = (s: string) => string;

function painter(on: boolean, code: string): Paint {
  return on ? (s) => `\u001b[${code}m${s}\u001b[0m` : (s) => s;
}

/** Every untrusted string goes through this before it is printed. */
const t = neutralize;
/** The engine's own texts: escapes of running text undone (inline-code.ts), then neutralized. */
const te = (s: string) => neutralize(inlineAsText(s));

/** The response headers worth quoting next to a verdict (Location only matters for a redirect). */
function corsHeaders(headers: readonly HeaderLine[] | null, stage: string | null): HeaderLine[] {
  return (headers ?? []).filter((h) => {
    const n = h.name.toLowerCase();
    return n.startsWith('access-control-') || n === 'vary' || (stage === 'redirect' && n === 'location');
  });
}

function table(rows: string[][], paintRow: (cells: string[], row: number) => string[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  return rows.map((row, r) => {
    const padded = row.map((c, i) => (i === row.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - [...c].length)));
    return `  ${paintRow(padded, r).join('  ')}`.trimEnd();
  });
}

function details(r: ReportRequest, p: Record<'bold' | 'red' | 'dim' | 'yellow' | 'green', Paint>): string[] {
  const out: string[] = [];
  const mark = r.verdict === 'blocked' ? p.red('✗') : p.yellow('?');
  out.push(`${mark} ${p.bold(`${t(r.method)} ${t(r.url)}`)}  ${p.dim(`[${t(r.source)}]`)}`);
  if (r.verdict === 'blocked') {
    const names = [r.chromiumError && `Chromium: ${r.chromiumError}`, r.firefoxReason && `Firefox: ${r.firefoxReason}`]
      .filter(Boolean)
      .join(', ');
    const where = r.code ? `${stageLabel(r.stage)} — ${r.code}` : '(which rule failed cannot be decided)';
    out.push(`  ${p.red('blocked')} ${where}${names ? ` (${names})` : ''}`);
  } else {
    out.push(`  ${t(r.verdict)}${r.error ? `, the browser reported ${t(r.error)}` : ''}`);
  }
  if (r.failedParameter !== null) out.push(`  Offending value: ${t(r.failedParameter)}`);
  if (r.explanation.summary) out.push(`  What happened: ${te(r.explanation.summary)}`);
  if (r.explanation.why.length > 0) {
    out.push('  Why:');
    for (const w of r.explanation.why) out.push(`    ${te(w)}`);
  }
  const served = corsHeaders(r.stage === 'preflight' ? r.observed.preflightResponse : r.observed.response, r.stage);
  if (r.verdict === 'blocked' && (r.observed.response !== null || r.observed.preflightResponse !== null)) {
    const what = r.stage === 'preflight' ? 'preflight response' : 'response';
    out.push(
      served.length > 0
        ? `  The ${what} carried: ${served.map((h) => `${t(h.name)}: ${t(h.value)}`).join(' | ')}`
        : `  The ${what} carried no CORS header.`,
    );
  }
  const groups = r.fix ? fixGroups(r.fix.lines) : [];
  for (const g of groups) {
    out.push(`  ${g.title}`);
    for (const line of g.lines) out.push(`    ${p.green(t(line))}`);
  }
  const steps = [...(r.fix?.serverSteps ?? [])];
  if (groups.length === 0) steps.push(...r.explanation.fix);
  if (steps.length > 0) {
    out.push('  On the server:');
    for (const s of steps) out.push(`    - ${te(s)}`);
  }
  if (r.undecided.length > 0) {
    out.push('  Cannot be decided from this HAR:');
    for (const u of r.undecided) out.push(`    - ${te(u)}`);
  }
  for (const a of r.advisories) if (a.severity === 'warning') out.push(`  ${p.yellow('Warning:')} ${te(a.title)}`);
  for (const n of r.notes) out.push(`  ${p.dim(`Note: ${t(n)}`)}`);
  return out;
}

/** The default terminal output: a table of every request, then a section per blocked one, then totals. */
export function renderText(report: Report, options: TextOptions): string {
  const c = options.color;
  const p = {
    bold: painter(c, '1'),
    red: painter(c, '31'),
    green: painter(c, '32'),
    yellow: painter(c, '33'),
    dim: painter(c, '2'),
  };
  const verdictPaint: Record<string, Paint> = { blocked: p.red, allowed: p.green, 'same-origin': p.dim, 'not-cors': p.dim };
  const out: string[] = [];
  const sources = [...new Set(report.requests.map((r) => r.source))];
  for (const source of sources) {
    const rows = report.requests.filter((r) => r.source === source);
    if (sources.length > 1) out.push(p.bold(t(source)));
    const cells = [
      ['METHOD', 'STATUS', 'URL', 'VERDICT', 'RULE'],
      ...rows.map((r) => [t(r.method), statusCell(r), t(shortUrl(r.url)), r.verdict, ruleOf(r)]),
    ];
    out.push(
      ...table(cells, (row, i) => {
        if (i === 0) return row.map(p.bold);
        const verdict = rows[i - 1]?.verdict ?? '';
        return row.map((cell, col) => (col === 3 ? (verdictPaint[verdict] ?? ((s: string) => s))(cell) : cell));
      }),
    );
    out.push('');
  }
  for (const r of report.requests.filter(needsDetails)) {
    out.push(...details(r, p), '');
  }
  const shown = options.filtered ? ` (showing ${report.requests.length})` : '';
  out.push(p.bold(totalLine(report.summary)) + shown);
  return `${out.join('\n')}\n`;
}
