/**
 * The capture listens only while someone looks (src/background/listening.ts), in real Chromium: with no
 * DevTools window open, after the start-up grace, a page's requests are not captured (and cost it nothing,
 * see bench/page-load.ts); with one open they are; after it closes, and the grace, they are not again.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRACE_MS } from '../../../src/background/listening';
import { pageAndApi, type PageAndApi } from './page-and-api';
import { keepCaptureOn, readStoredLog } from './stored';

let env: PageAndApi;

beforeAll(async () => {
  env = await pageAndApi((_q, r) => r.writeHead(200, { 'Content-Type': 'text/plain' }).end('no CORS headers'), { watch: false });
});

afterAll(async () => {
  await env?.close();
});

const fetchBlocked = (n: number) => env.tab.evaluate((url) => fetch(url).then(() => 'ok', () => 'blocked'), `${env.apiOrigin}/x?n=${n}`);
const stored = async () => (await readStoredLog(env.chromium.worker, env.tabId)).entries.map((e) => new URL(e.exchange.hops[0]!.request.url).searchParams.get('n'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the capture listens while a DevTools window is open (Chromium)', () => {
  it('not when nobody looks, yes while a window is open, and not again once it closed', async () => {
    await sleep(GRACE_MS + 1_000);
    expect(await fetchBlocked(1)).toBe('blocked');
    expect(await stored()).toEqual([]);
    const devtools: Page = await keepCaptureOn(env.chromium.context);
    // The background has answered that it listens; its listener registrations reach the browser's event
    // router over another channel, so give them a moment before the first request, as a user's reload does.
    await sleep(250);
    expect(await fetchBlocked(2)).toBe('blocked');
    expect(await stored()).toEqual(['2']);
    await devtools.close();
    await sleep(GRACE_MS + 1_000);
    expect(await fetchBlocked(3)).toBe('blocked');
    expect(await stored()).toEqual(['2']);
  }, 60_000);
});
