/**
 * The extension's cost to a page: the same page, loaded in headless Chromium with the built extension
 * (dist/) and without it, alternately, in one run. The page makes N cross-origin requests on load (a
 * third preflighted, a fifth blocked), 20 at a time, to a server on loopback (no network latency, so
 * every per-request cost shows); its "load time" is from navigation start until the last of them
 * settled. Two pages: a typical one (20 requests) and a busy one (300). Budget: within 5% (issue 3).
 */
import { listenLoopback } from '../test/e2e/support/http';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH, DIST_CHROME } from '../test/e2e/support/extension';
import { keepCaptureOn } from '../test/e2e/capture/stored';
import { GRACE_MS } from '../src/background/listening';
import { median } from './median';

const PAGE = (api: string, requests: number) => `<!doctype html><title>bench</title><script>
(async () => {
  let next = 0;
  const one = async () => {
    while (next < ${requests}) {
      const n = next++;
      const init = n % 3 === 0 ? { method: 'PUT', headers: { 'X-Token': 't' } } : {};
      await fetch('${api}/data?n=' + n, init).then((r) => r.text(), () => '');
    }
  };
  await Promise.all(Array.from({ length: 20 }, one));
  document.title = 'done ' + performance.now().toFixed(1);
})();
</script>`;

async function context(withExtension: boolean, dist = DIST_CHROME): Promise<{ ctx: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'corsight-bench-'));
  const args = withExtension ? [...CHROMIUM_FLAGS, `--disable-extensions-except=${dist}`, `--load-extension=${dist}`] : CHROMIUM_FLAGS;
  const ctx = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args });
  if (withExtension && ctx.serviceWorkers().length === 0) await ctx.waitForEvent('serviceworker', { timeout: 15_000 });
  return {
    ctx,
    async close() {
      await ctx.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

async function loadTime(ctx: BrowserContext, url: string): Promise<number> {
  const page = await ctx.newPage();
  await page.goto(url);
  await page.waitForFunction(() => document.title.startsWith('done'), undefined, { timeout: 60_000 });
  const ms = Number((await page.title()).slice(5));
  await page.close();
  return ms;
}

export interface PageLoadResult {
  requests: number;
  inspected: boolean;
  without: number;
  with: number;
  ratio: number;
  rounds: number;
}

/** The bench's page and its API, each on a loopback origin of its own. */
export async function startBenchSite(requests: number): Promise<{ origin: string; close(): void }> {
  let origin = '';
  let apiOrigin = '';
  const page = createServer((_q, r) => r.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE(apiOrigin, requests)));
  const api = createServer((q, r) => {
    const n = Number(new URL(q.url ?? '/', 'http://x').searchParams.get('n'));
    const cors = n % 5 !== 4 ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'x-token' } : {};
    r.writeHead(q.method === 'OPTIONS' ? 204 : 200, { 'Content-Type': 'text/plain', ...cors }).end(q.method === 'OPTIONS' ? '' : 'ok');
  });
  origin = await listenLoopback(page);
  apiOrigin = await listenLoopback(api);
  return {
    origin,
    close() {
      page.close();
      api.close();
    },
  };
}

/**
 * Loads the page alternately without and with the extension (a warm-up each first), so that machine noise
 * hits both sides alike; `load(withExtension, url)` returns one load time in ms.
 */
export async function alternate(origin: string, rounds: number, load: (withExtension: boolean, url: string) => Promise<number>): Promise<{ without: number; with: number }> {
  const a: number[] = [];
  const b: number[] = [];
  await load(false, `${origin}/?warm`);
  await load(true, `${origin}/?warm`);
  for (let i = 0; i < rounds; i++) {
    a.push(await load(false, `${origin}/?r=${i}`));
    b.push(await load(true, `${origin}/?r=${i}`));
  }
  return { without: median(a), with: median(b) };
}

/**
 * `inspected`: with an open DevTools window's port connected, so the capture listens (the cost while a
 * developer looks); otherwise after the start-up grace, when nobody looks (the cost of having it installed).
 */
export async function pageLoadRatio(requests: number, { rounds = 7, dist = DIST_CHROME, inspected = false } = {}): Promise<PageLoadResult | { error: string }> {
  if (!existsSync(join(dist, "manifest.json"))) return { error: 'dist/ is missing: run `npm run build` first' };
  if (!existsSync(CHROMIUM_PATH)) return { error: `${CHROMIUM_PATH} is missing: run \`node scripts/setup.mjs\`` };
  const site = await startBenchSite(requests);
  const plain = await context(false);
  const extended = await context(true, dist);
  try {
    if (inspected) {
      await keepCaptureOn(extended.ctx);
    } else {
      await new Promise((r) => setTimeout(r, GRACE_MS + 1_000));
    }
    const r = await alternate(site.origin, rounds, (withExtension, url) => loadTime(withExtension ? extended.ctx : plain.ctx, url));
    return { requests, inspected, without: r.without, with: r.with, ratio: r.with / r.without, rounds };
  } finally {
    await plain.close();
    await extended.close();
    site.close();
  }
}
