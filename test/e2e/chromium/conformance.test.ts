/**
 * Chromium conformance: every lab scenario runs in the real Chromium (one launch for all), and the
 * engine, given only what webRequest could see of it, must name the same CORS error and failed
 * parameter as Chromium's own `loadingFailed.corsErrorStatus`, and call it blocked exactly when
 * Chromium blocked it. `npx tsx test/conformance/record-chromium.ts` writes the same run to
 * test/conformance/recordings/chromium.json for offline work.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/shared/cors/index';
import type { RecordedScenario } from '../../conformance/recording';
import { SCENARIOS } from '../../lab/scenarios';
import { chromiumComparison, exposureComparison, UNSEEN_BY_WEBREQUEST } from '../../conformance/verdicts';
import { recordChromium } from './recorder';

const recorded = new Map<string, RecordedScenario>();

beforeAll(async () => {
  const recording = await recordChromium(SCENARIOS);
  for (const s of recording.scenarios) recorded.set(s.id, s);
}, 300_000);

function recordingOf(id: string): RecordedScenario {
  const r = recorded.get(id);
  if (!r) throw new Error(`scenario ${id} was not recorded`);
  return r;
}

describe('Chromium conformance', () => {
  it.each(SCENARIOS.map((s) => [s.rule, s.id] as const))('%s: %s', (_rule, id) => {
    const r = recordingOf(id);
    if (r.exchange === null) {
      // Blink refused the request before the network: no event for webRequest, nothing to diagnose.
      expect(r.chromium.corsError).toBeNull();
      return;
    }
    const d = diagnose(r.exchange);
    const unseen = UNSEEN_BY_WEBREQUEST[id];
    if (unseen) {
      // The engine cannot match Chromium here from what webRequest shows; it must say what it could not see.
      expect(d.undecided.join(' ')).toContain(unseen.engineSays);
      return;
    }
    const { actual, expected } = chromiumComparison(d, r.chromium);
    expect(actual).toEqual(expected);
    const exposed = exposureComparison(d, r.chromium.readableHeaders);
    if (exposed) expect(exposed.actual, 'response headers script could read').toEqual(exposed.expected);
  });
});

describe('harness', () => {
  // The exchanges are only as good as the CDP-to-Exchange conversion: check it against the lab's own log.
  it('every exchange holds exactly the requests the lab server received', () => {
    const mismatches: string[] = [];
    for (const s of SCENARIOS) {
      const r = recordingOf(s.id);
      if ((s.client.repeat ?? 1) !== 1) continue;
      const fromExchange = (r.exchange?.hops ?? []).flatMap((h) => [
        ...(h.preflight?.response ? [h.preflight.request.method] : []),
        ...(h.request.headersComplete ? [h.request.method] : []),
      ]);
      const fromLab = r.serverSaw.map((line) => line.split(' ')[0]);
      if (fromExchange.join(' ') !== fromLab.join(' ')) {
        mismatches.push(`${s.id}: exchange ${fromExchange.join(' ')} / lab ${fromLab.join(' ')}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('credentials and mode stay out of the exchange', () => {
    for (const r of recorded.values()) {
      expect(r.exchange?.credentials).toBeUndefined();
      expect(r.exchange?.mode).toBeUndefined();
    }
  });
});
