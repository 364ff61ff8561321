/** The pairing reducer's edge cases, with hand-written event sequences (the replay test covers real ones). */
import { describe, expect, it } from 'vitest';
import type { NetEvent } from '../../../src/shared/capture/events';
import { applyEvent, emptyTabState, MAX_IN_FLIGHT, nextSettleAt, settle, SETTLE_MS, type TabCaptureState } from '../../../src/shared/capture/pairing';
import type { Exchange } from '../../../src/shared/model';

const A = 'http://127.0.0.1:1000';
const API = 'http://127.0.0.1:2000/api';
const o = { browser: 'firefox' as const };

function run(state: TabCaptureState, events: NetEvent[]): { finished: Exchange[]; navigated: boolean } {
  const finished: Exchange[] = [];
  let navigated = false;
  for (const e of events) {
    const r = applyEvent(state, e, o);
    finished.push(...r.finished);
    navigated ||= r.navigated;
  }
  return { finished, navigated };
}

const req = (id: string, t: number, method = 'PUT', url = API, type = 'xmlhttprequest'): NetEvent => ({ kind: 'request', id, tabId: 1, t, method, url, type, initiator: A });
const sent = (id: string, t: number, headers: Array<[string, string]>): NetEvent => ({ kind: 'send-headers', id, tabId: 1, t, headers: headers.map(([name, value]) => ({ name, value })) });
const res = (id: string, t: number, status: number, headers: Array<[string, string]> = []): NetEvent => ({ kind: 'response', id, tabId: 1, t, status, headers: headers.map(([name, value]) => ({ name, value })) });
const done = (id: string, t: number, status = 200): NetEvent => ({ kind: 'completed', id, tabId: 1, t, status });
const preflight = (id: string, t: number, method = 'PUT'): NetEvent[] => [req(id, t, 'OPTIONS'), sent(id, t + 1, [['Origin', A], ['Access-Control-Request-Method', method]])];

describe('pairing reducer', () => {
  it('a request whose end is never reported is settled SETTLE_MS after its preflight ended', () => {
    const state = emptyTabState();
    const { finished } = run(state, [req('r', 0), ...preflight('p', 1), res('p', 5, 404), done('p', 6, 404)]);
    expect(finished).toEqual([]);
    expect(nextSettleAt(state)).toBe(6 + SETTLE_MS);
    expect(settle(state, 6 + SETTLE_MS - 1, o)).toEqual([]);
    const [ex] = settle(state, 6 + SETTLE_MS, o);
    expect(ex?.outcome).toEqual({ kind: 'unknown' });
    expect(ex?.hops[0]?.preflight?.response?.status).toBe(404);
    expect(ex?.hops[0]?.request.headersComplete).toBe(false);
    expect(state).toEqual(emptyTabState());
  });

  it('a request whose preflight passed is not settled early: it is sent, and ends normally', () => {
    const state = emptyTabState();
    run(state, [req('r', 0), ...preflight('p', 1), res('p', 5, 204, [['Access-Control-Allow-Origin', A]]), done('p', 6, 204), sent('r', 7, [['Origin', A]])]);
    expect(settle(state, 100_000, o)).toEqual([]);
    const { finished } = run(state, [res('r', 9, 200), done('r', 10)]);
    expect(finished).toHaveLength(1);
    expect(finished[0]?.outcome).toEqual({ kind: 'completed' });
  });

  it('a preflight whose request never showed up still becomes an exchange, built from the preflight', () => {
    const state = emptyTabState();
    run(state, [...preflight('p', 0, 'DELETE'), res('p', 3, 500), done('p', 4, 500)]);
    const [ex] = settle(state, 4 + SETTLE_MS, o);
    expect(ex?.hops[0]?.request).toMatchObject({ method: 'DELETE', url: API, headersComplete: false });
    expect(ex?.initiator).toBe(A);
  });

  it('does not pair a preflight with a request for another method or URL', () => {
    const state = emptyTabState();
    run(state, [req('r', 0, 'PATCH'), ...preflight('p', 1, 'PUT')]);
    expect(state.requests.r?.preflightIds).toBeUndefined();
    expect(state.preflights.p?.pairedWith).toBeUndefined();
  });

  it('a top-level navigation is reported and not tracked', () => {
    const state = emptyTabState();
    const r = run(state, [req('n', 0, 'GET', `${A}/`, 'main_frame')]);
    expect(r.navigated).toBe(true);
    expect(state.requests).toEqual({});
    expect(run(state, [req('f', 0, 'GET', `${A}/frame`, 'sub_frame')]).navigated).toBe(false);
  });

  it('follows a redirect into a second hop, and drops a redirect hop the page never followed', () => {
    const state = emptyTabState();
    const redirect: NetEvent = { kind: 'redirect', id: 'r', tabId: 1, t: 3, to: `${API}/next` };
    const followed = run(state, [req('r', 0, 'GET'), sent('r', 1, [['Origin', A]]), res('r', 2, 302, [['Location', `${API}/next`]]), redirect, req('r', 4, 'GET', `${API}/next`), sent('r', 5, [['Origin', 'null']]), res('r', 6, 200), done('r', 7)]);
    expect(followed.finished[0]?.hops.map((h) => h.request.url)).toEqual([API, `${API}/next`]);
    const manual = run(state, [req('m', 0, 'GET'), sent('m', 1, [['Origin', A]]), res('m', 2, 302, [['Location', `${API}/next`]]), { ...redirect, id: 'm' }, { kind: 'error', id: 'm', tabId: 1, t: 4, error: 'net::ERR_ABORTED' }]);
    expect(manual.finished[0]?.hops.map((h) => h.request.url)).toEqual([API]);
  });

  it('a 303 turns the next hop into a GET, a 307 keeps the method', () => {
    for (const [status, method] of [[303, 'GET'], [307, 'PUT']] as const) {
      const state = emptyTabState();
      run(state, [req('r', 0), sent('r', 1, [['Origin', A]]), res('r', 2, status, [['Location', '/x']]), { kind: 'redirect', id: 'r', tabId: 1, t: 3, to: `${API}/x` }]);
      expect(state.requests.r?.hops[1]?.request.method).toBe(method);
    }
  });

  it('keeps at most MAX_IN_FLIGHT requests in flight, settling the oldest as unknown', () => {
    const state = emptyTabState();
    const events = Array.from({ length: MAX_IN_FLIGHT + 5 }, (_, i) => req(`r${i}`, i, 'GET'));
    const { finished } = run(state, events);
    expect(Object.keys(state.requests)).toHaveLength(MAX_IN_FLIGHT);
    expect(finished.map((x) => x.id)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    expect(finished.every((x) => x.outcome.kind === 'unknown')).toBe(true);
  });
});
