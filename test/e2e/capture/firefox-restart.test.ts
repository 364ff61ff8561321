/**
 * The restart test in Firefox ESR: the extension's event page is terminated in the middle of an exchange
 * (through Firefox's own `Extension.terminateBackground()`, what an idle unload does), and the rest of the
 * exchange's events wake a new one. Nothing may be lost.
 */
import { createServer, type Server } from 'node:http';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromeEval, GECKO_ID } from '../support/extension';
import { listenLoopback } from '../support/http';
import { readStoredLog, startFirefoxCapture, type FirefoxCaptureSession } from './firefox-session';

let session: FirefoxCaptureSession;
let api: Server;
let apiOrigin = '';
let page: Page;
let tabId: number;
let release: (() => void) | null = null;
let arrived: ((method: string) => void) | null = null;
let holdMethod: string | null = null;

beforeAll(async () => {
  session = await startFirefoxCapture();
  const pageOrigin = session.origins.A;
  api = createServer((req, res) => {
    const send = () => {
      if (req.method === 'OPTIONS') res.writeHead(204, { 'Access-Control-Allow-Origin': pageOrigin, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'x-token' });
      else res.writeHead(200, { 'Access-Control-Allow-Origin': 'http://other.example', 'Content-Type': 'text/plain' });
      res.end('ok');
    };
    if (req.method === holdMethod && arrived) {
      release = send;
      arrived(req.method);
      arrived = null;
    } else send();
  });
  apiOrigin = await listenLoopback(api);
  page = await session.browser.newPage();
  await page.goto(`${pageOrigin}/?restart`);
  const id = await session.extPage.evaluate(async () => {
    const tabs = await (globalThis as unknown as { browser: { tabs: { query(q: object): Promise<Array<{ id?: number; url?: string }>> } } }).browser.tabs.query({});
    return tabs.find((t) => t.url?.endsWith('/?restart'))?.id ?? null;
  });
  if (id === null) throw new Error('the restart page has no tab');
  tabId = id;
}, 120_000);

afterAll(async () => {
  await session?.close();
  await new Promise((r) => api?.close(r));
});

/** Terminates the event page, as Firefox does to an idle one, and says whether it was running. */
async function terminateBackground(): Promise<boolean> {
  return chromeEval<boolean>(
    session.browser,
    `const policy = WebExtensionPolicy.getByID(${JSON.stringify(GECKO_ID)});
     if (!policy?.extension) return false;
     await policy.extension.terminateBackground({ ignoreDevToolsAttached: true });
     return true;`,
  );
}

describe('the event page terminated mid-exchange (Firefox ESR)', () => {
  for (const method of ['OPTIONS', 'PUT'] as const) {
    it(`loses nothing when terminated while the ${method === 'OPTIONS' ? 'preflight' : 'actual request'} is in flight`, async () => {
      holdMethod = method;
      const here = new Promise<string>((resolve) => (arrived = resolve));
      const path = `/items/${method.toLowerCase()}-${Date.now()}`;
      const outcome = page.evaluate((url) => fetch(url, { method: 'PUT', headers: { 'X-Token': 'abc' }, body: 'x' }).then(() => 'ok', (e: unknown) => String(e)), `${apiOrigin}${path}`);
      await here;
      // Firefox unloads only an idle event page: let it finish its work on the events so far first, that is
      // until the held request is stored as in flight (a fixed wait could fall short on a busy machine).
      await expect.poll(async () => (await readStoredLog(session.extPage, tabId, { quietMs: 100, untilIdle: false })).inFlight, { timeout: 10_000 }).toBeGreaterThan(0);
      expect(await terminateBackground()).toBe(true);
      (release as unknown as () => void)();
      expect(await outcome).toMatch(/TypeError/);
      const log = await readStoredLog(session.extPage, tabId);
      const entry = log.entries.find((e) => e.exchange.hops[0]?.request.url.endsWith(path));
      expect(entry, `stored: ${JSON.stringify(log.entries.map((e) => e.exchange.hops[0]?.request.url))}`).toBeDefined();
      const hop = entry!.exchange.hops[0]!;
      expect(hop.preflight?.response?.status).toBe(204);
      expect(hop.response?.status).toBe(200);
      expect(entry!.summary).toMatchObject({ verdict: 'blocked', firefoxReason: 'CORSAllowOriginNotMatchingOrigin', failedParameter: 'http://other.example' });
      expect(log.inFlight).toBe(0);
    });
  }
});
