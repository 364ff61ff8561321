/**
 * Offline replay of what the real browsers said in the conformance lab (test/conformance/recordings,
 * re-recorded by `npx tsx test/conformance/record-chromium.ts` / `record-firefox.ts`). The live suites in
 * test/e2e run the same comparison against the browsers themselves; this keeps engine work fast.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/shared/cors';
import type { Exchange } from '../../../src/shared/model';
import { chromiumComparison, exposureComparison, firefoxComparison, UNSEEN_BY_WEBREQUEST, type ChromiumVerdict } from '../../conformance/verdicts';
import { FIREFOX_CONFORMANCE_SUBSET } from '../../e2e/firefox/subset';

const read = <T,>(name: string): T => JSON.parse(readFileSync(new URL(`../../conformance/recordings/${name}`, import.meta.url), 'utf8')) as T;
const chromium = read<{ version: string; scenarios: Array<{ id: string; exchange: Exchange | null; chromium: ChromiumVerdict & { readableHeaders?: string[] } }> }>('chromium.json');
const firefox = read<{ scenarios: Array<{ id: string; exchange: Exchange | null; firefox: { reason: string | null; blocked: boolean } }> }>('firefox.json');

describe(`Chromium ${chromium.version} recordings`, () => {
  it('cover at least 100 scenarios', () => expect(chromium.scenarios.length).toBeGreaterThanOrEqual(100));
  it.each(chromium.scenarios.filter((s) => s.exchange && !UNSEEN_BY_WEBREQUEST[s.id]).map((s) => [s.id, s] as const))('%s', (_id, s) => {
    const d = diagnose(s.exchange as Exchange);
    const { actual, expected } = chromiumComparison(d, s.chromium);
    expect(actual).toEqual(expected);
    const exposed = exposureComparison(d, s.chromium.readableHeaders);
    if (exposed) expect(exposed.actual, 'response headers script could read').toEqual(exposed.expected);
  });
  it('checks which response headers script can read on at least 80 allowed scenarios', () => {
    const checked = chromium.scenarios.filter((s) => s.exchange && exposureComparison(diagnose(s.exchange), s.chromium.readableHeaders));
    expect(checked.length).toBeGreaterThanOrEqual(80);
  });
});

describe('Firefox ESR recordings (the live subset)', () => {
  const byId = new Map(firefox.scenarios.map((s) => [s.id, s]));
  it.each(FIREFOX_CONFORMANCE_SUBSET.map((id) => [id] as const))('%s', (id) => {
    const s = byId.get(id);
    if (!s?.exchange) throw new Error(`${id} is missing from firefox.json: re-record it`);
    const { actual, expected } = firefoxComparison(diagnose(s.exchange), s.firefox);
    expect(actual).toEqual(expected);
  });
});
