/**
 * Helpers for the Chromium panel tests: the panel opened standalone (`?tabId=`) for one tab, its rows as
 * data, the clipboard read back, exports caught as downloads, the CLI run in-process on an export, a
 * copied curl command run in bash with a stand-in `curl`, and the service worker stopped through CDP.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { run } from '../../../src/cli/run';
import { readInput } from '../../../src/cli/read-input';
import { diagnose } from '../../../src/shared/cors';
import type { Report } from '../../../src/shared/report';
import { CHROME_EXTENSION_ID, PANEL_PATH } from '../support/extension';

export const EXTENSION_ORIGIN = `chrome-extension://${CHROME_EXTENSION_ID}`;

/**
 * Lets the extension's pages read and write the clipboard. Playwright's `context.grantPermissions` is
 * refused for a chrome-extension:// origin ("Permission can't be granted to opaque origins"), so this
 * goes through CDP's Browser.setPermission, which accepts it. The grant lasts as long as the CDP session
 * (Chromium resets a session's permission overrides when it detaches), so the session is kept open.
 */
export async function grantClipboard(context: BrowserContext): Promise<void> {
  const browser = context.browser();
  if (!browser) throw new Error('no browser behind the context');
  const cdp = await browser.newBrowserCDPSession();
  for (const name of ['clipboard-read', 'clipboard-write']) {
    await cdp.send('Browser.setPermission', { permission: { name }, setting: 'granted', origin: EXTENSION_ORIGIN });
  }
}

/**
 * Opens the panel as a normal tab showing `tabId`'s traffic, tall enough that the virtualised list keeps
 * every row of a demo run in the DOM, with the clipboard readable and writable by the extension's pages.
 */
export async function openStandalonePanel(context: BrowserContext, tabId: number): Promise<Page> {
  await grantClipboard(context);
  const panel = await context.newPage();
  await panel.setViewportSize({ width: 1400, height: 1500 });
  await panel.goto(`${EXTENSION_ORIGIN}/${PANEL_PATH}?tabId=${tabId}`);
  // The first snapshot arrived: either the list or the empty state is shown, no longer "connecting".
  await panel.locator('[data-testid="state-empty"], [data-testid="request-list"]').first().waitFor({ timeout: 15_000 });
  return panel;
}

export interface PanelRow {
  verdict: string;
  key: string;
  /** The request's full URL (the URL cell's title). */
  url: string;
  method: string;
  count: number;
}

/** The rows in the DOM (the list is virtualised: callers check `data-rows` when they need them all). */
export function panelRows(panel: Page): Promise<PanelRow[]> {
  return panel.getByTestId('request-row').evaluateAll((els) =>
    els.map((e) => ({
      verdict: e.getAttribute('data-verdict') ?? '',
      key: e.getAttribute('data-key') ?? '',
      url: e.querySelector('.url')?.getAttribute('title') ?? '',
      method: e.querySelector('.method')?.textContent ?? '',
      count: Number((e.querySelector('[data-testid="group-count"]')?.textContent ?? '×1').slice(1)),
    })),
  );
}

/** The row (one exactly) whose URL contains `part`. */
export function rowWithUrl(panel: Page, part: string) {
  return panel.locator(`[data-testid="request-row"]:has(.url[title*=${JSON.stringify(part)}])`);
}

/** `data-rows` of the list: how many rows the filter leaves, whether or not they are in the DOM. */
export async function rowCount(panel: Page): Promise<number> {
  const list = panel.getByTestId('request-list');
  if ((await list.count()) === 0) return 0;
  return Number(await list.getAttribute('data-rows'));
}

/**
 * Clicks a copy button and returns what landed on the clipboard. A sentinel is written first, so text
 * left over from an earlier copy cannot pass for this one.
 */
export async function copyFrom(panel: Page, button: ReturnType<Page['getByTestId']>): Promise<string> {
  await panel.bringToFront();
  const sentinel = `corsight-sentinel-${Math.random()}`;
  await panel.evaluate((s) => navigator.clipboard.writeText(s), sentinel);
  await button.click();
  // The button may still say "Copied" from a click a moment ago: wait for the clipboard itself.
  const until = Date.now() + 5_000;
  let text = sentinel;
  while (text === sentinel) {
    if (Date.now() > until) throw new Error('the clipboard did not change after the copy button was clicked');
    await new Promise((r) => setTimeout(r, 25));
    text = await panel.evaluate(() => navigator.clipboard.readText());
  }
  // And the button says it worked (not "Copy failed"): `data-last` outlives the label's 1.5 s "Copied".
  await button.and(panel.locator('[data-last="copied"]')).waitFor({ timeout: 5_000 });
  return text;
}

/**
 * Runs a copied curl command in bash with `curl` replaced by a function that prints its arguments
 * NUL-separated: the argv curl would have received. `cwd` is a fresh directory, so a command that
 * escaped its quoting and wrote a file there would show.
 */
export function curlArgv(command: string, cwd: string): { argv: string[]; stderr: string; status: number | null } {
  const script = `curl(){ printf '%s\\0' "$@"; }\n${command}\n`;
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', script], { cwd, encoding: 'buffer', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C.UTF-8' }, timeout: 10_000 });
  const out = r.stdout.toString('utf8');
  const argv = out.split('\0');
  if (argv.at(-1) === '') argv.pop();
  return { argv, stderr: r.stderr.toString('utf8'), status: r.status };
}

/** Opens the export menu, picks the scope (and secrets), and returns the downloaded file's name and text. */
export async function exportFile(
  panel: Page,
  format: 'json' | 'markdown' | 'har',
  { scope = 'all', includeSecrets = false }: { scope?: 'all' | 'failing'; includeSecrets?: boolean } = {},
): Promise<{ filename: string; text: string }> {
  await panel.getByTestId('export').click();
  await panel.getByTestId(`export-scope-${scope}`).check();
  const secrets = panel.getByTestId('export-include-secrets');
  if ((await secrets.isChecked()) !== includeSecrets) await secrets.setChecked(includeSecrets);
  const [download] = await Promise.all([panel.waitForEvent('download', { timeout: 10_000 }), panel.getByTestId(`export-${format}`).click()]);
  const path = await download.path();
  return { filename: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

/** `corsight analyze <file> --json`, in-process with the real engine and file reader. */
export function analyzeWithCli(text: string, name: string): { code: number; report: Report | null; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), 'corsight-panel-cli-'));
  try {
    const file = join(dir, name);
    writeFileSync(file, text);
    let stdout = '';
    let stderr = '';
    const code = run(['analyze', file, '--json'], {
      stdout: (s) => (stdout += s),
      stderr: (s) => (stderr += s),
      stdoutIsTTY: false,
      env: {},
      readInput,
      diagnose,
    });
    return { code, report: code === 0 ? (JSON.parse(stdout) as Report) : null, stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The row verdict the panel gives a report request (src/panel/rows.ts `rowVerdict`, from the report's side). */
export function rowVerdictOfReport(r: Report['requests'][number]): string {
  if (r.verdict === 'blocked') return 'blocked';
  if (r.verdict === 'not-cors') return 'failed';
  return r.advisories.some((a) => a.severity === 'warning') ? 'advisory' : 'passed';
}

/** URL → its verdicts, sorted (a URL requested twice has two). */
export function verdictsByUrl(pairs: ReadonlyArray<{ url: string; verdict: string; count?: number }>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of pairs) for (let i = 0; i < (p.count ?? 1); i++) (out[p.url] ??= []).push(p.verdict);
  for (const v of Object.values(out)) v.sort();
  return out;
}

interface SessionLike {
  on(event: string, handler: (e: never) => void): void;
  off(event: string, handler: (e: never) => void): void;
  send(method: string, params?: object): Promise<unknown>;
  detach(): Promise<void>;
}

/** Stops the extension's service worker through CDP (as Chromium stops an idle one) and waits until it has. */
export async function stopServiceWorker(context: BrowserContext, page: Page): Promise<void> {
  const cdp = (await context.newCDPSession(page)) as unknown as SessionLike;
  const versions = new Map<string, { scriptURL: string; runningStatus: string }>();
  const onUpdate = (e: { versions: Array<{ versionId: string; scriptURL: string; runningStatus: string }> }) => {
    for (const v of e.versions) versions.set(v.versionId, v);
  };
  cdp.on('ServiceWorker.workerVersionUpdated', onUpdate as (e: never) => void);
  try {
    await cdp.send('ServiceWorker.enable');
    const ours = () => [...versions.entries()].find(([, v]) => v.scriptURL.startsWith(EXTENSION_ORIGIN) && v.runningStatus === 'running');
    const until = Date.now() + 5_000;
    while (!ours() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    const found = ours();
    if (!found) throw new Error('the extension service worker is not running');
    await cdp.send('ServiceWorker.stopWorker', { versionId: found[0] });
    while (versions.get(found[0])?.runningStatus !== 'stopped') {
      if (Date.now() > until) throw new Error('the service worker did not stop');
      await new Promise((r) => setTimeout(r, 20));
    }
    await cdp.send('ServiceWorker.disable');
  } finally {
    cdp.off('ServiceWorker.workerVersionUpdated', onUpdate as (e: never) => void);
    await cdp.detach().catch(() => undefined);
  }
}

/**
 * Characters that must never reach a clipboard or the page's visible text raw: C0 controls other than
 * tab and line feed, DEL, C1 controls, line/paragraph separators, bidi embeddings, overrides and isolates.
 */
// eslint-disable-next-line no-control-regex
export const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
