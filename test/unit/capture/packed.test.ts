import { describe, expect, it } from 'vitest';
import { pack, rowHead, unpack } from '../../../src/shared/capture/packed';
import { missingAcao, stored } from '../panel/entries';

describe('snapshot entries, packed', () => {
  it('carry the list\'s fields and the exchange as text, and unpack to the same entry', () => {
    const e = { ...stored(4, missingAcao()), browser: { corsError: 'MissingAllowOriginHeader', failedParameter: null, netError: 'net::ERR_FAILED', agrees: true } };
    const p = pack(e);
    expect(p.head).toEqual({ method: 'GET', url: 'https://api.example/data', status: '200' });
    expect(JSON.parse(p.exchangeJson)).toEqual(e.exchange);
    // Through a port: JSON both ways.
    const back = unpack(JSON.parse(JSON.stringify(p)) as typeof p);
    expect(back.head).toEqual(rowHead(e));
    expect({ seq: back.seq, summary: back.summary, browser: back.browser, exchange: back.exchange }).toEqual(e);
  });

  it('parse the exchange only when it is read, once', () => {
    const p = pack(stored(1, missingAcao()));
    let parses = 0;
    const counted = { ...p, get exchangeJson() {
      parses++;
      return p.exchangeJson;
    } };
    const e = unpack(counted);
    expect(parses).toBe(0);
    expect(e.exchange.hops).toHaveLength(1);
    expect(e.exchange.id).toBe('x1');
    expect(parses).toBe(1);
  });
});
