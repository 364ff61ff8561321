/**
 * Browser-verified mode in real Chromium (dist-verified/, the build with the debugger permission): the
 * panel's port switches it on for the lab tab, every lab scenario runs, and every stored exchange must
 * carry Chromium's own verdict (Network.loadingFailed.corsErrorStatus, read by the extension through
 * chrome.debugger) agreeing with the engine's. Switching it off detaches: nothing is left attached.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredExchange } from '../../../src/shared/capture/log';
import { PANEL_PORT, PROTOCOL_VERSION, type BackgroundMessage } from '../../../src/shared/protocol';
import { startLab, type Lab } from '../../lab/server';
import { SCENARIOS } from '../../lab/scenarios';
import { openLabPage, runScenarioInPage } from '../chromium/run-scenarios';
import { CHROME_EXTENSION_ID, launchChromiumWithExtension, PANEL_PATH, REPO_ROOT, type ChromiumWithExtension } from '../support/extension';
import { keepCaptureOn, readStoredLog, tabIdOf } from './stored';

let lab: Lab;
let chromium: ChromiumWithExtension;
let panel: Page;
let tabId: number;
let stored: StoredExchange[] = [];
const runPaths = new Map<string, string>();

/** Opens a panel-like port from an extension page and sends one message; resolves with the `verified` reply. */
async function setVerified(on: boolean): Promise<Extract<BackgroundMessage, { type: 'verified' }>> {
  return panel.evaluate(
    ({ tabId, on, name, v }) =>
      new Promise<unknown>((resolve) => {
        const port = chrome.runtime.connect({ name });
        let subscribed = false;
        port.onMessage.addListener((m: { type: string; on?: boolean }) => {
          if (m.type === 'snapshot' && !subscribed) {
            subscribed = true;
            port.postMessage({ v, type: 'set-verified', tabId, on });
          } else if (m.type === 'verified' && subscribed && (m.on === on || 'error' in m)) {
            resolve(m);
            port.disconnect();
          }
        });
        port.postMessage({ v, type: 'subscribe', tabId });
      }),
    { tabId, on, name: PANEL_PORT, v: PROTOCOL_VERSION },
  ) as Promise<Extract<BackgroundMessage, { type: 'verified' }>>;
}

beforeAll(async () => {
  lab = await startLab(SCENARIOS);
  chromium = await launchChromiumWithExtension(join(REPO_ROOT, 'dist-verified'));
  await keepCaptureOn(chromium.context);
  const { page, log } = await openLabPage(chromium.context, lab.originA);
  tabId = await tabIdOf(chromium.worker, lab.originA);
  panel = await chromium.context.newPage();
  await panel.goto(`chrome-extension://${CHROME_EXTENSION_ID}/${PANEL_PATH}`);
  const on = await setVerified(true);
  expect(on).toMatchObject({ type: 'verified', on: true });
  for (const s of SCENARIOS) {
    const { runId } = await runScenarioInPage(page, log, lab, s);
    runPaths.set(s.id, `/s/${s.id}/${runId}/`);
  }
  stored = (await readStoredLog(chromium.worker, tabId, { quietMs: 800 })).entries;
}, 300_000);

afterAll(async () => {
  await chromium?.close();
  await lab?.close();
});

describe('browser-verified mode (Chromium, dist-verified/)', () => {
  it('puts Chromium\'s own verdict on every stored exchange, and it agrees with the engine on every scenario', () => {
    expect(stored.length).toBeGreaterThan(150);
    const missing = stored.filter((e) => !e.browser).map((e) => e.exchange.hops[0]?.request.url);
    expect(missing).toEqual([]);
    const disagreements = stored
      .filter((e) => e.browser && !e.browser.agrees)
      .map((e) => ({ url: e.exchange.hops[0]?.request.url, engine: [e.summary.chromiumError, e.summary.failedParameter], chromium: [e.browser?.corsError, e.browser?.failedParameter] }));
    expect(disagreements).toEqual([]);
  });

  it('matches each verdict to its own request (the scenario that blocked shows Chromium\'s error)', () => {
    const byId = (id: string) => stored.filter((e) => e.exchange.hops[0]?.request.url.includes(runPaths.get(id) as string)).at(-1);
    expect(byId('acao-missing')?.browser).toMatchObject({ corsError: 'MissingAllowOriginHeader', agrees: true });
    expect(byId('acao-echo')?.browser).toMatchObject({ corsError: null, agrees: true });
  });

  it('switching it off detaches the debugger from the tab', async () => {
    expect(await setVerified(false)).toMatchObject({ on: false });
    // getTargets().attached also counts the test's own CDP client, so ask for the extension's session itself:
    // detaching it again must fail because there is none.
    const again = await chromium.worker.evaluate(async (t) => chrome.debugger.detach({ tabId: t }).then(() => 'detached', (e: unknown) => String(e)), tabId);
    expect(again).toMatch(/not attached/i);
  });
});
