import type { HarEntryFacts } from './entry-facts';

/**
 * A total order on entries that does not depend on their position in the file: start time, then the
 * entry's content. Two exports of the same traffic list entries in different orders (Chrome sorts by a
 * start time that moves between exports), and pairing must come out the same for both; the content key
 * is only computed for exact ties.
 */
export class EntryOrder {
  private readonly keys = new Map<number, string>();

  private key(e: HarEntryFacts): string {
    let k = this.keys.get(e.index);
    if (k === undefined) {
      k = JSON.stringify([
        e.method,
        e.url,
        e.duration,
        e.status,
        e.error ?? '',
        e.requestHeaders.map((h) => [h.name, h.value]),
        e.responseHeaders.map((h) => [h.name, h.value]),
      ]);
      this.keys.set(e.index, k);
    }
    return k;
  }

  /** Orders by content only (for ties on every other criterion). */
  compareContent(a: HarEntryFacts, b: HarEntryFacts): number {
    if (a === b) return 0;
    const ka = this.key(a);
    const kb = this.key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  }

  compare(a: HarEntryFacts, b: HarEntryFacts): number {
    return a.startedAt - b.startedAt || this.compareContent(a, b);
  }
}

/** Index of the first element of `sorted` (ascending by startedAt) whose start is >= t. */
export function lowerBound(sorted: readonly HarEntryFacts[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as HarEntryFacts).startedAt < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Non-preflight entries grouped by URL, each list sorted by EntryOrder. */
export function indexByUrl(entries: readonly HarEntryFacts[], order: EntryOrder): Map<string, HarEntryFacts[]> {
  const byUrl = new Map<string, HarEntryFacts[]>();
  for (const e of entries) {
    if (e.isPreflight) continue;
    const list = byUrl.get(e.url);
    if (list) list.push(e);
    else byUrl.set(e.url, [e]);
  }
  for (const list of byUrl.values()) list.sort((a, b) => order.compare(a, b));
  return byUrl;
}
