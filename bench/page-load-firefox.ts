/**
 * The same measure as bench/page-load.ts in Firefox ESR: the bench's page loaded alternately in a Firefox
 * without the extension and in one with dist-firefox/ installed as a temporary add-on, in one run.
 * Chromium's cost when nobody looks (its proxy for any extension holding webRequest) has no counterpart
 * measured here: with no DevTools open the ratio stays within noise of 1, as corsight removes its listeners.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { GRACE_MS } from '../src/background/listening';
import { keepFirefoxCaptureOn } from '../test/e2e/capture/firefox-session';
import { DIST_FIREFOX, FIREFOX_PATH, launchFirefox } from '../test/e2e/support/extension';
import { alternate, startBenchSite, type PageLoadResult } from './page-load';

async function loadTime(browser: Browser, url: string): Promise<number> {
  const page = await browser.newPage();
  await page.goto(url);
  await page.waitForFunction(() => document.title.startsWith('done'), { timeout: 60_000 });
  const ms = Number((await page.title()).slice(5));
  await page.close();
  return ms;
}

export async function firefoxPageLoadRatio(requests: number, { rounds = 7, inspected = false } = {}): Promise<PageLoadResult | { error: string }> {
  if (!existsSync(join(DIST_FIREFOX, 'manifest.json'))) return { error: 'dist-firefox/ is missing: run `npm run build` first' };
  if (!existsSync(FIREFOX_PATH)) return { error: `${FIREFOX_PATH} is missing: run \`node scripts/setup.mjs\`` };
  const site = await startBenchSite(requests);
  const plain = await launchFirefox();
  const extended = await launchFirefox();
  try {
    await extended.installExtension(DIST_FIREFOX);
    if (inspected) await keepFirefoxCaptureOn(extended);
    else await new Promise((r) => setTimeout(r, GRACE_MS + 1_000));
    const r = await alternate(site.origin, rounds, (withExtension, url) => loadTime(withExtension ? extended : plain, url));
    return { requests, inspected, without: r.without, with: r.with, ratio: r.with / r.without, rounds };
  } finally {
    await plain.close();
    await extended.close();
    site.close();
  }
}
