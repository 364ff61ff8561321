/**
 * Turns the CDP Network events of one request into the engine's `Exchange`, keeping only what
 * webRequest (with `extraHeaders`) would also see: method, URL, request header lines, response status
 * and header lines, redirect hops, the preflight, and how it ended. Never the CORS reason (that is what
 * the engine must find), never the credentials mode or the request mode (webRequest cannot see them).
 *
 * How CDP reports a request (Chromium 156, measured):
 * - every hop of the actual request shares one requestId; hop n+1 starts with a `requestWillBeSent`
 *   carrying hop n's `redirectResponse`. A redirect that is blocked has no such event, only its
 *   `responseReceivedExtraInfo`;
 * - `requestWillBeSentExtraInfo` (real headers: Origin, Cookie...) and `responseReceivedExtraInfo` (the
 *   raw `headersText`) come once per hop actually sent, in hop order, but not in order with the other
 *   events (they may come before the `requestWillBeSent` they belong to). A hop never sent (blocked by its
 *   preflight, or by mode) has none;
 * - a preflight has its own requestId and `initiator {type: 'preflight', requestId: <actual id>}`;
 * - the CORS reason is `loadingFailed.corsErrorStatus` on the actual request's id.
 */
import type { Exchange, HeaderLine, Hop, PreflightRecord, RequestRecord, ResponseRecord } from '../../../src/shared/model';
import {
  eventsOf,
  mainRequestId,
  type CdpHeaders,
  type CdpResponse,
  type LoadingFailed,
  type NetworkEvent,
  type ResponseReceivedExtraInfo,
} from './cdp-events';

export interface ChromiumVerdict {
  corsError: string | null;
  /** As Chromium reports it: `''` when the offending value is absent (e.g. a missing header). */
  failedParameter: string | null;
  /** Blocked by CORS, i.e. loadingFailed carried a corsErrorStatus. */
  blocked: boolean;
  /** loadingFailed.errorText, when the request failed. */
  netError: string | null;
  /** loadingFailed.blockedReason (CDP's Network.BlockedReason), e.g. `origin`. */
  blockedReason: string | null;
}

/** Header lines of a raw HTTP/1.x response head, in order, duplicates kept, values trimmed of OWS. */
export function parseHeadersText(text: string): { statusText: string; headers: HeaderLine[] } {
  const [statusLine = '', ...lines] = text.split('\r\n');
  const headers: HeaderLine[] = [];
  for (const line of lines) {
    if (line === '') break;
    const colon = line.indexOf(':');
    if (colon > 0) headers.push({ name: line.slice(0, colon), value: line.slice(colon + 1).trim() });
  }
  return { statusText: statusLine.split(' ').slice(2).join(' '), headers };
}

/** A CDP headers object as lines; CDP joins repeated headers with '\n'. */
export function headerLines(headers: CdpHeaders): HeaderLine[] {
  return Object.entries(headers).flatMap(([name, value]) => value.split('\n').map((v) => ({ name, value: v })));
}

function responseRecord(extra: ResponseReceivedExtraInfo | undefined, basic: CdpResponse | undefined): ResponseRecord | undefined {
  const raw = extra?.headersText ? parseHeadersText(extra.headersText) : undefined;
  const status = extra?.statusCode ?? basic?.status;
  if (status === undefined) return undefined;
  const record: ResponseRecord = {
    status,
    headers: raw?.headers ?? headerLines(extra?.headers ?? basic?.headers ?? {}),
  };
  const statusText = raw?.statusText ?? basic?.statusText;
  if (statusText) record.statusText = statusText;
  if (basic?.remoteIPAddress) record.remoteAddress = basic.remoteIPAddress.replace(/^\[(.*)\]$/, '$1');
  return record;
}

function requestRecord(method: string, url: string, sentHeaders: CdpHeaders | undefined): RequestRecord {
  // A hop that never reached the network has no ExtraInfo: webRequest would show onBeforeRequest only.
  return sentHeaders
    ? { method, url, headers: headerLines(sentHeaders), headersComplete: true }
    : { method, url, headers: [], headersComplete: false };
}

/**
 * A request may fail twice (e.g. `blockedReason: 'origin'` with an empty errorText, then
 * `net::ERR_ABORTED`): keep the first error text, CORS status and blocked reason found.
 */
function mergeFailures(failures: LoadingFailed[]): LoadingFailed | undefined {
  const [first] = failures;
  if (!first) return undefined;
  const merged: LoadingFailed = { requestId: first.requestId, errorText: failures.find((f) => f.errorText)?.errorText ?? '' };
  const cors = failures.find((f) => f.corsErrorStatus)?.corsErrorStatus;
  const blockedReason = failures.find((f) => f.blockedReason)?.blockedReason;
  if (cors) merged.corsErrorStatus = cors;
  if (blockedReason) merged.blockedReason = blockedReason;
  return merged;
}

/** The events of one request id, split by kind. */
function byRequest(events: readonly NetworkEvent[], id: string) {
  const mine = events.filter((e) => e.params.requestId === id);
  return {
    sent: eventsOf(mine, 'Network.requestWillBeSent'),
    sentExtra: eventsOf(mine, 'Network.requestWillBeSentExtraInfo'),
    received: eventsOf(mine, 'Network.responseReceived'),
    receivedExtra: eventsOf(mine, 'Network.responseReceivedExtraInfo'),
    failed: mergeFailures(eventsOf(mine, 'Network.loadingFailed')),
    finished: eventsOf(mine, 'Network.loadingFinished')[0],
  };
}

function preflightRecord(events: readonly NetworkEvent[], id: string): PreflightRecord | undefined {
  const p = byRequest(events, id);
  const first = p.sent[0];
  if (!first) return undefined;
  const record: PreflightRecord = {
    request: requestRecord(first.request.method, first.request.url, p.sentExtra[0]?.headers),
  };
  const response = responseRecord(p.receivedExtra[0], p.received[0]?.response ?? p.sent[1]?.redirectResponse);
  if (response) record.response = response;
  else if (p.failed) record.error = p.failed.errorText;
  return record;
}

/**
 * Null when CDP saw no request at all: Blink rejected it before it reached the network (fetch with
 * mode same-origin to another origin), so webRequest sees nothing either.
 */
export function toExchange(events: readonly NetworkEvent[], opts: { id: string; initiator: string; url: string }): Exchange | null {
  const mainId = mainRequestId(events, opts.url);
  if (mainId === undefined) return null;
  const m = byRequest(events, mainId);

  const hops: Hop[] = m.sent.map((sent, i) => {
    const hop: Hop = { request: requestRecord(sent.request.method, sent.request.url, m.sentExtra[i]?.headers) };
    const basic = m.sent[i + 1]?.redirectResponse ?? (i === m.sent.length - 1 ? m.received[0]?.response : undefined);
    const response = responseRecord(m.receivedExtra[i], basic);
    if (response) hop.response = response;
    return hop;
  });

  // A redirect the page did not follow (redirect: 'manual', or Blink refusing it in mode same-origin)
  // still gets a requestWillBeSent for its target; webRequest never sees that request start.
  const last = hops.at(-1);
  if (hops.length > 1 && last && !last.response && !last.request.headersComplete && !m.failed?.corsErrorStatus) {
    const followed = eventsOf(events, 'Network.requestWillBeSent').some(
      (e) => e.initiator.type === 'preflight' && e.initiator.requestId === mainId && e.request.url === last.request.url,
    );
    if (!followed) hops.pop();
  }

  // Each preflight goes with the latest hop to its URL that started before it (else the first to its URL).
  const position = (params: object) => events.findIndex((e) => e.params === params);
  const hopStart = m.sent.map(position);
  for (const p of eventsOf(events, 'Network.requestWillBeSent')) {
    if (p.initiator.type !== 'preflight' || p.initiator.requestId !== mainId) continue;
    const at = position(p);
    const candidates = hops.flatMap((h, i) => (h.request.url === p.request.url ? [i] : []));
    const target = candidates.filter((i) => (hopStart[i] ?? Infinity) < at).at(-1) ?? candidates[0] ?? hops.length - 1;
    const hop = hops[target];
    const record = preflightRecord(events, p.requestId);
    if (hop && record) hop.preflight = record;
  }

  const exchange: Exchange = {
    id: opts.id,
    browser: 'chromium',
    initiator: opts.initiator,
    hops,
    outcome: m.failed ? { kind: 'failed', error: m.failed.errorText } : m.finished ? { kind: 'completed' } : { kind: 'unknown' },
    resourceType: 'xmlhttprequest',
  };
  const startedAt = m.sent[0]?.wallTime;
  if (startedAt !== undefined) exchange.startedAt = Math.round(startedAt * 1000);
  return exchange;
}

export function chromiumVerdict(events: readonly NetworkEvent[], url: string): ChromiumVerdict {
  const mainId = mainRequestId(events, url);
  const failed = mainId === undefined ? undefined : byRequest(events, mainId).failed;
  const cors = failed?.corsErrorStatus;
  return {
    corsError: cors?.corsError ?? null,
    failedParameter: cors ? cors.failedParameter : null,
    blocked: cors !== undefined,
    netError: failed?.errorText ?? null,
    blockedReason: failed?.blockedReason ?? null,
  };
}
