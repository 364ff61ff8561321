/**
 * Firefox ESR conformance: runs lab scenarios live in one headless Firefox (no extension), reads
 * Firefox's own verdict from its console (the `security.properties` key of the CORS error it logged),
 * builds the engine's input from what webRequest would show, and checks that the engine names the same
 * reason and blocks exactly when Firefox blocked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnose, FIREFOX_CORS_REASONS } from '../../../src/shared/cors';
import { firefoxComparison } from '../../conformance/verdicts';
import { SCENARIOS } from '../../lab/scenarios';
import { securityProperties } from './chrome-scope';
import { recordRun } from './firefox-recording';
import { startFirefoxLab, type FirefoxLabSession } from './lab-session';
import { FIREFOX_CONFORMANCE_SUBSET } from './subset';

describe('Firefox ESR conformance', () => {
  let session: FirefoxLabSession | undefined;

  beforeAll(async () => {
    session = await startFirefoxLab();
  });

  afterAll(async () => {
    await session?.close();
  });

  function live(): FirefoxLabSession {
    if (!session) throw new Error('Firefox did not start');
    return session;
  }

  it('knows every CORS key of the running Firefox', async () => {
    const keys = Object.keys(await securityProperties(live().browser)).filter((k) => k.startsWith('CORS'));
    expect(keys.length).toBeGreaterThan(10);
    expect(keys.filter((k) => !(FIREFOX_CORS_REASONS as readonly string[]).includes(k))).toEqual([]);
  });

  for (const id of FIREFOX_CONFORMANCE_SUBSET) {
    it(id, async () => {
      const scenario = SCENARIOS.find((s) => s.id === id);
      if (!scenario) throw new Error(`scenario ${id} is no longer in the lab (test/lab/scenario-groups)`);
      const lab = live();
      const recorded = recordRun(await lab.run(scenario), lab.origins.A);
      const diagnosis = diagnose(recorded.exchange);
      const context = `Firefox: ${recorded.firefox.message ?? (recorded.firefox.blocked ? recorded.firefox.pageError : 'not blocked')}`;
      const { actual, expected } = firefoxComparison(diagnosis, recorded.firefox);
      expect(actual, context).toEqual(expected);
    });
  }
});
