/**
 * Builds the engine's input for one Firefox run from what Firefox's webRequest would show, taking the
 * lab's own log as the source (as the brief asks): what it received and exactly what it sent (method,
 * request header lines, status, response header lines; the preflight = the OPTIONS it received), plus,
 * from Firefox's HTTP observers, the headers of an actual request its preflight stopped (webRequest shows
 * them in onBeforeSendHeaders; the server never saw them).
 *
 * Never the CORS reason, never `credentials` or `mode` (webRequest cannot see them). The outcome:
 * - a final response reached Firefox: `completed`, even when Firefox hid it from the page (measured:
 *   webRequest fires onCompleted with the real status for those): the engine must decide from headers;
 * - the preflight failed, so the actual request never reached the server: `failed NS_ERROR_DOM_BAD_URI`
 *   (what the extension's webRequest listeners report in ESR 153: onErrorOccurred(NS_ERROR_DOM_BAD_URI),
 *   test/capture/recordings/firefox.json; an earlier note here said no terminal event came, which was the
 *   extension's own listener failing to register, not Firefox);
 * - the chain ends on a redirect Firefox refused to follow (CORS on the redirect, credentials in the
 *   URL, `data:`, a loop): `unknown`, as webRequest leaves it (measured: onBeforeRedirect or
 *   onHeadersReceived, then nothing);
 * - the chain ends on a redirect the page did not follow (`redirect: 'manual' | 'error'`): `completed`
 *   (measured: onCompleted with the 3xx).
 *
 * Header lines: webRequest in Firefox shows values without surrounding whitespace, and JOINS repeated
 * header names into one line (`a, b`; measured: two Access-Control-Allow-Origin lines arrive as one),
 * which loses the difference between two lines and a comma list. `mergeRepeatedHeaders` applies that;
 * by default the lab's lines are kept one per line, as the brief asks.
 */
import type { Exchange, HeaderLine, Hop, Outcome, PreflightRecord, RequestRecord, ResponseRecord } from '../../../src/shared/model';
import { headerValue, serializeResponse } from '../../lab/raw-http';
import type { LabRequest } from '../../lab/server';
import type { ChannelEvent } from './chrome-scope';

export interface ExchangeInput {
  id: string;
  /** Origin A, the page. */
  initiator: string;
  /** What the lab received for this run (its last repetition), in order. */
  received: readonly LabRequest[];
  /** Firefox's channel notifications for the same requests. */
  channels: readonly ChannelEvent[];
  /** The page's fetch redirect mode (`follow` by default). */
  redirect?: 'follow' | 'manual' | 'error';
  /** Join repeated header names into one line, as Firefox's webRequest does. */
  mergeRepeatedHeaders?: boolean;
}

/** The request URL as Firefox addressed it (the Host header names `localhost` for origin C). */
function urlOf(r: LabRequest): string {
  return `http://${headerValue(r.headers, 'host') ?? ''}${r.target}`;
}

function requestRecord(r: LabRequest): RequestRecord {
  return {
    method: r.method,
    url: urlOf(r),
    headers: r.headers.map(([name, value]) => ({ name, value })),
    headersComplete: true,
  };
}

/** Header lines of a raw response head, in order, duplicates kept, values without surrounding whitespace. */
function parseHead(head: string): { statusText: string; headers: HeaderLine[] } {
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: HeaderLine[] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    // Firefox's HTTP parser strips optional whitespace around values, as webRequest shows them.
    if (colon > 0) headers.push({ name: line.slice(0, colon), value: line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '') });
  }
  return { statusText: statusLine.split(' ').slice(2).join(' '), headers };
}

/** Exactly what the lab wrote: its scripted lines plus the Content-Length and Connection it adds. */
function responseRecord(r: LabRequest): ResponseRecord | undefined {
  if (!r.response) return undefined;
  const bytes = serializeResponse(r.response, { omitBody: true }).toString('latin1');
  const head = bytes.slice(0, bytes.indexOf('\r\n\r\n'));
  const { statusText, headers } = parseHead(head);
  const record: ResponseRecord = { status: r.response.status, headers };
  if (statusText) record.statusText = statusText;
  return record;
}

function isPreflight(r: LabRequest): boolean {
  return r.method === 'OPTIONS' && headerValue(r.headers, 'access-control-request-method') !== undefined;
}

function isRedirect(res: ResponseRecord | undefined): boolean {
  return !!res && res.status >= 300 && res.status <= 399 && res.headers.some((h) => h.name.toLowerCase() === 'location');
}

/** The actual request a failed preflight stopped: as Firefox prepared it (http-on-modify-request). */
function unsentActual(preflight: LabRequest, channels: readonly ChannelEvent[]): RequestRecord {
  const url = urlOf(preflight);
  const method = headerValue(preflight.headers, 'access-control-request-method') ?? 'GET';
  const seen = channels.find((c) => c.url === url && c.method !== 'OPTIONS');
  if (seen) {
    return { method: seen.method, url, headers: seen.requestHeaders.map(([name, value]) => ({ name, value })), headersComplete: true };
  }
  return { method, url, headers: [], headersComplete: false };
}

export function toExchange(input: ExchangeInput): Exchange {
  const hops: Hop[] = [];
  let pending: LabRequest | undefined;
  const preflightRecord = (p: LabRequest): PreflightRecord => {
    const response = responseRecord(p);
    return response ? { request: requestRecord(p), response } : { request: requestRecord(p) };
  };
  for (const r of input.received) {
    if (isPreflight(r)) {
      pending = r;
      continue;
    }
    const hop: Hop = { request: requestRecord(r) };
    const response = responseRecord(r);
    if (response) hop.response = response;
    if (pending) hop.preflight = preflightRecord(pending);
    pending = undefined;
    hops.push(hop);
  }

  let outcome: Outcome = { kind: 'completed' };
  if (pending) {
    // The preflight failed: Firefox never sent the actual request.
    hops.push({ request: unsentActual(pending, input.channels), preflight: preflightRecord(pending) });
    outcome = { kind: 'failed', error: 'NS_ERROR_DOM_BAD_URI' };
  } else {
    const last = hops[hops.length - 1];
    if (!last) outcome = { kind: 'unknown' };
    else if (isRedirect(last.response) && (input.redirect ?? 'follow') === 'follow') outcome = { kind: 'unknown' };
  }
  if (input.mergeRepeatedHeaders) {
    for (const hop of hops) {
      if (hop.response) hop.response.headers = mergeRepeated(hop.response.headers);
      if (hop.preflight?.response) hop.preflight.response.headers = mergeRepeated(hop.preflight.response.headers);
    }
  }
  return { id: input.id, browser: 'firefox', initiator: input.initiator, hops, outcome };
}

/** Headers Firefox joins with a newline rather than a comma (nsHttpHeaderArray). */
const NEWLINE_JOINED = new Set(['set-cookie', 'www-authenticate', 'proxy-authenticate']);

/** Repeated names joined into the first line, as Firefox's webRequest shows response headers. */
export function mergeRepeated(headers: readonly HeaderLine[]): HeaderLine[] {
  const out: HeaderLine[] = [];
  for (const h of headers) {
    const lower = h.name.toLowerCase();
    const prev = out.find((o) => o.name.toLowerCase() === lower);
    if (!prev) out.push({ ...h });
    else if (h.value !== '') prev.value = prev.value === '' ? h.value : `${prev.value}${NEWLINE_JOINED.has(lower) ? '\n' : ', '}${h.value}`;
  }
  return out;
}
