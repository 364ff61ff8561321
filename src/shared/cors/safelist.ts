import type { HeaderLine } from '../model';
import { appendValue } from './headers';
import type { PreflightReason } from './types';

/** https://fetch.spec.whatwg.org/#cors-safelisted-method. Chromium compares upper-cased (cors.cc). */
export function isSafelistedMethod(method: string): boolean {
  if (method === 'GET' || method === 'POST' || method === 'HEAD') return true;
  const m = method.toUpperCase();
  return m === 'GET' || m === 'HEAD' || m === 'POST';
}

/** https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte, as a table over the ASCII range. */
const UNSAFE_BYTE = new Uint8Array(128);
for (let c = 0; c < 0x20; c++) if (c !== 0x09) UNSAFE_BYTE[c] = 1;
UNSAFE_BYTE[0x7f] = 1;
for (const ch of '"():<>?@[\\]{}') UNSAFE_BYTE[ch.charCodeAt(0)] = 1;

function hasUnsafeByte(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 128 && UNSAFE_BYTE[c] === 1) return true;
  }
  return false;
}

const SAFELISTED_CONTENT_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

/** The essence of a Content-Type as Chromium extracts it (type/subtype before the first ';'), or null. */
export function mimeEssence(value: string): string | null {
  const essence = (value.split(';')[0] ?? '').trim().toLowerCase();
  const m = /^([!#$%&'*+\-.^_`|~0-9a-z]+)\/([!#$%&'*+\-.^_`|~0-9a-z]+)$/.exec(essence);
  return m ? `${m[1]}/${m[2]}` : null;
}

/**
 * Content-Type values repeat (application/json, text/plain;charset=UTF-8), so each is judged once.
 * Bounded: emptied when full, so a flood of distinct values cannot grow it.
 */
const contentTypes = new Map<string, boolean>();
export function isSafelistedContentType(value: string): boolean {
  let safe = contentTypes.get(value);
  if (safe === undefined) {
    const essence = hasUnsafeByte(value) ? null : mimeEssence(value);
    safe = essence !== null && SAFELISTED_CONTENT_TYPES.has(essence);
    if (contentTypes.size >= 256) contentTypes.clear();
    contentTypes.set(value, safe);
  }
  return safe;
}

/**
 * https://fetch.spec.whatwg.org/#cors-safelisted-request-header (the value rules). Names outside the
 * safelist are handled by the caller. Chromium (cors.cc IsCorsSafelistedHeader) adds client hints that
 * pages cannot set in practice; they are safelisted here too so they never show up as a preflight reason.
 */
function safelistedValue(lower: string, value: string): boolean {
  switch (lower) {
    case 'accept':
      return !hasUnsafeByte(value);
    case 'accept-language':
    case 'content-language':
      return /^[0-9A-Za-z *,\-.;=]*$/.test(value);
    case 'content-type':
      return isSafelistedContentType(value);
    case 'save-data':
      return value.toLowerCase() === 'on';
    case 'device-memory':
    case 'dpr':
      return /^\d+(\.\d+)?$/.test(value);
    case 'width':
    case 'viewport-width':
      return /^\d+$/.test(value);
    case 'range':
      // https://fetch.spec.whatwg.org/#simple-range-header-value: one range with a start; no suffix range.
      return /^bytes=\d+-\d*$/.test(value);
    default:
      return true;
  }
}

const SAFELISTED_NAMES = new Set([
  'accept',
  'accept-language',
  'content-language',
  'content-type',
  'save-data',
  'device-memory',
  'dpr',
  'width',
  'viewport-width',
  'intervention',
  'range',
]);

/**
 * Forbidden request headers (https://fetch.spec.whatwg.org/#forbidden-request-header) and the ones the
 * browser's network stack adds by itself. Both appear in what webRequest and HAR files show, and neither
 * ever triggers a preflight. `cache-control`/`pragma` are added by DevTools' "Disable cache": see
 * isBrowserAdded.
 */
const BROWSER_HEADERS = new Set([
  'accept-charset',
  'accept-encoding',
  'access-control-request-headers',
  'access-control-request-method',
  'access-control-request-private-network',
  'connection',
  'content-length',
  'cookie',
  'cookie2',
  'date',
  'dnt',
  'expect',
  'host',
  'keep-alive',
  'origin',
  'referer',
  'set-cookie',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'via',
  'user-agent',
  'priority',
  'upgrade-insecure-requests',
  'x-client-data',
  'purpose',
  'if-modified-since',
  'if-none-match',
]);

/** For names that are browser-added only with some values (see `NameKind.browser`). */
function isBrowserAdded(lower: string, value: string, all: readonly HeaderLine[]): boolean {
  // DevTools "Disable cache" adds both lines to every request without a preflight. A page that sets
  // exactly this pair itself is rare; if it does, the preflight it causes is still shown as observed.
  if ((lower === 'cache-control' || lower === 'pragma') && value.trim().toLowerCase() === 'no-cache') {
    const other = lower === 'pragma' ? 'cache-control' : 'pragma';
    return all.some((h) => h.name.toLowerCase() === other && h.value.trim().toLowerCase() === 'no-cache');
  }
  return false;
}

interface NameKind {
  lower: string;
  /** Added by the browser: always, never, or depending on the value (cache-control, pragma). */
  browser: 'always' | 'never' | 'maybe';
  safelisted: boolean;
}

/**
 * Header names come from a small vocabulary (User-Agent, Accept, Sec-Fetch-Mode...), so each distinct
 * spelling is classified once. Bounded: emptied when full, so a flood of random names cannot grow it.
 */
const kinds = new Map<string, NameKind>();
function nameKind(name: string): NameKind {
  let k = kinds.get(name);
  if (!k) {
    const lower = name.toLowerCase();
    const browser = BROWSER_HEADERS.has(lower) || lower.startsWith('sec-') || lower.startsWith('proxy-') ? 'always' : lower === 'cache-control' || lower === 'pragma' ? 'maybe' : 'never';
    k = { lower, browser, safelisted: SAFELISTED_NAMES.has(lower) };
    if (kinds.size >= 1024) kinds.clear();
    kinds.set(name, k);
  }
  return k;
}

export interface UnsafeHeaders {
  /** Lower-cased names that a preflight must allow, in the order the request carried them. */
  names: string[];
  reasons: PreflightReason[];
  /**
   * Browser-set lines other rules read, taken on the same pass (a request's list is the longest, 10 to 25
   * lines): Origin and Sec-Fetch-Mode as `headerValue` gives them, and whether a Cookie line was sent.
   */
  origin: string | null;
  secFetchMode: string | null;
  cookie: boolean;
}

/**
 * The CORS-unsafe request-header names of a request as seen on the wire
 * (https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names, Chromium's
 * CorsUnsafeNotForbiddenRequestHeaderNames), with the reason each one needs a preflight.
 */
export function unsafeRequestHeaders(headers: readonly HeaderLine[]): UnsafeHeaders {
  const names: string[] = [];
  const reasons: PreflightReason[] = [];
  // On every diagnosis's path, over 10 to 25 lines: an indexed loop, and nothing allocated per line.
  let safelisted: string[] | null = null;
  let total = 0;
  let origin: string | null = null;
  let secFetchMode: string | null = null;
  let cookie = false;
  for (let k = 0; k < headers.length; k++) {
    const h = headers[k] as HeaderLine;
    const kind = nameKind(h.name);
    const lower = kind.lower;
    const value = h.value;
    if (kind.browser === 'always') {
      if (lower === 'origin') origin = appendValue(origin, h);
      else if (lower === 'sec-fetch-mode') secFetchMode = appendValue(secFetchMode, h);
      else if (lower === 'cookie') cookie = true;
      continue;
    }
    if (kind.browser === 'maybe' && isBrowserAdded(lower, value, headers)) continue;
    let unsafe: PreflightReason | null = null;
    if (!kind.safelisted) unsafe = { kind: 'header', name: lower };
    else if (value.length > 128) unsafe = { kind: 'header-value-too-long', name: lower, length: value.length };
    else if (!safelistedValue(lower, value))
      unsafe = lower === 'content-type' ? { kind: 'content-type', value } : { kind: 'header', name: lower };
    if (unsafe) {
      // Names repeat rarely (a header set twice): the list is short, includes beats a Set.
      if (!names.includes(lower)) {
        names.push(lower);
        reasons.push(unsafe);
      }
    } else {
      (safelisted ??= []).push(lower);
      total += value.length;
    }
  }
  // A request whose safelisted header values total more than 1024 bytes is preflighted for all of them.
  if (total > 1024 && safelisted) {
    reasons.push({ kind: 'safelisted-total-too-long', total });
    for (const name of safelisted) if (!names.includes(name)) names.push(name);
  }
  return { names, reasons, origin, secFetchMode, cookie };
}

