/**
 * Hostile plans for the platform targets' unit tests (Spring, ASP.NET Core, S3, API Gateway,
 * Cloudflare, Netlify, Vercel), built from what matters in their syntaxes, with what a snippet must
 * then contain. The realistic and small plans are plans.ts's.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { FixPlan } from '../../../src/shared/cors';
import type { Snippet } from '../../../src/shared/fixes/types';
import { corsValues, originRefusal } from '../../../src/shared/fixes/values';
import { hostileValues, maxAgeOf, TOKEN } from './plans';

export const B = 'https://b.example';
export const C = 'https://evil.example';

export const PRINTABLE_LINES = /^[\x20-\x7e\n]*$/;
export const PRINTABLE = /^[\x20-\x7e]*$/;

/** Pieces that matter in Java, C#, JSON, shell here-documents, `_headers` lines or JavaScript. */
export const nastyString = fc.constantFrom(
  '"', "'", '\\', '\n', '\r', '\r\n', '\u2028', '\u2029', '\u202e', '\u0085', '\x00', '\x1b[2J', '`', '$x', '${x}', '$(id)', '*', 'x-*', '*/', '/*', '//',
  '\\u000a', '\\u0022', '\\u005c', '\\\\u0022', '\\x41', '\\U0001F600', '\ud800', '\ufeff', '");System.exit(1);("', '"); Environment.Exit(1); ("',
  '\nEOF\n', 'EOF', "'EOF'", '\n/*\n  Access-Control-Allow-Origin: *', '#', '\n# x', ':', '", "value": "*"}, {"key": "x', '"]}]}', '</script>', '@"', '$"',
);

const hostile = hostileValues({
  nasty: nastyString,
  // Names a platform reads as a wildcard, and methods it knows.
  specialNames: ['*', 'x-*', 'PATCH', 'GET', 'POST', 'DELETE'],
  // Also above the 86400 seconds expected() caps a max age at.
  oddMaxAges: [-1, 1.5, Number.NaN, 86401, Number.MAX_SAFE_INTEGER],
});
export const hostilePlan = hostile.plan;
export const moreOrigins = fc.array(hostile.origin, { maxLength: 2 });

export interface Expected {
  /** The allowed origins, the plan's first, each legal; duplicates dropped. */
  origins: string[];
  methods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  maxAge: number;
  credentials: boolean;
  preflight: boolean;
}

/**
 * What a snippet must carry for a plan, computed again from the rules rather than from values.ts:
 * legal tokens only, and (`wildcard`) without the names the target reads as a wildcard.
 */
export function expected(p: FixPlan, more: readonly string[] = [], wildcard: (s: string) => boolean = (s) => s === '*'): Expected {
  const legal = (list: string[]) => {
    const out: string[] = [];
    for (const v of list) if (TOKEN.test(v) && !wildcard(v) && !out.some((o) => o.toLowerCase() === v.toLowerCase())) out.push(v);
    return out;
  };
  const origins: string[] = [];
  for (const o of [p.origin, ...more]) if (originRefusal(o) === null && !origins.includes(o)) origins.push(o);
  // The plan's, capped at 86400; 7200 (under the cap) when the plan has none.
  const maxAge = Math.min(maxAgeOf(p), 86400);
  return {
    origins,
    methods: p.preflight ? legal(p.methods) : [],
    allowHeaders: p.preflight ? legal(p.requestHeaders) : [],
    exposeHeaders: legal(p.exposeHeaders),
    maxAge,
    credentials: p.credentials,
    preflight: p.preflight,
  };
}

/** Methods a server that checks them must list: the plan's, then GET, HEAD and POST. */
export function withSafelisted(methods: string[]): string[] {
  return [...methods, ...['GET', 'HEAD', 'POST'].filter((m) => !methods.includes(m))];
}

/** Lines of a snippet that start with `prefix` + " Left out ": values.ts's refusals. */
export function refusedLines(code: string, prefix: string): number {
  return code.split('\n').filter((l) => l.startsWith(`${prefix} Left out `)).length;
}

/**
 * What a platform snippet for a hostile plan must hold whatever the platform: printable code and
 * notes and, in a language with comments (`prefix` starts one), one "Left out" line per refused value.
 */
export function checkHostileSnippet(s: Snippet, p: FixPlan, more: string[], prefix: string | null): void {
  expect(s.code).toMatch(PRINTABLE_LINES);
  for (const n of s.notes) expect(n).toMatch(PRINTABLE);
  if (prefix !== null) expect(refusedLines(s.code, prefix)).toBe(corsValues(p, { moreOrigins: more }).refused.length);
}

/** The headers a file of fixed headers (Netlify's `_headers`, vercel.json) must set for `e`: one origin, no per-request choice. */
export function fixedHeaders(e: Expected): Record<string, string> {
  const want: Record<string, string> = {};
  if (e.origins[0] !== undefined) want['Access-Control-Allow-Origin'] = e.origins[0];
  if (e.credentials) want['Access-Control-Allow-Credentials'] = 'true';
  if (e.methods.length > 0) want['Access-Control-Allow-Methods'] = e.methods.join(', ');
  if (e.allowHeaders.length > 0) want['Access-Control-Allow-Headers'] = e.allowHeaders.join(', ');
  if (e.preflight) want['Access-Control-Max-Age'] = String(e.maxAge);
  if (e.exposeHeaders.length > 0) want['Access-Control-Expose-Headers'] = e.exposeHeaders.join(', ');
  return want;
}
