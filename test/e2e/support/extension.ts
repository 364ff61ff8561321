// Launch helpers for loading the built extension into the Debian Chromium and Firefox ESR (no downloaded browsers).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { EXTENSION_PREFS, OFFLINE_PREFS } from './firefox-prefs';

export const REPO_ROOT = resolve(import.meta.dirname, '../../..');
export const DIST_CHROME = join(REPO_ROOT, 'dist');
export const DIST_FIREFOX = join(REPO_ROOT, 'dist-firefox');

/** Chrome extension id fixed by the manifest's `key` (sha256 of the public key, first 32 hex digits as a–p). */
export const CHROME_EXTENSION_ID = 'cheeafmojpjimlgihhnnghddlmbjkafm';
/** Firefox add-on id (browser_specific_settings.gecko.id). */
export const GECKO_ID = 'corsight@corsight.dev';
/** moz-extension:// host pinned for tests through the extensions.webextensions.uuids pref. */
export const FIREFOX_UUID = '54994458-a789-42eb-93fe-e7695160bdc8';
/** Where the panel page lands in both builds. */
export const PANEL_PATH = 'src/panel/index.html';
export const DEVTOOLS_PATH = 'src/devtools/index.html';

export const CHROMIUM_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
export const FIREFOX_PATH = process.env.FIREFOX_BIN ?? '/usr/bin/firefox-esr';

export function requireBuilt(dir: string): void {
  if (!existsSync(join(dir, 'manifest.json'))) {
    throw new Error(`${dir}/manifest.json is missing: run \`npm run build\` (or \`npm test\`, which builds) first`);
  }
}

export function requireBrowser(path: string): void {
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: run \`node scripts/setup.mjs\` (installs chromium and firefox-esr from apt)`);
  }
}

// Flags that keep Chromium from reaching the internet (it stalls otherwise) and from needing a sandbox as root.
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface ChromiumWithExtension {
  readonly context: BrowserContext;
  readonly worker: Worker;
  readonly extensionId: string;
  close(): Promise<void>;
}

export async function launchChromiumWithExtension(
  dist = DIST_CHROME,
  { extraArgs = [] as string[] } = {},
): Promise<ChromiumWithExtension> {
  requireBuilt(dist);
  requireBrowser(CHROMIUM_PATH);
  const profile = mkdtempSync(join(tmpdir(), 'corsight-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_FLAGS, `--disable-extensions-except=${dist}`, `--load-extension=${dist}`, ...extraArgs],
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
    return {
      context,
      worker,
      extensionId: new URL(worker.url()).host,
      async close() {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}

export async function launchFirefox(extraPrefs: Record<string, string | number | boolean> = {}): Promise<Browser> {
  requireBrowser(FIREFOX_PATH);
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    headless: true,
    // Lets WebDriver BiDi navigate to moz-extension:// pages and script the chrome scope.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      ...OFFLINE_PREFS,
      ...EXTENSION_PREFS,
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_UUID }),
      ...extraPrefs,
    },
    // Without it ESR contacts Mozilla services despite the prefs.
    env: { ...process.env, MOZ_DISABLE_NONLOCAL_CONNECTIONS: '1' },
    protocolTimeout: 30_000,
  });
}

/**
 * Opens moz-extension://<uuid>/<path> in a new tab. BiDi never reports the load of an extension-process document,
 * so `goto` is not awaited; the document is polled instead.
 */
export async function openMozExtensionPage(browser: Browser, path: string, timeoutMs = 10_000): Promise<Page> {
  const page = await browser.newPage();
  const url = `moz-extension://${FIREFOX_UUID}/${path}`;
  page.goto(url, { timeout: 0 }).catch(() => {});
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await page.evaluate((u) => location.href === u && document.readyState === 'complete', url)) return page;
    } catch {
      // the realm is being replaced during navigation
    }
    if (Date.now() > until) throw new Error(`timed out opening ${url}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Evaluates an async function body in Firefox's privileged browser window (chrome scope); returns its JSON value. */
export async function chromeEval<T>(browser: Browser, body: string): Promise<T> {
  const connection = (browser as unknown as { connection: BidiConnection }).connection;
  const tree = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
  const contexts = tree.result.contexts;
  const win = contexts.find((c) => c.url === 'chrome://browser/content/browser.xhtml') ?? contexts[0];
  if (!win) throw new Error('chromeEval: no chrome-scope browsing context');
  const res = await connection.send('script.evaluate', {
    expression: `(async () => JSON.stringify(await (async () => { ${body} })()))()`,
    target: { context: win.context },
    awaitPromise: true,
    resultOwnership: 'none',
  });
  const r = res.result;
  if (r.type !== 'success') throw new Error(`chromeEval: ${JSON.stringify(r.exceptionDetails?.text ?? r)}`);
  return (r.result?.value === undefined ? undefined : JSON.parse(r.result.value)) as T;
}

interface BidiConnection {
  send(method: 'browsingContext.getTree', params: object): Promise<{ result: { contexts: { url: string; context: string }[] } }>;
  send(
    method: 'script.evaluate',
    params: object,
  ): Promise<{ result: { type: string; result?: { value?: string }; exceptionDetails?: { text?: string } } }>;
}
