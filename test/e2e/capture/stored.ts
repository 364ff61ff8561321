/** Reads what the background stored, straight from storage.session (the test's view of "the store"). */
import type { BrowserContext, Page, Worker } from 'playwright-core';
import { DEVTOOLS_PORT } from '../../../src/shared/protocol';
import { CHROME_EXTENSION_ID, PANEL_PATH } from '../support/extension';
import type { StoredExchange, TabLog } from '../../../src/shared/capture/log';

/** The id of the tab showing `origin` (the extension's host permission lets it see the URL). */
export async function tabIdOf(worker: Worker, origin: string): Promise<number> {
  const id = await worker.evaluate(async (o) => (await chrome.tabs.query({})).find((t) => t.url?.startsWith(o))?.id, origin);
  if (id === undefined) throw new Error(`no tab shows ${origin}`);
  return id;
}

export interface StoredLog {
  meta: TabLog | null;
  entries: StoredExchange[];
  dropped: number;
  inFlight: number;
}

export interface QuietOptions {
  quietMs?: number;
  timeoutMs?: number;
  /** Also wait until nothing is left in flight (Firefox's runs end with the background still settling). */
  untilIdle?: boolean;
}

/** Requests and preflights the capture still holds open. */
const inFlightOf = (meta: TabLog | null) => Object.keys(meta?.capture.requests ?? {}).length + Object.keys(meta?.capture.preflights ?? {}).length;

/**
 * The tab's log once the capture has gone quiet: polls the small metadata key until it has not changed for
 * `quietMs` (the last events of the last scenario may still be in the background's queue), then reads the
 * entries once. Shared by the Chromium tests (through the worker) and the Firefox ones (an extension page).
 */
export async function quietLog(readMeta: () => Promise<TabLog | null>, readEntries: () => Promise<StoredExchange[]>, { quietMs = 400, timeoutMs = 30_000, untilIdle = false }: QuietOptions = {}): Promise<StoredLog> {
  const until = Date.now() + timeoutMs;
  let last = '';
  let stableSince = Date.now();
  for (;;) {
    const meta = await readMeta();
    const fingerprint = `${meta?.nextSeq}:${meta?.firstSeq}:${inFlightOf(meta)}`;
    if (fingerprint !== last) {
      last = fingerprint;
      stableSince = Date.now();
    } else if ((Date.now() - stableSince >= quietMs && (!untilIdle || inFlightOf(meta) === 0)) || Date.now() > until) {
      const entries = await readEntries();
      entries.sort((a, b) => a.seq - b.seq);
      return { meta, entries, dropped: meta?.dropped ?? 0, inFlight: inFlightOf(meta) };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The tab's log, read through the Chromium extension's service worker (see quietLog). */
export function readStoredLog(worker: Worker, tabId: number, options: QuietOptions = {}): Promise<StoredLog> {
  return quietLog(
    () => worker.evaluate(async (t) => ((await chrome.storage.session.get(`t:${t}`))[`t:${t}`] ?? null) as unknown, tabId) as Promise<TabLog | null>,
    () => worker.evaluate(async (t) => Object.entries(await chrome.storage.session.get(null)).filter(([k]) => k.startsWith(`x:${t}:`)).map(([, v]) => v as unknown), tabId) as Promise<StoredExchange[]>,
    options,
  );
}

/**
 * What an open DevTools window does for the capture (src/background/listening.ts): an extension page that
 * keeps a DEVTOOLS_PORT connected, and connects again when the worker was stopped. The capture listens only
 * while one is connected.
 */
export async function keepCaptureOn(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${CHROME_EXTENSION_ID}/${PANEL_PATH}`);
  // Resolves once the background says its listeners are registered; a request made before may be missed,
  // as a page loaded before DevTools opened is.
  // A string, not a function: run through tsx (`npm run bench`), esbuild's keepNames wraps the named
  // inner function in a `__name()` helper that does not exist in the page.
  await page.evaluate(`new Promise((resolve) => {
    const connect = () => {
      const port = chrome.runtime.connect({ name: ${JSON.stringify(DEVTOOLS_PORT)} });
      port.onMessage.addListener((m) => m.type === 'listening' && resolve());
      port.onDisconnect.addListener(() => setTimeout(connect, 50));
    };
    connect();
  })`);
  return page;
}
