/**
 * The pairing reducer: turns one tab's NetEvents into complete Exchanges (the engine's input). It pairs
 * each OPTIONS preflight with its actual request, chains redirect hops, recognises preflight-cache hits,
 * and settles requests that a browser never reports the end of.
 *
 * The state is plain JSON, so the background keeps it in storage.session and a worker or event page that
 * is unloaded between a preflight and its request picks up where it stopped.
 *
 * What the browsers do (measured, Chromium 156 / Firefox ESR 153; see ../../../test/capture/recordings):
 * - Neither links a preflight to its request by id. A preflight is an OPTIONS carrying
 *   Access-Control-Request-Method (a forbidden header: a page cannot send it itself), and it is paired
 *   by tab, URL, method and time, in either arrival order.
 * - Chromium: the request's onBeforeRequest comes first, then the whole preflight, then the rest of the
 *   request. A request blocked by its preflight gets onErrorOccurred(net::ERR_FAILED) without ever
 *   sending headers.
 * - Firefox: the request's onBeforeRequest and onSendHeaders both come before the preflight starts; a
 *   request its preflight blocked ends in onErrorOccurred(NS_ERROR_DOM_BAD_URI); a simple request blocked
 *   for its Access-Control-Allow-Origin ends in onCompleted like a success (the engine decides from
 *   headers). Repeated response header lines arrive joined into one.
 * - A request whose end is never reported (an event lost while the background was being restarted, or a
 *   browser that changes its ways) is settled SETTLE_MS after its preflight ended, so nothing stays in
 *   flight forever.
 */
import type { Browser, Exchange, Hop, PreflightRecord } from '../model';
import { headerValue } from '../cors/headers';
import { originOf } from '../cors/origin';
import { requestShape } from '../cors/evaluate';
import type { NetEvent } from './events';

/** How long after its preflight ended a request that shows no progress is taken as never sent. */
export const SETTLE_MS = 2_000;
/** A preflight and its request start this close together (the request first in Chromium). */
export const PAIR_WINDOW_MS = 10_000;
/** Requests in flight kept per tab; beyond it the oldest are settled as they are (a leak guard). */
export const MAX_IN_FLIGHT = 2_000;

/** An actual request in flight: its hops so far. */
export interface Tracked {
  id: string;
  t: number;
  type: string;
  initiator?: string;
  hops: Hop[];
  /** Whether the current (last) hop's request headers were seen, i.e. it was really sent. */
  sent: boolean;
  /**
   * Whether the current hop was started (onBeforeRequest). A redirect the page does not follow (fetch's
   * redirect "manual" or "error", mode "same-origin" across origins) still reports onBeforeRedirect, but its
   * target is never requested: that hop is dropped when the request ends.
   */
  started?: boolean;
  /**
   * The paired preflight of each hop, by preflight id. Referenced, not embedded: the state is stored as
   * JSON, and a shared object would come back from storage as two copies, one of them never updated.
   */
  preflightIds?: Record<number, string>;
}

export interface PendingPreflight {
  id: string;
  t: number;
  url: string;
  /** Access-Control-Request-Method, as sent. */
  method: string;
  record: PreflightRecord;
  /** The actual request it belongs to, once paired. */
  pairedWith?: string;
  endedAt?: number;
}

export interface TabCaptureState {
  /** Requests whose headers are not seen yet or that are in flight, by webRequest id. */
  requests: Record<string, Tracked>;
  /** Preflights not yet folded into a finished exchange, by webRequest id. */
  preflights: Record<string, PendingPreflight>;
}

export interface ApplyResult {
  finished: Exchange[];
  /** The tab loaded a new top-level document. */
  navigated: boolean;
}

export function emptyTabState(): TabCaptureState {
  return { requests: {}, preflights: {} };
}

/** Navigations are not CORS requests: they are not tracked, a top-level one only clears the log. */
const NAVIGATION_TYPES = new Set(['main_frame', 'sub_frame', 'outermost_frame', 'object']);

function current(r: Tracked): Hop {
  return r.hops[r.hops.length - 1] as Hop;
}

function pageOrigin(initiator: string | undefined): string | undefined {
  if (initiator === undefined) return undefined;
  if (initiator === 'null') return 'null';
  return originOf(initiator) ?? undefined;
}

function isPreflightRequest(method: string, headers: readonly { name: string; value: string }[]): boolean {
  return method === 'OPTIONS' && headerValue(headers, 'access-control-request-method') !== null;
}

function hasPreflight(r: Tracked): boolean {
  return r.preflightIds?.[r.hops.length - 1] !== undefined;
}

/**
 * Whether a request's current hop can be the one a preflight was sent for: same URL and method, no
 * preflight yet, and no response yet. Not "not sent yet": Firefox reports the request's headers
 * (onSendHeaders) before it starts the preflight, Chromium after the preflight.
 */
function fits(r: Tracked, p: PendingPreflight): boolean {
  const hop = current(r);
  return !hop.response && !hasPreflight(r) && hop.request.url === p.url && hop.request.method === p.method && Math.abs(r.t - p.t) <= PAIR_WINDOW_MS;
}

function attach(r: Tracked, p: PendingPreflight): void {
  (r.preflightIds ??= {})[r.hops.length - 1] = p.id;
  p.pairedWith = r.id;
}

/**
 * The earliest-started request that fits: a browser sends the preflights of identical requests in the
 * order of the requests, so they pair first with first (the nearest in time would pair a preflight with
 * the next identical request, which started after its own).
 */
function pairPreflight(state: TabCaptureState, p: PendingPreflight): void {
  let best: Tracked | undefined;
  for (const r of Object.values(state.requests)) {
    if (!fits(r, p)) continue;
    if (!best || r.t < best.t) best = r;
  }
  if (best) attach(best, p);
}

/** A request (or a new hop after a redirect) may find its preflight already waiting (either order). */
function pairRequest(state: TabCaptureState, r: Tracked): void {
  let best: PendingPreflight | undefined;
  for (const p of Object.values(state.preflights)) {
    if (p.pairedWith !== undefined || !fits(r, p)) continue;
    if (!best || p.t < best.t) best = p;
  }
  if (best) attach(r, best);
}

export interface ApplyOptions {
  browser: Browser;
}

/** Applies one event to a tab's state (in place) and returns the exchanges it finished. */
export function applyEvent(state: TabCaptureState, e: NetEvent, o: ApplyOptions): ApplyResult {
  const finished: Exchange[] = [];
  let navigated = false;
  const r = state.requests[e.id];
  const p = state.preflights[e.id];
  switch (e.kind) {
    case 'request': {
      if (NAVIGATION_TYPES.has(e.type)) {
        navigated = e.type === 'main_frame' || e.type === 'outermost_frame';
        break;
      }
      // After a redirect the browser starts the next hop under the same id, with onBeforeRequest again
      // (Chromium): the hop was already added by the redirect event.
      if (r && !r.sent && current(r).request.url === e.url) {
        r.started = true;
        break;
      }
      const initiator = pageOrigin(e.initiator);
      const tracked: Tracked = { id: e.id, t: e.t, type: e.type, hops: [{ request: { method: e.method, url: e.url, headers: [], headersComplete: false } }], sent: false, ...(initiator ? { initiator } : {}) };
      state.requests[e.id] = tracked;
      if (e.method !== 'OPTIONS') pairRequest(state, tracked);
      evictOverflow(state, finished, o);
      break;
    }
    case 'send-headers': {
      if (!r) break;
      const hop = current(r);
      if (r.hops.length === 1 && isPreflightRequest(hop.request.method, e.headers)) {
        // It was a preflight all along: move it over and find its request.
        delete state.requests[e.id];
        const method = headerValue(e.headers, 'access-control-request-method') as string;
        const pending: PendingPreflight = { id: e.id, t: r.t, url: hop.request.url, method, record: { request: { method: 'OPTIONS', url: hop.request.url, headers: e.headers, headersComplete: true } } };
        state.preflights[e.id] = pending;
        pairPreflight(state, pending);
        break;
      }
      hop.request.headers = e.headers;
      hop.request.headersComplete = true;
      r.sent = true;
      break;
    }
    case 'response': {
      const res = { status: e.status, headers: e.headers, ...(e.statusText ? { statusText: e.statusText } : {}), ...(e.ip ? { remoteAddress: e.ip } : {}), ...(e.fromCache ? { fromCache: true } : {}) };
      if (p) p.record.response = res;
      else if (r) current(r).response = res;
      break;
    }
    case 'redirect': {
      if (!r) break;
      const hop = current(r);
      if (e.ip && hop.response && !hop.response.remoteAddress) hop.response.remoteAddress = e.ip;
      // https://fetch.spec.whatwg.org/#http-redirect-fetch step 12: 301/302 turn POST into GET, 303 all but HEAD.
      const status = hop.response?.status ?? 0;
      const method = hop.request.method;
      const next = (status === 303 && method !== 'HEAD') || ((status === 301 || status === 302) && method === 'POST') ? 'GET' : method;
      r.hops.push({ request: { method: next, url: e.to, headers: [], headersComplete: false } });
      r.sent = false;
      r.started = false;
      pairRequest(state, r);
      break;
    }
    case 'completed':
    case 'error': {
      if (p) {
        if (e.kind === 'error') p.record.error = e.error;
        if (e.kind === 'completed' && !p.record.response) p.record.response = { status: e.status, headers: [] };
        p.endedAt = e.t;
        break;
      }
      if (!r) break;
      const hop = current(r);
      if (e.kind === 'completed' && !hop.response) hop.response = { status: e.status, headers: [] };
      if (e.kind === 'completed' && e.ip && hop.response && !hop.response.remoteAddress) hop.response.remoteAddress = e.ip;
      finished.push(finish(state, r, e.kind === 'error' ? { kind: 'failed', error: e.error } : { kind: 'completed' }, o));
      break;
    }
  }
  return { finished, navigated };
}

/**
 * When the current hop's preflight ended while the request itself was not sent yet: the request is then
 * waiting on nothing but its own end event. Undefined otherwise.
 */
function waitingSince(state: TabCaptureState, r: Tracked): number | undefined {
  if (r.sent) return undefined;
  const id = r.preflightIds?.[r.hops.length - 1];
  return id === undefined ? undefined : state.preflights[id]?.endedAt;
}

/**
 * Settles what no end was reported for: requests whose preflight ended SETTLE_MS ago without the request
 * being sent, and preflights whose request never showed up (their exchange is built from the preflight
 * alone). Both browsers do report these ends (measured); this keeps a lost event from leaving a request
 * in flight forever.
 */
export function settle(state: TabCaptureState, now: number, o: ApplyOptions): Exchange[] {
  const finished: Exchange[] = [];
  for (const r of Object.values(state.requests)) {
    const since = waitingSince(state, r);
    if (since !== undefined && now - since >= SETTLE_MS) finished.push(finish(state, r, { kind: 'unknown' }, o));
  }
  for (const p of Object.values(state.preflights)) {
    if (p.pairedWith !== undefined || p.endedAt === undefined || now - p.endedAt < SETTLE_MS) continue;
    delete state.preflights[p.id];
    const origin = headerValue(p.record.request.headers, 'origin') ?? undefined;
    const lone: Tracked = { id: p.id, t: p.t, type: 'preflight', hops: [{ request: { method: p.method, url: p.url, headers: [], headersComplete: false }, preflight: p.record }], sent: false, ...(origin ? { initiator: origin } : {}) };
    finished.push(toExchange(lone, { kind: 'unknown' }, o));
  }
  return finished;
}

/** When the next `settle` can finish something, or null when nothing waits. */
export function nextSettleAt(state: TabCaptureState): number | null {
  let at: number | null = null;
  const consider = (t: number | undefined) => {
    if (t !== undefined && (at === null || t + SETTLE_MS < at)) at = t + SETTLE_MS;
  };
  for (const r of Object.values(state.requests)) consider(waitingSince(state, r));
  for (const p of Object.values(state.preflights)) if (p.pairedWith === undefined) consider(p.endedAt);
  return at;
}

function finish(state: TabCaptureState, r: Tracked, outcome: Exchange['outcome'], o: ApplyOptions): Exchange {
  delete state.requests[r.id];
  for (const [hop, id] of Object.entries(r.preflightIds ?? {})) {
    const p = state.preflights[id];
    const h = r.hops[Number(hop)];
    if (p && h) h.preflight = p.record;
    delete state.preflights[id];
  }
  const last = current(r);
  if (r.hops.length > 1 && r.started === false && !r.sent && !last.preflight && !last.response) r.hops.pop();
  return toExchange(r, outcome, o);
}

function toExchange(r: Tracked, outcome: Exchange['outcome'], o: ApplyOptions): Exchange {
  const ex: Exchange = { id: r.id, browser: o.browser, hops: r.hops, outcome, resourceType: r.type, startedAt: r.t };
  if (r.initiator !== undefined) ex.initiator = r.initiator;
  if (servedPreflightFromCache(r)) ex.preflightCached = true;
  return ex;
}

/**
 * This capture sees every preflight (Chromium with extraHeaders, Firefox always), so a cross-origin CORS
 * request that was sent without the preflight its method or headers need had it answered from the
 * browser's preflight cache: an observation here, not a hypothesis.
 */
function servedPreflightFromCache(r: Tracked): boolean {
  for (const hop of r.hops) {
    const req = hop.request;
    if (hop.preflight || !req.headersComplete) continue;
    const origin = headerValue(req.headers, 'origin');
    if (origin === null || (origin !== 'null' && originOf(req.url) === origin)) continue;
    if (requestShape(hop).reasons.length > 0) return true;
  }
  return false;
}

function evictOverflow(state: TabCaptureState, finished: Exchange[], o: ApplyOptions): void {
  const ids = Object.keys(state.requests);
  if (ids.length <= MAX_IN_FLIGHT) return;
  const oldest = ids.map((id) => state.requests[id] as Tracked).sort((a, b) => a.t - b.t).slice(0, ids.length - MAX_IN_FLIGHT);
  for (const r of oldest) finished.push(finish(state, r, { kind: 'unknown' }, o));
}
