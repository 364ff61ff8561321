/**
 * Runs lab scenarios in one headless Chromium: one page on origin A, one CDP session with Network
 * enabled, each scenario on its own URL (`/s/<id>/<runId>/...`) so no preflight cache entry is shared.
 */
import { randomBytes } from 'node:crypto';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { startLab, type Lab, type LabRequest } from '../../lab/server';
import type { Origins } from '../../lab/placeholders';
import { demoRequest } from '../../lab/demo';
import type { Scenario } from '../../lab/scenario-types';
import type { NetworkEvent } from './cdp-events';
import { launchChromium } from './launch';
import { NetworkLog } from './network-log';
import { runInPage, type PageRequest, type PageResult } from './page-client';

export interface ScenarioRun {
  scenario: Scenario;
  runId: string;
  /** The URL the page requested. */
  url: string;
  /** What the page saw (of the last repetition). */
  page: PageResult;
  /** The CDP Network events of the last repetition. */
  events: NetworkEvent[];
  /** Every request the lab received for this run, all repetitions. */
  received: LabRequest[];
}

export interface LabRun {
  browserVersion: string;
  origins: Origins;
  runs: ScenarioRun[];
}

export interface RunOptions {
  /**
   * Network.setCacheDisabled; false by default. Measured: it DOES bypass Chromium's preflight cache
   * (LOAD_DISABLE_CACHE), and it adds `Cache-Control: no-cache` / `Pragma: no-cache` to every request,
   * which would pollute the recorded request headers. Unique URLs per run keep scenarios apart anyway.
   */
  cacheDisabled?: boolean;
  onRun?: (run: ScenarioRun) => void;
}

/**
 * The lab page on origin A, with a cookie on 127.0.0.1 (cookies ignore ports): credentialed requests to A
 * and B carry it, those to C (localhost) do not, so recordings show both a visible and an invisible
 * credentials mode. CDP's Network domain is on, logging into the returned NetworkLog.
 */
export async function openLabPage(context: BrowserContext, originA: string): Promise<{ page: Page; session: CDPSession; log: NetworkLog }> {
  const page = await context.newPage();
  await page.goto(`${originA}/`);
  await page.evaluate(() => {
    document.cookie = 'lab=1; path=/';
  });
  const session = await context.newCDPSession(page);
  const log = new NetworkLog(session);
  await session.send('Network.enable');
  return { page, session, log };
}

/**
 * Runs one scenario in the lab page (as many times as it asks) under a fresh run id, and waits until CDP
 * has reported every request the lab received. Shared with the HAR recorder.
 */
export async function runScenarioInPage(page: Page, log: NetworkLog, lab: Lab, scenario: Scenario): Promise<{ runId: string; request: PageRequest; result: PageResult }> {
  const runId = randomBytes(4).toString('hex');
  const request = pageRequest(scenario, lab.origins, runId);
  let result: PageResult = { ok: false, error: 'not run' };
  for (let i = 0; i < (scenario.client.repeat ?? 1); i++) {
    log.clear();
    const before = lab.requests.length;
    result = await page.evaluate(runInPage, request);
    await log.settle(request.url, () => lab.requests.length - before);
  }
  return { runId, request, result };
}

export async function runScenarios(scenarios: readonly Scenario[], opts: RunOptions = {}): Promise<LabRun> {
  const lab = await startLab(scenarios);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext();
    const { page, session, log } = await openLabPage(context, lab.originA);
    await session.send('Network.setCacheDisabled', { cacheDisabled: opts.cacheDisabled ?? false });

    const runs: ScenarioRun[] = [];
    for (const scenario of scenarios) {
      const { runId, request, result } = await runScenarioInPage(page, log, lab, scenario);
      const run: ScenarioRun = {
        scenario,
        runId,
        url: request.url,
        page: result,
        events: log.events,
        received: lab.requestsFor(scenario.id, runId),
      };
      runs.push(run);
      opts.onRun?.(run);
    }
    return { browserVersion: browser.version(), origins: lab.origins, runs };
  } finally {
    await browser.close();
    await lab.close();
  }
}

/** The page-side request of a scenario; `runId` keeps each run's URLs apart. Shared with the Firefox suite. */
export function pageRequest(scenario: Scenario, origins: Origins, runId: string): PageRequest {
  const run = runId.startsWith('/') ? runId : `/s/${scenario.id}/${runId}`;
  // The demo page's buttons send the same request (test/lab/demo.ts), with the run filled in by the page.
  const { repeat: _repeat, url, ...rest } = demoRequest(scenario, origins);
  return { ...rest, url: url.replaceAll('{RUN}', run) };
}
