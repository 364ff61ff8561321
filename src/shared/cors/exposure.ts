/**
 * What a passing response lets script do: which response headers it can read
 * (https://fetch.spec.whatwg.org/#cors-filtered-response), and how long each browser reuses a preflight
 * (https://fetch.spec.whatwg.org/#http-access-control-max-age).
 */
import type { ResponseRecord } from '../model';
import { headerLines, headerValue, lowerCased, parseTokenList } from './headers';

/** https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name */
export const SAFELISTED_RESPONSE = new Set(['cache-control', 'content-language', 'content-length', 'content-type', 'expires', 'last-modified', 'pragma']);
/** https://fetch.spec.whatwg.org/#forbidden-response-header-name: never readable, not even with `*`. */
const FORBIDDEN_RESPONSE = new Set(['set-cookie', 'set-cookie2']);

export interface Exposure {
  /** Response header names (lower case, sorted) that script can read. */
  readable: string[];
  /** Those it cannot. */
  hidden: string[];
}

/**
 * Access-Control-Expose-Headers is a token list; a malformed value exposes nothing (Chromium 156 ignores
 * `X-A X-B`, measured in the lab). `*` exposes every name but Set-Cookie, and only without credentials.
 */
export function exposure(res: ResponseRecord, withCredentials: boolean): Exposure {
  // On every allowed request's path: response header lists are short, so arrays beat sets here.
  const value = headerValue(res.headers, 'access-control-expose-headers');
  const list = value === null ? null : parseTokenList(value);
  const exposed = list?.ok ? list.items.map(lowerCased) : [];
  const all = !withCredentials && exposed.includes('*');
  // Sorted as they are collected: an insertion into a list of 3 to 20 names beats Array#sort.
  const names: string[] = [];
  for (let k = 0; k < res.headers.length; k++) {
    const name: unknown = res.headers[k]?.name;
    if (typeof name !== 'string') continue;
    const n = lowerCased(name);
    let at = names.length;
    while (at > 0 && (names[at - 1] as string) > n) at--;
    if (at > 0 && names[at - 1] === n) continue;
    names.push(n);
    for (let j = names.length - 1; j > at; j--) names[j] = names[j - 1] as string;
    names[at] = n;
  }
  const readable: string[] = [];
  const hidden: string[] = [];
  for (const n of names) {
    const ok = !FORBIDDEN_RESPONSE.has(n) && (all || SAFELISTED_RESPONSE.has(n) || exposed.includes(n));
    (ok ? readable : hidden).push(n);
  }
  return { readable, hidden };
}

/** Chromium caps a preflight cache entry at 2 hours; Firefox at 24 hours. */
export const MAX_AGE_CAP = { chromium: 7200, firefox: 86400 };
/** Without Access-Control-Max-Age, both browsers cache a preflight for 5 seconds. */
export const MAX_AGE_DEFAULT = 5;

/**
 * Seconds each browser reuses this preflight response, 0 for not cached.
 * Chromium (preflight_result.cc, and measured: `abc` → 5 s, `-1` and `0` → not cached): a value that is
 * not an integer counts as absent; negatives clamp to 0. Firefox (nsCORSPreflightListener::AddResultToCache):
 * only digits count, anything else is not cached at all.
 */
export function preflightCacheSeconds(res: ResponseRecord): { chromium: number; firefox: number } {
  const lines = headerLines(res.headers, 'access-control-max-age');
  if (lines.length === 0) return { chromium: MAX_AGE_DEFAULT, firefox: MAX_AGE_DEFAULT };
  const raw = lines.join(', ');
  const chromium = /^-?\d+$/.test(raw) ? Math.min(Math.max(Number(raw), 0), MAX_AGE_CAP.chromium) : MAX_AGE_DEFAULT;
  const firefox = raw === '' ? MAX_AGE_DEFAULT : /^\d+$/.test(raw) ? Math.min(Number(raw), MAX_AGE_CAP.firefox) : 0;
  return { chromium, firefox };
}
