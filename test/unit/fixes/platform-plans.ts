/**
 * Plans for the platform targets' unit tests (Spring, ASP.NET Core, S3, API Gateway, Cloudflare,
 * Netlify, Vercel): the realistic plan the other targets' goldens use, small variations of it, and
 * hostile plans (values from a crafted HAR or page) with what a snippet must then contain.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { diagnose, type FixPlan } from '../../../src/shared/cors';
import { originRefusal } from '../../../src/shared/fixes/values';
import { A, ex } from '../cors/build';

export { A };
export const B = 'https://b.example';
export const C = 'https://evil.example';

/** RFC 9110 token, written again here rather than imported. */
export const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
export const PRINTABLE_LINES = /^[\x20-\x7e\n]*$/;
export const PRINTABLE = /^[\x20-\x7e]*$/;

/**
 * A credentialed PUT with Authorization, X-Api-Key and a JSON body: the preflight passes (the server
 * already allows GET and PUT and the three headers) but the response lacks
 * Access-Control-Allow-Credentials. The page also reads X-Request-Id.
 */
export function realisticPlan(): FixPlan {
  const d = diagnose(ex({
    method: 'PUT', credentials: 'include', req: { Authorization: 'Bearer t', 'X-Api-Key': 'k', 'Content-Type': 'application/json' },
    pre: { status: 204, headers: { 'Access-Control-Allow-Origin': A, 'Access-Control-Allow-Credentials': 'true', 'Access-Control-Allow-Methods': 'GET, PUT', 'Access-Control-Allow-Headers': 'authorization, content-type, x-api-key' } },
    res: { status: 200, headers: { 'Access-Control-Allow-Origin': A, 'X-Request-Id': 'abc' } },
    outcome: 'net::ERR_FAILED',
  }));
  expect(d.failure?.code).toBe('allow-credentials-invalid');
  return { ...(d.fix as FixPlan), exposeHeaders: ['x-request-id'] };
}

/** A plan without lines, for switching one thing at a time. */
export const plan = (p: Partial<FixPlan> = {}): FixPlan => ({
  origin: A, credentials: true, preflight: true, methods: ['PUT'], requestHeaders: ['authorization'], exposeHeaders: ['x-request-id'], maxAge: 7200, lines: [], serverSteps: [], ...p,
});

/** Pieces that matter in Java, C#, JSON, shell here-documents, `_headers` lines or JavaScript. */
export const nastyString = fc.constantFrom(
  '"', "'", '\\', '\n', '\r', '\r\n', '\u2028', '\u2029', '\u202e', '\u0085', '\x00', '\x1b[2J', '`', '$x', '${x}', '$(id)', '*', 'x-*', '*/', '/*', '//',
  '\\u000a', '\\u0022', '\\u005c', '\\\\u0022', '\\x41', '\\U0001F600', '\ud800', '\ufeff', '");System.exit(1);("', '"); Environment.Exit(1); ("',
  '\nEOF\n', 'EOF', "'EOF'", '\n/*\n  Access-Control-Allow-Origin: *', '#', '\n# x', ':', '", "value": "*"}, {"key": "x', '"]}]}', '</script>', '@"', '$"',
);

const tokenish = fc.stringMatching(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,12}$/);
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.array(fc.oneof(nastyString, tokenish), { minLength: 1, maxLength: 4 }).map((p) => p.join('')),
);
const name = fc.oneof(tokenish, hostile, fc.constantFrom('*', 'x-*', 'PATCH', 'GET', 'POST', 'DELETE'));
export const hostileOrigin = fc.oneof(
  fc.constantFrom(A, 'http://localhost:3000', 'http://[::1]:8080', 'chrome-extension://abcdefghijklmnop', '', 'null'),
  fc.webUrl().map((u) => new URL(u).origin),
  fc.tuple(fc.constantFrom(A, 'https://a.example'), nastyString).map(([o, n]) => o + n),
  hostile,
);
const names = fc.uniqueArray(name, { maxLength: 4, selector: (s) => s.toLowerCase() });
export const hostilePlan = fc.record({
  origin: hostileOrigin,
  credentials: fc.boolean(),
  preflight: fc.boolean(),
  methods: names,
  requestHeaders: names,
  exposeHeaders: names,
  maxAge: fc.oneof(fc.constant(null), fc.nat(100_000), fc.constantFrom(-1, 1.5, Number.NaN, 86401, Number.MAX_SAFE_INTEGER)),
  lines: fc.constant([]),
  serverSteps: fc.constant([]),
}) as fc.Arbitrary<FixPlan>;
export const moreOrigins = fc.array(hostileOrigin, { maxLength: 2 });

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
  const maxAge = p.maxAge !== null && Number.isSafeInteger(p.maxAge) && p.maxAge >= 0 ? Math.min(p.maxAge, 86400) : 7200;
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
