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

/**
 * The tab's log once the capture has gone quiet: polls until nothing changed for `quietMs` (the last
 * events of the last scenario may still be in the background's queue).
 */
export async function readStoredLog(worker: Worker, tabId: number, { quietMs = 400, timeoutMs = 30_000 } = {}): Promise<StoredLog> {
  // Polls the small metadata key only; the entries are read once, when it has stopped changing.
  const readMeta = () => worker.evaluate(async (t) => ((await chrome.storage.session.get(`t:${t}`))[`t:${t}`] ?? null) as unknown, tabId) as Promise<TabLog | null>;
  const until = Date.now() + timeoutMs;
  let last = '';
  let stableSince = Date.now();
  for (;;) {
    const meta = await readMeta();
    const fingerprint = `${meta?.nextSeq}:${meta?.firstSeq}:${Object.keys(meta?.capture.requests ?? {}).length}:${Object.keys(meta?.capture.preflights ?? {}).length}`;
    if (fingerprint !== last) {
      last = fingerprint;
      stableSince = Date.now();
    } else if (Date.now() - stableSince >= quietMs || Date.now() > until) {
      const entries = (await worker.evaluate(async (t) => Object.entries(await chrome.storage.session.get(null)).filter(([k]) => k.startsWith(`x:${t}:`)).map(([, v]) => v as unknown), tabId)) as StoredExchange[];
      entries.sort((a, b) => a.seq - b.seq);
      return { meta, entries, dropped: meta?.dropped ?? 0, inFlight: Object.keys(meta?.capture.requests ?? {}).length };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
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
  await page.evaluate(
    (name) =>
      new Promise<void>((resolve) => {
        const connect = () => {
          const port = chrome.runtime.connect({ name });
          port.onMessage.addListener((m: { type?: string }) => m.type === 'listening' && resolve());
          port.onDisconnect.addListener(() => setTimeout(connect, 50));
        };
        connect();
      }),
    DEVTOOLS_PORT,
  );
  return page;
}
