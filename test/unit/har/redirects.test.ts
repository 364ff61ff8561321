import { describe, expect, it } from 'vitest';
import { importHarValue } from '../../../src/shared/har';
import { exchangeFor, importFixture, unwrap } from './load-fixture';

const h = (name: string, value: string) => ({ name, value });
const APP = 'https://app.example.com';
const at = (t: number) => new Date(Date.UTC(2025, 5, 12, 9, 0, 0) + t).toISOString();
const entry = (t: number, method: string, url: string, status: number, resHeaders: { name: string; value: string }[] = [], redirectURL = '') => ({
  startedDateTime: at(t),
  time: 20,
  request: { method, url, headers: [h('Origin', APP)] },
  response: { status, headers: resHeaders, redirectURL },
});
const har = (entries: unknown[]) => ({ log: { version: '1.2', creator: { name: 'mitmproxy' }, entries } });

describe('redirect chains', () => {
  const imp = importFixture('redirects.har');

  it('chains a cross-origin redirect into one exchange with two hops', () => {
    const x = exchangeFor(imp, 'GET', 'https://api.example.com/v1/report/991');
    expect(x.exchange.hops.map((hop) => [hop.request.url, hop.response?.status])).toEqual([
      ['https://api.example.com/v1/report/991', 302],
      ['https://files.example.org/r/991?sig=9a8b7c6d5e&exp=1749720000', 200],
    ]);
    // The second hop's Origin became "null" after the cross-origin redirect; the initiator is the page.
    expect(x.exchange.initiator).toBe(APP);
    expect(x.exchange.outcome).toEqual({ kind: 'completed' });
  });

  it('resolves a relative Location and takes the nearest matching entry, not a later visit to the same URL', () => {
    const x = exchangeFor(imp, 'GET', 'https://api.example.com/v1/account');
    expect(x.exchange.hops).toHaveLength(2);
    expect(x.exchange.hops[1]?.request.url).toBe('https://api.example.com/login?next=%2Fv1%2Faccount');
    expect(x.exchange.hops[1]?.request.headers.find((hh) => hh.name === 'origin')?.value).toBe(APP);
    // The blocked last hop decides the outcome.
    expect(x.exchange.outcome).toEqual({ kind: 'failed', error: 'net::ERR_FAILED' });
    // The later, hand-opened login page is its own exchange.
    const visits = imp.exchanges.filter((e) => e.exchange.hops.some((hop) => hop.request.url.includes('/login')));
    expect(visits).toHaveLength(2);
    expect(visits.map((v) => v.exchange.hops.length).sort()).toEqual([1, 2]);
  });

  it('follows 303 with a GET', () => {
    const x = exchangeFor(imp, 'POST', 'https://api.example.com/v1/export');
    expect(x.exchange.hops.map((hop) => hop.request.method)).toEqual(['POST', 'GET']);
  });

  it('folds every hop: the fixture has 7 entries and 4 exchanges', () => {
    expect(imp.exchanges).toHaveLength(4);
    expect(imp.exchanges.flatMap((x) => x.entries).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('does not chain a 307 to an entry with another method, nor one that starts too late', () => {
    const imp2 = unwrap(
      importHarValue(
        har([
          entry(0, 'PUT', 'https://a.example/x', 307, [h('Location', 'https://b.example/y')]),
          entry(25, 'GET', 'https://b.example/y', 200),
          entry(60_000, 'PUT', 'https://b.example/y', 200),
        ]),
      ),
    );
    expect(imp2.exchanges).toHaveLength(3);
    const first = imp2.exchanges[0];
    expect(first?.exchange.hops).toHaveLength(1);
    expect(first?.notes.join(' ')).toContain('redirects to https://b.example/y, but the HAR has no entry for that request');
  });

  it('chains three hops and survives equal timestamps without looping', () => {
    const imp3 = unwrap(
      importHarValue(
        har([
          entry(0, 'GET', 'https://a.example/1', 302, [h('Location', 'https://a.example/2')]),
          entry(0, 'GET', 'https://a.example/2', 302, [h('Location', 'https://a.example/1')]),
          entry(30, 'GET', 'https://a.example/3', 200),
        ]),
      ),
    );
    // A redirect loop with identical times: every entry still ends up in exactly one exchange.
    expect(imp3.exchanges.flatMap((x) => x.entries).sort()).toEqual([0, 1, 2]);
    const imp4 = unwrap(
      importHarValue(
        har([
          entry(40, 'GET', 'https://c.example/3', 200),
          entry(20, 'GET', 'https://b.example/2', 301, [h('Location', '/3')], 'https://c.example/3'),
          entry(0, 'GET', 'https://a.example/1', 302, [h('Location', 'https://b.example/2#frag')]),
        ]),
      ),
    );
    expect(imp4.exchanges).toHaveLength(1);
    expect(imp4.exchanges[0]?.exchange.hops.map((hop) => hop.request.url)).toEqual([
      'https://a.example/1',
      'https://b.example/2',
      'https://c.example/3',
    ]);
  });

  it('keeps a redirect loop whole when each hop\'s time overlaps the next hop\'s start (Playwright)', () => {
    const loop = 'http://127.0.0.1:4101/loop';
    const timed = (t: number, time: number, status: number) => ({ ...entry(t, 'GET', loop, status, status === 302 ? [h('Location', loop)] : []), time });
    const imp5 = unwrap(importHarValue(har([timed(0, 12, 302), timed(8, 6.5, 302), { ...timed(13, 1, 0), response: { status: -1, headers: [], _failureText: 'net::ERR_TOO_MANY_REDIRECTS' } }])));
    expect(imp5.exchanges).toHaveLength(1);
    expect(imp5.exchanges[0]?.entries).toEqual([0, 1, 2]);
  });
});
