/**
 * A tab's log over its life, in real Chromium: a navigation clears it, unless the panel turned
 * "preserve log" on; closing the tab drops it from storage.session altogether.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PANEL_PORT, PROTOCOL_VERSION } from '../../../src/shared/protocol';
import { CHROME_EXTENSION_ID, PANEL_PATH, type ChromiumWithExtension } from '../support/extension';
import { readStoredLog } from './stored';
import { pageAndApi, type PageAndApi } from './page-and-api';

let env: PageAndApi;
let pageOrigin = '';
let apiOrigin = '';
let chromium: ChromiumWithExtension;
let tab: Page;
let tabId: number;

beforeAll(async () => {
  env = await pageAndApi((_q, r) => r.writeHead(200, { 'Content-Type': 'text/plain' }).end('no CORS headers'));
  ({ pageOrigin, apiOrigin, chromium, tab, tabId } = env);
});

afterAll(async () => {
  await env?.close();
});

const blockedFetch = (n: number) => tab.evaluate((url) => fetch(url).then(() => 'ok', () => 'blocked'), `${apiOrigin}/x?n=${n}`);
const stored = async () => (await readStoredLog(chromium.worker, tabId)).entries.map((e) => new URL(e.exchange.hops[0]!.request.url).searchParams.get('n'));

async function setPreserveLog(on: boolean): Promise<void> {
  const panel = await chromium.context.newPage();
  await panel.goto(`chrome-extension://${CHROME_EXTENSION_ID}/${PANEL_PATH}`);
  await panel.evaluate(
    ({ tabId, on, name, v }) =>
      new Promise<void>((resolve) => {
        const port = chrome.runtime.connect({ name });
        let snapshots = 0;
        port.onMessage.addListener((m: { type: string }) => {
          if (m.type !== 'snapshot') return;
          snapshots++;
          if (snapshots === 1) {
            // The background handles a port's messages in order: the second snapshot comes after the setting.
            port.postMessage({ v, type: 'set-preserve-log', tabId, on });
            port.postMessage({ v, type: 'subscribe', tabId });
          } else {
            port.disconnect();
            resolve();
          }
        });
        port.postMessage({ v, type: 'subscribe', tabId });
      }),
    { tabId, on, name: PANEL_PORT, v: PROTOCOL_VERSION },
  );
  await panel.close();
}

describe('a tab\'s log over its life (Chromium)', () => {
  it('is cleared when the tab navigates', async () => {
    expect(await blockedFetch(1)).toBe('blocked');
    expect(await stored()).toEqual(['1']);
    await tab.reload();
    expect(await stored()).toEqual([]);
  });

  it('is kept across navigations while preserve log is on', async () => {
    await setPreserveLog(true);
    expect(await blockedFetch(2)).toBe('blocked');
    await tab.goto(`${pageOrigin}/other`);
    expect(await blockedFetch(3)).toBe('blocked');
    expect(await stored()).toEqual(['2', '3']);
    await setPreserveLog(false);
    await tab.reload();
    expect(await stored()).toEqual([]);
  });

  it('is dropped from storage.session when the tab closes', async () => {
    expect(await blockedFetch(4)).toBe('blocked');
    expect(await stored()).toEqual(['4']);
    await tab.close();
    await expect
      .poll(async () => Object.keys(await chromium.worker.evaluate(() => chrome.storage.session.get(null))).filter((k) => k.startsWith(`t:${tabId}`) || k.startsWith(`x:${tabId}:`)), { timeout: 10_000 })
      .toEqual([]);
  });
});
