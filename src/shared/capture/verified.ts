/**
 * Browser-verified mode (Chromium, opt-in): the browser's own verdict, read from the DevTools protocol
 * (`Network.loadingFailed.corsErrorStatus`), beside the engine's. Pure: the background feeds CDP events
 * in and gets finished verdicts out; a disagreement is something to report as a bug of ours.
 *
 * CDP's request ids are not webRequest's, so a verdict is matched to a stored exchange by URL, method
 * and start time (the same request seen by two observers).
 */
import type { VerdictSummary } from './log';

export interface BrowserVerdict {
  /** Chromium's Network.CorsError, null when it did not block the request for CORS. */
  corsError: string | null;
  /** As Chromium sends it, `''` normalised to null. */
  failedParameter: string | null;
  /** net error text when the request failed (net::ERR_FAILED for a CORS block). */
  netError: string | null;
}

export interface CdpRequestRecord {
  url: string;
  method: string;
  /** Milliseconds since the epoch (CDP's wallTime is in seconds). */
  t: number;
  verdict: BrowserVerdict;
}

/** What the tracker keeps of a request between its start and its end. */
interface Started {
  url: string;
  method: string;
  t: number;
}

export interface CdpTracker {
  started: Map<string, Started>;
}

export function createCdpTracker(): CdpTracker {
  return { started: new Map() };
}

const MAX_TRACKED = 2_000;

/**
 * Feeds one CDP Network event; returns the record of a request that just ended. Preflights
 * (initiator type "preflight") are skipped: their outcome is reported on the request they precede.
 */
export function trackCdpEvent(tracker: CdpTracker, method: string, params: unknown): CdpRequestRecord | null {
  const p = params as Record<string, unknown>;
  const id = typeof p?.requestId === 'string' ? p.requestId : null;
  if (id === null) return null;
  if (method === 'Network.requestWillBeSent') {
    const request = p.request as { url?: unknown; method?: unknown } | undefined;
    const initiator = p.initiator as { type?: unknown } | undefined;
    if (initiator?.type === 'preflight' || tracker.started.has(id)) return null; // later hops keep their first start
    if (typeof request?.url !== 'string' || typeof request.method !== 'string' || typeof p.wallTime !== 'number') return null;
    if (tracker.started.size >= MAX_TRACKED) tracker.started.delete(tracker.started.keys().next().value as string);
    tracker.started.set(id, { url: request.url, method: request.method, t: p.wallTime * 1000 });
    return null;
  }
  if (method !== 'Network.loadingFailed' && method !== 'Network.loadingFinished') return null;
  const s = tracker.started.get(id);
  if (!s) return null;
  tracker.started.delete(id);
  const cors = method === 'Network.loadingFailed' ? (p.corsErrorStatus as { corsError?: unknown; failedParameter?: unknown } | undefined) : undefined;
  const failedParameter = typeof cors?.failedParameter === 'string' && cors.failedParameter !== '' ? cors.failedParameter : null;
  return {
    ...s,
    verdict: {
      corsError: typeof cors?.corsError === 'string' ? cors.corsError : null,
      failedParameter: cors ? failedParameter : null,
      netError: method === 'Network.loadingFailed' && typeof p.errorText === 'string' && p.errorText !== '' ? p.errorText : null,
    },
  };
}

/** Two observers of one request see it start within this much of each other. */
export const MATCH_WINDOW_MS = 3_000;

export interface Matchable {
  url: string;
  method: string;
  t: number;
}

/** The candidate closest in start time with the same URL and method, within MATCH_WINDOW_MS. */
export function closestMatch<T extends Matchable>(target: Matchable, candidates: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const c of candidates) {
    if (c.url !== target.url || c.method !== target.method) continue;
    const d = Math.abs(c.t - target.t);
    if (d <= MATCH_WINDOW_MS && (!best || d < Math.abs(best.t - target.t))) best = c;
  }
  return best;
}

/**
 * Whether the engine named what Chromium named: the same CORS error (or none) and the same offending
 * value. With several disallowed request headers Chromium names one (in Blink's hash order, which no
 * capture shows); any of those the engine lists counts.
 */
export function agrees(summary: VerdictSummary, v: BrowserVerdict): boolean {
  if ((summary.chromiumError ?? null) !== v.corsError) return false;
  if (v.corsError === null) return true;
  if (summary.failedParameter === v.failedParameter) return true;
  return v.failedParameter !== null && (summary.failedValues ?? []).includes(v.failedParameter);
}
