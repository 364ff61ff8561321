// Loads the built extension into the real browsers from Debian (no downloads): dist/ into headless Chromium,
// dist-firefox/ into headless Firefox ESR. Checks that the background starts, the extension id is the pinned one,
// the DevTools panel "CORS" is created by the devtools page, and the panel page renders.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser } from 'puppeteer-core';
import { attachRaw, waitForTarget } from '../support/cdp';
import {
  CHROME_EXTENSION_ID,
  DEVTOOLS_PATH,
  DIST_CHROME,
  DIST_FIREFOX,
  FIREFOX_UUID,
  GECKO_ID,
  PANEL_PATH,
  chromeEval,
  launchChromiumWithExtension,
  launchFirefox,
  openMozExtensionPage,
  requireBuilt,
  type ChromiumWithExtension,
} from '../support/extension';

const timings: Record<string, number> = {};
const lap = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
  const start = performance.now();
  try {
    return await work();
  } finally {
    timings[label] = Math.round(performance.now() - start);
  }
};

afterAll(() => {
  console.info(`[corsight e2e] load timings (ms): ${JSON.stringify(timings)}`);
});

async function waitForText(read: () => Promise<string>, pattern: RegExp, timeoutMs = 10_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    last = await read().catch(() => last);
    if (pattern.test(last)) return last;
    if (Date.now() > until) throw new Error(`timed out waiting for ${pattern}; last text: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Chromium loads dist/', () => {
  let chromium: ChromiumWithExtension;

  beforeAll(async () => {
    requireBuilt(DIST_CHROME);
    chromium = await lap('chromium: launch until service worker', () => launchChromiumWithExtension());
  });
  afterAll(async () => {
    await chromium?.close();
  });

  test('the service worker starts, with the pinned extension id', async () => {
    expect(chromium.worker.url()).toBe(`chrome-extension://${CHROME_EXTENSION_ID}/service-worker-loader.js`);
    expect(chromium.extensionId).toBe(CHROME_EXTENSION_ID);
    const manifest = await chromium.worker.evaluate(() => chrome.runtime.getManifest());
    expect(manifest.name).toBe('corsight');
    expect(manifest.devtools_page).toBe(DEVTOOLS_PATH);
  });

  test('the panel page renders "corsight" and reaches the background', async () => {
    const page = await chromium.context.newPage();
    await lap('chromium: panel page rendered', async () => {
      await page.goto(`chrome-extension://${CHROME_EXTENSION_ID}/${PANEL_PATH}`);
      await expect.poll(() => page.getByTestId('title').textContent()).toBe('corsight');
      await expect.poll(() => page.getByTestId('background-status').textContent()).toMatch(/running \(service worker, v0\.1\.0\)/);
    });
    await page.close();
  });
});

describe('Chromium DevTools shows the CORS panel', () => {
  test('the devtools page creates "CORS" and its iframe renders the panel', async () => {
    const chromium = await lap('chromium+devtools: launch', () =>
      launchChromiumWithExtension(DIST_CHROME, { extraArgs: ['--auto-open-devtools-for-tabs'] }),
    );
    try {
      const page = chromium.context.pages()[0] ?? (await chromium.context.newPage());
      await page.goto('data:text/html,<title>inspected</title><p>inspected page</p>');
      const browserSession = await chromium.context.browser()!.newBrowserCDPSession();

      const frontEnd = await lap('chromium+devtools: devtools_page loaded', async () => {
        await waitForTarget(browserSession, (t) => t.url === `chrome-extension://${CHROME_EXTENSION_ID}/${DEVTOOLS_PATH}`);
        return waitForTarget(browserSession, (t) => t.type === 'page' && t.url.startsWith('devtools://'));
      });
      const devtools = await attachRaw(browserSession, frontEnd.targetId);
      const panelId = `chrome-extension://${CHROME_EXTENSION_ID}CORS`;
      // DevTools' own module graph: the tab list of the docked inspector (what the user sees as panel tabs).
      const tabsExpr = `(async () => {
        const UI = await import('./ui/legacy/legacy.js');
        return UI.InspectorView.InspectorView.instance().tabbedPane.tabs.map((t) => ({ id: t.id, title: t.title }));
      })()`;
      await expect
        .poll(() => devtools.evaluate<{ id: string; title: string }[]>(tabsExpr), { timeout: 10_000 })
        .toContainEqual({ id: panelId, title: 'CORS' });
      const { panel, text } = await lap('chromium+devtools: panel shown + rendered in DevTools', async () => {
        await devtools.evaluate(`(async () => {
          const UI = await import('./ui/legacy/legacy.js');
          await UI.InspectorView.InspectorView.instance().showPanel(${JSON.stringify(panelId)});
          return true;
        })()`);
        const panelFrame = await waitForTarget(
          browserSession,
          (t) => t.url === `chrome-extension://${CHROME_EXTENSION_ID}/${PANEL_PATH}`,
        );
        const panel = await attachRaw(browserSession, panelFrame.targetId);
        const text = await waitForText(() => panel.evaluate<string>('document.body.innerText'), /running \(service worker/);
        return { panel, text };
      });
      expect(text).toContain('corsight');
      // Inside DevTools the panel follows devtools.panels.themeName.
      expect(await panel.evaluate<string | undefined>('document.documentElement.dataset.theme')).toMatch(/^(light|dark)$/);
      await panel.detach();
      await devtools.detach();
    } finally {
      await chromium.close();
    }
  });
});

describe('Firefox ESR loads dist-firefox/', () => {
  let firefox: Browser;

  beforeAll(async () => {
    requireBuilt(DIST_FIREFOX);
    firefox = await lap('firefox: launch', () => launchFirefox());
  });
  afterAll(async () => {
    await firefox?.close();
  });

  test('installs as a temporary add-on and the panel page renders, talking to the event page', async () => {
    const id = await lap('firefox: installExtension', () => firefox.installExtension(DIST_FIREFOX));
    expect(id).toBe(GECKO_ID);
    const page = await lap('firefox: panel page opened', () => openMozExtensionPage(firefox, PANEL_PATH));
    // page.url() stays about:blank: BiDi reports no navigation for extension-process documents.
    expect(await page.evaluate(() => location.href)).toBe(`moz-extension://${FIREFOX_UUID}/${PANEL_PATH}`);
    const text = await lap('firefox: panel rendered + background answered', () =>
      waitForText(() => page.evaluate(() => document.body.innerText), /running \(event page, v0\.1\.0\)/),
    );
    expect(text).toContain('corsight');
    await page.close();
  });

  test('opening the toolbox loads the devtools page, which adds the "CORS" panel', async () => {
    const tab = await firefox.newPage();
    await tab.goto('data:text/html,<title>inspected</title><p>inspected page</p>');
    const url = tab.url();
    const tools = await lap('firefox: toolbox opened + CORS panel registered', () =>
      chromeEval<{ label: string }[]>(
        firefox,
        `
        const { require } = ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs');
        const { gDevTools } = require('devtools/client/framework/devtools');
        const tab = gBrowser.tabs.find((t) => t.linkedBrowser.currentURI.spec === ${JSON.stringify(url)});
        if (!tab) throw new Error('no tab for ' + ${JSON.stringify(url)});
        gBrowser.selectedTab = tab;
        const toolbox = await gDevTools.showToolboxForTab(tab, { toolId: 'webconsole' });
        for (let i = 0; i < 100; i++) {
          const tools = toolbox.getAdditionalTools().map((t) => ({ id: t.id, label: t.label }));
          if (tools.length > 0) return tools;
          await new Promise((r) => setTimeout(r, 100));
        }
        return [];
      `,
      ),
    );
    expect(tools.map((t) => t.label)).toContain('CORS');
    await tab.close();
  });
});
