import { describe, expect, it } from 'vitest';
import { importHarText } from '../../../src/shared/har';
import { generateHarWithExpectations } from '../../fixtures/har/generate';

describe('a 10,000-entry HAR', () => {
  const { har, expected } = generateHarWithExpectations({ entries: 10_000, seed: 7 });
  const text = JSON.stringify(har);

  it('imports every entry: one exchange per request chain, every preflight paired, every redirect chained', () => {
    const r = importHarText(text);
    if (!r.ok) throw new Error(r.error.reason);
    const exchanges = r.value.exchanges;
    expect((har.log as { entries: unknown[] }).entries.length).toBeGreaterThanOrEqual(10_000);
    expect(exchanges).toHaveLength(expected.exchanges);
    expect(exchanges.filter((x) => x.exchange.hops.some((h) => h.preflight))).toHaveLength(expected.preflights);
    expect(exchanges.filter((x) => x.exchange.hops.length === 2)).toHaveLength(expected.redirects);
    // Paired correctly, not just paired: each request's preflight announces its method.
    for (const x of exchanges) {
      const hop = x.exchange.hops[0];
      const acrm = hop?.preflight?.request.headers.find((h) => h.name === 'access-control-request-method')?.value;
      if (acrm !== undefined) expect(acrm).toBe(hop?.request.method);
    }
    // No entry lost or used twice.
    const used = exchanges.flatMap((x) => x.entries).sort((a, b) => a - b);
    expect(used).toEqual([...used.keys()]);
  });
});

describe('pairing stays sub-quadratic when every entry shares one URL', () => {
  it('10,000 entries, 1 ms apart, all inside each other\'s time window', () => {
    const entries: unknown[] = [];
    const origin = { name: 'Origin', value: 'https://b.example' };
    for (let i = 0; i < 5000; i++) {
      const t = Date.UTC(2025, 0, 1) + i * 2;
      entries.push({ startedDateTime: new Date(t).toISOString(), time: 5, request: { method: 'PUT', url: 'https://a.example/x', headers: [origin] }, response: { status: 200, headers: [] } });
      entries.push({
        startedDateTime: new Date(t + 1).toISOString(),
        time: 5,
        request: { method: 'OPTIONS', url: 'https://a.example/x', headers: [origin, { name: 'Access-Control-Request-Method', value: 'PUT' }] },
        response: { status: 204, headers: [] },
      });
    }
    // Quadratic candidate generation would weigh 25 million pairs here; the speed itself is measured by
    // `npm run bench`, not asserted in a test.
    const r = importHarText(JSON.stringify({ log: { entries } }));
    expect(r.ok && r.value.exchanges.filter((x) => x.exchange.hops[0]?.preflight).length).toBe(5000);
  });
});
