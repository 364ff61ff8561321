import type { HarEntryFacts, HarPageFacts } from './entry-facts';
import { headerValue, originOf } from './headers';

export type InitiatorSource = 'corsight' | 'origin-header' | 'referer' | 'page';

/**
 * The origin of the document that made a request, from the best evidence a HAR has: corsight's own
 * record, the Origin request header (which is the initiator, "null" included), the Referer's origin
 * (absent under no-referrer policies, so only a fallback), then the page the entry belongs to when its
 * title is a URL (Chrome titles pages with their URL; Firefox and Playwright with the document title).
 */
export function detectInitiator(
  first: HarEntryFacts,
  pages: ReadonlyMap<string, HarPageFacts>,
): { origin: string; source: InitiatorSource } | undefined {
  if (first.corsight?.initiator !== undefined) return { origin: first.corsight.initiator, source: 'corsight' };
  const origin = headerValue(first.requestHeaders, 'origin')?.trim();
  if (origin !== undefined && origin !== '') {
    if (origin === 'null') return { origin, source: 'origin-header' };
    const parsed = originOf(origin);
    if (parsed !== undefined) return { origin: parsed, source: 'origin-header' };
  }
  const referer = headerValue(first.requestHeaders, 'referer');
  if (referer !== undefined) {
    const parsed = originOf(referer.trim());
    if (parsed !== undefined) return { origin: parsed, source: 'referer' };
  }
  if (first.pageref !== undefined) {
    const title = pages.get(first.pageref)?.title;
    if (title !== undefined) {
      const parsed = originOf(title.trim());
      if (parsed !== undefined) return { origin: parsed, source: 'page' };
    }
  }
  return undefined;
}
