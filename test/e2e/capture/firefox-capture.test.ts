/**
 * The capture in real Firefox ESR: the built extension (dist-firefox/, an MV3 event page) watches the lab
 * page while every scenario of the Firefox conformance subset runs. Once the background has had time to
 * settle what Firefox never reports the end of (more than SETTLE_MS after the last run), the log it kept in
 * storage.session is read through a page of the extension, and for each scenario:
 * - an exchange is stored for the run (one per repetition), unless the engine calls the run same-origin
 *   or not CORS;
 * - its stored summary is the engine's diagnosis of the stored exchange;
 * - that diagnosis names the CORS error Firefox logged in its console, and blocks exactly when Firefox
 *   blocked (the comparison the engine conformance suite makes, test/e2e/firefox/conformance.test.ts);
 * - its hops and preflights are what the lab received: each preflight on the hop it was sent for, each
 *   request the lab received a hop whose headers were seen, with the status the lab answered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnose, triage } from '../../../src/shared/cors';
import { summarize, type StoredExchange } from '../../../src/shared/capture/log';
import { SETTLE_MS } from '../../../src/shared/capture/pairing';
import type { Exchange } from '../../../src/shared/model';
import { FIREFOX_WEBREQUEST_LIMITS, firefoxComparison } from '../../conformance/verdicts';
import { headerValue } from '../../lab/raw-http';
import { SCENARIOS } from '../../lab/scenarios';
import type { LabRequest } from '../../lab/server';
import { recordRun } from '../firefox/firefox-recording';
import { firefoxVerdict, type FirefoxVerdict } from '../firefox/firefox-verdict';
import type { FirefoxRun } from '../firefox/lab-session';
import { FIREFOX_CONFORMANCE_SUBSET } from '../firefox/subset';
import { readStoredLog, startFirefoxCapture, type FirefoxCaptureSession } from './firefox-session';

interface Observed {
  run: FirefoxRun;
  verdict: FirefoxVerdict;
  /** The engine's input built from the lab's own log (as the conformance suite builds it). */
  truth: Exchange;
}

let session: FirefoxCaptureSession | undefined;
const observed = new Map<string, Observed>();
let stored: StoredExchange[] = [];
let dropped = 0;
let inFlight = 0;

beforeAll(async () => {
  session = await startFirefoxCapture();
  let lastRunEnded = Date.now();
  for (const id of FIREFOX_CONFORMANCE_SUBSET) {
    const scenario = SCENARIOS.find((s) => s.id === id);
    if (!scenario) throw new Error(`scenario ${id} is no longer in the lab (test/lab/scenario-groups)`);
    const run = await session.run(scenario);
    lastRunEnded = Date.now();
    observed.set(id, {
      run,
      verdict: firefoxVerdict(run.console, !run.page.ok),
      truth: recordRun(run, session.origins.A, { mergeRepeatedHeaders: true }).exchange,
    });
  }
  // Whatever the background would settle by its timer (a request Firefox never reports the end of) is due
  // SETTLE_MS after the last preflight ended. Measured: with every listener registered, Firefox ends each
  // request (a preflight-blocked one too, with onErrorOccurred), so nothing should need it.
  await new Promise((r) => setTimeout(r, Math.max(0, lastRunEnded + SETTLE_MS + 500 - Date.now())));
  const got = await readStoredLog(session.extPage, session.tabId);
  stored = got.entries;
  dropped = got.dropped;
  inFlight = got.inFlight;
}, 110_000);

afterAll(async () => {
  await session?.close();
});

/**
 * Where Firefox's webRequest cannot show what Firefox decided on, so the engine must not claim Firefox's
 * reason: it says so (`undecided`) and still blocks when Firefox blocked.
 */

/** The stored exchanges of a scenario's run, in order (a repeated scenario stores one per repetition). */
function storedFor(id: string): StoredExchange[] {
  const path = `${(observed.get(id) as Observed).run.runPath}/`;
  return stored.filter((e) => e.exchange.hops[0]?.request.url.includes(path));
}

interface HopShape {
  method: string;
  /** Path and query. */
  path: string;
  /** The preflight sent for this hop: its path and the status the server answered (null: none). */
  preflight: { path: string; status: number | null } | null;
  /** The status of the hop's own response, null when it got none. */
  status: number | null;
}

const pathOf = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

/**
 * The hops as the lab saw them (last repetition): every request it received, in order, each preflight on
 * the hop after it; a preflight left over at the end stopped its request, which is then a hop the lab
 * never received.
 */
function labHops(received: readonly LabRequest[]): { hops: HopShape[]; receivedHops: number } {
  const hops: HopShape[] = [];
  let pending: LabRequest | undefined;
  for (const r of received) {
    if (r.method === 'OPTIONS' && headerValue(r.headers, 'access-control-request-method') !== undefined) {
      pending = r;
      continue;
    }
    hops.push({ method: r.method, path: r.target, preflight: pending ? { path: pending.target, status: pending.response?.status ?? null } : null, status: r.response?.status ?? null });
    pending = undefined;
  }
  const receivedHops = hops.length;
  if (pending) {
    hops.push({ method: headerValue(pending.headers, 'access-control-request-method') ?? '?', path: pending.target, preflight: { path: pending.target, status: pending.response?.status ?? null }, status: null });
  }
  return { hops, receivedHops };
}

function storedHops(ex: Exchange): HopShape[] {
  return ex.hops.map((h) => ({
    method: h.request.method,
    path: pathOf(h.request.url),
    preflight: h.preflight ? { path: pathOf(h.preflight.request.url), status: h.preflight.response?.status ?? null } : null,
    status: h.response?.status ?? null,
  }));
}

describe('Firefox capture (dist-firefox/ in headless Firefox ESR, the conformance subset)', () => {
  it('stores every scenario, drops nothing, and leaves nothing in flight', () => {
    expect(dropped).toBe(0);
    expect(inFlight).toBe(0);
    expect(stored.length).toBeGreaterThanOrEqual(FIREFOX_CONFORMANCE_SUBSET.length - 10);
  });

  it.each(FIREFOX_CONFORMANCE_SUBSET.map((id) => [id]))('%s', (id) => {
    const o = observed.get(id) as Observed;
    const entries = storedFor(id);
    const entry = entries.at(-1);
    if (!entry) {
      // (a) Not stored: only right if the engine calls the run same-origin or not CORS.
      const d = diagnose(o.truth);
      expect(d.verdict === 'same-origin' || (d.verdict === 'not-cors' && d.realCause === null), `${id} was not stored, yet the engine says ${d.verdict} of what the lab saw`).toBe(true);
      return;
    }
    // (a) One exchange per repetition: a preflight left unpaired would be an exchange of its own.
    expect(entries.length, `${id}: stored exchanges`).toBe(o.run.scenario.client.repeat ?? 1);
    // (d) Hops and preflights as the lab received them.
    const { hops, receivedHops } = labHops(o.run.received);
    expect(storedHops(entry.exchange)).toEqual(hops);
    entry.exchange.hops.slice(0, receivedHops).forEach((h, i) => expect(h.request.headersComplete, `${id}: hop ${i} was received by the lab`).toBe(true));
    // (b) The stored summary is the engine's diagnosis of the stored exchange.
    const d = diagnose(entry.exchange);
    expect(entry.summary).toEqual(summarize(triage(entry.exchange)));
    // (c) The diagnosis agrees with Firefox's own verdict.
    const { actual, expected } = firefoxComparison(d, o.verdict);
    const limit = FIREFOX_WEBREQUEST_LIMITS[id];
    if (limit) {
      // Firefox's reason is out of the capture's reach (see FIREFOX_WEBREQUEST_LIMITS); the engine says so.
      expect(expected.firefoxReason, `${id} is no longer out of reach: drop it from FIREFOX_WEBREQUEST_LIMITS`).not.toBe(limit.engineReason);
      expect(actual, limit.why).toEqual({ ...expected, firefoxReason: limit.engineReason });
      expect(d.undecided.join(' ')).toContain(limit.engineSays);
      return;
    }
    expect(actual, `Firefox: ${o.verdict.message ?? (o.verdict.blocked ? o.run.page.error : 'not blocked')}`).toEqual(expected);
  });
});
