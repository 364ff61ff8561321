/**
 * The background's capture service with an in-memory storage area (our own fake of the three methods it
 * uses) and a manual clock: what is stored, what panels are told, and that a second instance reading the
 * same storage (a restarted service worker) finishes an exchange the first one started.
 */
import { describe, expect, it } from 'vitest';
import { createCapture, type CaptureDeps } from '../../../src/background/capture';
import type { SessionArea } from '../../../src/background/session-store';
import type { NetEvent } from '../../../src/shared/capture/events';
import type { StoredExchange } from '../../../src/shared/capture/log';
import type { BackgroundMessage } from '../../../src/shared/protocol';

class MemoryArea implements SessionArea {
  data = new Map<string, unknown>();
  failNextSet = false;
  async get(keys: string | string[] | null) {
    const list = keys === null ? [...this.data.keys()] : Array.isArray(keys) ? keys : [keys];
    const out: Record<string, unknown> = {};
    for (const k of list) if (this.data.has(k)) out[k] = structuredClone(this.data.get(k));
    return out;
  }
  async set(items: Record<string, unknown>) {
    if (this.failNextSet && Object.keys(items).some((k) => k.startsWith('x:'))) {
      this.failNextSet = false;
      throw new Error('QUOTA_BYTES quota exceeded');
    }
    for (const [k, v] of Object.entries(items)) this.data.set(k, structuredClone(v));
  }
  async remove(keys: string | string[]) {
    for (const k of Array.isArray(keys) ? keys : [keys]) this.data.delete(k);
  }
}

const A = 'http://127.0.0.1:1000';
const API = 'http://127.0.0.1:2000';

function setup(area = new MemoryArea(), extra: Partial<CaptureDeps> = {}) {
  const messages: BackgroundMessage[] = [];
  const warnings: string[] = [];
  let now = 0;
  const timers: Array<{ at: number; fn: () => void }> = [];
  const capture = createCapture({
    area,
    browser: 'chromium',
    now: () => now,
    notify: (_tab, m) => messages.push(m),
    // One manual clock for the settle timers and the write coalescing; idle() flushes pending writes.
    timers: {
      set: (fn, ms) => {
        const t = { at: now + ms, fn };
        timers.push(t);
        return t;
      },
      clear: (h) => {
        const i = timers.indexOf(h as (typeof timers)[number]);
        if (i >= 0) timers.splice(i, 1);
      },
    },
    warn: (m) => warnings.push(m),
    ...extra,
  });
  const advance = async (ms: number) => {
    now += ms;
    for (const t of timers.filter((x) => x.at <= now)) {
      timers.splice(timers.indexOf(t), 1);
      t.fn();
    }
    await capture.idle();
  };
  return { area, capture, messages, warnings, advance };
}

/** A preflighted PUT, blocked at its actual response (no Access-Control-Allow-Origin), in Chromium's order. */
function blockedPut(id: string, t = 0, tabId = 1): NetEvent[] {
  const h = (pairs: Array<[string, string]>) => pairs.map(([name, value]) => ({ name, value }));
  const url = `${API}/items/${id}`;
  return [
    { kind: 'request', id, tabId, t, method: 'PUT', url, type: 'xmlhttprequest', initiator: A },
    { kind: 'request', id: `${id}p`, tabId, t: t + 1, method: 'OPTIONS', url, type: 'other', initiator: A },
    { kind: 'send-headers', id: `${id}p`, tabId, t: t + 1, headers: h([['Origin', A], ['Access-Control-Request-Method', 'PUT']]) },
    { kind: 'response', id: `${id}p`, tabId, t: t + 2, status: 204, headers: h([['Access-Control-Allow-Origin', A], ['Access-Control-Allow-Methods', 'PUT']]) },
    { kind: 'completed', id: `${id}p`, tabId, t: t + 2, status: 204 },
    { kind: 'send-headers', id, tabId, t: t + 3, headers: h([['Origin', A]]) },
    { kind: 'response', id, tabId, t: t + 4, status: 200, headers: [] },
    { kind: 'error', id, tabId, t: t + 4, error: 'net::ERR_FAILED' },
  ];
}

const entries = (area: MemoryArea, tabId = 1) => [...area.data.entries()].filter(([k]) => k.startsWith(`x:${tabId}:`)).map(([, v]) => v as StoredExchange);

describe('capture service', () => {
  it('stores a finished exchange with its diagnosis summary, and tells subscribed panels', async () => {
    const { area, capture, messages } = setup();
    for (const e of blockedPut('1')) await capture.handle(e);
    await capture.idle();
    const stored = entries(area);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.exchange.hops[0]?.preflight?.response?.status).toBe(204);
    expect(stored[0]?.summary).toMatchObject({ verdict: 'blocked', chromiumError: 'MissingAllowOriginHeader', stage: 'actual' });
    expect(messages.map((m) => m.type)).toEqual(['added']);
    const snap = await capture.snapshot(1);
    expect(snap).toMatchObject({ type: 'snapshot', tabId: 1, dropped: 0, preserveLog: false });
    expect(snap.type === 'snapshot' && snap.entries.map((e) => e.seq)).toEqual([0]);
  });

  it('a restarted background (a new instance on the same storage) finishes the exchange the old one started', async () => {
    const area = new MemoryArea();
    const events = blockedPut('1');
    const first = setup(area);
    for (const e of events.slice(0, 5)) void first.capture.handle(e); // preflight done, request not sent yet
    await first.capture.idle();
    expect(entries(area)).toHaveLength(0);
    // The worker is stopped: its memory is gone. A new one gets the rest of the events.
    const second = setup(area);
    for (const e of events.slice(5)) void second.capture.handle(e);
    await second.capture.idle();
    const stored = entries(area);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.exchange.hops[0]?.preflight?.request.method).toBe('OPTIONS');
    expect(stored[0]?.summary.chromiumError).toBe('MissingAllowOriginHeader');
  });

  it('keeps the cap: evicts the oldest, removes them from storage and reports the count', async () => {
    const { area, capture, messages } = setup(undefined, { cap: 3 });
    for (let i = 0; i < 5; i++) for (const e of blockedPut(String(i), i * 10)) await capture.handle(e);
    await capture.idle();
    expect(entries(area).map((e) => e.seq).sort()).toEqual([2, 3, 4]);
    const dump = await capture.dump(1);
    expect(dump.dropped).toBe(2);
    expect(messages.filter((m) => m.type === 'evicted').at(-1)).toMatchObject({ firstSeq: 2, dropped: 2 });
  });

  it('coalesces a burst: every exchange of a flood is stored, with far fewer writes than events', async () => {
    const area = new MemoryArea();
    let writes = 0;
    const set = area.set.bind(area);
    area.set = async (items) => {
      writes++;
      return set(items);
    };
    const { capture } = setup(area);
    const events = Array.from({ length: 200 }, (_, i) => blockedPut(String(i), i)).flat();
    for (const e of events) void capture.handle(e);
    await capture.idle();
    expect(entries(area)).toHaveLength(200);
    expect(writes).toBeLessThan(events.length / 20);
  });

  it('clears on navigation unless preserve log is on; Clear always clears', async () => {
    const { area, capture, messages } = setup();
    const nav: NetEvent = { kind: 'request', id: 'n', tabId: 1, t: 50, method: 'GET', url: `${A}/`, type: 'main_frame', initiator: A };
    for (const e of blockedPut('1')) await capture.handle(e);
    await capture.setPreserveLog(1, true);
    await capture.handle(nav);
    await capture.idle();
    expect(entries(area)).toHaveLength(1);
    await capture.setPreserveLog(1, false);
    await capture.handle({ ...nav, id: 'n2' });
    await capture.idle();
    expect(entries(area)).toHaveLength(0);
    expect(messages.filter((m) => m.type === 'cleared').map((m) => m.type === 'cleared' && m.reason)).toEqual(['navigation']);
    for (const e of blockedPut('2', 100)) await capture.handle(e);
    await capture.idle();
    expect(entries(area)).toHaveLength(1);
    await capture.clear(1, 'user');
    expect(entries(area)).toHaveLength(0);
  });

  it('a refused write during eviction leaves no key behind that the log no longer knows', async () => {
    const { area, capture } = setup(undefined, { cap: 2 });
    for (let i = 0; i < 2; i++) for (const e of blockedPut(String(i), i * 10)) await capture.handle(e);
    await capture.idle();
    area.failNextSet = true;
    for (const e of blockedPut('2', 100)) await capture.handle(e);
    await capture.idle();
    expect(entries(area).map((e) => e.seq)).toEqual([1]);
    expect((await capture.dump(1)).dropped).toBe(2);
    await capture.tabClosed(1);
    expect([...area.data.keys()]).toEqual([]);
  });

  it('a closed tab leaves nothing behind', async () => {
    const { area, capture } = setup();
    for (const e of blockedPut('1', 0, 7)) await capture.handle(e);
    await capture.idle();
    expect(area.data.size).toBeGreaterThan(0);
    await capture.tabClosed(7);
    expect([...area.data.keys()]).toEqual([]);
  });

  it('settles a request whose end is never reported, by timer, and a storage failure is counted, not fatal', async () => {
    const { area, capture, advance, warnings } = setup();
    const events = blockedPut('1').slice(0, 5).map((e) => (e.kind === 'response' ? { ...e, status: 404 } : e));
    for (const e of events) await capture.handle(e);
    await capture.idle();
    expect(entries(area)).toHaveLength(0);
    await advance(2_100);
    expect(entries(area)).toHaveLength(1);
    expect(entries(area)[0]?.exchange.outcome).toEqual({ kind: 'unknown' });
    area.failNextSet = true;
    for (const e of blockedPut('2', 5_000)) await capture.handle(e);
    await capture.idle();
    expect(warnings.join('\n')).toMatch(/could not store 1 exchange/);
    expect((await capture.dump(1)).dropped).toBe(1);
  });
});
