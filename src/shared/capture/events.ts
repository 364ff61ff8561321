/**
 * One small event type for what webRequest reports in Chromium and Firefox, so the pairing reducer never
 * sees a browser's raw `details` object. `fromWebRequest` is pure (details are plain data), so it is unit
 * tested with details recorded from both browsers; the background only forwards what the listeners get.
 *
 * Which listener gives what (measured in Chromium 156 and Firefox ESR 153):
 * - onBeforeRequest: method, URL, tab, type, and the page (`initiator` in Chromium, `originUrl` in Firefox).
 * - onSendHeaders: the request headers as sent. Chromium shows preflights, Origin and Cookie only when a
 *   listener asks for `extraHeaders`; Firefox shows them always and rejects the option.
 * - onHeadersReceived: status and response header lines of every hop, redirects included. Firefox joins
 *   repeated lines into one.
 * - onBeforeRedirect: where the redirect leads. onCompleted / onErrorOccurred: how it ended.
 */
import type { HeaderLine } from '../model';

export type NetEvent =
  | { kind: 'request'; id: string; tabId: number; t: number; method: string; url: string; type: string; initiator?: string }
  | { kind: 'send-headers'; id: string; tabId: number; t: number; headers: HeaderLine[] }
  | { kind: 'response'; id: string; tabId: number; t: number; status: number; statusText?: string; headers: HeaderLine[]; ip?: string; fromCache?: boolean }
  | { kind: 'redirect'; id: string; tabId: number; t: number; to: string; ip?: string }
  | { kind: 'completed'; id: string; tabId: number; t: number; status: number; ip?: string; fromCache?: boolean }
  | { kind: 'error'; id: string; tabId: number; t: number; error: string };

export type NetEventKind = NetEvent['kind'];

/** The webRequest events we listen to, by the `kind` they become. */
export const WEB_REQUEST_EVENTS = {
  request: 'onBeforeRequest',
  'send-headers': 'onSendHeaders',
  response: 'onHeadersReceived',
  redirect: 'onBeforeRedirect',
  completed: 'onCompleted',
  error: 'onErrorOccurred',
} as const satisfies Record<NetEventKind, string>;

/** The fields of webRequest details we read (a subset shared by Chromium and Firefox). */
export interface WebRequestDetails {
  requestId?: unknown;
  tabId?: unknown;
  timeStamp?: unknown;
  method?: unknown;
  url?: unknown;
  type?: unknown;
  initiator?: unknown;
  originUrl?: unknown;
  requestHeaders?: unknown;
  responseHeaders?: unknown;
  statusCode?: unknown;
  statusLine?: unknown;
  redirectUrl?: unknown;
  ip?: unknown;
  fromCache?: unknown;
  error?: unknown;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * Header lines from webRequest's `{name, value?, binaryValue?}` list. A value sent as bytes (non-UTF-8) comes
 * as `binaryValue`: kept as Latin-1 so that the engine sees the same bytes a browser compares.
 */
export function headerLinesOf(raw: unknown): HeaderLine[] {
  if (!Array.isArray(raw)) return [];
  const out: HeaderLine[] = [];
  for (const h of raw as Array<{ name?: unknown; value?: unknown; binaryValue?: unknown }>) {
    const name = str(h?.name);
    if (name === undefined) continue;
    let value = str(h.value);
    if (value === undefined && Array.isArray(h.binaryValue)) value = String.fromCharCode(...(h.binaryValue as number[]).slice(0, 8192).map((b) => b & 0xff));
    out.push({ name, value: value ?? '' });
  }
  return out;
}

/** "HTTP/1.1 404 Not Found" → "Not Found". */
function reasonPhrase(statusLine: string | undefined): string | undefined {
  if (!statusLine) return undefined;
  const m = /^\S+\s+\d{3}\s*(.*)$/.exec(statusLine);
  return m?.[1] ? m[1] : undefined;
}

/**
 * Normalises one webRequest event. Null for what is not ours to track: no tab (the extension's own or a
 * service worker's requests), or details too broken to use (said, not thrown: one bad event must not stop
 * the capture).
 */
export function fromWebRequest(kind: NetEventKind, d: WebRequestDetails): NetEvent | null {
  const id = d.requestId === undefined || d.requestId === null ? undefined : String(d.requestId);
  const tabId = num(d.tabId);
  const t = num(d.timeStamp) ?? 0;
  if (id === undefined || tabId === undefined || tabId < 0) return null;
  const base = { id, tabId, t };
  switch (kind) {
    case 'request': {
      const method = str(d.method);
      const url = str(d.url);
      if (!method || !url) return null;
      // Chromium: `initiator` is the page's origin ("null" when opaque). Firefox: `originUrl` is the URL of
      // what triggered the load; its origin is taken by the reducer.
      const initiator = str(d.initiator) ?? str(d.originUrl);
      return { kind, ...base, method, url, type: str(d.type) ?? 'other', ...(initiator ? { initiator } : {}) };
    }
    case 'send-headers':
      return { kind, ...base, headers: headerLinesOf(d.requestHeaders) };
    case 'response': {
      const status = num(d.statusCode);
      if (status === undefined) return null;
      const statusText = reasonPhrase(str(d.statusLine));
      const ip = str(d.ip);
      return { kind, ...base, status, headers: headerLinesOf(d.responseHeaders), ...(statusText ? { statusText } : {}), ...(ip ? { ip } : {}), ...(d.fromCache === true ? { fromCache: true } : {}) };
    }
    case 'redirect': {
      const to = str(d.redirectUrl);
      if (!to) return null;
      const ip = str(d.ip);
      return { kind, ...base, to, ...(ip ? { ip } : {}) };
    }
    case 'completed': {
      const ip = str(d.ip);
      return { kind, ...base, status: num(d.statusCode) ?? 0, ...(ip ? { ip } : {}), ...(d.fromCache === true ? { fromCache: true } : {}) };
    }
    case 'error':
      return { kind, ...base, error: str(d.error) ?? 'unknown error' };
  }
}
