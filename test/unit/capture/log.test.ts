import { describe, expect, it } from 'vitest';
import { admit, clearLog, emptyLog, summarize, worthKeeping } from '../../../src/shared/capture/log';
import { triage } from '../../../src/shared/cors';
import type { Exchange } from '../../../src/shared/model';

const ex = (url: string, acao: string | null, initiator = 'https://app.example'): Exchange => ({
  id: url,
  browser: 'chromium',
  initiator,
  hops: [{ request: { method: 'GET', url, headers: [{ name: 'Origin', value: initiator }], headersComplete: true }, response: { status: 200, headers: acao ? [{ name: 'Access-Control-Allow-Origin', value: acao }] : [] } }],
  outcome: acao ? { kind: 'completed' } : { kind: 'failed', error: 'net::ERR_FAILED' },
});
const item = (i: number) => {
  const exchange = ex(`https://api.example/${i}`, null);
  return { exchange, summary: summarize(triage(exchange)) };
};

describe('tab log', () => {
  it('numbers exchanges, evicts the oldest beyond the cap and counts them', () => {
    const log = emptyLog(4);
    expect(admit(log, [item(0), item(1), item(2)], 3).evicted).toEqual([]);
    const second = admit(log, [item(3), item(4)], 3);
    expect(second.evicted).toEqual([0, 1]);
    expect(second.entries.map((e) => e.seq)).toEqual([3, 4]);
    expect(log).toMatchObject({ firstSeq: 2, nextSeq: 5, dropped: 2 });
  });

  it('never stores an entry evicted in the batch it arrived in', () => {
    const log = emptyLog(1);
    const r = admit(log, [item(0), item(1), item(2), item(3)], 2);
    expect(r.entries.map((e) => e.seq)).toEqual([2, 3]);
    expect(r.evicted).toEqual([0, 1]);
  });

  it('clearing removes every stored seq, keeps seqs increasing and resets the counts', () => {
    const log = emptyLog(1);
    admit(log, [item(0), item(1), item(2)], 2);
    expect(clearLog(log)).toEqual([1, 2]);
    expect(log).toMatchObject({ firstSeq: 3, nextSeq: 3, dropped: 0 });
    expect(admit(log, [item(9)], 2).entries[0]?.seq).toBe(3);
  });

  it('keeps CORS failures and passes, and failed fetches with a real cause; not same-origin or no-cors loads', () => {
    expect(worthKeeping(triage(ex('https://api.example/x', null)))).toBe(true);
    expect(worthKeeping(triage(ex('https://api.example/x', 'https://app.example')))).toBe(true);
    expect(worthKeeping(triage(ex('https://app.example/x', null)))).toBe(false);
    const refused: Exchange = { ...ex('https://api.example/x', null), outcome: { kind: 'failed', error: 'net::ERR_CONNECTION_REFUSED' } };
    refused.hops = [{ request: refused.hops[0]!.request }];
    expect(worthKeeping(triage(refused))).toBe(true);
    const image: Exchange = { ...ex('https://cdn.example/a.png', 'x'), resourceType: 'image' };
    image.hops = [{ request: { method: 'GET', url: 'https://cdn.example/a.png', headers: [{ name: 'Accept', value: 'image/*' }], headersComplete: true }, response: { status: 200, headers: [] } }];
    expect(worthKeeping(triage(image))).toBe(false);
  });

  it('summarises the rule in a few words, with both browsers\' names', () => {
    const s = summarize(triage({ ...ex('https://api.example/x', 'https://other.example'), outcome: { kind: 'failed', error: 'net::ERR_FAILED' } }));
    expect(s).toMatchObject({ verdict: 'blocked', code: 'allow-origin-mismatch', chromiumError: 'AllowOriginMismatch', firefoxReason: 'CORSAllowOriginNotMatchingOrigin', failedParameter: 'https://other.example' });
    expect(s.title.length).toBeLessThan(60);
  });
});
