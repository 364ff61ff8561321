/**
 * Reading the HAR Playwright wrote, independently of corsight's own import: which entries belong to a
 * scenario run, whether they hold the response that decides Chromium's verdict, and a small normalised
 * subset for test/fixtures/har/.
 */
import type { Origins } from '../../lab/placeholders';

export interface HarHeader {
  name: string;
  value: string;
}

export interface HarEntry {
  startedDateTime: string;
  request: { method: string; url: string; headers: HarHeader[] };
  response: { status: number; headers: HarHeader[]; redirectURL?: string; _failureText?: string };
  _resourceType?: string;
  _serverPort?: number;
}

export interface HarFile {
  log: {
    creator: { name: string; version: string };
    browser?: { name: string; version: string };
    pages?: unknown[];
    entries: HarEntry[];
  };
}

const pathOf = (url: string): string => new URL(url).pathname;

const hasHeader = (headers: readonly HarHeader[], name: string): boolean =>
  headers.some((h) => h.name.toLowerCase() === name.toLowerCase());

/** A CORS preflight, by what it is on the wire (Playwright records no `_initiator`). */
export function isPreflight(e: HarEntry): boolean {
  return e.request.method === 'OPTIONS' && hasHeader(e.request.headers, 'access-control-request-method');
}

/** Whether the entry has an HTTP answer (Playwright writes status -1 and no headers when it has none). */
export const answered = (e: HarEntry): boolean => e.response.status > 0;

/** The entries of one run (`/s/<id>/<runId>/...` on any origin), in start order. */
export function entriesOf(har: HarFile, pathPrefix: string): HarEntry[] {
  return har.log.entries
    .filter((e) => pathOf(e.request.url).startsWith(pathPrefix))
    .sort((a, b) => Date.parse(a.startedDateTime) - Date.parse(b.startedDateTime));
}

/** Chromium's names for failures of the preflight (README table, stage "preflight"). */
const PREFLIGHT_STAGE = /^Preflight|PreflightResponse$/;

/**
 * Whether the HAR holds what decides Chromium's CORS error: for a preflight failure, the answered
 * preflight of the hop where the request stopped; otherwise that hop's answered response (the last
 * request entry: Chromium follows no redirect it rejects).
 */
export function holdsDecidingResponse(entries: readonly HarEntry[], corsError: string): boolean {
  const last = entries.filter((e) => !isPreflight(e)).at(-1);
  if (!last) return false;
  if (PREFLIGHT_STAGE.test(corsError)) {
    return entries.some((e) => isPreflight(e) && e.request.url === last.request.url && answered(e));
  }
  return answered(last);
}

/** The failure text of the last request entry, when it has no HTTP answer. */
export function unansweredFailure(entries: readonly HarEntry[]): string | undefined {
  const last = entries.filter((e) => !isPreflight(e)).at(-1);
  return last && !answered(last) ? (last.response._failureText ?? '') : undefined;
}

/** Fixed ports for the fixture, so that it does not change with the lab's random ones. */
export const FIXTURE_ORIGINS: Origins = { A: 'http://127.0.0.1:4100', B: 'http://127.0.0.1:4101', C: 'http://localhost:4102' };

/**
 * The page load and the entries of the given runs, exactly as Playwright wrote them except that the
 * lab's ports are replaced by FIXTURE_ORIGINS' (in URLs, Host/Origin/Referer/Location values and
 * `_serverPort`).
 */
export function harSubset(har: HarFile, pathPrefixes: readonly string[], origins: Origins): HarFile {
  const page = `${origins.A}/`;
  const entries = har.log.entries.filter(
    (e) => e.request.url === page || pathPrefixes.some((p) => pathOf(e.request.url).startsWith(p)),
  );
  let text = JSON.stringify({ log: { ...har.log, entries } });
  const ports = new Map<number, number>();
  for (const key of ['A', 'B', 'C'] as const) {
    const from = new URL(origins[key]);
    const to = new URL(FIXTURE_ORIGINS[key]);
    ports.set(Number(from.port), Number(to.port));
    const escaped = from.host.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    text = text.replace(new RegExp(`${escaped}(?!\\d)`, 'g'), to.host);
  }
  const out = JSON.parse(text) as HarFile;
  for (const e of out.log.entries) {
    if (e._serverPort !== undefined) e._serverPort = ports.get(e._serverPort) ?? e._serverPort;
  }
  return out;
}
