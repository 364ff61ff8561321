/**
 * One headless Firefox ESR (puppeteer-core over WebDriver BiDi, no extension) and one lab, for running
 * scenarios one at a time in a page on origin A. Each run gets its own URL (`/s/<id>/<runId>/...`), so
 * no preflight cache entry is shared and every console message and lab request maps to one run.
 *
 * The page first sets a cookie on 127.0.0.1 (origins A and B share it: cookies ignore the port), so
 * a request made with credentials carries a `Cookie` header to B, as a real credentialed request does:
 * that header, not the credentials mode, is what webRequest shows.
 */
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'puppeteer-core';
import { launchFirefox } from '../support/extension';
import type { Origins } from '../../lab/placeholders';
import type { Scenario } from '../../lab/scenario-types';
import { startLab, type Lab, type LabRequest } from '../../lab/server';
import { runInPage, type PageResult } from '../chromium/page-client';
import { pageRequest } from '../chromium/run-scenarios';
import { drain, installListeners, type ChannelEvent, type ConsoleMessage } from './chrome-scope';
import { hasError, messagesFor } from './firefox-verdict';

/** The same cookie the Chromium runner sets. */
export const LAB_COOKIE = 'lab=1';

export interface FirefoxRun {
  scenario: Scenario;
  runId: string;
  /** `/s/<id>/<runId>` */
  runPath: string;
  url: string;
  /** What the page saw (last repetition). */
  page: PageResult;
  /** The CORS console messages of the last repetition that belong to this run. */
  console: ConsoleMessage[];
  /** Firefox's channel notifications of the last repetition. */
  channels: ChannelEvent[];
  /** What the lab received in the last repetition. */
  received: LabRequest[];
  /** Everything the lab received for this run, all repetitions. */
  receivedAll: LabRequest[];
}

export interface FirefoxLabSession {
  browser: Browser;
  version: string;
  origins: Origins;
  run(scenario: Scenario): Promise<FirefoxRun>;
  close(): Promise<void>;
}

/** How long to wait for Firefox's console message once the page saw the request fail. */
const MESSAGE_TIMEOUT_MS = 2_000;

export interface FirefoxLabOptions {
  /** A built extension directory to install as a temporary add-on before the lab page opens. */
  extension?: string;
}

export async function startFirefoxLab(scenarios?: readonly Scenario[], options: FirefoxLabOptions = {}): Promise<FirefoxLabSession> {
  const lab = await startLab(scenarios);
  let browser: Browser | undefined;
  try {
    browser = await launchFirefox();
    const b = browser;
    if (options.extension) await b.installExtension(options.extension);
    await installListeners(b);
    const page = (await b.pages())[0] ?? (await b.newPage());
    await page.goto(`${lab.originA}/`);
    await page.evaluate((cookie) => {
      document.cookie = `${cookie}; path=/`;
    }, LAB_COOKIE);
    return {
      browser: b,
      version: await b.version(),
      origins: lab.origins,
      run: (scenario) => runOne(b, page, lab, scenario),
      close: async () => {
        await b.close();
        await lab.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await lab.close();
    throw error;
  }
}

async function runOne(browser: Browser, page: Page, lab: Lab, scenario: Scenario): Promise<FirefoxRun> {
  const runId = randomBytes(4).toString('hex');
  const runPath = `/s/${scenario.id}/${runId}`;
  const request = pageRequest(scenario, lab.origins, runPath);
  let result: PageResult = { ok: false, error: 'not run' };
  let messages: ConsoleMessage[] = [];
  let channels: ChannelEvent[] = [];
  let firstOfLast = lab.requests.length;
  for (let i = 0; i < (scenario.client.repeat ?? 1); i++) {
    await drain(browser);
    firstOfLast = lab.requests.length;
    result = await page.evaluate(runInPage, request);
    ({ messages, channels } = await settle(browser, runPath, !result.ok));
  }
  const mine = (r: LabRequest) => r.scenarioId === scenario.id && r.runId === runId;
  return {
    scenario,
    runId,
    runPath,
    url: request.url,
    page: result,
    console: messages,
    channels,
    received: lab.requests.slice(firstOfLast).filter(mine),
    receivedAll: lab.requests.filter(mine),
  };
}

/**
 * Collects the run's console messages and channel events. Firefox logs a CORS error from its network
 * code, asynchronously to the page's rejection: when the page failed, wait for the error (a failure
 * that is not CORS, like a redirect loop, has none: the wait then times out), then one more round for
 * the trailing generic message.
 */
async function settle(browser: Browser, runPath: string, failed: boolean): Promise<{ messages: ConsoleMessage[]; channels: ChannelEvent[] }> {
  const messages: ConsoleMessage[] = [];
  const channels: ChannelEvent[] = [];
  const until = Date.now() + (failed ? MESSAGE_TIMEOUT_MS : 0);
  let rounds = 0;
  for (;;) {
    await sleep(rounds === 0 ? 20 : 40);
    const d = await drain(browser);
    messages.push(...messagesFor(d.console, runPath));
    channels.push(...d.channels.filter((c) => c.url.includes(`${runPath}/`)));
    rounds++;
    if (hasError(messages) || Date.now() >= until) break;
  }
  if (hasError(messages)) {
    await sleep(40);
    const d = await drain(browser);
    messages.push(...messagesFor(d.console, runPath));
    channels.push(...d.channels.filter((c) => c.url.includes(`${runPath}/`)));
  }
  return { messages, channels };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

