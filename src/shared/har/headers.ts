import type { HeaderLine } from '../model';
import { nameList } from '../cors/headers';
import { originOf as engineOriginOf } from '../cors/origin';

/** The first value of a header, or undefined. */
export function headerValue(headers: readonly HeaderLine[], name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const h of headers) if (h.name.toLowerCase() === lower) return h.value;
  return undefined;
}

/** A comma-separated list header (Access-Control-Request-Headers) as lower-case names. */
export function headerNameList(value: string | undefined): string[] {
  return nameList(value ?? null);
}

/** The serialised origin of an http(s) URL, or undefined (the engine's parser, which says "null" for other schemes). */
export function originOf(url: string): string | undefined {
  const origin = engineOriginOf(url);
  return origin === null || origin === 'null' ? undefined : origin;
}

/** Chrome's HAR keeps fragments out of URLs; Location headers may carry one. Compare without it. */
export function withoutFragment(url: string): string {
  const i = url.indexOf('#');
  return i === -1 ? url : url.slice(0, i);
}
