/**
 * What the platform targets (Spring, ASP.NET Core, S3, API Gateway, Cloudflare, Netlify, Vercel) add
 * to values.ts: these servers check requests against their lists themselves, and read `*` in them.
 *
 * - Spring, S3 and API Gateway compare the method of a preflight (and Spring and S3 of every CORS
 *   request) with their list, where browsers never ask about GET, HEAD and POST: a preflighted POST
 *   with a JSON body is refused unless POST is listed. The plan names only the unsafelisted method,
 *   so these three are added.
 * - `*` in a list is a wildcard for every one of them (S3 even inside a name, `x-*`): a name that is
 *   or contains one would allow more than the plan, so it is left out, with a comment that says why.
 * - Max-Age above 86400 buys nothing (Firefox caps it there, Chromium at 7200) and API Gateway
 *   refuses it; a huge value overflows .NET's TimeSpan.
 */
import { shown, shownInNote } from './quote';
import type { CorsValues } from './values';

export const SAFELISTED_METHODS: readonly string[] = ['GET', 'HEAD', 'POST'];
export const MAX_AGE_LIMIT = 86400;

/** The plan's methods, then GET, HEAD and POST (methods are case-sensitive). */
export function withSafelistedMethods(methods: readonly string[]): string[] {
  const out = methods.slice();
  for (const m of SAFELISTED_METHODS) if (!out.includes(m)) out.push(m);
  return out;
}

export interface Wildcards {
  methods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  /** One line per name left out, without the comment prefix. */
  lines: string[];
  notes: string[];
}

/**
 * The lists without names the target would read as a wildcard: exactly `*`, or (`inside`) any name
 * with a `*` in it. Worded "Not listed", not "Left out": those lines are values.ts's refusals.
 */
export function withoutWildcards(v: CorsValues, target: string, inside = false): Wildcards {
  const lines: string[] = [];
  const notes: string[] = [];
  const keep = (kind: string) => (name: string) => {
    const wild = inside ? name.includes('*') : name === '*';
    if (wild) {
      lines.push(`Not listed: ${kind} ${shown(name)}: ${target} reads "*" as a wildcard.`);
      notes.push(`The ${kind} ${shownInNote(name)} is not listed: ${target} reads "*" in it as a wildcard, which would allow more than this request needs.`);
    }
    return !wild;
  };
  return {
    methods: v.methods.filter(keep('method')),
    allowHeaders: v.allowHeaders.filter(keep('request header')),
    exposeHeaders: v.exposeHeaders.filter(keep('response header')),
    lines,
    notes,
  };
}

/** The plan's Max-Age, at most 86400. */
export function cappedMaxAge(v: CorsValues): number {
  return Math.min(v.maxAge, MAX_AGE_LIMIT);
}

export function maxAgeNotes(v: CorsValues): string[] {
  return v.preflight && v.maxAge > MAX_AGE_LIMIT
    ? [`Max-Age ${v.maxAge} is cut to ${MAX_AGE_LIMIT}: no browser caches a preflight longer (Firefox caps it at 86400 s, Chromium at 7200 s).`]
    : [];
}
