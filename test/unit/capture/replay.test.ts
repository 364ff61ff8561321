/**
 * Replays the webRequest events recorded from real Chromium (test/capture/recordings, written by
 * test/capture/record-chromium-events.ts) through the same normaliser and pairing reducer the background
 * runs, and checks what comes out against Chromium's own account of each run: one exchange, whose
 * diagnosis names Chromium's CORS error. Also in other arrival orders (Firefox sends a preflight before
 * its request starts) and with the state round-tripped through JSON after every event, as a background
 * that is unloaded and restarted between any two events would.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/shared/cors';
import { fromWebRequest, type NetEvent } from '../../../src/shared/capture/events';
import { applyEvent, emptyTabState, settle, SETTLE_MS, type TabCaptureState } from '../../../src/shared/capture/pairing';
import type { Exchange } from '../../../src/shared/model';
import { chromiumComparison, FIREFOX_WEBREQUEST_LIMITS, firefoxComparison, UNSEEN_BY_WEBREQUEST, type ChromiumVerdict } from '../../conformance/verdicts';
import type { EventRecording, RawEvent } from '../../capture/raw-events';
import { SCENARIOS } from '../../lab/scenarios';

const read = (name: string) => JSON.parse(readFileSync(new URL(`../../capture/recordings/${name}`, import.meta.url), 'utf8')) as EventRecording;
const chromium = read('chromium.json');
const firefox = read('firefox.json');

function normalise(raw: RawEvent[]): NetEvent[] {
  return raw.flatMap((r) => {
    const e = fromWebRequest(r.kind, r.details);
    return e ? [e] : [];
  });
}

function replay(events: NetEvent[], { roundTrip = false, browser = 'chromium' as 'chromium' | 'firefox' } = {}): { exchanges: Exchange[]; state: TabCaptureState } {
  let state = emptyTabState();
  const exchanges: Exchange[] = [];
  for (const e of events) {
    exchanges.push(...applyEvent(state, e, { browser }).finished);
    if (roundTrip) state = JSON.parse(JSON.stringify(state)) as TabCaptureState;
  }
  const last = events.at(-1)?.t ?? 0;
  exchanges.push(...settle(state, last + SETTLE_MS, { browser }));
  return { exchanges, state };
}

const repeated = new Set(SCENARIOS.filter((s) => (s.client.repeat ?? 1) > 1).map((s) => s.id));

describe(`pairing replay: ${chromium.version}, ${chromium.scenarios.length} recorded runs`, () => {
  it('covers every lab scenario', () => expect(chromium.scenarios.length).toBe(SCENARIOS.length));

  it.each(chromium.scenarios.map((s) => [s.id, s] as const))('%s', (id, run) => {
    const events = normalise(run.events);
    const { exchanges, state } = replay(events);
    // Nothing is left behind in flight.
    expect(Object.keys(state.requests)).toEqual([]);
    expect(Object.keys(state.preflights)).toEqual([]);
    if (events.length === 0) return; // Blink refused the request before the network.
    // One exchange per repetition of the page's request, and no stray preflight exchange.
    expect(exchanges.length).toBe(SCENARIOS.find((s) => s.id === id)?.client.repeat ?? 1);
    const ex = exchanges.at(-1) as Exchange;
    const d = diagnose(ex);
    const unseen = UNSEEN_BY_WEBREQUEST[id];
    if (unseen) {
      expect(d.undecided.join(' ')).toContain(unseen.engineSays);
      return;
    }
    const { actual, expected } = chromiumComparison(d, run.verdict as ChromiumVerdict);
    expect(actual).toEqual(expected);
    if (repeated.has(id) && ex.hops.every((h) => !h.preflight) && d.preflight.needed) {
      // A preflighted request repeated without a preflight: the browser's cache answered, and it is observed.
      expect(ex.preflightCached).toBe(true);
      expect(d.assumptions.find((a) => a.about === 'preflight-cache')?.basis).toBe('observed');
    }
  });

  it('pairs a preflight that arrives before its request started (the other arrival order)', () => {
    let moved = 0;
    for (const run of chromium.scenarios) {
      const events = normalise(run.events);
      const preflightIds = new Set(events.filter((e) => e.kind === 'send-headers' && e.headers.some((h) => h.name.toLowerCase() === 'access-control-request-method')).map((e) => e.id));
      if (preflightIds.size === 0) continue;
      const first = events.find((e) => e.kind === 'request' && !preflightIds.has(e.id));
      if (!first) continue;
      // The page's request starts only after its first preflight has ended.
      const firstPreflight = events.filter((e) => preflightIds.has(e.id));
      const endOfFirst = firstPreflight.findIndex((e) => e.kind === 'completed' || e.kind === 'error');
      if (endOfFirst < 0) continue;
      const pre = firstPreflight.slice(0, endOfFirst + 1);
      const rest = events.filter((e) => !pre.includes(e) && e !== first);
      const reordered = [...pre, first, ...rest];
      expect(replay(reordered).exchanges.map((x) => x.hops), run.id).toEqual(replay(events).exchanges.map((x) => x.hops));
      moved++;
    }
    expect(moved).toBeGreaterThan(40);
  });

  it('gives the same exchanges when the state is stored and read back after every event (a restart anywhere)', () => {
    for (const run of chromium.scenarios) {
      const events = normalise(run.events);
      expect(replay(events, { roundTrip: true }).exchanges, run.id).toEqual(replay(events).exchanges);
    }
  });

  it('pairs each of several identical requests in flight at once with its own preflight', () => {
    const run = chromium.scenarios.find((s) => s.id === 'preflight-204');
    if (!run) throw new Error('preflight-204 is not recorded');
    const events = normalise(run.events);
    // Two copies of the same traffic, interleaved event by event, with other request ids; the copy's
    // preflight carries one more header line, so that which preflight went where can be seen.
    const copy = events.map((e): NetEvent => {
      const c = { ...e, id: `${e.id}-2`, t: e.t + 1 };
      const isPreflight = c.kind === 'send-headers' && c.headers.some((h) => h.name.toLowerCase() === 'access-control-request-method');
      return isPreflight ? { ...c, headers: [...c.headers, { name: 'X-Copy', value: '2' }] } : c;
    });
    const mixed = events.flatMap((e, i) => [e, copy[i] as NetEvent]);
    const { exchanges } = replay(mixed);
    expect(exchanges).toHaveLength(2);
    for (const ex of exchanges) {
      expect(diagnose(ex).verdict).toBe('allowed');
      // Each exchange got the preflight of its own copy.
      const copied = ex.hops[0]?.preflight?.request.headers.some((h) => h.name === 'X-Copy') ?? false;
      expect(copied, ex.id).toBe(ex.id.endsWith('-2'));
    }
  });
});

describe(`pairing replay: Firefox ${firefox.version}, ${firefox.scenarios.length} recorded runs`, () => {
  // Firefox's order differs: the request's headers are reported before its preflight starts, and a request
  // its preflight blocked ends in onErrorOccurred(NS_ERROR_DOM_BAD_URI) (measured, ESR 153).
  it.each(firefox.scenarios.map((s) => [s.id, s] as const))('%s', (id, run) => {
    const events = normalise(run.events);
    const { exchanges, state } = replay(events, { roundTrip: true, browser: 'firefox' });
    expect(Object.keys(state.requests)).toEqual([]);
    expect(Object.keys(state.preflights)).toEqual([]);
    if (events.length === 0) return;
    expect(exchanges.length).toBe(SCENARIOS.find((s) => s.id === id)?.client.repeat ?? 1);
    const ex = exchanges.at(-1) as Exchange;
    // Every preflight the browser sent is folded into the exchange, never left as an exchange of its own.
    const sentPreflights = new Set(events.filter((e) => e.kind === 'send-headers' && e.headers.some((h) => h.name.toLowerCase() === 'access-control-request-method')).map((e) => e.id));
    expect(exchanges.flatMap((x) => x.hops.filter((h) => h.preflight)).length).toBe(sentPreflights.size);
    const d = diagnose(ex);
    const { actual, expected } = firefoxComparison(d, run.verdict as { reason: string | null; blocked: boolean });
    const limit = FIREFOX_WEBREQUEST_LIMITS[id];
    if (limit) {
      expect(actual).toEqual({ ...expected, firefoxReason: limit.engineReason });
      expect(d.undecided.join(' ')).toContain(limit.engineSays);
      return;
    }
    expect(actual).toEqual(expected);
  });
});
