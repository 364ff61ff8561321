import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/shared/cors';
import type { Exchange, HeaderLine } from '../../../src/shared/model';

const VERDICTS = ['allowed', 'blocked', 'same-origin', 'not-cors'];
const CORS_NAMES = ['Access-Control-Allow-Origin', 'Access-Control-Allow-Credentials', 'Access-Control-Allow-Methods', 'Access-Control-Allow-Headers', 'Access-Control-Max-Age', 'Access-Control-Expose-Headers', 'Vary', 'Location', 'Origin', 'Cookie', 'Content-Type'];

// Any bytes at all, including control characters and lone surrogates, in names and values.
const anyString = fc.string({ unit: 'binary', maxLength: 40 });
const headerName = fc.oneof(fc.constantFrom(...CORS_NAMES), anyString);
const headerValue = fc.oneof(fc.constantFrom('*', 'null', 'true', 'https://app.example', 'https://app.example/', 'GET, PUT', ''), anyString);
const headers = fc.array(fc.record({ name: headerName, value: headerValue }), { maxLength: 8 }) as fc.Arbitrary<HeaderLine[]>;
const url = fc.oneof(
  fc.constantFrom('https://api.example/x', 'https://app.example/y', 'http://127.0.0.1:8080/', 'http://[::1]:1/', 'https://bücher.example/', 'data:,x', 'ftp://f/', 'https://u:p@h/', ''),
  fc.webUrl(),
  anyString,
);
const response = fc.option(fc.record({ status: fc.integer({ min: -5, max: 1000 }), headers }), { nil: undefined });
const hop = fc.record({
  request: fc.record({ method: fc.oneof(fc.constantFrom('GET', 'PUT', 'patch', 'OPTIONS'), anyString), url, headers }),
  response,
  preflight: fc.option(fc.record({ request: fc.record({ method: fc.constant('OPTIONS'), url, headers }), response }), { nil: undefined }),
});
const exchange: fc.Arbitrary<Exchange> = fc.record({
  id: fc.constant('p'),
  browser: fc.constantFrom('chromium', 'firefox', 'unknown'),
  initiator: fc.option(fc.oneof(fc.constantFrom('https://app.example', 'null', 'http://localhost:3000'), anyString), { nil: undefined }),
  hops: fc.array(hop, { minLength: 0, maxLength: 4 }),
  outcome: fc.oneof(fc.constant({ kind: 'completed' as const }), fc.constant({ kind: 'unknown' as const }), fc.record({ kind: fc.constant('failed' as const), error: fc.constantFrom('net::ERR_FAILED', 'NS_ERROR_DOM_BAD_URI', 'net::ERR_CONNECTION_REFUSED') })),
  credentials: fc.option(fc.constantFrom('omit', 'same-origin', 'include'), { nil: undefined }),
  mode: fc.option(fc.constantFrom('cors', 'no-cors', 'same-origin', 'navigate'), { nil: undefined }),
  preflightCached: fc.option(fc.boolean(), { nil: undefined }),
}) as fc.Arbitrary<Exchange>;

describe('properties', () => {
  it('any input gives a verdict and never throws', () => {
    fc.assert(
      fc.property(exchange, (ex) => {
        const d = diagnose(ex);
        expect(VERDICTS).toContain(d.verdict);
        expect(typeof d.explanation.title).toBe('string');
        expect(JSON.parse(JSON.stringify(d))).toEqual(d); // storable and exportable as is
      }),
      { numRuns: 3000 },
    );
  });

  it('a fix never pairs credentials with *', () => {
    fc.assert(
      fc.property(exchange, (ex) => {
        const d = diagnose(ex);
        if (!d.fix?.credentials) return;
        const acao = d.fix.lines.find((l) => l.header === 'Access-Control-Allow-Origin');
        expect(acao?.value).not.toBe('*');
      }),
      { numRuns: 2000 },
    );
  });

  it('every blocking rule carries at least one browser name and a filled-in explanation', () => {
    fc.assert(
      fc.property(exchange, (ex) => {
        const d = diagnose(ex);
        if (!d.failure) return;
        expect(d.chromiumError ?? d.firefoxReason).not.toBeNull();
        expect(d.explanation.summary).not.toMatch(/\{[a-zA-Z]+\}/);
      }),
      { numRuns: 2000 },
    );
  });

  it('the explanation always states the real cause (reports print it nowhere else)', () => {
    fc.assert(
      fc.property(exchange, (ex) => {
        const d = diagnose(ex);
        if (!d.realCause) return;
        expect([d.explanation.summary, ...d.explanation.why]).toContain(d.realCause.detail);
      }),
      { numRuns: 2000 },
    );
  });

  it('huge inputs stay bounded', () => {
    const big = 'x'.repeat(1_000_000);
    const many = Array.from({ length: 5000 }, (_, i) => ({ name: `X-H${i}`, value: big.slice(0, 100) }));
    const ex: Exchange = {
      id: 'big', browser: 'chromium', initiator: 'https://app.example', outcome: { kind: 'failed', error: 'net::ERR_FAILED' },
      hops: [{ request: { method: 'PUT', url: `https://api.example/${big}`, headers: many }, preflight: { request: { method: 'OPTIONS', url: 'https://api.example/', headers: [] }, response: { status: 204, headers: [{ name: 'Access-Control-Allow-Origin', value: big }, ...many] } } }],
    };
    const d = diagnose(ex);
    expect(d.verdict).toBe('blocked');
    expect(d.failedParameter).toBe(big); // reported whole: truncating is for the views, not the engine
  });
});
