/**
 * The CORS panel in Firefox ESR, standalone: the lab (test/lab/server.ts) with its demo page on origin A in
 * the first tab, dist-firefox/ installed as a temporary add-on (its MV3 host permission is granted at
 * install by `extensions.originControls.grantByDefault`, test/e2e/support/firefox-prefs.ts), and the panel
 * page opened in a tab of its own as `moz-extension://<uuid>/src/panel/index.html?tabId=<lab tab>`. The
 * subscribed panel is what keeps the capture listening (src/background/listening.ts), as DevTools would.
 */
import type { Browser, Page } from 'puppeteer-core';
import type { StoredExchange } from '../../../src/shared/capture/log';
import { DEMO_BUTTONS, type DemoButton } from '../../lab/demo';
import { startLab, type Lab } from '../../lab/server';
import { FIREFOX_WEBREQUEST_LIMITS } from '../../conformance/verdicts';
import { readStoredLog, tabIdOf } from '../capture/firefox-session';
import { DIST_FIREFOX, launchFirefox, openMozExtensionPage, PANEL_PATH, requireBuilt } from '../support/extension';

/**
 * The demo buttons whose reason Firefox's capture can tell: all but those whose scenario is in
 * FIREFOX_WEBREQUEST_LIMITS (repeated header lines reach webRequest joined into one, so the engine can only
 * say it cannot tell which the server sent).
 */
export const FIREFOX_DEMO_BUTTONS: readonly DemoButton[] = DEMO_BUTTONS.filter((b) => !(b.scenarioId in FIREFOX_WEBREQUEST_LIMITS));

export interface DemoRun {
  button: DemoButton;
  /** The run id the demo page put in the URL (`/s/<scenarioId>/<runId>/...`). */
  runId: string;
  /** What the page itself saw: the request resolved (true) or was rejected (false). */
  pageOk: boolean;
}

export interface FirefoxPanelSession {
  browser: Browser;
  lab: Lab;
  /** The demo page on origin A. */
  labPage: Page;
  /** The panel page, standalone, showing the lab tab. */
  panel: Page;
  /** An extension page without a tab id (the panel in its no-tab state), for reading storage.session. */
  extPage: Page;
  tabId: number;
  close(): Promise<void>;
}

export async function startFirefoxPanel(viewport = { width: 1200, height: 900 }): Promise<FirefoxPanelSession> {
  requireBuilt(DIST_FIREFOX);
  const lab = await startLab();
  let browser: Browser | undefined;
  try {
    browser = await launchFirefox();
    await browser.installExtension(DIST_FIREFOX);
    const labPage = (await browser.pages())[0] ?? (await browser.newPage());
    await labPage.goto(`${lab.originA}/`);
    const extPage = await openMozExtensionPage(browser, PANEL_PATH);
    const tabId = await tabIdOf(extPage, lab.originA);
    const panel = await openMozExtensionPage(browser, `${PANEL_PATH}?tabId=${tabId}`);
    await panel.setViewport(viewport);
    // Subscribed: the first snapshot replaces "Connecting…" with the list or the empty state.
    await panel.waitForSelector('[data-testid="state-empty"], [data-testid="request-list"]', { timeout: 15_000 });
    const b = browser;
    return {
      browser: b,
      lab,
      labPage,
      panel,
      extPage,
      tabId,
      close: async () => {
        await b.close();
        await lab.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await lab.close();
    throw error;
  }
}

/** Clicks each button in the demo page, one after the other, waiting for the page to show its outcome. */
export async function clickDemoButtons(labPage: Page, buttons: readonly DemoButton[]): Promise<DemoRun[]> {
  await labPage.bringToFront();
  const runs: DemoRun[] = [];
  for (const button of buttons) {
    const id = button.scenarioId;
    await labPage.locator(`[data-testid="demo-button-${id}"]`).click();
    const out = await labPage.waitForSelector(`[data-testid="demo-result-${id}"][data-state="done"]`, { timeout: 20_000 });
    if (!out) throw new Error(`${id}: the demo page showed no outcome`);
    const { runId, outcome } = await out.evaluate((el) => ({ runId: (el as HTMLElement).dataset.run ?? '', outcome: (el as HTMLElement).dataset.outcome ?? '' }));
    runs.push({ button, runId, pageOk: outcome === 'ok' });
  }
  return runs;
}

/** What the background stored for the tab once the capture is quiet with nothing in flight. */
export async function storedEntries(session: FirefoxPanelSession): Promise<StoredExchange[]> {
  return (await readStoredLog(session.extPage, session.tabId)).entries;
}

/** Every URL of a demo run has `/s/<scenarioId>/<runId>/` in its path. */
export const runPath = (run: DemoRun): string => `/s/${run.button.scenarioId}/${run.runId}/`;

/** A row of the panel's list as the DOM shows it. */
export interface ListedRow {
  key: string;
  verdict: string;
  url: string;
  status: string;
  rule: string;
  count: string | null;
}

/** The rows the (virtualised) list has in the DOM, in order; the viewport is tall enough for the demo's. */
export async function listedRows(panel: Page): Promise<ListedRow[]> {
  return panel.$$eval('[data-testid="request-row"]', (rows) =>
    rows
      .map((r) => {
        // No named local functions in page callbacks: the transform would wrap them in a `__name` helper.
        const el = r as HTMLElement;
        return {
          top: parseFloat(el.style.top || '0'),
          key: el.dataset.key ?? '',
          verdict: el.dataset.verdict ?? '',
          url: el.querySelector('.cell.url')?.getAttribute('title') ?? '',
          status: el.querySelector('.cell.status')?.textContent ?? '',
          rule: el.querySelector('.cell.rule')?.textContent ?? '',
          count: el.querySelector('[data-testid="group-count"]')?.textContent ?? null,
        };
      })
      .sort((a, b) => a.top - b.top)
      .map(({ top: _top, ...row }) => row),
  );
}

/** The list's `data-rows` (every row the filter keeps, in the DOM or not); 0 when the list is not shown. */
export async function rowCount(panel: Page): Promise<number> {
  return panel.evaluate(() => Number(document.querySelector('[data-testid="request-list"]')?.getAttribute('data-rows') ?? 0));
}

/** Polls until `probe` returns a value other than undefined, or throws after `timeoutMs`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (error) {
      last = error;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The open detail view as the DOM shows it. */
export interface DetailView {
  title: string;
  summary: string;
  realCause: string | null;
  /** Marked header rows: the table's title, the mark, the header name, its value (null: "(missing)"). */
  marks: Array<{ table: string; mark: string; name: string; value: string | null }>;
  /** Every line of every `fix-lines` block. */
  fixLines: string[];
  fixSteps: string[];
  timeline: Array<{ kind: string; state: string; failing: boolean; method: string; status: string }>;
  hasSnippet: boolean;
  hasCurl: boolean;
}

export async function detailView(panel: Page): Promise<DetailView> {
  return panel.$eval('[data-testid="detail"]', (detail) => ({
    title: detail.querySelector('[data-testid="detail-title"]')?.textContent ?? '',
    summary: detail.querySelector('[data-testid="detail-summary"]')?.textContent ?? '',
    realCause: detail.querySelector('[data-testid="real-cause"]')?.textContent ?? null,
    marks: Array.from(detail.querySelectorAll('[data-testid="header-table"] tr[data-mark]'), (tr) => ({
      table: tr.closest('table')?.getAttribute('data-title') ?? '',
      mark: tr.getAttribute('data-mark') ?? '',
      name: tr.querySelector('th')?.textContent ?? '',
      value: tr.querySelector('td > em') ? null : (tr.querySelector('td')?.textContent ?? ''),
    })),
    fixLines: Array.from(detail.querySelectorAll('[data-testid="fix-lines"]'), (pre) => (pre.textContent ?? '').split('\n')).flat(),
    fixSteps: Array.from(detail.querySelectorAll('[data-testid="fix-steps"] li'), (li) => li.textContent ?? ''),
    timeline: Array.from(detail.querySelectorAll('[data-testid="timeline"] li'), (li) => ({
      kind: li.getAttribute('data-kind') ?? '',
      state: ['ok', 'bad', 'skipped', 'cached', 'pending'].find((s) => li.classList.contains(s)) ?? '',
      failing: li.classList.contains('failing'),
      method: li.querySelector('.step-method')?.textContent ?? '',
      status: li.querySelector('.step-status')?.textContent ?? '',
    })),
    hasSnippet: detail.querySelector('[data-testid="snippet-code"]') !== null,
    hasCurl: detail.querySelector('[data-testid="copy-curl-actual"]') !== null,
  }));
}
