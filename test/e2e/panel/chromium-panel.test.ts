/**
 * The CORS panel end to end in headless Chromium, against the demo lab (test/lab/demo.ts): every demo
 * button is clicked in the lab page, and the panel, opened standalone for the lab tab
 * (`src/panel/index.html?tabId=<n>`), must list each request with the verdict the button expects, explain
 * each failure family in its detail view, filter and search, work from the keyboard, copy header lines,
 * snippets and curl commands, export JSON, Markdown and HAR that the CLI reads back to the same verdicts,
 * redact secrets unless asked, and survive the service worker being stopped. One more test goes through
 * the real DevTools window (--auto-open-devtools-for-tabs) and its "CORS" panel iframe.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/shared/cors';
import type { StoredExchange } from '../../../src/shared/capture/log';
import type { Report } from '../../../src/shared/report';
import { DEMO_BUTTONS } from '../../lab/demo';
import { SCENARIOS } from '../../lab/scenarios';
import { startLab, type Lab } from '../../lab/server';
import { readStoredLog, tabIdOf } from '../capture/stored';
import { attachRaw, waitForTarget, type RawSession } from '../support/cdp';
import { CHROME_EXTENSION_ID, DEVTOOLS_PATH, DIST_CHROME, PANEL_PATH, launchChromiumWithExtension, type ChromiumWithExtension } from '../support/extension';
import {
  analyzeWithCli,
  copyFrom,
  curlArgv,
  exportFile,
  openStandalonePanel,
  panelRows,
  rowCount,
  rowVerdictOfReport,
  rowWithUrl,
  stopServiceWorker,
  verdictsByUrl,
} from './chromium-panel-helpers';

/** A cookie only this run knows: the credentialed demo requests carry it to B (same site, another port). */
const SECRET = `corsight-secret-${Math.random().toString(36).slice(2)}`;

let lab: Lab;
let chromium: ChromiumWithExtension;
let labPage: Page;
let panel: Page;
let tabId: number;
/** scenarioId → the run id of its button's click (every URL of a run has `/s/<id>/<run>/`). */
const runs = new Map<string, string>();
let stored: StoredExchange[] = [];
let scratch: string;

const runPath = (id: string) => `/s/${id}/${runs.get(id)}/`;
/** The stored exchanges of one button's run. */
const storedOf = (id: string) => stored.filter((e) => e.exchange.hops[0]?.request.url.includes(runPath(id)));

async function openDetail(id: string): Promise<void> {
  // Key presses reach only the page in front (the lab page is, after its buttons were clicked).
  await panel.bringToFront();
  const rows = rowWithUrl(panel, runPath(id));
  await rows.last().click();
  await panel.getByTestId('detail').waitFor();
  await expect.poll(() => panel.locator('.detail-url').textContent()).toContain(runPath(id));
}

async function closeDetail(): Promise<void> {
  await panel.keyboard.press('Escape');
  await panel.getByTestId('detail').waitFor({ state: 'detached' });
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'corsight-panel-'));
  lab = await startLab();
  chromium = await launchChromiumWithExtension();
  labPage = chromium.context.pages()[0] ?? (await chromium.context.newPage());
  await labPage.goto(`${lab.originA}/`);
  tabId = await tabIdOf(chromium.worker, lab.originA);
  panel = await openStandalonePanel(chromium.context, tabId);
  await panel.getByTestId('state-empty').waitFor();

  await labPage.evaluate((s) => (document.cookie = `corsight_session=${s}; path=/`), SECRET);
  await labPage.bringToFront();
  await labPage.getByTestId('demo-run-all').click();
  await labPage.locator('[data-testid="demo-run-all-status"][data-state="done"]').waitFor({ timeout: 90_000 });
  for (const b of DEMO_BUTTONS) {
    const run = await labPage.getByTestId(`demo-result-${b.scenarioId}`).getAttribute('data-run');
    if (!run) throw new Error(`${b.scenarioId} did not run`);
    runs.set(b.scenarioId, run);
  }
  // What the background stored once it went quiet; the panel must come to show exactly that many.
  stored = (await readStoredLog(chromium.worker, tabId, { untilIdle: true })).entries;
  await panel.waitForFunction((n) => document.querySelector('[data-testid="counts"]')?.textContent === `${n} requests`, stored.length, { timeout: 15_000 });
});

afterAll(async () => {
  await chromium?.close();
  await lab?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the CORS panel, standalone, on the demo lab (Chromium)', () => {
  it('lists every demo button’s request with the verdict the button expects', async () => {
    const total = await rowCount(panel);
    const rows = await panelRows(panel);
    expect(rows.length, 'every row is in the DOM (the viewport is tall enough)').toBe(total);
    // Every row belongs to a button's run, and every stored request is counted once.
    for (const r of rows) expect(DEMO_BUTTONS.some((b) => r.url.includes(runPath(b.scenarioId))), r.url).toBe(true);
    expect(rows.reduce((n, r) => n + r.count, 0)).toBe(stored.length);

    for (const b of DEMO_BUTTONS) {
      const id = b.scenarioId;
      const mine = rows.filter((r) => r.url.includes(runPath(id)));
      const repeat = SCENARIOS.find((s) => s.id === id)?.client.repeat ?? 1;
      expect(mine.reduce((n, r) => n + r.count, 0), `${id}: requests listed`).toBe(repeat);
      if (b.expect.verdict === 'blocked') {
        expect(mine.map((r) => r.verdict), id).toEqual(mine.map(() => 'blocked'));
        continue;
      }
      // Allowed: "advisory" when the detail lists a warning-level advisory, else "passed"; the advisory the
      // button demonstrates is listed, by the title the engine gives it for this very exchange.
      for (const r of mine) expect(['advisory', 'passed'], id).toContain(r.verdict);
      await openDetail(id);
      const warnings = await panel.locator('[data-testid="advisories"] li.warning').count();
      expect(mine.at(-1)?.verdict, id).toBe(warnings > 0 ? 'advisory' : 'passed');
      if (b.expect.advisory) {
        const entry = storedOf(id).at(-1);
        expect(entry, id).toBeDefined();
        const advisory = diagnose(entry!.exchange).advisories.find((a) => a.code === b.expect.advisory);
        expect(advisory, `${id}: the engine raises ${b.expect.advisory}`).toBeDefined();
        await expect.poll(() => panel.getByTestId('advisories').innerText()).toContain(advisory!.title.replace(/`/g, ''));
        if (advisory!.severity === 'warning') expect(mine.at(-1)?.verdict, id).toBe('advisory');
      }
      await closeDetail();
    }
  });

  // One entry per failure family: the title, the marked header (or its "(missing)" row) in the right table,
  // and what the fix must say. `origins` are the lab's, known only once it runs.
  interface Family {
    id: string;
    title: RegExp;
    /** [table, header, value or null for the "(missing)" row]. */
    offending: Array<[string, string, string | null]>;
    /** For status failures, no header is at fault: the failing preflight step and its status. */
    failingPreflightStatus?: number;
    /** Must each match the fix lines and steps (joined). */
    fix: (o: Lab['origins']) => RegExp[];
    realCause?: RegExp;
  }
  const ACAO = 'Access-Control-Allow-Origin';
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const FAMILIES: Family[] = [
    { id: 'acao-missing', title: /^No Access-Control-Allow-Origin header$/, offending: [['Response', ACAO, null]], fix: (o) => [new RegExp(`^${ACAO}: ${esc(o.A)}$`, 'm')] },
    { id: 'acao-other-port', title: /^Access-Control-Allow-Origin names another origin$/, offending: [['Response', ACAO, 'B']], fix: (o) => [new RegExp(`^${ACAO}: ${esc(o.A)}$`, 'm')] },
    { id: 'acao-trailing-slash', title: /^Access-Control-Allow-Origin names another origin$/, offending: [['Response', ACAO, 'A/']], fix: (o) => [new RegExp(`^${ACAO}: ${esc(o.A)}$`, 'm')] },
    { id: 'acao-two-identical-lines', title: /several values/, offending: [['Response', ACAO, 'A']], fix: (o) => [new RegExp(`^${ACAO}: ${esc(o.A)}$`, 'm'), /Only one layer/] },
    {
      id: 'acao-star-with-credentials',
      title: /^\* cannot be used with credentials$/,
      offending: [['Response', ACAO, '*']],
      fix: (o) => [new RegExp(`^${ACAO}: ${esc(o.A)}$`, 'm'), /^Access-Control-Allow-Credentials: true$/m],
    },
    { id: 'acac-missing-include', title: /^Access-Control-Allow-Credentials is not true$/, offending: [['Response', 'Access-Control-Allow-Credentials', null]], fix: () => [/^Access-Control-Allow-Credentials: true$/m] },
    {
      id: 'preflight-404-no-acao',
      title: /^No Access-Control-Allow-Origin header$/,
      offending: [['Preflight response', ACAO, null]],
      fix: (o) => [new RegExp(`^${ACAO}: ${esc(o.A)}$`, 'm'), /OPTIONS/],
      realCause: /404/,
    },
    { id: 'preflight-401', title: /preflight was not answered with a 2xx status/, offending: [], failingPreflightStatus: 401, fix: () => [/before authentication/], realCause: /401/ },
    { id: 'preflight-500', title: /preflight was not answered with a 2xx status/, offending: [], failingPreflightStatus: 500, fix: () => [/Answer OPTIONS with 204/] },
    { id: 'preflight-302', title: /preflight was redirected/, offending: [], failingPreflightStatus: 302, fix: () => [/Do not redirect OPTIONS/] },
    {
      id: 'put-acam-other-methods',
      title: /method is not allowed by the preflight/,
      offending: [
        ['Preflight request', 'Access-Control-Request-Method', 'PUT'],
        ['Preflight response', 'Access-Control-Allow-Methods', 'GET, POST'],
      ],
      fix: () => [/^Access-Control-Allow-Methods: GET, POST, PUT$/m],
    },
    {
      id: 'acah-missing',
      title: /request header is not allowed by the preflight/,
      offending: [
        ['Preflight request', 'Access-Control-Request-Headers', 'x-trace'],
        ['Preflight response', 'Access-Control-Allow-Headers', null],
      ],
      fix: () => [/^Access-Control-Allow-Headers: x-trace$/m],
    },
    {
      id: 'content-type-json-acah-missing',
      title: /request header is not allowed by the preflight/,
      offending: [
        ['Preflight request', 'Access-Control-Request-Headers', 'content-type'],
        ['Preflight response', 'Access-Control-Allow-Headers', null],
      ],
      fix: () => [/^Access-Control-Allow-Headers: content-type$/m],
    },
    {
      id: 'redirect-b-to-c-final-names-page',
      title: /^Access-Control-Allow-Origin names another origin$/,
      offending: [['Response', ACAO, 'A']],
      fix: () => [/Origin: null/, /Call the final URL directly/],
    },
    {
      id: 'actual-500-without-acao',
      title: /^No Access-Control-Allow-Origin header$/,
      offending: [['Response', ACAO, null]],
      fix: (o) => [new RegExp(`^${ACAO}: ${esc(o.A)}$`, 'm'), /Fix the 500 error itself/],
      realCause: /^Real cause: The server answered 500 Internal Server Error without CORS headers\./,
    },
  ];

  it('explains each failure family in the detail view: title, offending header, fix', async () => {
    const value = (v: string | null) => (v === null ? '(missing)' : v.replace(/^[AB]/, (k) => lab.origins[k as 'A' | 'B']));
    for (const f of FAMILIES) {
      await openDetail(f.id);
      const detail = panel.getByTestId('detail');
      expect(await panel.getByTestId('detail-title').innerText(), f.id).toMatch(f.title);
      expect(await detail.getAttribute('data-code'), f.id).not.toBe('');

      const marked = await detail.locator('tr[data-mark="offending"]').evaluateAll((trs) =>
        trs.map((tr) => [tr.closest('table')?.getAttribute('data-title') ?? '', tr.querySelector('th')?.textContent ?? '', tr.querySelector('td')?.textContent ?? '']),
      );
      const expected = f.offending.map(([t, h, v]) => [t, h, value(v)]);
      // Two identical ACAO lines are both marked; every marked row must be an expected one.
      for (const m of marked) expect(expected, `${f.id}: unexpected mark ${JSON.stringify(m)}`).toContainEqual(m);
      for (const e of expected) expect(marked, `${f.id}: ${e.join(' / ')} is marked`).toContainEqual(e);
      if (f.id === 'acao-two-identical-lines') expect(marked).toHaveLength(2);

      if (f.failingPreflightStatus !== undefined) {
        expect(marked, f.id).toEqual([]);
        const step = panel.locator('[data-testid="timeline"] li[data-kind="preflight"].failing');
        await expect.poll(() => step.count(), { message: f.id }).toBe(1);
        expect(await step.locator('.step-status').innerText(), f.id).toMatch(new RegExp(`^${f.failingPreflightStatus}\\b`));
      }

      const lines = await panel.getByTestId('fix-lines').allInnerTexts();
      expect(lines.length, `${f.id}: fix lines`).toBeGreaterThan(0);
      const fixText = [...lines, ...(await panel.getByTestId('fix-steps').allInnerTexts())].join('\n');
      for (const re of f.fix(lab.origins)) expect(fixText, f.id).toMatch(re);

      const realCause = panel.getByTestId('real-cause');
      if (f.realCause) expect(await realCause.innerText(), f.id).toMatch(f.realCause);
      await closeDetail();
    }
    // The redirect: both hops are on the timeline, the second on C with the failing mark.
    await openDetail('redirect-b-to-c-final-names-page');
    const steps = panel.locator('[data-testid="timeline"] li[data-kind="request"]');
    expect(await steps.count()).toBe(2);
    expect(await steps.nth(1).innerText()).toContain(lab.originC);
    expect(await steps.nth(1).getAttribute('class')).toContain('failing');
    await closeDetail();
  });

  it('filters failing requests, and searches', async () => {
    const all = await panelRows(panel);
    const failing = all.filter((r) => r.verdict === 'blocked' || r.verdict === 'failed');
    expect(failing.length).toBeGreaterThan(0);
    expect(failing.length).toBeLessThan(all.length);

    await panel.getByTestId('filter-failing').click();
    await expect.poll(() => rowCount(panel)).toBe(failing.length);
    expect((await panelRows(panel)).map((r) => r.key)).toEqual(failing.map((r) => r.key));
    expect(await panel.getByTestId('filter-failing').getAttribute('aria-pressed')).toBe('true');
    expect(await panel.getByTestId('counts').textContent()).toBe(`${failing.length} rows of ${stored.length} requests`);

    // Search within failing: the four preflight-status/route demos have "preflight-" in their URLs.
    const search = panel.getByTestId('search');
    await search.fill('/s/preflight-');
    const preflightRows = failing.filter((r) => r.url.includes('/s/preflight-'));
    expect(preflightRows.length).toBe(4);
    await expect.poll(() => rowCount(panel)).toBe(preflightRows.length);
    expect((await panelRows(panel)).map((r) => r.key)).toEqual(preflightRows.map((r) => r.key));

    // A passing request is not among the failing ones, whatever the search.
    await search.fill('max-age-600');
    await expect.poll(() => rowCount(panel)).toBe(0);
    await panel.getByTestId('state-filtered').waitFor();

    await panel.getByTestId('filter-all').click();
    await expect.poll(() => rowCount(panel)).toBe(2);
    expect((await panelRows(panel)).every((r) => r.url.includes(runPath('max-age-600')))).toBe(true);

    // Search matches the rule too, case-insensitively.
    await search.fill('ALLOW-CREDENTIALS IS NOT');
    await expect.poll(() => rowCount(panel)).toBe(1);
    expect((await panelRows(panel))[0]?.url).toContain(runPath('acac-missing-include'));

    await search.fill('');
    await expect.poll(() => rowCount(panel)).toBe(all.length);
    expect(await panel.getByTestId('counts').textContent()).toBe(`${stored.length} requests`);
  });

  it('works from the keyboard: arrows select, Enter opens, Escape closes and gives the list its focus back', async () => {
    const rows = await panelRows(panel);
    await panel.bringToFront();
    const list = panel.getByTestId('request-list');
    await list.focus();
    const selected = () => panel.locator('[data-testid="request-row"][aria-selected="true"]').getAttribute('data-key');
    // Whatever the clicks above selected, Home goes to the first row; ArrowDown to the second.
    await panel.keyboard.press('Home');
    await expect.poll(selected).toBe(rows[0]!.key);
    await panel.keyboard.press('ArrowDown');
    await expect.poll(selected).toBe(rows[1]!.key);
    await panel.keyboard.press('ArrowDown');
    await expect.poll(selected).toBe(rows[2]!.key);
    await panel.keyboard.press('ArrowUp');
    await expect.poll(selected).toBe(rows[1]!.key);
    expect(await panel.getByTestId('detail').count()).toBe(0);

    await panel.keyboard.press('Enter');
    await panel.getByTestId('detail').waitFor();
    expect(await panel.locator('.detail-url').textContent()).toContain(rows[1]!.url);

    await panel.keyboard.press('Escape');
    await panel.getByTestId('detail').waitFor({ state: 'detached' });
    expect(await panel.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('request-list');
    await panel.keyboard.press('ArrowDown');
    await expect.poll(selected).toBe(rows[2]!.key);
    await panel.keyboard.press('End');
    await expect.poll(selected).toBe(rows.at(-1)!.key);
    await panel.keyboard.press('Enter');
    await panel.getByTestId('detail').waitFor();
    expect(await panel.locator('.detail-url').textContent()).toContain(rows.at(-1)!.url);
    await panel.getByTestId('detail-close').click();
    await panel.getByTestId('detail').waitFor({ state: 'detached' });
  });

  it('follows the system colour scheme standalone, and the DevTools theme when it pins one', async () => {
    const colours = () => panel.evaluate(() => {
      const style = getComputedStyle(document.body);
      const row = document.querySelector('[data-testid="request-row"]');
      return { bg: style.backgroundColor, fg: style.color, border: row ? getComputedStyle(row).borderBottomColor : null };
    });
    try {
      await panel.emulateMedia({ colorScheme: 'light' });
      const light = await colours();
      expect(light.bg).toBe('rgb(255, 255, 255)');
      expect(light.fg).toBe('rgb(31, 31, 31)');
      await panel.emulateMedia({ colorScheme: 'dark' });
      const dark = await colours();
      expect(dark.bg).toBe('rgb(40, 40, 40)');
      expect(dark.fg).toBe('rgb(227, 227, 227)');
      // Inside DevTools main.tsx sets data-theme from devtools.panels.themeName; it wins over the system's.
      await panel.evaluate(() => { document.documentElement.dataset.theme = 'light'; });
      expect(await colours()).toEqual(light);
      await panel.emulateMedia({ colorScheme: 'light' });
      await panel.evaluate(() => { document.documentElement.dataset.theme = 'dark'; });
      expect(await colours()).toEqual(dark);
    } finally {
      await panel.evaluate(() => { delete document.documentElement.dataset.theme; });
      await panel.emulateMedia({ colorScheme: null });
    }
  });

  it('copies the header lines, the snippet of each server, and the request as a curl that runs', async () => {
    await openDetail('acah-missing');
    const lines = await copyFrom(panel, panel.getByTestId('copy-lines'));
    expect(lines).toBe((await panel.getByTestId('fix-lines').allTextContents()).join('\n'));
    expect(lines).toMatch(/^Access-Control-Allow-Headers: x-trace$/m);

    const picker = panel.getByTestId('server-picker');
    const servers = await picker.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(servers.length).toBeGreaterThan(1);
    const snippets = new Map<string, string>();
    for (const server of servers) {
      await picker.selectOption(server);
      await expect.poll(() => panel.getByTestId('snippet').getAttribute('data-server')).toBe(server);
      const code = await panel.getByTestId('snippet-code').textContent();
      const copied = await copyFrom(panel, panel.getByTestId('copy-snippet'));
      expect(copied, server).toBe(code);
      // The page's origin, as is or (Apache) as an anchored regex with its dots escaped.
      expect(copied.includes(lab.originA) || copied.includes(`^${lab.originA.replace(/\./g, '\\.')}$`), server).toBe(true);
      expect(copied, server).toMatch(/x-trace/);
      snippets.set(server, copied);
    }
    expect(new Set(snippets.values()).size, 'each server has its own snippet').toBe(servers.length);
    await picker.selectOption(servers[0]!);

    // The preflight failed, so the GET was never sent: its curl is the bare GET; the preflight's has the
    // method and headers it asked for.
    const url = storedOf('acah-missing')[0]!.exchange.hops[0]!.request.url;
    const actual = curlArgv(await copyFrom(panel, panel.getByTestId('copy-curl-actual')), scratch);
    expect(actual.status, actual.stderr).toBe(0);
    expect(actual.argv.slice(0, 2)).toEqual(['-i', url]);
    const preflight = curlArgv(await copyFrom(panel, panel.getByTestId('copy-curl-preflight')), scratch);
    expect(preflight.status, preflight.stderr).toBe(0);
    expect(preflight.argv.slice(0, 4)).toEqual(['-i', '-X', 'OPTIONS', url]);
    expect(preflight.argv).toContain('Access-Control-Request-Method: GET');
    expect(preflight.argv).toContain('Access-Control-Request-Headers: x-trace');
    expect(preflight.argv).toContain(`Origin: ${lab.originA}`);
    await closeDetail();

    // A request that was sent, with a header the page set: PUT, X-Trace, the cookie (redacted).
    await openDetail('pass-credentialed-put');
    const putUrl = storedOf('pass-credentialed-put')[0]!.exchange.hops[0]!.request.url;
    const put = curlArgv(await copyFrom(panel, panel.getByTestId('copy-curl-actual')), scratch);
    expect(put.status, put.stderr).toBe(0);
    expect(put.argv.slice(0, 4)).toEqual(['-i', '-X', 'PUT', putUrl]);
    expect(put.argv).toContain('X-Trace: 1');
    expect(put.argv.join('\n')).not.toContain(SECRET);
    await closeDetail();

    // A credentialed request: the copied curl names its URL and keeps the cookie out.
    await openDetail('acac-missing-include');
    const credUrl = storedOf('acac-missing-include')[0]!.exchange.hops[0]!.request.url;
    const cred = curlArgv(await copyFrom(panel, panel.getByTestId('copy-curl-actual')), scratch);
    expect(cred.status, cred.stderr).toBe(0);
    expect(cred.argv.slice(0, 2)).toEqual(['-i', credUrl]);
    const cookie = cred.argv.find((a) => /^cookie:/i.test(a));
    expect(cookie, 'the capture has the Cookie header').toBeDefined();
    expect(cookie).not.toContain(SECRET);
    expect(cred.argv.join('\n')).not.toContain(SECRET);
    // Every argument after the URL is a -H pair.
    const rest = cred.argv.slice(2);
    expect(rest.length % 2).toBe(0);
    for (let i = 0; i < rest.length; i += 2) expect(rest[i]).toBe('-H');
    await closeDetail();
    expect(readdirSync(scratch)).toEqual([]);
  });

  it('exports JSON, Markdown and HAR of all requests, and the CLI reads the JSON and the HAR back to the same verdicts', async () => {
    const rows = await panelRows(panel);
    const panelVerdicts = verdictsByUrl(rows);

    const json = await exportFile(panel, 'json', { scope: 'all' });
    expect(json.filename).toMatch(/^corsight-127\.0\.0\.1_\d+-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.json$/);
    const report = JSON.parse(json.text) as Report;
    expect(report.schema).toBe('corsight-report/1');
    expect(report.secretsRedacted).toBe(true);
    expect(report.requests).toHaveLength(rows.reduce((n, r) => n + r.count, 0));
    expect(report.summary.total).toBe(stored.length);
    expect(verdictsByUrl(report.requests.map((r) => ({ url: r.url, verdict: rowVerdictOfReport(r) })))).toEqual(panelVerdicts);
    // Each button's Chromium error, as the demo expects it, is in the report.
    for (const b of DEMO_BUTTONS) {
      const mine = report.requests.filter((r) => r.url.includes(runPath(b.scenarioId)));
      expect(mine.length, b.scenarioId).toBeGreaterThan(0);
      for (const r of mine) {
        expect(r.verdict, b.scenarioId).toBe(b.expect.verdict);
        expect(r.chromiumError, b.scenarioId).toBe(b.expect.chromiumError ?? null);
      }
    }

    const har = await exportFile(panel, 'har', { scope: 'all' });
    expect(har.filename).toMatch(/\.har$/);
    const harLog = JSON.parse(har.text) as { log: { version: string; entries: Array<{ request: { url: string } }> } };
    expect(harLog.log.version).toBe('1.2');
    expect(harLog.log.entries.length).toBeGreaterThanOrEqual(stored.length);
    const fromHar = analyzeWithCli(har.text, 'export.har');
    expect(fromHar.code, fromHar.stderr).toBe(0);
    const cli = fromHar.report!;
    expect(cli.requests).toHaveLength(report.requests.length);
    expect(verdictsByUrl(cli.requests.map((r) => ({ url: r.url, verdict: rowVerdictOfReport(r) })))).toEqual(panelVerdicts);
    // The round trip keeps the report's stable contract: the CLI on the HAR says what the JSON export says.
    const contract = (r: Report['requests'][number]) => [r.url, r.method, r.verdict, r.chromiumError, r.firefoxReason, r.failedParameter, r.code].join(' | ');
    expect(cli.requests.map(contract).sort()).toEqual(report.requests.map(contract).sort());
    // The JSON export carries the exchanges: the CLI re-diagnoses it to the same verdicts.
    const fromJson = analyzeWithCli(json.text, 'export.json');
    expect(fromJson.code, fromJson.stderr).toBe(0);
    expect(fromJson.report!.requests.map(contract).sort()).toEqual(report.requests.map(contract).sort());

    const md = await exportFile(panel, 'markdown', { scope: 'all' });
    expect(md.filename).toMatch(/\.md$/);
    const sections = md.text.split('\n').filter((l) => /^## \d+\. /.test(l));
    const blocked = report.requests.filter((r) => r.verdict === 'blocked');
    expect(sections).toHaveLength(blocked.length);
    for (const r of blocked) expect(sections.filter((s) => s.includes(` ${r.url} — blocked`)), r.url).toHaveLength(1);
    expect(md.text).toMatch(/^# corsight report$/m);
    // The table lists every request, passing ones included.
    expect(md.text.split('\n').filter((l) => l.startsWith('| ') && /\| (blocked|allowed) \|/.test(l))).toHaveLength(report.requests.length);

    // Scope "failing": only the blocked requests.
    const failingOnly = JSON.parse((await exportFile(panel, 'json', { scope: 'failing' })).text) as Report;
    expect(failingOnly.requests.map((r) => r.url).sort()).toEqual(blocked.map((r) => r.url).sort());
  });

  it('leaves cookies out of every export unless "include secrets" is ticked', async () => {
    // The credentialed demo requests really carried the cookie (so its absence below means redaction).
    const carried = stored.filter((e) => e.exchange.hops.some((h) => h.request.headers.some((x) => x.name.toLowerCase() === 'cookie' && x.value.includes(SECRET))));
    expect(carried.length).toBeGreaterThanOrEqual(2);

    for (const format of ['json', 'markdown', 'har'] as const) {
      const redacted = await exportFile(panel, format, { scope: 'all', includeSecrets: false });
      expect(redacted.text, format).not.toContain(SECRET);
      expect(redacted.text, format).toMatch(/cookie/i);
    }
    const json = await exportFile(panel, 'json', { scope: 'all', includeSecrets: true });
    expect(json.text).toContain(`corsight_session=${SECRET}`);
    expect((JSON.parse(json.text) as Report).secretsRedacted).toBe(false);
    const har = await exportFile(panel, 'har', { scope: 'all', includeSecrets: true });
    expect(har.text).toContain(SECRET);
    const md = await exportFile(panel, 'markdown', { scope: 'all', includeSecrets: true });
    expect(md.text).toContain(SECRET);
    // The box is for one export at a time? It stays as the user left it; untick it and the secret is gone again.
    const again = await exportFile(panel, 'json', { scope: 'all', includeSecrets: false });
    expect(again.text).not.toContain(SECRET);
  });

  it('keeps its rows when the service worker is stopped, reconnects by itself and shows the next request', async () => {
    const before = await panelRows(panel);
    // Record every state banner the panel shows from now on.
    await panel.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seenStates: string[] }).seenStates = seen;
      new MutationObserver(() => {
        for (const el of document.querySelectorAll('[data-testid^="state-"]')) {
          const id = el.getAttribute('data-testid')!;
          if (seen.at(-1) !== id) seen.push(id);
        }
      }).observe(document.body, { subtree: true, childList: true });
    });
    await stopServiceWorker(chromium.context, labPage);
    await expect.poll(() => panel.evaluate(() => (window as unknown as { seenStates: string[] }).seenStates), { timeout: 10_000 }).toContain('state-reconnecting');
    await panel.getByTestId('state-reconnecting').waitFor({ state: 'detached', timeout: 10_000 });
    expect(await panel.getByTestId('state-reloaded').count()).toBe(0);
    expect((await panelRows(panel)).map((r) => [r.key, r.verdict])).toEqual(before.map((r) => [r.key, r.verdict]));

    // A new request, after the restart: its row appears, blocked.
    await labPage.bringToFront();
    const id = 'acao-missing';
    const old = runs.get(id);
    await labPage.getByTestId(`demo-button-${id}`).click();
    const result = labPage.getByTestId(`demo-result-${id}`);
    await expect.poll(async () => (await result.getAttribute('data-state')) === 'done' && (await result.getAttribute('data-run')) !== old).toBe(true);
    const fresh = `/s/${id}/${await result.getAttribute('data-run')}/`;
    await expect.poll(() => rowWithUrl(panel, fresh).getAttribute('data-verdict'), { timeout: 10_000 }).toBe('blocked');
    await expect.poll(() => rowCount(panel)).toBe(before.length + 1);
    const after = await panelRows(panel);
    expect(after.slice(0, before.length).map((r) => r.key)).toEqual(before.map((r) => r.key));
  });
});

describe('the CORS panel inside the real DevTools (Chromium)', () => {
  let devChromium: ChromiumWithExtension | undefined;
  let devLab: Lab | undefined;
  const sessions: RawSession[] = [];

  afterAll(async () => {
    for (const s of sessions) await s.detach();
    await devChromium?.close();
    await devLab?.close();
  });

  it('shows a blocked row for a demo button clicked in the inspected page', async () => {
    devLab = await startLab();
    devChromium = await launchChromiumWithExtension(DIST_CHROME, { extraArgs: ['--auto-open-devtools-for-tabs'] });
    const page = devChromium.context.pages()[0] ?? (await devChromium.context.newPage());
    await page.goto(`${devLab.originA}/`);
    const browserSession = await devChromium.context.browser()!.newBrowserCDPSession();
    await waitForTarget(browserSession, (t) => t.url === `chrome-extension://${CHROME_EXTENSION_ID}/${DEVTOOLS_PATH}`);
    const frontEnd = await waitForTarget(browserSession, (t) => t.type === 'page' && t.url.startsWith('devtools://'));
    const devtools = await attachRaw(browserSession, frontEnd.targetId);
    sessions.push(devtools);
    const panelId = `chrome-extension://${CHROME_EXTENSION_ID}CORS`;
    await expect
      .poll(
        () =>
          devtools.evaluate<boolean>(`(async () => {
            const UI = await import('./ui/legacy/legacy.js');
            return UI.InspectorView.InspectorView.instance().tabbedPane.tabs.some((t) => t.id === ${JSON.stringify(panelId)});
          })()`),
        { timeout: 15_000 },
      )
      .toBe(true);
    await devtools.evaluate(`(async () => {
      const UI = await import('./ui/legacy/legacy.js');
      await UI.InspectorView.InspectorView.instance().showPanel(${JSON.stringify(panelId)});
      return true;
    })()`);
    const frame = await waitForTarget(browserSession, (t) => t.url === `chrome-extension://${CHROME_EXTENSION_ID}/${PANEL_PATH}`);
    const panelFrame = await attachRaw(browserSession, frame.targetId);
    sessions.push(panelFrame);
    // The panel inside DevTools follows the inspected tab: no ?tabId=, and it is live and empty.
    await expect.poll(() => panelFrame.evaluate<string>('location.search')).toBe('');
    await expect.poll(() => panelFrame.evaluate<number>('document.querySelectorAll(\'[data-testid="state-empty"]\').length'), { timeout: 10_000 }).toBe(1);

    await page.getByTestId('demo-button-acao-missing').click({ force: true });
    const result = page.locator('[data-testid="demo-result-acao-missing"][data-state="done"]');
    await result.waitFor({ timeout: 20_000 });
    const run = await result.getAttribute('data-run');
    const rowsExpr = `JSON.stringify([...document.querySelectorAll('[data-testid="request-row"]')].map((r) => [r.getAttribute('data-verdict'), r.querySelector('.url')?.getAttribute('title')]))`;
    await expect
      .poll(async () => JSON.parse(await panelFrame.evaluate<string>(rowsExpr)) as Array<[string, string]>, { timeout: 10_000 })
      .toEqual([['blocked', `${devLab.originB}/s/acao-missing/${run}/start`]]);
    // The detail opens inside DevTools too.
    await panelFrame.evaluate(`document.querySelector('[data-testid="request-row"]').click()`);
    await expect
      .poll(() => panelFrame.evaluate<string | null>(`document.querySelector('[data-testid="detail-title"]')?.textContent ?? null`))
      .toBe('No Access-Control-Allow-Origin header');
  });
});
