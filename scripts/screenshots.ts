/**
 * The README's screenshots of the CORS panel: starts the lab (test/lab/server.ts), headless Chromium with the
 * built extension (dist/), clicks every demo button in the lab page, opens the panel standalone for the lab
 * tab (`src/panel/index.html?tabId=<n>`) at 1000×640, and for each failure family opens its request and saves
 * docs/screenshots/<family>-light.png and -dark.png (the standalone panel follows prefers-color-scheme), plus
 * list-light.png and list-dark.png. Fails, without writing, when a button's request is missing from the list.
 *
 *   npm run build:ext && npm run screenshots      (node --import tsx scripts/screenshots.ts [--out <dir>])
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { readStoredLog, tabIdOf } from '../test/e2e/capture/stored';
import { DIST_CHROME, launchChromiumWithExtension, PANEL_PATH, REPO_ROOT } from '../test/e2e/support/extension';
import { DEMO_BUTTONS, type DemoButton } from '../test/lab/demo';
import { SCENARIOS } from '../test/lab/scenarios';
import { startLab } from '../test/lab/server';

/** One screenshot pair per failure family: the demo button whose request shows it. */
export const FAMILIES: ReadonlyArray<{ name: string; scenarioId: string; caption: string }> = [
  { name: 'missing-acao', scenarioId: 'acao-missing', caption: 'No Access-Control-Allow-Origin on the response' },
  { name: 'wrong-origin', scenarioId: 'acao-other-port', caption: 'Access-Control-Allow-Origin names another origin' },
  { name: 'star-with-credentials', scenarioId: 'acao-star-with-credentials', caption: '`*` in Access-Control-Allow-Origin on a credentialed request' },
  { name: 'preflight-401', scenarioId: 'preflight-401', caption: 'Preflight answered 401 by authentication (real cause)' },
  { name: 'method-not-allowed', scenarioId: 'put-acam-other-methods', caption: 'PUT not in Access-Control-Allow-Methods' },
  { name: 'header-not-allowed', scenarioId: 'acah-missing', caption: 'X-Trace not in Access-Control-Allow-Headers' },
  { name: 'redirect', scenarioId: 'redirect-b-to-c-final-names-page', caption: 'Redirect to another origin: Origin becomes null' },
  { name: 'server-error-500', scenarioId: 'actual-500-without-acao', caption: 'A 500 without CORS headers: the real cause behind the CORS error' },
];

const VIEWPORT = { width: 1000, height: 640 };
const SCHEMES = ['light', 'dark'] as const;

const outArg = process.argv.indexOf('--out');
const OUT = outArg !== -1 && process.argv[outArg + 1] ? resolve(process.argv[outArg + 1] as string) : join(REPO_ROOT, 'docs/screenshots');

const log = (msg: string) => console.log(`[screenshots] ${msg}`);

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Clicks each demo button and returns the run id the page put in its URLs. */
async function clickAll(page: Page, buttons: readonly DemoButton[]): Promise<Map<string, string>> {
  const runIds = new Map<string, string>();
  for (const b of buttons) {
    await page.getByTestId(`demo-button-${b.scenarioId}`).click();
    const out = page.locator(`[data-testid="demo-result-${b.scenarioId}"][data-state="done"]`);
    await out.waitFor({ timeout: 20_000 });
    runIds.set(b.scenarioId, (await out.getAttribute('data-run')) ?? '');
  }
  return runIds;
}

/** The list row of a run (its first hop's URL has `/s/<id>/<runId>/`); the viewport shows every demo row. */
const rowOf = (panel: Page, id: string, runId: string) => panel.locator(`[data-testid="request-row"]:has(.cell.url[title*="/s/${id}/${runId}/"])`).first();

async function main(): Promise<void> {
  const started = Date.now();
  const lab = await startLab();
  const chromium = await launchChromiumWithExtension(DIST_CHROME);
  const files: string[] = [];
  try {
    const { context, worker, extensionId } = chromium;
    const labPage = context.pages()[0] ?? (await context.newPage());
    await labPage.goto(`${lab.originA}/`);
    const tabId = await tabIdOf(worker, lab.originA);
    // The panel first: while it is subscribed to the tab the capture listens, as with DevTools open.
    const panel = await context.newPage();
    await panel.setViewportSize(VIEWPORT);
    await panel.goto(`chrome-extension://${extensionId}/${PANEL_PATH}?tabId=${tabId}`);
    await panel.getByTestId('state-empty').waitFor();
    log(`lab on ${lab.originA}, tab ${tabId}; clicking ${DEMO_BUTTONS.length} demo buttons`);
    // In front while clicking: a background tab gets few animation frames, and each click waits for some.
    await labPage.bringToFront();
    const runIds = await clickAll(labPage, DEMO_BUTTONS);
    const { entries, inFlight } = await readStoredLog(worker, tabId, { untilIdle: true });
    if (inFlight > 0) throw new Error(`${inFlight} requests still in flight`);
    await panel.bringToFront();

    // One row per failing button, one per request of a passing one.
    const expected = DEMO_BUTTONS.reduce((n, b) => n + (b.expect.verdict === 'blocked' ? 1 : (SCENARIOS.find((s) => s.id === b.scenarioId)?.client.repeat ?? 1)), 0);
    await until(`${expected} rows in the panel (the background stored ${entries.length} exchanges)`, async () =>
      Number(await panel.getByTestId('request-list').getAttribute('data-rows', { timeout: 1000 })) === expected ? true : undefined,
    );
    for (const b of DEMO_BUTTONS) {
      if ((await rowOf(panel, b.scenarioId, runIds.get(b.scenarioId) ?? '?').count()) === 0) throw new Error(`no row for ${b.scenarioId}`);
    }
    // The list follows new rows to the bottom; the screenshots start from its top.
    await panel.getByTestId('request-list').evaluate((el) => el.scrollTo(0, 0));
    await panel.mouse.move(0, VIEWPORT.height - 1); // no hover highlight on a row

    const shots: Array<{ file: string; png: Buffer }> = [];
    for (const scheme of SCHEMES) {
      await panel.emulateMedia({ colorScheme: scheme });
      shots.push({ file: `list-${scheme}.png`, png: await panel.screenshot() });
    }
    for (const scheme of SCHEMES) {
      await panel.emulateMedia({ colorScheme: scheme });
      for (const f of FAMILIES) {
        const row = rowOf(panel, f.scenarioId, runIds.get(f.scenarioId) ?? '?');
        const verdict = await row.getAttribute('data-verdict');
        if (verdict !== 'blocked') throw new Error(`${f.scenarioId}: the row says ${verdict}, expected blocked`);
        await row.click();
        await panel.getByTestId('detail').waitFor();
        await panel.mouse.move(0, VIEWPORT.height - 1);
        shots.push({ file: `${f.name}-${scheme}.png`, png: await panel.screenshot() });
        await panel.keyboard.press('Escape');
        await panel.getByTestId('detail').waitFor({ state: 'detached' });
      }
    }
    mkdirSync(OUT, { recursive: true });
    for (const { file, png } of shots) {
      writeFileSync(join(OUT, file), png);
      files.push(`${file} (${Math.round(png.length / 1024)} KB)`);
    }
  } finally {
    await chromium.close();
    await lab.close();
  }
  log(`wrote ${files.length} files to ${relative(process.cwd(), OUT) || OUT}/ in ${((Date.now() - started) / 1000).toFixed(1)} s:`);
  for (const f of files) log(`  ${f}`);
}

main().catch((error: unknown) => {
  console.error(`[screenshots] error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
});
