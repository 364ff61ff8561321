import type { FixLine, Stage } from '../cors';
import type { ReportRequest, ReportSummary } from './types';

/**
 * What the text and Markdown renderers share: which requests get a section, how a URL is shortened,
 * how fix lines are grouped and how the totals read. Plain strings; escaping is the renderer's job.
 */

/** Blocked requests get a section; so do failed ones whose cause the HAR cannot decide. */
export function needsDetails(r: ReportRequest): boolean {
  return r.verdict === 'blocked' || (r.error !== null && r.undecided.length > 0);
}

/** host + path, query elided, cut to `max` characters: enough to recognise a request in a table. */
export function shortUrl(url: string, max = 56): string {
  let s = url;
  try {
    const u = new URL(url);
    const scheme = u.protocol === 'https:' ? '' : `${u.protocol}//`;
    s = `${scheme}${u.host}${u.pathname}${u.search ? '?…' : ''}`;
  } catch {
    // Not a URL: show it as it is.
  }
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function stageLabel(stage: Stage | null): string {
  switch (stage) {
    case 'preflight':
      return 'at the preflight';
    case 'actual':
      return 'on the response';
    case 'redirect':
      return 'on a redirect';
    case 'request':
      return 'before sending';
    default:
      return '';
  }
}

/** The rule column: the failure code, else the browser's own name for it. */
export function ruleOf(r: ReportRequest): string {
  return r.code ?? r.chromiumError ?? r.firefoxReason ?? '';
}

export interface FixGroup {
  title: string;
  lines: string[];
}

const WHERE: Record<FixLine['on'], string> = {
  preflight: 'the preflight (OPTIONS) response',
  actual: 'the actual response',
  both: 'both the preflight and the actual response',
};

/** Fix lines grouped by what to do and where, each as the exact header line to send. */
export function fixGroups(lines: readonly FixLine[]): FixGroup[] {
  const groups = new Map<string, FixGroup>();
  for (const line of lines) {
    if (line.change === 'keep') continue;
    const verb = line.change === 'add' ? 'Add to' : line.change === 'replace' ? 'Change on' : 'Remove from';
    const title = `${verb} ${WHERE[line.on]}:`;
    let g = groups.get(title);
    if (!g) {
      g = { title, lines: [] };
      groups.set(title, g);
    }
    if (line.change === 'remove') g.lines.push(`${line.header}${line.current !== null ? `: ${line.current}` : ''}`);
    else g.lines.push(`${line.header}: ${line.value}`);
  }
  return [...groups.values()];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "12 requests: 3 blocked, 8 allowed, 1 same-origin" (not-CORS only when there are some). */
export function totalLine(s: ReportSummary): string {
  const parts = [`${s.blocked} blocked`, `${s.allowed} allowed`];
  if (s.sameOrigin > 0) parts.push(`${s.sameOrigin} same-origin`);
  if (s.notCors > 0) parts.push(`${s.notCors} not CORS`);
  return `${plural(s.total, 'request')}: ${parts.join(', ')}`;
}

/** The status column: every hop's status for a redirect chain ("302→200"), "-" for no answer. */
export function statusCell(r: ReportRequest): string {
  return r.hops.map((h) => (h.status === null ? '-' : String(h.status))).join('→') || '-';
}
