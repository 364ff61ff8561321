/**
 * The restart test: Chromium stops the extension's service worker in the middle of an exchange (through
 * CDP's ServiceWorker.stopWorker, as Chromium does to an idle worker), and the rest of the exchange's
 * events wake a new worker. Nothing may be lost: the stored exchange has the preflight, the actual
 * request and its response, and the diagnosis names the error Chromium names.
 *
 * The API server holds its answer (to the preflight, or to the actual request) until the worker has
 * stopped, so the stop falls exactly where the test says.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CDPSession, Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/shared/cors';
import type { ChromiumWithExtension } from '../support/extension';
import { readStoredLog } from './stored';
import { pageAndApi, type PageAndApi } from './page-and-api';

interface Held {
  method: string;
  release(): void;
}

let apiOrigin = '';
/** Which method the API holds, and the request it is holding. */
let holdMethod: string | null = null;
let held: ((h: Held) => void) | null = null;

function answerApi(req: IncomingMessage, res: ServerResponse, pageOrigin: string): void {
  const send = () => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'Access-Control-Allow-Origin': pageOrigin, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'x-token' });
    } else {
      // The actual response names another origin: Chromium blocks it with AllowOriginMismatch.
      res.writeHead(200, { 'Access-Control-Allow-Origin': 'http://other.example', 'Content-Type': 'text/plain' });
    }
    res.end('ok');
  };
  if (req.method === holdMethod && held) {
    const notify = held;
    held = null;
    notify({ method: req.method ?? '', release: send });
  } else {
    send();
  }
}

let env: PageAndApi;
let chromium: ChromiumWithExtension;
let tab: Page;
let cdp: CDPSession;
let tabId: number;

beforeAll(async () => {
  env = await pageAndApi(answerApi);
  ({ apiOrigin, chromium, tab, tabId } = env);
  cdp = await chromium.context.newCDPSession(tab);
});

afterAll(async () => {
  await env?.close();
});

/** Stops the extension's service worker and waits until Chromium reports it stopped. */
async function stopWorker(): Promise<void> {
  const versions = new Map<string, { scriptURL: string; runningStatus: string }>();
  const onUpdate = (e: { versions: Array<{ versionId: string; scriptURL: string; runningStatus: string }> }) => {
    for (const v of e.versions) versions.set(v.versionId, v);
  };
  const session = cdp as unknown as { on(m: string, f: typeof onUpdate): void; off(m: string, f: typeof onUpdate): void; send(m: string, p?: object): Promise<unknown> };
  session.on('ServiceWorker.workerVersionUpdated', onUpdate);
  await session.send('ServiceWorker.enable');
  const ours = () => [...versions.entries()].find(([, v]) => v.scriptURL.startsWith('chrome-extension://') && v.runningStatus === 'running');
  const until = Date.now() + 5_000;
  while (!ours() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  const found = ours();
  if (!found) throw new Error('the extension service worker is not running');
  await session.send('ServiceWorker.stopWorker', { versionId: found[0] });
  while (versions.get(found[0])?.runningStatus !== 'stopped') {
    if (Date.now() > until) throw new Error('the service worker did not stop');
    await new Promise((r) => setTimeout(r, 20));
  }
  session.off('ServiceWorker.workerVersionUpdated', onUpdate);
  await session.send('ServiceWorker.disable');
}

/** The current worker: after a stop, the next event starts a new one. */
async function currentWorker(): Promise<Worker> {
  const until = Date.now() + 10_000;
  for (;;) {
    const w = chromium.context.serviceWorkers().find((x) => x.url().startsWith('chrome-extension://'));
    if (w) {
      const alive = await w.evaluate(() => true).catch(() => false);
      if (alive) return w;
    }
    if (Date.now() > until) throw new Error('no running service worker');
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function putStoppedDuring(method: 'OPTIONS' | 'PUT', path: string) {
  holdMethod = method;
  const arrived = new Promise<Held>((resolve) => (held = resolve));
  const outcome = tab.evaluate(
    (url) => fetch(url, { method: 'PUT', headers: { 'X-Token': 'abc' }, body: 'x' }).then(() => 'ok', (e: unknown) => String(e)),
    `${apiOrigin}${path}`,
  );
  const h = await arrived;
  // Chromium stops only an idle worker: let the worker finish its work on the events so far (its writes
  // are coalesced over capture.ts's FLUSH_MS) before stopping it, as an idle stop would. Finished means the
  // held request is stored as in flight (a fixed wait could fall short on a busy machine).
  const before = await currentWorker();
  await expect.poll(async () => (await readStoredLog(before, tabId, { quietMs: 100 })).inFlight, { timeout: 10_000 }).toBeGreaterThan(0);
  await stopWorker();
  h.release();
  const pageSaw = await outcome;
  const worker = await currentWorker();
  const log = await readStoredLog(worker, tabId);
  return { pageSaw, log, entry: log.entries.find((e) => e.exchange.hops[0]?.request.url.endsWith(path)) };
}

describe('the service worker stopped mid-exchange (Chromium)', () => {
  for (const [method, when] of [['OPTIONS', 'while the preflight is in flight'], ['PUT', 'between the preflight and the actual response']] as const) {
    it(`loses nothing when stopped ${when}`, async () => {
      const path = `/items/${method.toLowerCase()}-${Date.now()}`;
      const { pageSaw, entry, log } = await putStoppedDuring(method, path);
      expect(pageSaw).toMatch(/TypeError/);
      expect(entry, `stored: ${JSON.stringify(log.entries.map((e) => e.exchange.hops[0]?.request.url))}`).toBeDefined();
      const ex = entry!.exchange;
      expect(ex.hops).toHaveLength(1);
      const hop = ex.hops[0]!;
      expect(hop.preflight?.response?.status).toBe(204);
      expect(hop.request.headersComplete).toBe(true);
      expect(hop.response?.status).toBe(200);
      expect(ex.outcome).toEqual({ kind: 'failed', error: 'net::ERR_FAILED' });
      expect(entry!.summary).toMatchObject({ verdict: 'blocked', chromiumError: 'AllowOriginMismatch', failedParameter: 'http://other.example' });
      expect(diagnose(ex).preflight.reasons).toEqual([{ kind: 'method', method: 'PUT' }, { kind: 'header', name: 'x-token' }]);
      expect(log.inFlight).toBe(0);
    });
  }
});
