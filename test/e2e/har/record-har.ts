/**
 * Runs lab scenarios in one headless Chromium whose browser context records a HAR with Playwright's own
 * recorder (`recordHar`), and reads Chromium's verdict of each request from CDP in the same run, as the
 * conformance suite does (test/e2e/chromium/run-scenarios.ts): one page on origin A, one CDP session with
 * Network enabled, each scenario on its own URL (`/s/<id>/<runId>/...`). The HAR is written when the
 * context closes, before this returns.
 */
import type { Origins } from '../../lab/placeholders';
import { startLab, type LabRequest } from '../../lab/server';
import type { Scenario } from '../../lab/scenario-types';
import { mainRequestId } from '../chromium/cdp-events';
import { chromiumVerdict, type ChromiumVerdict } from '../chromium/cdp-to-exchange';
import { launchChromium } from '../chromium/launch';
import type { PageResult } from '../chromium/page-client';
import { openLabPage, runScenarioInPage } from '../chromium/run-scenarios';

export interface HarRun {
  scenario: Scenario;
  runId: string;
  /** The URL the page requested. */
  url: string;
  /** `/s/<id>/<runId>/`: every URL of this run, on any origin, starts its path with it. */
  pathPrefix: string;
  /** What the page saw (of the last repetition). */
  page: PageResult;
  /** Chromium's own verdict, from CDP `Network.loadingFailed.corsErrorStatus` (last repetition). */
  chromium: ChromiumVerdict;
  /** False when Blink refused the request before the network (CDP saw no request). */
  reachedNetwork: boolean;
  /** What the lab server received for this run, every repetition: `METHOD origin-key path`. */
  received: string[];
}

export interface HarRecording {
  browserVersion: string;
  origins: Origins;
  runs: HarRun[];
}

export async function recordPlaywrightHar(scenarios: readonly Scenario[], harPath: string): Promise<HarRecording> {
  const lab = await startLab(scenarios);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ recordHar: { path: harPath, content: 'omit' } });
    const { page, session, log } = await openLabPage(context, lab.originA);

    const runs: HarRun[] = [];
    for (const scenario of scenarios) {
      const { runId, request, result } = await runScenarioInPage(page, log, lab, scenario);
      runs.push({
        scenario,
        runId,
        url: request.url,
        pathPrefix: `/s/${scenario.id}/${runId}/`,
        page: result,
        chromium: chromiumVerdict(log.events, request.url),
        reachedNetwork: mainRequestId(log.events, request.url) !== undefined,
        received: lab.requestsFor(scenario.id, runId).map((r: LabRequest) => `${r.method} ${r.origin} ${r.target}`),
      });
    }
    await session.detach();
    // Playwright writes the HAR when the context closes.
    await context.close();
    return { browserVersion: browser.version(), origins: lab.origins, runs };
  } finally {
    await browser.close();
    await lab.close();
  }
}
