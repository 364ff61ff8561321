/** Which plan values a snippet may carry, and the lists it builds from the plan. */
import { parseInline } from '../../../src/shared/cors/inline-code';
import { describe, expect, it } from 'vitest';
import { diagnose, type FixPlan } from '../../../src/shared/cors';
import { corsValues, originRefusal, refusalComments, refusalNotes, tokenRefusal } from '../../../src/shared/fixes/values';
import { A, ex, ok } from '../cors/build';

const plan = (p: Partial<FixPlan> = {}): FixPlan => ({
  origin: A, credentials: false, preflight: true, methods: [], requestHeaders: [], exposeHeaders: [], maxAge: 7200, lines: [], serverSteps: [], ...p,
});

describe('origins', () => {
  it.each([
    'https://app.example', 'http://localhost:3000', 'http://127.0.0.1:8080', 'http://[::1]:5173', 'https://xn--bcher-kva.example',
    'http://my_host.internal', 'chrome-extension://abcdefghijklmnopabcdefghijklmnop', 'moz-extension://0f3a2c1e-8d5b-4e6a-9c7d-1b2a3c4d5e6f',
  ])('accepts %s', (o) => expect(originRefusal(o)).toBeNull());
  it.each([
    ['', /names no origin/],
    ['null', /Origin: null/],
    ['https://app.example\r\nX: y', /line break/],
    ['https://app.example\u2028', /line break/],
    ['https://app.example\x00', /control/],
    ['https://app.example/', /not a serialised origin/],
    ['https://APP.example', /not a serialised origin/],
    ['https://app.example:443', /not a serialised origin/],
    ['https://app.example"; add_header X y;#', /not a serialised origin/],
    ['https://app.example$host', /not a serialised origin/],
    ['https://a";b.example', /not a serialised origin/],
    ['https://a{b}.example', /not a serialised origin/],
    ['https://user@app.example', /not a serialised origin/],
    ['*', /not a serialised origin/],
    ['https://bücher.example', /not a serialised origin/],
    ['chrome-extension://abc/x', /not a serialised origin/],
  ])('refuses %j', (o, why) => expect(originRefusal(o)).toMatch(why));
});

describe('header names and methods', () => {
  it.each(['x-api-key', 'Authorization', "x-!#$%&'*+-.^_`|~1", '*', 'PATCH'])('accepts %s', (n) => expect(tokenRefusal(n)).toBeNull());
  it.each([
    ['x-a\nb', /line break/],
    ['x-a\tb', /control/],
    ['x a', /not an RFC 9110 token/],
    ['x-"q"', /not an RFC 9110 token/],
    ['x-a,x-b', /not an RFC 9110 token/],
    ['x-${x}', /not an RFC 9110 token/],
    ['x-ä', /not an RFC 9110 token/],
    ['', /empty/],
  ])('refuses %j', (n, why) => expect(tokenRefusal(n)).toMatch(why));
});

describe('corsValues', () => {
  it('keeps what the server allows now, in its order, and adds what the request needs', () => {
    const d = diagnose(ex({ method: 'PATCH', req: { 'X-Trace': '1' }, pre: { status: 204, headers: ok({ 'Access-Control-Allow-Methods': 'GET, PUT', 'Access-Control-Allow-Headers': 'x-api-key' }) }, res: null, outcome: 'net::ERR_FAILED' }));
    const v = corsValues(d.fix as FixPlan);
    expect(v.methods).toEqual(['GET', 'PUT', 'PATCH']);
    expect(v.allowHeaders).toEqual(['x-api-key', 'x-trace']);
    expect(v.refused).toEqual([]);
  });
  it('deduplicates header names case-insensitively and methods case-sensitively', () => {
    const v = corsValues(plan({ methods: ['PATCH', 'patch', 'PATCH'], requestHeaders: ['X-A', 'x-a'], exposeHeaders: ['X-B', 'x-b'] }));
    expect([v.methods, v.allowHeaders, v.exposeHeaders]).toEqual([['PATCH', 'patch'], ['X-A'], ['X-B']]);
  });
  it('leaves refused values out, once each, and says why', () => {
    const v = corsValues(plan({ origin: 'null', methods: ['PUT', 'P\nUT'], requestHeaders: ['x-a b', 'x-a b', 'x-ok'] }));
    expect(v.origins).toEqual([]);
    expect(v.methods).toEqual(['PUT']);
    expect(v.allowHeaders).toEqual(['x-ok']);
    expect(v.refused.map((r) => [r.kind, r.value])).toEqual([['origin', 'null'], ['method', 'P\nUT'], ['request header', 'x-a b']]);
    expect(refusalComments(v, '#')).toEqual([
      "# Left out origin \"null\": the request was sent with `Origin: null` (after a cross-origin redirect, or from a sandboxed or file: document); allowing `null` would let any sandboxed page in, so call the final URL directly and allow the page's real origin.",
      '# Left out method "P\\nUT": it contains a line break.',
      "# Left out request header \"x-a b\": it is not an RFC 9110 token (only letters, digits and ``!#$%&'*+-.^_`|~``).",
    ]);
    // The panel shows the allowed characters whole, the backtick among them, as code.
    const token = parseInline(refusalNotes(v)[2] ?? '');
    expect(token.find((seg) => seg.code)?.text).toBe("!#$%&'*+-.^_`|~");
    expect(refusalNotes(v)[0]).toMatch(/^No origin is allowed by this snippet/);
    // As the panel shows the note (its values escaped for the inline code marks, src/shared/cors/inline-code.ts).
    expect(parseInline(refusalNotes(v)[1] ?? '').map((seg) => seg.text).join('')).toMatch(/^The method "P\\nUT" was left out: it contains a line break\. A browser never sends/);
  });
  it('uses the plan max-age, or 7200 when it has none or a bad one', () => {
    expect(corsValues(plan({ maxAge: 600 })).maxAge).toBe(600);
    expect(corsValues(plan({ maxAge: 0 })).maxAge).toBe(0);
    expect(corsValues(plan({ maxAge: null })).maxAge).toBe(7200);
    expect(corsValues(plan({ maxAge: -1 })).maxAge).toBe(7200);
    expect(corsValues(plan({ maxAge: 1.5 })).maxAge).toBe(7200);
  });
  it('has no preflight lists without a preflight', () => {
    const v = corsValues(plan({ preflight: false, methods: ['PUT'], requestHeaders: ['x-a'] }));
    expect([v.methods, v.allowHeaders]).toEqual([[], []]);
  });
});

describe('more origins', () => {
  it('allows the request\'s origin first, then each extra one once, and refuses bad ones with a reason', () => {
    const v = corsValues(plan({ origin: 'https://app.example' }), { moreOrigins: ['https://admin.example', 'https://app.example', 'https://x.example/path', 'http://127.0.0.1:8080'] });
    expect(v.origins).toEqual(['https://app.example', 'https://admin.example', 'http://127.0.0.1:8080']);
    expect(v.refused.map((r) => [r.kind, r.value])).toEqual([['origin', 'https://x.example/path']]);
  });
});
