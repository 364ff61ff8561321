/**
 * Firefox ESR with the built extension (dist-firefox/) installed as a temporary add-on, on top of the
 * conformance suite's lab session (test/e2e/firefox/lab-session.ts: the lab page on origin A, one run per
 * scenario, Firefox's own verdict from its console). The extension is reached through one of its own
 * pages (moz-extension://, which has the extension's permissions): the test reads storage.session there,
 * and the event recorder adds its webRequest listeners there.
 */
import type { Browser, Page } from 'puppeteer-core';
import type { StoredExchange, TabLog } from '../../../src/shared/capture/log';
import type { RawEvent } from '../../capture/raw-events';
import { startFirefoxLab, type FirefoxLabSession } from '../firefox/lab-session';
import { DIST_FIREFOX, openMozExtensionPage, PANEL_PATH, requireBuilt } from '../support/extension';
import { DEVTOOLS_PORT } from '../../../src/shared/protocol';
import { quietLog, type StoredLog } from './stored';

export interface FirefoxCaptureSession extends FirefoxLabSession {
  /** A page of the extension (the panel page, opened in its own tab). */
  extPage: Page;
  /** The id of the tab showing the lab page. */
  tabId: number;
}

/** The lab in headless Firefox ESR with dist-firefox/ installed, plus a page of the extension. */
export async function startFirefoxCapture(): Promise<FirefoxCaptureSession> {
  requireBuilt(DIST_FIREFOX);
  const session = await startFirefoxLab(undefined, { extension: DIST_FIREFOX });
  try {
    const extPage = await keepFirefoxCaptureOn(session.browser);
    const tabId = await tabIdOf(extPage, session.origins.A);
    return Object.assign(session, { extPage, tabId });
  } catch (error) {
    await session.close();
    throw error;
  }
}

/**
 * What an open DevTools window does: keeps the capture listening (src/background/listening.ts), from a
 * page of the extension (the panel page, opened in its own tab) that holds a DEVTOOLS_PORT, connecting
 * again whenever the background restarts. Returns that page.
 */
export async function keepFirefoxCaptureOn(browser: Browser): Promise<Page> {
  const extPage = await openMozExtensionPage(browser, PANEL_PATH);
  // A string, not a function: run through tsx (`npm run bench`), esbuild's keepNames wraps the named
  // inner function in a `__name()` helper that does not exist in the page (see stored.ts's keepCaptureOn).
  await extPage.evaluate(`{
    const connect = () => browser.runtime.connect({ name: ${JSON.stringify(DEVTOOLS_PORT)} }).onDisconnect.addListener(() => setTimeout(connect, 50));
    connect();
  }`);
  return extPage;
}

/** The WebExtension namespace of the extension page (Firefox's promise-based `browser`). */
interface ExtGlobal {
  browser: {
    tabs: { query(q: object): Promise<Array<{ id?: number; url?: string }>> };
    storage: { session: { get(keys: null): Promise<Record<string, unknown>> } };
    webRequest: Record<string, { addListener(f: (d: Record<string, unknown>) => void, filter: object, spec?: string[]): void }>;
  };
  __recorded?: unknown[];
}

/** The id of the tab showing `origin` (the extension's host permission lets it see the URL). */
export async function tabIdOf(extPage: Page, origin: string): Promise<number> {
  const id = await extPage.evaluate(async (o) => {
    const tabs = await (globalThis as unknown as ExtGlobal).browser.tabs.query({});
    return tabs.find((t) => t.url?.startsWith(o))?.id ?? null;
  }, origin);
  if (id === null) throw new Error(`no tab shows ${origin}`);
  return id;
}

/**
 * The tab's log from storage.session, read through an extension page, once the capture has gone quiet and
 * (unless `untilIdle` is false) nothing is left in flight (see quietLog), or `timeoutMs` passed.
 */
export function readStoredLog(extPage: Page, tabId: number, { quietMs = 400, timeoutMs = 15_000, untilIdle = true } = {}): Promise<StoredLog> {
  const all = () => extPage.evaluate(async () => (globalThis as unknown as ExtGlobal).browser.storage.session.get(null)) as Promise<Record<string, unknown>>;
  return quietLog(
    async () => ((await all())[`t:${tabId}`] ?? null) as TabLog | null,
    async () => Object.entries(await all()).filter(([k]) => k.startsWith(`x:${tabId}:`)).map(([, v]) => v as StoredExchange),
    { quietMs, timeoutMs, untilIdle },
  );
}

/**
 * Adds webRequest listeners in the extension page with the options the background's observer uses in
 * Firefox (no `extraHeaders`: Firefox rejects it and shows preflights and Origin anyway), keeping only
 * `fields` of each details object.
 */
export async function startRecording(extPage: Page, fields: readonly string[]): Promise<void> {
  await extPage.evaluate((keep) => {
    const g = globalThis as unknown as ExtGlobal;
    if (g.__recorded) return;
    const recorded: unknown[] = [];
    g.__recorded = recorded;
    const specs: Array<[string, string, string[]]> = [
      ['onBeforeRequest', 'request', []],
      ['onSendHeaders', 'send-headers', ['requestHeaders']],
      ['onHeadersReceived', 'response', ['responseHeaders']],
      ['onBeforeRedirect', 'redirect', ['responseHeaders']],
      ['onCompleted', 'completed', ['responseHeaders']],
      ['onErrorOccurred', 'error', []],
    ];
    for (const [event, kind, spec] of specs) {
      // No named local functions in here: tsx would wrap them in a `__name` helper the page does not have.
      const args: unknown[] = [
        (d: Record<string, unknown>) => {
          const details: Record<string, unknown> = {};
          for (const f of keep) if (d[f] !== undefined) details[f] = d[f];
          recorded.push({ kind, details });
        },
        { urls: ['<all_urls>'] },
      ];
      // Firefox rejects an explicit `undefined` where an event takes no extraInfoSpec (onErrorOccurred).
      if (spec.length) args.push(spec);
      const target = g.browser.webRequest[event] as unknown as { addListener(...a: unknown[]): void };
      target.addListener(...args);
    }
  }, fields);
}

/** Returns and forgets the events recorded so far. */
export async function takeRecorded(extPage: Page): Promise<RawEvent[]> {
  return (await extPage.evaluate(() => {
    const g = globalThis as unknown as ExtGlobal;
    // The listeners keep pushing to the same array.
    return (g.__recorded ?? []).splice(0);
  })) as RawEvent[];
}
