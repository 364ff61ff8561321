import type { HeaderLine } from '../model';

/** HTTP whitespace (https://fetch.spec.whatwg.org/#http-whitespace), as trimmed from field values. */
const HTTP_WS = /^[\t\n\r ]+|[\t\n\r ]+$/g;

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

export function trimHttp(value: string): string {
  // Most values need no trimming: check the ends before paying for a regex.
  if (value.length === 0 || (!isWs(value.charCodeAt(0)) && !isWs(value.charCodeAt(value.length - 1)))) return value;
  return value.replace(HTTP_WS, '');
}

const NONE: readonly string[] = [];

/** A line's value, trimmed; a malformed capture's missing or non-string value reads as text. */
function valueOf(h: HeaderLine): string {
  const raw: unknown = h.value;
  return trimHttp(typeof raw === 'string' ? raw : String(raw ?? ''));
}

/** A repeated line's value added to those before it, joined as the browser joins them (see headerValue). */
export function appendValue(prev: string | null, h: HeaderLine): string {
  const v = valueOf(h);
  return prev === null ? v : `${prev}, ${v}`;
}

/**
 * Byte-lowercases a name (https://infra.spec.whatwg.org/#byte-lowercase: A-Z only, as browsers compare
 * header names; `toLowerCase` would also turn the Kelvin sign into `k`), returning it as is when it
 * already is (the usual case: callers pass constants).
 */
function lowerName(name: string): string {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 65 && c <= 90) return name.replace(/[A-Z]+/g, (m) => m.toLowerCase());
  }
  return name;
}

/**
 * A header name in lower case. Names come from a small vocabulary (Content-Type, Cache-Control...), so
 * each spelling is lower-cased once. Bounded: emptied when full, so a flood of random names cannot grow it.
 */
const lowered = new Map<string, string>();
export function lowerCased(name: string): string {
  let l = lowered.get(name);
  if (l === undefined) {
    l = lowerName(name);
    if (lowered.size >= 1024) lowered.clear();
    lowered.set(name, l);
  }
  return l;
}

/**
 * ASCII case-insensitive equality against an already lower-case name. Takes anything a malformed capture
 * may hold in place of a name (false for a non-string).
 */
function sameName(name: unknown, lower: string): boolean {
  if (typeof name !== 'string' || name.length !== lower.length) return false;
  // Names in lower case already (HTTP/2, HARs) compare at once.
  if (name === lower) return true;
  // Others (HTTP/1.1's Access-Control-Allow-Origin) through the cache of lower-cased spellings.
  return lowerCased(name) === lower;
}

/**
 * Every value of a header, in order, trimmed, one per line the server sent. Header lists are short
 * (5 to 30 lines), so a scan that rejects most names on their length beats building an index.
 */
export function headerLines(headers: readonly HeaderLine[], name: string): readonly string[] {
  if (!Array.isArray(headers)) return NONE;
  const lower = lowerCased(name);
  let out: string[] | null = null;
  for (let k = 0; k < headers.length; k++) {
    const h = headers[k];
    if (sameName(h?.name, lower)) (out ??= []).push(valueOf(h as HeaderLine));
  }
  return out ?? NONE;
}

/**
 * The value a browser sees for a header: duplicate lines joined with ", ", as Chromium's
 * HttpResponseHeaders::GetNormalizedHeader and the Fetch "get" algorithm both do
 * (https://fetch.spec.whatwg.org/#concept-header-list-get). Null when the header is absent.
 */
export function headerValue(headers: readonly HeaderLine[], name: string): string | null {
  // On every check's path: scan once, allocate nothing for the usual zero or one line.
  if (!Array.isArray(headers)) return null;
  const lower = lowerCased(name);
  let value: string | null = null;
  // An indexed loop: for-of's iterator costs about a fifth of this function's time here.
  for (let k = 0; k < headers.length; k++) {
    const h = headers[k];
    if (sameName(h?.name, lower)) value = appendValue(value, h as HeaderLine);
  }
  return value;
}

/**
 * The values of several headers (lower-case names) in one pass over the list, each as `headerValue`
 * gives it. For a request's long header list, read by several rules.
 */
export function headerValues(headers: readonly HeaderLine[], names: readonly string[]): Array<string | null> {
  const out: Array<string | null> = names.map(() => null);
  if (!Array.isArray(headers)) return out;
  for (let k = 0; k < headers.length; k++) {
    const h = headers[k];
    const name: unknown = h?.name;
    if (typeof name !== 'string') continue;
    const at = names.indexOf(lowerCased(name));
    if (at >= 0) out[at] = appendValue(out[at] as string | null, h as HeaderLine);
  }
  return out;
}

/** Lines joined as the browser joins duplicates; null for none. Avoids `join`, slow on the hot path. */
export function joinLines(lines: readonly string[]): string | null {
  if (lines.length === 0) return null;
  let out = lines[0] as string;
  for (let i = 1; i < lines.length; i++) out += `, ${lines[i] as string}`;
  return out;
}

export function hasHeader(headers: readonly HeaderLine[], name: string): boolean {
  return headerLines(headers, name).length > 0;
}

// https://httpwg.org/specs/rfc9110.html#tokens
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
export function isToken(s: string): boolean {
  return TOKEN.test(s);
}

/**
 * Parses Access-Control-Allow-Methods / -Headers the way Chromium's PreflightResult does
 * (net::HttpUtil::ValuesIterator): split on commas, trim, skip empty items (so trailing commas and
 * duplicate lines are fine), and fail on the first item that is not a token.
 */
export function parseTokenList(value: string | null): { ok: true; items: string[] } | { ok: false; bad: string } {
  if (value === null) return { ok: true, items: [] };
  const items: string[] = [];
  for (const raw of value.split(',')) {
    const item = trimHttp(raw);
    if (item === '') continue;
    if (!isToken(item)) return { ok: false, bad: item };
    items.push(item);
  }
  return { ok: true, items };
}

/** A comma list's items, trimmed, empty ones skipped, in the sender's own spelling. */
export function commaItems(value: string | null): string[] {
  if (value === null) return [];
  const out: string[] = [];
  // Walked with indexOf rather than split: most values are one item (`Origin`, `content-type`).
  let start = 0;
  for (;;) {
    const comma = value.indexOf(',', start);
    const item = trimHttp(comma < 0 ? (start === 0 ? value : value.slice(start)) : value.slice(start, comma));
    if (item !== '') out.push(item);
    if (comma < 0) return out;
    start = comma + 1;
  }
}

/** Comma-separated header names as a lower-cased list (Access-Control-Request-Headers, Vary, Expose-Headers). */
export function nameList(value: string | null): string[] {
  return commaItems(value).map((s) => s.toLowerCase());
}
