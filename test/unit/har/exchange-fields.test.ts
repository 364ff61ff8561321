import { describe, expect, it } from 'vitest';
import { detectBrowser, importHarValue } from '../../../src/shared/har';
import { exchangeFor, header, importFixture, unwrap } from './load-fixture';

const APP = 'https://app.example.com';

describe('browser', () => {
  it.each([
    ['chrome-devtools.har', 'chromium'],
    ['firefox-devtools.har', 'firefox'],
    ['playwright.har', 'chromium'],
    ['mitmproxy.har', 'unknown'],
    ['corsight-export.har', 'chromium'],
  ])('%s → %s', (name, browser) => {
    const imp = importFixture(name);
    expect(imp.browser).toBe(browser);
    expect(imp.exchanges.every((x) => x.exchange.browser === browser)).toBe(true);
  });

  it.each([
    ['WebInspector', undefined, 'chromium'],
    ['WebKit Web Inspector', undefined, 'unknown'],
    ['Playwright', 'firefox', 'firefox'],
    ['Playwright', 'webkit', 'unknown'],
    ['Playwright', '', 'unknown'],
    ['Electron', undefined, 'chromium'],
    ['Microsoft Edge', undefined, 'chromium'],
    ['HTTP Toolkit', undefined, 'unknown'],
    [undefined, undefined, 'unknown'],
  ])('creator %s, browser %s → %s', (creator, browser, expected) => {
    expect(detectBrowser(creator, browser || undefined)).toBe(expected);
  });
});

describe('initiator', () => {
  it('comes from the Origin header', () => {
    const imp = importFixture('chrome-devtools.har');
    expect(exchangeFor(imp, 'POST', 'https://api.example.com/v1/orders').exchange.initiator).toBe(APP);
    expect(exchangeFor(imp, 'POST', 'https://api.example.com/v1/orders').notes).toEqual([]);
  });

  it('else from the Referer, with a note saying so', () => {
    const imp = importFixture('chrome-devtools.har');
    const img = exchangeFor(imp, 'GET', 'https://cdn.example.net/img/logo.png');
    expect(img.exchange.initiator).toBe(APP);
    expect(img.notes[0]).toMatch(/from the Referer header/);
  });

  it('else from the page when its title is a URL (Chrome), and not when it is a document title (Firefox)', () => {
    const chrome = importFixture('chrome-devtools.har');
    const doc = exchangeFor(chrome, 'GET', 'https://app.example.com/dashboard');
    expect(doc.exchange.initiator).toBe(APP);
    expect(doc.notes[0]).toMatch(/from the page/);
    const ff = unwrap(
      importHarValue({
        log: {
          creator: { name: 'Firefox' },
          pages: [{ id: 'page_1', title: 'Orders – Example App' }],
          entries: [
            {
              pageref: 'page_1',
              startedDateTime: '2025-06-12T11:40:05.120+02:00',
              request: { method: 'GET', url: 'https://api.example.com/x', headers: [{ name: 'Accept', value: '*/*' }] },
              response: { status: 200, headers: [] },
            },
          ],
        },
      }),
    );
    expect(ff.exchanges[0]?.exchange.initiator).toBeUndefined();
  });

  it('keeps an opaque "null" Origin as "null"', () => {
    const imp = unwrap(
      importHarValue({
        log: {
          entries: [
            {
              startedDateTime: '2025-06-12T09:00:00Z',
              request: { method: 'GET', url: 'https://api.example.com/x', headers: [{ name: 'Origin', value: 'null' }, { name: 'Referer', value: 'https://app.example.com/' }] },
              response: { status: 200, headers: [] },
            },
          ],
        },
      }),
    );
    expect(imp.exchanges[0]?.exchange.initiator).toBe('null');
  });
});

describe('outcome, headers and observed facts', () => {
  it('a Chrome request never sent (status 0) failed with Chrome\'s error and has no response', () => {
    const imp = importFixture('chrome-preflight-failed.har');
    const put = exchangeFor(imp, 'PUT', 'https://api.example.com/v1/items/7');
    expect(put.exchange.outcome).toEqual({ kind: 'failed', error: 'net::ERR_FAILED' });
    expect(put.exchange.hops[0]?.response).toBeUndefined();
    // Only the headers the page set: known incomplete.
    expect(put.exchange.hops[0]?.request.headersComplete).toBe(false);
    expect(header(put.exchange.hops[0]?.request.headers, 'x-request-id')).toBe('c0ffee-01');
  });

  it('a blocked Chrome request that got an answer keeps its status and headers, and failed', () => {
    const imp = importFixture('chrome-devtools.har');
    const post = exchangeFor(imp, 'POST', 'https://api.example.com/v1/orders');
    expect(post.exchange.hops[0]?.response?.status).toBe(201);
    expect(header(post.exchange.hops[0]?.response?.headers, 'location')).toBe('/v1/orders/9912');
    expect(post.exchange.outcome).toEqual({ kind: 'failed', error: 'net::ERR_FAILED' });
    expect(post.exchange.hops[0]?.request.headersComplete).toBeUndefined();
  });

  it('drops HTTP/2 pseudo-headers', () => {
    const imp = importFixture('chrome-devtools.har');
    const me = exchangeFor(imp, 'GET', 'https://api.example.com/v1/me');
    expect(me.exchange.hops[0]?.request.headers.some((h) => h.name.startsWith(':'))).toBe(false);
    expect(me.exchange.hops[0]?.response?.remoteAddress).toBe('203.0.113.10');
  });

  it('reads Playwright\'s status -1 and _failureText', () => {
    const imp = importFixture('playwright.har');
    const post = exchangeFor(imp, 'POST', 'http://localhost:8080/api/profile');
    expect(post.exchange.outcome).toEqual({ kind: 'failed', error: 'net::ERR_FAILED' });
    expect(post.exchange.hops[0]?.response).toBeUndefined();
    const get = exchangeFor(imp, 'GET', 'http://localhost:8080/api/profile');
    expect(get.exchange.hops[0]?.response?.status).toBe(200);
    expect(get.exchange.outcome).toEqual({ kind: 'failed', error: 'net::ERR_FAILED' });
  });

  it('Firefox status 0 without an error text is a failure of unknown cause', () => {
    const imp = importFixture('firefox-devtools.har');
    const patch = exchangeFor(imp, 'PATCH', 'https://api.example.com/v1/orders/42');
    expect(patch.exchange.outcome).toEqual({ kind: 'failed', error: 'unknown network error' });
    expect(exchangeFor(imp, 'GET', 'https://api.example.com/v1/orders/42').exchange.outcome).toEqual({ kind: 'completed' });
  });

  it('credentials are "include" only when a cross-origin request carried a Cookie', () => {
    const imp = importFixture('chrome-devtools.har');
    expect(exchangeFor(imp, 'GET', 'https://api.example.com/v1/me').exchange.credentials).toBe('include');
    expect(exchangeFor(imp, 'POST', 'https://api.example.com/v1/orders').exchange.credentials).toBeUndefined();
  });

  it('resourceType and startedAt come from the entry', () => {
    const imp = importFixture('chrome-devtools.har');
    const img = exchangeFor(imp, 'GET', 'https://cdn.example.net/img/logo.png');
    expect(img.exchange.resourceType).toBe('image');
    expect(img.exchange.startedAt).toBe(Date.parse('2025-06-12T09:14:04.230Z'));
    // Exchanges come out in time order.
    const starts = imp.exchanges.map((x) => x.exchange.startedAt ?? 0);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('ids are distinct and carry the prefix', () => {
    const text = JSON.stringify({ log: { entries: [
      { startedDateTime: '2025-06-12T09:00:00Z', request: { method: 'GET', url: 'https://a.example/', headers: [] }, response: { status: 200, headers: [] } },
      { startedDateTime: '2025-06-12T09:00:01Z', request: { method: 'GET', url: 'https://a.example/', headers: [] }, response: { status: 200, headers: [] } },
    ] } });
    const imp = unwrap(importHarValue(JSON.parse(text), { idPrefix: 'f1-' }));
    expect(imp.exchanges.map((x) => x.exchange.id)).toEqual(['f1-0', 'f1-1']);
  });
});

describe("corsight's own export", () => {
  const imp = importFixture('corsight-export.har');

  it('uses the recorded facts and exchange ids', () => {
    const x = imp.exchanges.find((e) => e.exchange.id === 'cs-17');
    expect(x?.exchange).toMatchObject({ initiator: APP, credentials: 'same-origin', mode: 'cors', preflightCached: true });
    expect(x?.exchange.hops[0]?.request.headersComplete).toBe(true);
  });

  it('pairs a preflight by exchange id even when it is far from the request in time', () => {
    const x = imp.exchanges.find((e) => e.exchange.id === 'cs-18');
    expect(x?.exchange.hops[0]?.preflight?.response?.status).toBe(204);
    expect(x?.exchange.preflightCached).toBe(false);
    // Malformed fields (mode "not-a-mode", credentials 42) are ignored, not errors.
    expect(x?.exchange.mode).toBeUndefined();
    expect(x?.exchange.credentials).toBeUndefined();
  });

  it('tolerates a _corsight that is not an object', () => {
    expect(exchangeFor(imp, 'GET', 'https://api.example.com/v1/ping').exchange.id).toMatch(/^har-\d+$/);
    expect(imp.exchanges).toHaveLength(3);
  });
});
