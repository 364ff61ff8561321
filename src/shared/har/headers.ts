import type { HeaderLine } from '../model';

/** All values of one header, in order (names compared case-insensitively). */
export function headerValues(headers: readonly HeaderLine[], name: string): string[] {
  const lower = name.toLowerCase();
  const out: string[] = [];
  for (const h of headers) if (h.name.toLowerCase() === lower) out.push(h.value);
  return out;
}

/** The first value of a header, or undefined. */
export function headerValue(headers: readonly HeaderLine[], name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const h of headers) if (h.name.toLowerCase() === lower) return h.value;
  return undefined;
}

/** A comma-separated list header (Access-Control-Request-Headers) as lower-case names. */
export function headerNameList(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
}

/** The serialised origin of a URL, or undefined when it is not a URL with an origin. */
export function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    return u.origin;
  } catch {
    return undefined;
  }
}

/** Chrome's HAR keeps fragments out of URLs; Location headers may carry one. Compare without it. */
export function withoutFragment(url: string): string {
  const i = url.indexOf('#');
  return i === -1 ? url : url.slice(0, i);
}
