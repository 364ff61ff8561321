import type { HarEntryFacts } from './entry-facts';
import { EntryOrder, indexByUrl, lowerBound } from './entry-order';
import { headerValue, withoutFragment } from './headers';

/** The redirect statuses fetch follows (https://fetch.spec.whatwg.org/#redirect-status). */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** How long after a redirect's answer the next hop may start (ms). */
export const REDIRECT_WINDOW_MS = 5000;

const MAX_CANDIDATES = 64;

/** Where a redirect points, absolute and without fragment; undefined when the entry is not a redirect. */
export function redirectTarget(e: HarEntryFacts): string | undefined {
  if (e.status === null || !REDIRECT_STATUSES.has(e.status)) return undefined;
  const location = e.redirectURL ?? headerValue(e.responseHeaders, 'location');
  if (location === undefined || location.trim() === '') return undefined;
  try {
    return withoutFragment(new URL(location.trim(), e.url).href);
  } catch {
    return undefined;
  }
}

/** The method of the next hop (https://fetch.spec.whatwg.org/#http-redirect-fetch step 12). */
function nextMethod(e: HarEntryFacts): string {
  const m = e.method.toUpperCase();
  if (e.status === 303 && m !== 'GET' && m !== 'HEAD') return 'GET';
  if ((e.status === 301 || e.status === 302) && m === 'POST') return 'GET';
  return m;
}

export interface RedirectChains {
  /** Each chain lists entry indexes, first hop first; every non-preflight entry is in exactly one chain. */
  chains: number[][];
  /** Last hops that are redirects whose next hop is not in the HAR: entry index → target URL. */
  danglingTargets: Map<number, string>;
}

/**
 * Chains redirect hops: a 3xx entry whose Location names a URL, and an entry for that URL with the
 * method fetch would use, starting soon after, form one chain. Nearest in time wins; each entry is a
 * next hop at most once. Chains come out in EntryOrder of their first hop.
 */
export function chainRedirects(entries: readonly HarEntryFacts[], order = new EntryOrder()): RedirectChains {
  const next = new Map<number, number>();
  const hasPrev = new Set<number>();

  // corsight's own export: same exchangeId, hop n → hop n+1.
  const exported = new Map<string, HarEntryFacts>();
  for (const e of entries) {
    const m = e.corsight;
    if (!e.isPreflight && m?.exchangeId !== undefined && m.hop !== undefined) exported.set(`${m.exchangeId}#${m.hop}`, e);
  }
  for (const e of entries) {
    const m = e.corsight;
    if (e.isPreflight || m?.exchangeId === undefined || m.hop === undefined) continue;
    const n = exported.get(`${m.exchangeId}#${m.hop + 1}`);
    if (n && !hasPrev.has(n.index)) {
      next.set(e.index, n.index);
      hasPrev.add(n.index);
    }
  }

  const byUrl = indexByUrl(entries, order);
  const candidates: Array<{ from: HarEntryFacts; to: HarEntryFacts; distance: number }> = [];
  const targets = new Map<number, string>();
  for (const e of entries) {
    if (e.isPreflight || next.has(e.index)) continue;
    const target = redirectTarget(e);
    if (target === undefined) continue;
    targets.set(e.index, target);
    const list = byUrl.get(target);
    if (!list) continue;
    const end = e.startedAt + e.duration;
    const method = nextMethod(e);
    const from = lowerBound(list, e.startedAt);
    const to = Math.min(lowerBound(list, end + REDIRECT_WINDOW_MS + 1), from + MAX_CANDIDATES);
    for (let i = from; i < to; i++) {
      const n = list[i] as HarEntryFacts;
      if (n === e || hasPrev.has(n.index) || n.method.toUpperCase() !== method) continue;
      // Measured start to start: a hop's `time` may overlap the next hop's start (Playwright's HAR does,
      // at millisecond precision), so its end would make a loop's hop i look closest to hop i+2.
      candidates.push({ from: e, to: n, distance: n.startedAt - e.startedAt });
    }
  }
  candidates.sort(
    (a, b) => a.distance - b.distance || order.compare(a.from, b.from) || order.compare(a.to, b.to),
  );
  for (const c of candidates) {
    if (next.has(c.from.index) || hasPrev.has(c.to.index)) continue;
    // Refuse a link that would close a loop (possible only with equal timestamps).
    let cursor: number | undefined = c.to.index;
    let loops = false;
    while (cursor !== undefined) {
      if (cursor === c.from.index) {
        loops = true;
        break;
      }
      cursor = next.get(cursor);
    }
    if (loops) continue;
    next.set(c.from.index, c.to.index);
    hasPrev.add(c.to.index);
  }

  const heads = entries.filter((e) => !e.isPreflight && !hasPrev.has(e.index)).sort((a, b) => order.compare(a, b));
  const chains: number[][] = [];
  const danglingTargets = new Map<number, string>();
  for (const head of heads) {
    const chain = [head.index];
    let cursor = next.get(head.index);
    while (cursor !== undefined) {
      chain.push(cursor);
      cursor = next.get(cursor);
    }
    const last = chain[chain.length - 1] as number;
    const target = targets.get(last);
    if (target !== undefined) danglingTargets.set(last, target);
    chains.push(chain);
  }
  return { chains, danglingTargets };
}
