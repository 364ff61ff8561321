/**
 * The same measure as bench/page-load.ts in Firefox ESR: the bench's page loaded alternately in a Firefox
 * without the extension and in one with dist-firefox/ installed as a temporary add-on, in one run.
 * Firefox has no per-request proxy for extensions holding webRequest (Chromium's cost when nobody looks);
 * its listeners are in the parent process, and corsight removes them when no DevTools window looks.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { GRACE_MS } from '../src/background/listening';
import { DEVTOOLS_PORT } from '../src/shared/protocol';
import { DIST_FIREFOX, FIREFOX_PATH, launchFirefox, openMozExtensionPage, PANEL_PATH } from '../test/e2e/support/extension';
import { alternate, startBenchSite, type PageLoadResult } from './page-load';

async function loadTime(browser: Browser, url: string): Promise<number> {
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForFunction(() => document.title.startsWith('done'), { timeout: 60_000 });
  const ms = Number((await page.title()).slice(5));
  await page.close();
  return ms;
}

/** Keeps the capture listening, as an open DevTools window does (see test/e2e/capture/firefox-session.ts). */
async function keepCaptureOn(browser: Browser): Promise<void> {
  const extPage = await openMozExtensionPage(browser, PANEL_PATH);
  await extPage.evaluate((name) => {
    const ext = (globalThis as unknown as { browser: { runtime: { connect(o: { name: string }): unknown } } }).browser;
    ext.runtime.connect({ name });
  }, DEVTOOLS_PORT);
}

export async function firefoxPageLoadRatio(requests: number, { rounds = 7, inspected = false } = {}): Promise<PageLoadResult | { error: string }> {
  if (!existsSync(join(DIST_FIREFOX, 'manifest.json'))) return { error: 'dist-firefox/ is missing: run `npm run build` first' };
  if (!existsSync(FIREFOX_PATH)) return { error: `${FIREFOX_PATH} is missing: run \`node scripts/setup.mjs\`` };
  const site = await startBenchSite(requests);
  const plain = await launchFirefox();
  const extended = await launchFirefox();
  try {
    await extended.installExtension(DIST_FIREFOX);
    if (inspected) await keepCaptureOn(extended);
    else await new Promise((r) => setTimeout(r, GRACE_MS + 1_000));
    const r = await alternate(site.origin, rounds, (withExtension, url) => loadTime(withExtension ? extended : plain, url));
    return { requests, inspected, without: r.without, with: r.with, ratio: r.with / r.without, rounds };
  } finally {
    await plain.close();
    await extended.close();
    site.close();
  }
}
