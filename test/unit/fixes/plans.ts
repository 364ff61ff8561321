/**
 * Plans for the fix targets' unit tests: the realistic plan the golden snippets are rendered from, a
 * small plan with each part switchable, and hostile plans (values from a crafted HAR or page) built
 * from the pieces that matter in each target's syntax. The pieces, and whatever else a target needs
 * (more origins, wildcard names, odd max ages), stay with the target's tests.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { diagnose, type FixPlan } from '../../../src/shared/cors';
import { A, ex } from '../cors/build';

export { A };

/** RFC 9110 token, written again here rather than imported. */
export const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** The names a snippet may carry: the plan's RFC 9110 tokens, in order. */
export const legalNames = (list: string[]): string[] => list.filter((v) => TOKEN.test(v));

/** The max age a snippet sends: the plan's when it is a whole number of seconds, else 7200. */
export const maxAgeOf = (p: FixPlan): number => (p.maxAge !== null && Number.isSafeInteger(p.maxAge) && p.maxAge >= 0 ? p.maxAge : 7200);

/**
 * A credentialed PUT with Authorization, X-Api-Key and a JSON body: the preflight passes (the server
 * already allows GET and PUT and the three headers) but the response lacks
 * Access-Control-Allow-Credentials. The page also reads X-Request-Id, which the response does not expose.
 */
export function realisticPlan(): FixPlan {
  const d = diagnose(ex({
    method: 'PUT', credentials: 'include', req: { Authorization: 'Bearer t', 'X-Api-Key': 'k', 'Content-Type': 'application/json' },
    pre: { status: 204, headers: { 'Access-Control-Allow-Origin': A, 'Access-Control-Allow-Credentials': 'true', 'Access-Control-Allow-Methods': 'GET, PUT', 'Access-Control-Allow-Headers': 'authorization, content-type, x-api-key' } },
    res: { status: 200, headers: { 'Access-Control-Allow-Origin': A, 'X-Request-Id': 'abc' } },
    outcome: 'net::ERR_FAILED',
  }));
  expect(d.failure?.code).toBe('allow-credentials-invalid');
  if (!d.fix) throw new Error(`no fix plan for ${d.failure?.code}`);
  return { ...d.fix, exposeHeaders: ['x-request-id'] };
}

/** A small plan without lines, for switching one thing at a time. */
export const plan = (p: Partial<FixPlan> = {}): FixPlan => ({
  origin: A, credentials: true, preflight: true, methods: ['PUT'], requestHeaders: ['authorization'], exposeHeaders: ['x-request-id'], maxAge: 7200, lines: [], serverSteps: [], ...p,
});

export const tokenish = fc.stringMatching(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,12}$/);

/** The fixed origins most targets' hostile plans draw from (legal ones, and `''` and `null`, which are refused). */
export const ORIGINS = [A, 'http://localhost:3000', 'http://[::1]:8080', 'chrome-extension://abcdefghijklmnop', '', 'null'];

export interface HostileParts {
  /** The pieces that matter in the target's syntax: quotes, escapes, interpolation, comment ends. */
  nasty: fc.Arbitrary<string>;
  /** Arbitrary strings, the other half of a hostile value; by default any 20 UTF-16 units. */
  raw?: fc.Arbitrary<string>;
  /** The fixed origins; by default ORIGINS. */
  origins?: string[];
  /** Legal origins a nasty piece is appended to; by default A and https://a.example. */
  prefixes?: string[];
  /** Names the target treats specially (a wildcard, a method it knows), drawn as well. */
  specialNames?: string[];
  /** Max ages besides null and 0 to 100000; by default -1, 1.5 and NaN. */
  oddMaxAges?: number[];
}

/**
 * Hostile values and plans from a target's pieces: `hostile` strings (raw, or nasty pieces and
 * token characters joined), header or method `name`s, `names` (unique regardless of case, as a plan
 * has them), `origin`s (fixed ones, random legal ones, a legal one with a nasty end, or hostile) and
 * whole `plan`s without lines.
 */
export function hostileValues(parts: HostileParts) {
  const { nasty } = parts;
  const hostile = fc.oneof(
    parts.raw ?? fc.string({ unit: 'binary', maxLength: 20 }),
    fc.array(fc.oneof(nasty, tokenish), { minLength: 1, maxLength: 4 }).map((p) => p.join('')),
  );
  const name = parts.specialNames ? fc.oneof(tokenish, hostile, fc.constantFrom(...parts.specialNames)) : fc.oneof(tokenish, hostile);
  const origin = fc.oneof(
    fc.constantFrom(...(parts.origins ?? ORIGINS)),
    fc.webUrl().map((u) => new URL(u).origin),
    fc.tuple(fc.constantFrom(...(parts.prefixes ?? [A, 'https://a.example'])), nasty).map(([o, n]) => o + n),
    hostile,
  );
  const names = fc.uniqueArray(name, { maxLength: 4, selector: (s) => s.toLowerCase() });
  const plan = fc.record({
    origin,
    credentials: fc.boolean(),
    preflight: fc.boolean(),
    methods: names,
    requestHeaders: names,
    exposeHeaders: names,
    maxAge: fc.oneof(fc.constant(null), fc.nat(100_000), fc.constantFrom(...(parts.oddMaxAges ?? [-1, 1.5, Number.NaN]))),
    lines: fc.constant([]),
    serverSteps: fc.constant([]),
  }) as fc.Arbitrary<FixPlan>;
  return { hostile, name, names, origin, plan };
}
