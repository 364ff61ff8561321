import type { HarEntryFacts } from './entry-facts';
import { EntryOrder, indexByUrl, lowerBound } from './entry-order';
import { headerNameList, headerValue } from './headers';
import { unsafeRequestHeaders } from '../cors/safelist';

/**
 * How far (ms) the actual request may start from its preflight. Chrome stamps the actual request when
 * the page issued it, so it is listed a little BEFORE its own preflight; a proxy sees it only after the
 * preflight's answer, so a little AFTER the preflight ends. Both anchors are measured, with this slack
 * around them.
 */
export const PREFLIGHT_WINDOW_MS = 2000;

/** At most this many same-URL requests on each side are weighed per preflight (keeps pairing O(n log n)). */
const MAX_CANDIDATES_PER_SIDE = 32;



/** Headers a "sanitized" HAR export strips from requests (Chrome ≥ 130 by default). */
const SANITIZED = new Set(['authorization', 'cookie', 'proxy-authorization']);

/**
 * The request's header names a browser would have listed in Access-Control-Request-Headers: the
 * engine's own definition, so that pairing and diagnosis agree on what needs a preflight.
 */
function listedNames(req: HarEntryFacts): Set<string> {
  return new Set(unsafeRequestHeaders(req.requestHeaders).names);
}

/**
 * How badly a request's headers disagree with a preflight's Access-Control-Request-Headers: names the
 * preflight announced that the request lacks, plus names the request has that were not announced.
 * 0 when the request's headers were not recorded (nothing to compare).
 */
function headerMismatch(pf: HarEntryFacts, req: HarEntryFacts): number {
  if (!req.requestHeadersRecorded) return 0;
  const announced = headerNameList(headerValue(pf.requestHeaders, 'access-control-request-headers'));
  const present = new Set(req.requestHeaders.map((h) => h.name.toLowerCase()));
  let score = 0;
  for (const n of announced) if (!present.has(n) && !SANITIZED.has(n)) score++;
  const announcedSet = new Set(announced);
  for (const n of listedNames(req)) if (!announcedSet.has(n)) score++;
  return score;
}

/** Hard constraints: the method announced and the Origin, when both sides recorded them. */
function compatible(pf: HarEntryFacts, req: HarEntryFacts): boolean {
  const acrm = headerValue(pf.requestHeaders, 'access-control-request-method');
  if (acrm !== undefined && acrm.trim().toUpperCase() !== req.method.toUpperCase()) return false;
  const pfOrigin = headerValue(pf.requestHeaders, 'origin');
  const reqOrigin = headerValue(req.requestHeaders, 'origin');
  if (pfOrigin !== undefined && reqOrigin !== undefined && pfOrigin !== reqOrigin) return false;
  return true;
}

/** Distance (ms) from the request's start to the nearer of the preflight's start and end. */
function timeDistance(pf: HarEntryFacts, req: HarEntryFacts): number {
  const end = pf.startedAt + pf.duration;
  return Math.min(Math.abs(req.startedAt - pf.startedAt), Math.abs(req.startedAt - end));
}

interface Candidate {
  pf: HarEntryFacts;
  req: HarEntryFacts;
  mismatch: number;
  distance: number;
}

export interface PreflightPairing {
  /** Request entry index → its preflight's entry index. */
  preflightOf: Map<number, number>;
  /** Preflight entries whose request is not in the HAR, in EntryOrder. */
  unpaired: HarEntryFacts[];
}

/**
 * Pairs each preflight with the request it preceded: same URL, the announced method (and Origin), the
 * closest time, the best header fit; each preflight and each request used once. Candidates are found
 * through a per-URL index and a time window, then assigned greedily best-first, so the result depends
 * only on the entries' content, never on their order in the file.
 */
export function pairPreflights(entries: readonly HarEntryFacts[], order = new EntryOrder()): PreflightPairing {
  const preflightOf = new Map<number, number>();
  const usedPf = new Set<number>();
  const usedReq = new Set<number>();

  // corsight's own export says outright which entry is whose preflight.
  const exportedRequests = new Map<string, HarEntryFacts>();
  for (const e of entries) {
    const m = e.corsight;
    if (!e.isPreflight && m?.exchangeId !== undefined && m.role !== 'preflight') {
      exportedRequests.set(`${m.exchangeId}#${m.hop ?? 0}`, e);
    }
  }
  for (const e of entries) {
    const m = e.corsight;
    if (!e.isPreflight || m?.exchangeId === undefined) continue;
    const req = exportedRequests.get(`${m.exchangeId}#${m.hop ?? 0}`);
    if (req && !usedReq.has(req.index)) {
      preflightOf.set(req.index, e.index);
      usedPf.add(e.index);
      usedReq.add(req.index);
    }
  }

  const byUrl = indexByUrl(entries, order);
  const candidates: Candidate[] = [];
  for (const pf of entries) {
    if (!pf.isPreflight || usedPf.has(pf.index)) continue;
    const list = byUrl.get(pf.url);
    if (!list) continue;
    const from = lowerBound(list, pf.startedAt - PREFLIGHT_WINDOW_MS);
    const to = lowerBound(list, pf.startedAt + pf.duration + PREFLIGHT_WINDOW_MS + 1);
    // Walk outward from the preflight's start so a crowded window keeps the nearest requests.
    const mid = Math.min(Math.max(lowerBound(list, pf.startedAt), from), to);
    const lo = Math.max(from, mid - MAX_CANDIDATES_PER_SIDE);
    const hi = Math.min(to, mid + MAX_CANDIDATES_PER_SIDE);
    for (let i = lo; i < hi; i++) {
      const req = list[i] as HarEntryFacts;
      if (usedReq.has(req.index) || !compatible(pf, req)) continue;
      candidates.push({ pf, req, mismatch: headerMismatch(pf, req), distance: timeDistance(pf, req) });
    }
  }

  candidates.sort(
    (a, b) =>
      a.mismatch - b.mismatch ||
      a.distance - b.distance ||
      order.compare(a.req, b.req) ||
      order.compare(a.pf, b.pf),
  );
  for (const c of candidates) {
    if (usedPf.has(c.pf.index) || usedReq.has(c.req.index)) continue;
    usedPf.add(c.pf.index);
    usedReq.add(c.req.index);
    preflightOf.set(c.req.index, c.pf.index);
  }

  const unpaired = entries.filter((e) => e.isPreflight && !usedPf.has(e.index)).sort((a, b) => order.compare(a, b));
  return { preflightOf, unpaired };
}
