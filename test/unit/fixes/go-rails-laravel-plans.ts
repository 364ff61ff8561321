/**
 * Plans for the Go, Rails and Laravel unit tests: the realistic plan the other targets' goldens use,
 * and hostile plans (values from a crafted HAR or page), built like security.test.ts builds them.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { diagnose, type FixPlan } from '../../../src/shared/cors';
import { A, ex } from '../cors/build';

/** RFC 9110 token, written again here rather than imported. */
export const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * A credentialed PUT with Authorization, X-Api-Key and a JSON body: the preflight passes but the
 * response lacks Access-Control-Allow-Credentials; the page also reads X-Request-Id.
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

/** Pieces that matter in Go, Ruby or PHP source: quotes, escapes, interpolation, comment ends. */
export const nastyString = fc.constantFrom(
  '"', "'", '\\', '\n', '\r', '\r\n', '\u2028', '\u2029', '\u202e', '\u0085', '\x00', '\x1b[2J', '`', '#{x}', '#@x', '#$x', '#', '$x', '${x}', '{$x}',
  '?>', '?><?php system("id"); //', '*/', '/*', '//', '\\"', '\\\'', 'x\\', '\\x41', '\\u{41}', '%q', '__END__', '\n=begin\n', '");os.Exit(1);("',
  'end; system("id"); begin', "'); system('id'); //", '\\u0022', '\\', '\ud800',
);

const tokenish = fc.stringMatching(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,12}$/);
const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.array(fc.oneof(nastyString, tokenish), { minLength: 1, maxLength: 4 }).map((p) => p.join('')),
);
const name = fc.oneof(tokenish, hostile);
const origin = fc.oneof(
  fc.constantFrom(A, 'http://localhost:3000', 'http://[::1]:8080', 'chrome-extension://abcdefghijklmnop', 'moz-extension://0a1b-2c3d', '', 'null'),
  fc.webUrl().map((u) => new URL(u).origin),
  fc.tuple(fc.constantFrom(A, 'https://a.example'), nastyString).map(([o, n]) => o + n),
  hostile,
);
const names = fc.uniqueArray(name, { maxLength: 4, selector: (s) => s.toLowerCase() });

export const hostilePlan = fc.record({
  origin,
  credentials: fc.boolean(),
  preflight: fc.boolean(),
  methods: names,
  requestHeaders: names,
  exposeHeaders: names,
  maxAge: fc.oneof(fc.constant(null), fc.nat(100_000), fc.constantFrom(-1, 0, 1.5, Number.NaN)),
  lines: fc.constant([]),
  serverSteps: fc.constant([]),
}) as fc.Arbitrary<FixPlan>;
