/**
 * What the detail view shows for one exchange, computed from the exchange and its diagnosis: the
 * timeline of preflights, requests and redirect hops, and header tables with the offending header (or
 * its absence) and the headers that triggered the preflight marked. Pure; the view only lays it out.
 */
import type { Diagnosis, PreflightReason } from '../shared/cors';
import type { Exchange, HeaderLine } from '../shared/model';

export type StepState = 'ok' | 'bad' | 'skipped' | 'cached' | 'pending';

export interface TimelineStep {
  hop: number;
  kind: 'preflight' | 'request';
  method: string;
  url: string;
  /** "204", "302 → /login", "no answer (net::ERR_FAILED)", "not sent", "served from the preflight cache". */
  status: string;
  state: StepState;
  /** The step the failure happened on. */
  failing: boolean;
}

const isRedirect = (s: number): boolean => s >= 300 && s < 400;

export function timeline(ex: Exchange, d: Diagnosis): TimelineStep[] {
  const steps: TimelineStep[] = [];
  const f = d.failure;
  ex.hops.forEach((hop, i) => {
    const pre = hop.preflight;
    if (pre) {
      const res = pre.response;
      const failing = f?.hop === i && f.stage === 'preflight';
      steps.push({
        hop: i,
        kind: 'preflight',
        method: 'OPTIONS',
        url: pre.request.url,
        status: res ? `${res.status}${res.statusText ? ` ${res.statusText}` : ''}` : `no answer${pre.error ? ` (${pre.error})` : ''}`,
        state: failing || !res ? 'bad' : res.status >= 200 && res.status < 300 ? 'ok' : 'bad',
        failing,
      });
    } else if (i === 0 && d.preflight.needed && d.preflight.observed === 'cached') {
      steps.push({ hop: i, kind: 'preflight', method: 'OPTIONS', url: hop.request.url, status: 'served from the preflight cache', state: 'cached', failing: false });
    }
    const res = hop.response;
    const failing = f?.hop === i && f.stage !== 'preflight';
    const preflightBlocked = f?.hop === i && f.stage === 'preflight';
    let status: string;
    let state: StepState;
    if (res) {
      const location = res.headers.find((h) => h.name.toLowerCase() === 'location')?.value;
      status = `${res.status}${res.statusText ? ` ${res.statusText}` : ''}${isRedirect(res.status) && location ? ` → ${location}` : ''}`;
      state = failing || res.status >= 400 ? 'bad' : 'ok';
    } else if (preflightBlocked) {
      status = 'not sent: the preflight failed';
      state = 'skipped';
    } else if (ex.outcome.kind === 'failed' && i === ex.hops.length - 1) {
      status = `no answer (${ex.outcome.error})`;
      state = 'bad';
    } else {
      status = 'no answer recorded';
      state = 'pending';
    }
    steps.push({ hop: i, kind: 'request', method: hop.request.method, url: hop.request.url, status, state, failing });
  });
  return steps;
}

export type Mark =
  /** The header the failure is about (present but wrong). */
  | 'offending'
  /** This header made the browser send a preflight. */
  | 'trigger';

export interface HeaderRow {
  name: string;
  /** Null for a row that stands for a missing header. */
  value: string | null;
  mark: Mark | null;
  /** Why it is marked, in a few words (shown on hover and to screen readers). */
  note: string | null;
}

export interface HeaderTable {
  title: string;
  /** "OPTIONS 204" or "GET 200": the status line the table belongs to. */
  subtitle: string;
  rows: HeaderRow[];
}

const lower = (s: string): string => s.toLowerCase();

function rowsOf(headers: readonly HeaderLine[], marks: Map<string, { mark: Mark; note: string }>): HeaderRow[] {
  return headers.map((h) => {
    const m = marks.get(lower(h.name));
    return { name: h.name, value: h.value, mark: m?.mark ?? null, note: m?.note ?? null };
  });
}

function triggerNote(r: PreflightReason): [string, string] | null {
  switch (r.kind) {
    case 'header':
      return [r.name, 'not a CORS-safelisted request header: it made the browser send a preflight'];
    case 'content-type':
      return ['content-type', `${r.value} is not one of the three safelisted types: it made the browser send a preflight`];
    case 'header-value-too-long':
      return [r.name, `value is ${r.length} bytes, over the 128-byte safelist limit: it made the browser send a preflight`];
    default:
      return null;
  }
}

/**
 * The header tables of the failing hop (else the last one): preflight request and response, then the
 * actual request and response. The response the failure is about gets a row for a missing header.
 */
export function headerTables(ex: Exchange, d: Diagnosis): HeaderTable[] {
  const f = d.failure;
  const index = f?.hop ?? ex.hops.length - 1;
  const hop = ex.hops[index];
  if (!hop) return [];
  const tables: HeaderTable[] = [];
  const offendingHeader = f?.header ? lower(f.header) : null;

  const requestMarks = new Map<string, { mark: Mark; note: string }>();
  for (const r of d.preflight.reasons) {
    const t = triggerNote(r);
    if (t) requestMarks.set(lower(t[0]), { mark: 'trigger', note: t[1] });
  }
  if (f?.code === 'header-not-allowed') {
    for (const name of f.values ?? (f.failedParameter ? [f.failedParameter] : [])) {
      requestMarks.set(lower(name), { mark: 'offending', note: 'the preflight response does not allow this request header' });
    }
  }

  const responseTable = (title: string, res: NonNullable<typeof hop.response>, method: string, about: boolean): HeaderTable => {
    const marks = new Map<string, { mark: Mark; note: string }>();
    if (about && offendingHeader) marks.set(offendingHeader, { mark: 'offending', note: f?.failedParameter !== null && f?.failedParameter !== undefined ? 'this value is what the browser rejected' : 'the browser rejected this header' });
    const rows = rowsOf(res.headers, marks);
    if (about && f?.header && !res.headers.some((h) => lower(h.name) === offendingHeader)) {
      rows.push({ name: f.header, value: null, mark: 'offending', note: 'missing: the browser needed this header' });
    }
    return { title, subtitle: `${method} ${res.status}`, rows };
  };

  if (hop.preflight) {
    const preMarks = new Map<string, { mark: Mark; note: string }>();
    if (f?.code === 'method-not-allowed') preMarks.set('access-control-request-method', { mark: 'offending', note: 'the preflight response does not allow this method' });
    if (f?.code === 'header-not-allowed') preMarks.set('access-control-request-headers', { mark: 'offending', note: 'the preflight response does not allow every header listed here' });
    tables.push({ title: 'Preflight request', subtitle: `OPTIONS ${hop.preflight.request.url}`, rows: rowsOf(hop.preflight.request.headers, preMarks) });
    if (hop.preflight.response) tables.push(responseTable('Preflight response', hop.preflight.response, 'OPTIONS', f?.stage === 'preflight'));
  }
  tables.push({ title: 'Request', subtitle: `${hop.request.method} ${hop.request.url}`, rows: rowsOf(hop.request.headers, requestMarks) });
  if (hop.response) tables.push(responseTable('Response', hop.response, hop.request.method, f !== null && f.stage !== 'preflight'));
  return tables;
}

/** "Why a preflight was sent" in plain words, one line per reason. */
export function preflightReasonText(r: PreflightReason): string {
  switch (r.kind) {
    case 'method':
      return `The method ${r.method} is not GET, HEAD or POST.`;
    case 'header':
      return `The request header ${r.name} is not CORS-safelisted.`;
    case 'content-type':
      return `Content-Type ${r.value} is not application/x-www-form-urlencoded, multipart/form-data or text/plain.`;
    case 'header-value-too-long':
      return `The ${r.name} value is ${r.length} bytes; safelisted values may be at most 128.`;
    case 'safelisted-total-too-long':
      return `The safelisted header values total ${r.total} bytes; at most 1,024 are allowed without a preflight.`;
  }
}
