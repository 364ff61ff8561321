/**
 * The flood test, in real Chromium: one tab makes 20,000 cross-origin requests. Below the cap every
 * exchange is stored; past it the log holds exactly the newest MAX_EXCHANGES_PER_TAB, counts every
 * dropped one, leaves nothing in flight, and storage.session stays far inside its 10 MB quota.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_EXCHANGES_PER_TAB } from '../../../src/shared/capture/log';
import type { ChromiumWithExtension } from '../support/extension';
import { readStoredLog } from './stored';
import { pageAndApi, type PageAndApi } from './page-and-api';

const TOTAL = 20_000;
const FIRST = MAX_EXCHANGES_PER_TAB - 100;

let env: PageAndApi;
let apiOrigin = '';
let chromium: ChromiumWithExtension;
let tab: Page;
let tabId: number;

beforeAll(async () => {
  // Every other request is refused by CORS (no Access-Control-Allow-Origin): both kinds are stored.
  env = await pageAndApi((req, res, pageOrigin) => {
    const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('n'));
    res.writeHead(200, { 'Content-Type': 'text/plain', ...(n % 2 === 0 ? { 'Access-Control-Allow-Origin': pageOrigin } : {}) });
    res.end('ok');
  });
  ({ apiOrigin, chromium, tab, tabId } = env);
});

afterAll(async () => {
  await env?.close();
});

/** Fires requests from..to-1, `parallel` at a time, as a busy page does. */
function flood(from: number, to: number, parallel = 50): Promise<number> {
  return tab.evaluate(
    async ({ api, from, to, parallel }) => {
      let next = from;
      let done = 0;
      const worker = async () => {
        while (next < to) {
          const n = next++;
          await fetch(`${api}/data?n=${n}`).then(
            (r) => r.text(),
            () => '',
          );
          done++;
        }
      };
      await Promise.all(Array.from({ length: parallel }, worker));
      return done;
    },
    { api: apiOrigin, from, to, parallel },
  );
}

describe(`a flood of ${TOTAL.toLocaleString('en')} cross-origin requests on one tab (Chromium)`, () => {
  it(`below the cap (${FIRST} requests), stores every one`, async () => {
    expect(await flood(0, FIRST)).toBe(FIRST);
    const log = await readStoredLog(chromium.worker, tabId, { quietMs: 1000, timeoutMs: 60_000 });
    expect(log.entries).toHaveLength(FIRST);
    expect(log.dropped).toBe(0);
    const ns = log.entries.map((e) => Number(new URL(e.exchange.hops[0]!.request.url).searchParams.get('n'))).sort((a, b) => a - b);
    expect(ns).toEqual(Array.from({ length: FIRST }, (_, i) => i));
    expect(new Set(log.entries.map((e) => e.summary.verdict))).toEqual(new Set(['allowed', 'blocked']));
  }, 300_000);

  it(`past it, keeps the newest ${MAX_EXCHANGES_PER_TAB}, counts the dropped ones, and stays small`, async () => {
    const started = Date.now();
    expect(await flood(FIRST, TOTAL)).toBe(TOTAL - FIRST);
    const fired = Date.now();
    const log = await readStoredLog(chromium.worker, tabId, { quietMs: 1500, timeoutMs: 120_000 });
    console.info(`[flood] ${TOTAL - FIRST} requests answered in ${((fired - started) / 1000).toFixed(1)} s; the capture caught up ${((Date.now() - fired) / 1000).toFixed(1)} s later`);
    expect(log.inFlight).toBe(0);
    expect(log.entries).toHaveLength(MAX_EXCHANGES_PER_TAB);
    expect(log.dropped).toBe(TOTAL - MAX_EXCHANGES_PER_TAB);
    // The newest are kept, in order, with nothing missing among them.
    const seqs = log.entries.map((e) => e.seq);
    expect(seqs).toEqual(Array.from({ length: MAX_EXCHANGES_PER_TAB }, (_, i) => TOTAL - MAX_EXCHANGES_PER_TAB + i));
    const bytes = await chromium.worker.evaluate(() => chrome.storage.session.getBytesInUse(null));
    console.info(`[flood] storage.session: ${(bytes / 1e6).toFixed(2)} MB for ${MAX_EXCHANGES_PER_TAB} stored exchanges`);
    // storage.session holds 10 MB for the whole extension: one tab at its cap must leave room for others.
    expect(bytes).toBeLessThan(6_000_000);
  }, 600_000);
});
