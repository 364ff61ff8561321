import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importHarValue, type HarImport } from '../../../src/shared/har';
import { exchangeFor, fixtureJson, header, importFixture, unwrap } from './load-fixture';

/** Pairing as content: "METHOD url → preflight's ACRH / status", independent of ids and order. */
function pairingOf(imp: HarImport): string[] {
  return imp.exchanges
    .map((x) => {
      const hop = x.exchange.hops[0];
      const pf = hop?.preflight;
      const pfDesc = pf
        ? `${header(pf.request.headers, 'access-control-request-method')} [${header(pf.request.headers, 'access-control-request-headers') ?? ''}] ${pf.response?.status ?? pf.error}`
        : 'no preflight';
      return `${hop?.request.method} ${hop?.request.url} ${header(hop?.request.headers, 'x-trace') ?? ''} → ${pfDesc}`;
    })
    .sort();
}

const h = (name: string, value: string) => ({ name, value });
const APP = 'https://app.example.com';

function chromeEntry(t: number, method: string, url: string, headers: { name: string; value: string }[], status: number, resHeaders: { name: string; value: string }[] = [], extra: Record<string, unknown> = {}) {
  return {
    startedDateTime: new Date(Date.UTC(2025, 5, 12, 9, 0, 0) + t).toISOString(),
    time: 20,
    request: { method, url, headers },
    response: { status, headers: resHeaders, redirectURL: '' },
    ...extra,
  };
}
const preflight = (t: number, url: string, method: string, acrh: string, status: number, marker: string) =>
  chromeEntry(
    t,
    'OPTIONS',
    url,
    [h('Access-Control-Request-Method', method), ...(acrh ? [h('Access-Control-Request-Headers', acrh)] : []), h('Origin', APP)],
    status,
    [h('access-control-allow-origin', APP), h('x-marker', marker)],
    { _resourceType: 'preflight', _initiator: { type: 'preflight', requestId: '1.1' } },
  );
const chromeHar = (entries: unknown[]) => ({ log: { version: '1.2', creator: { name: 'WebInspector', version: '537.36' }, entries } });
const marker = (imp: HarImport, i: number) => header(imp.exchanges[i]?.exchange.hops[0]?.preflight?.response?.headers, 'x-marker');

describe('preflight pairing', () => {
  it('pairs a Chrome request listed before its own preflight, and folds the preflight in', () => {
    const imp = importFixture('chrome-devtools.har');
    const post = exchangeFor(imp, 'POST', 'https://api.example.com/v1/orders');
    const pf = post.exchange.hops[0]?.preflight;
    expect(header(pf?.request.headers, 'access-control-request-method')).toBe('POST');
    expect(pf?.response?.status).toBe(204);
    expect(post.exchange.preflightCached).toBe(false);
    // 6 entries, one of them a preflight: 5 exchanges, no OPTIONS exchange of its own.
    expect(imp.exchanges).toHaveLength(5);
    expect(imp.exchanges.some((x) => x.exchange.hops[0]?.request.method === 'OPTIONS')).toBe(false);
    // Requests without a preflight say nothing about the preflight cache.
    expect(exchangeFor(imp, 'GET', 'https://api.example.com/v1/me').exchange.preflightCached).toBeUndefined();
  });

  it('pairs the same way in either order (preflight first, as Firefox and proxies list them)', () => {
    const ff = importFixture('firefox-devtools.har');
    const patch = exchangeFor(ff, 'PATCH', 'https://api.example.com/v1/orders/42');
    expect(header(patch.exchange.hops[0]?.preflight?.request.headers, 'access-control-request-method')).toBe('PATCH');
    const mitm = importFixture('mitmproxy.har');
    const del = exchangeFor(mitm, 'DELETE', 'https://api.shop.example.com/cart/items/3');
    expect(del.exchange.hops[0]?.preflight?.response?.status).toBe(204);
  });

  it('any shuffle of the entries gives the same pairing', () => {
    for (const name of ['chrome-devtools.har', 'chrome-preflight-failed.har', 'firefox-devtools.har', 'mitmproxy.har', 'redirects.har']) {
      const har = fixtureJson(name);
      const expected = pairingOf(unwrap(importHarValue(har)));
      fc.assert(
        fc.property(fc.shuffledSubarray(har.log.entries, { minLength: har.log.entries.length }), (entries) => {
          const shuffled = { log: { ...har.log, entries } };
          expect(pairingOf(unwrap(importHarValue(shuffled)))).toEqual(expected);
        }),
        { numRuns: 40 },
      );
    }
  });

  it('two identical requests each get their own preflight (the nearest), whatever the order', () => {
    const url = 'https://api.example.com/v1/poll';
    const req = (t: number, trace: string) => chromeEntry(t, 'PUT', url, [h('Origin', APP), h('X-Trace', trace)], 200, [h('access-control-allow-origin', APP)]);
    const entries = [
      req(0, 'first'),
      preflight(2, url, 'PUT', 'x-trace', 204, 'pf-first'),
      // The second request is issued while the first preflight is still in flight.
      req(10, 'second'),
      preflight(12, url, 'PUT', 'x-trace', 204, 'pf-second'),
    ];
    for (const order of [entries, [...entries].reverse(), [entries[3], entries[0], entries[2], entries[1]]]) {
      const imp = unwrap(importHarValue(chromeHar(order)));
      expect(imp.exchanges).toHaveLength(2);
      expect(header(imp.exchanges[0]?.exchange.hops[0]?.request.headers, 'x-trace')).toBe('first');
      expect(marker(imp, 0)).toBe('pf-first');
      expect(marker(imp, 1)).toBe('pf-second');
    }
  });

  it('pairs by announced method and headers, not only by time', () => {
    const url = 'https://api.example.com/v1/doc';
    const entries = [
      // A DELETE and a PUT with a custom header, fired together.
      chromeEntry(0, 'DELETE', url, [h('Origin', APP)], 204),
      chromeEntry(1, 'PUT', url, [h('Origin', APP), h('X-Version', '3')], 200),
      chromeEntry(1, 'PUT', url, [h('Origin', APP), h('Content-Type', 'text/plain')], 200),
      preflight(2, url, 'PUT', 'x-version', 204, 'for-put-x-version'),
      preflight(3, url, 'DELETE', '', 204, 'for-delete'),
    ];
    const imp = unwrap(importHarValue(chromeHar(entries)));
    const put = imp.exchanges.find((x) => header(x.exchange.hops[0]?.request.headers, 'x-version') === '3');
    expect(header(put?.exchange.hops[0]?.preflight?.response?.headers, 'x-marker')).toBe('for-put-x-version');
    const del = imp.exchanges.find((x) => x.exchange.hops[0]?.request.method === 'DELETE');
    expect(header(del?.exchange.hops[0]?.preflight?.response?.headers, 'x-marker')).toBe('for-delete');
    // The plain-text PUT needed no preflight and gets none.
    const plain = imp.exchanges.find((x) => header(x.exchange.hops[0]?.request.headers, 'content-type') === 'text/plain');
    expect(plain?.exchange.hops[0]?.preflight).toBeUndefined();
  });

  it('does not pair across origins or across a long gap', () => {
    const url = 'https://api.example.com/v1/x';
    const entries = [
      chromeEntry(0, 'PUT', url, [h('Origin', 'https://other.example')], 200),
      preflight(2, url, 'PUT', '', 204, 'other-origin'),
      chromeEntry(60_000, 'PUT', url, [h('Origin', APP)], 200),
    ];
    const imp = unwrap(importHarValue(chromeHar(entries)));
    // Neither request gets the preflight; it stands alone with a note.
    expect(imp.exchanges.filter((x) => x.exchange.hops[0]?.preflight)).toHaveLength(1);
    const lone = imp.exchanges.find((x) => x.exchange.hops[0]?.preflight);
    expect(lone?.entries).toEqual([1]);
    expect(lone?.notes[0]).toMatch(/has this preflight but not the PUT request/);
  });

  it('keeps a preflight whose request is missing as its own exchange, rebuilding the request', () => {
    const imp = importFixture('mitmproxy.har');
    const lone = exchangeFor(imp, 'PUT', 'https://api.shop.example.com/cart');
    const hop = lone.exchange.hops[0];
    expect(hop?.request.headers).toEqual([
      { name: 'Origin', value: 'https://shop.example.com' },
      { name: 'content-type', value: '' },
      { name: 'x-cart-version', value: '' },
    ]);
    expect(hop?.request.headersComplete).toBe(false);
    expect(hop?.preflight?.response?.status).toBe(403);
    expect(lone.exchange.outcome).toEqual({ kind: 'unknown' });
    expect(lone.exchange.initiator).toBe('https://shop.example.com');
    expect(lone.notes.join(' ')).toMatch(/rebuilt from Access-Control-Request-Method/);
    expect(imp.exchanges).toHaveLength(2);
  });

  it('a preflight that got no answer keeps its network error', () => {
    const imp = importFixture('chrome-preflight-failed.har');
    const del = exchangeFor(imp, 'DELETE', 'http://localhost:8787/v1/items/7');
    expect(del.exchange.hops[0]?.preflight?.response).toBeUndefined();
    expect(del.exchange.hops[0]?.preflight?.error).toBe('net::ERR_CONNECTION_REFUSED');
  });
});
