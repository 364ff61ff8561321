/**
 * Whatever order, duplication or nonsense the events come in (a flood, a restart that lost some, a
 * browser that changes its ways), the reducer never throws, its state stays storable, and settling
 * leaves nothing in flight: every request becomes an exchange the engine can diagnose.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/shared/cors';
import type { NetEvent } from '../../../src/shared/capture/events';
import { applyEvent, emptyTabState, settle, SETTLE_MS } from '../../../src/shared/capture/pairing';

const id = fc.constantFrom('1', '2', '3', 'p1', 'p2');
const url = fc.constantFrom('http://api.test/a', 'http://api.test/b', 'http://page.test/', 'data:,x', 'not a url', '');
const t = fc.integer({ min: 0, max: 30_000 });
const headers = fc.array(
  fc.record({ name: fc.constantFrom('Origin', 'Access-Control-Request-Method', 'Access-Control-Allow-Origin', 'Location', 'X-Token', 'cookie'), value: fc.constantFrom('http://page.test', 'PUT', '*', '/b', '', 'null') }),
  { maxLength: 5 },
);
const event: fc.Arbitrary<NetEvent> = fc.oneof(
  fc.record({ kind: fc.constant('request' as const), id, tabId: fc.constant(1), t, method: fc.constantFrom('GET', 'PUT', 'OPTIONS', 'patch'), url, type: fc.constantFrom('xmlhttprequest', 'main_frame', 'image', 'other'), initiator: fc.constantFrom('http://page.test', 'null', 'garbage') }),
  fc.record({ kind: fc.constant('send-headers' as const), id, tabId: fc.constant(1), t, headers }),
  fc.record({ kind: fc.constant('response' as const), id, tabId: fc.constant(1), t, status: fc.constantFrom(200, 204, 302, 404, 0), headers }),
  fc.record({ kind: fc.constant('redirect' as const), id, tabId: fc.constant(1), t, to: url }),
  fc.record({ kind: fc.constant('completed' as const), id, tabId: fc.constant(1), t, status: fc.constantFrom(200, 302) }),
  fc.record({ kind: fc.constant('error' as const), id, tabId: fc.constant(1), t, error: fc.constantFrom('net::ERR_FAILED', 'NS_ERROR_DOM_BAD_URI', 'net::ERR_ABORTED') }),
);

describe('pairing reducer properties', () => {
  it('any event sequence: no throw, storable state, and nothing left in flight after settling', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 40 }), (events) => {
        let state = emptyTabState();
        const out = [];
        for (const e of events) {
          out.push(...applyEvent(state, e, { browser: 'chromium' }).finished);
          state = JSON.parse(JSON.stringify(state));
        }
        // Whatever is still open is settled once its preflight is long over, or stays for its end event.
        out.push(...settle(state, 10 * SETTLE_MS + 30_000, { browser: 'chromium' }));
        for (const ex of out) expect(['allowed', 'blocked', 'same-origin', 'not-cors']).toContain(diagnose(ex).verdict);
        // What stays: preflights not over yet, or paired with a request still waiting for its end event.
        for (const p of Object.values(state.preflights)) expect(p.endedAt === undefined || (p.pairedWith !== undefined && p.pairedWith in state.requests)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
