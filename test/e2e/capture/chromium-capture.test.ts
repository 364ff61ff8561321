/**
 * The capture in real Chromium: the built extension (dist/) watches the lab page while every lab scenario
 * runs. For each one, what the background stored in storage.session must hold the same hops and
 * preflights, and end the same way, as Chromium's own account of the request (CDP, on a separate
 * session), and its stored diagnosis must name the CORS error Chromium names
 * (`Network.loadingFailed.corsErrorStatus`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnose, triage } from '../../../src/shared/cors';
import { summarize, type StoredExchange } from '../../../src/shared/capture/log';
import type { Exchange } from '../../../src/shared/model';
import { startLab, type Lab } from '../../lab/server';
import { SCENARIOS } from '../../lab/scenarios';
import { chromiumComparison, UNSEEN_BY_WEBREQUEST } from '../../conformance/verdicts';
import { chromiumVerdict, toExchange, type ChromiumVerdict } from '../chromium/cdp-to-exchange';
import { openLabPage, runScenarioInPage } from '../chromium/run-scenarios';
import { launchChromiumWithExtension, type ChromiumWithExtension } from '../support/extension';
import { keepCaptureOn, readStoredLog, tabIdOf } from './stored';

interface Observed {
  runPath: string;
  cdp: Exchange | null;
  verdict: ChromiumVerdict;
}

let lab: Lab;
let chromium: ChromiumWithExtension;
const observed = new Map<string, Observed>();
let stored: StoredExchange[] = [];
let dropped = 0;

beforeAll(async () => {
  lab = await startLab(SCENARIOS);
  chromium = await launchChromiumWithExtension();
  await keepCaptureOn(chromium.context);
  const { page, log } = await openLabPage(chromium.context, lab.originA);
  for (const s of SCENARIOS) {
    const { runId, request } = await runScenarioInPage(page, log, lab, s);
    observed.set(s.id, {
      runPath: `/s/${s.id}/${runId}/`,
      cdp: toExchange(log.events, { id: s.id, initiator: lab.originA, url: request.url }),
      verdict: chromiumVerdict(log.events, request.url),
    });
  }
  const tabId = await tabIdOf(chromium.worker, lab.originA);
  const got = await readStoredLog(chromium.worker, tabId);
  stored = got.entries;
  dropped = got.dropped;
}, 300_000);

afterAll(async () => {
  await chromium?.close();
  await lab?.close();
});

/** The last stored exchange of a scenario's run (a repeated scenario stores one per repetition). */
function storedFor(id: string): StoredExchange | undefined {
  const path = (observed.get(id) as Observed).runPath;
  return stored.filter((e) => e.exchange.hops[0]?.request.url.includes(path)).at(-1);
}

/**
 * Where webRequest sees more than CDP: the redirect that hit ERR_TOO_MANY_REDIRECTS has its 302 in
 * onHeadersReceived, but CDP sends no response ExtraInfo for it (see test/e2e/chromium/network-log.ts).
 */
const CDP_GAPS: Record<string, (truth: ReturnType<typeof shape>, seen: ReturnType<typeof shape>) => void> = {
  'redirect-loop': (truth, seen) => {
    const last = truth.hops.at(-1);
    if (last && last.status === null) last.status = seen.hops.at(-1)?.status ?? null;
  },
};

const shape = (ex: Exchange) => ({
  hops: ex.hops.map((h) => ({ url: h.request.url, method: h.request.method, sent: h.request.headersComplete === true, preflight: h.preflight ? h.preflight.response?.status ?? 'no response' : null, status: h.response?.status ?? null })),
  outcome: ex.outcome.kind,
});

describe('Chromium capture (dist/ in headless Chromium, every lab scenario)', () => {
  it('stores every scenario below the cap, and drops nothing', () => {
    expect(dropped).toBe(0);
    expect(stored.length).toBeGreaterThanOrEqual(150);
  });

  it.each(SCENARIOS.map((s) => [s.rule, s.id] as const))('%s: %s', (_rule, id) => {
    const o = observed.get(id) as Observed;
    const entry = storedFor(id);
    if (o.cdp === null) {
      // Blink refused it before the network: webRequest never saw it.
      expect(entry).toBeUndefined();
      return;
    }
    if (!entry) {
      // Not stored: only right if the engine calls the CDP exchange same-origin or not CORS.
      const d = diagnose(o.cdp);
      expect(d.verdict === 'same-origin' || (d.verdict === 'not-cors' && d.realCause === null), `${id} was not stored, yet the engine says ${d.verdict}`).toBe(true);
      return;
    }
    // Pairing: the same hops, preflights and ending as Chromium's own account.
    const seen = shape(entry.exchange);
    const truth = shape(o.cdp);
    CDP_GAPS[id]?.(truth, seen);
    if ((SCENARIOS.find((s) => s.id === id)?.client.repeat ?? 1) === 1) expect(seen).toEqual(truth);
    // The stored summary is the engine's diagnosis of the stored exchange.
    const d = diagnose(entry.exchange);
    expect(entry.summary).toEqual(summarize(triage(entry.exchange)));
    const unseen = UNSEEN_BY_WEBREQUEST[id];
    if (unseen) {
      expect(d.undecided.join(' ')).toContain(unseen.engineSays);
      return;
    }
    const { actual, expected } = chromiumComparison(d, o.verdict);
    expect(actual).toEqual(expected);
  });
});
