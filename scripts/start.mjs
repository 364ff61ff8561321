#!/usr/bin/env node
// The demo: the lab server (test/lab/server.ts) and Chromium with the built extension (dist/) on its page, the
// demo lab (test/lab/demo.ts): one button per reason a cross-origin request fails, or passes.
//   - with a display ($DISPLAY set): a normal Chromium window, DevTools open; Ctrl+C (or closing it) ends the demo.
//   - without one (or with --headless): headless Chromium; checks that the extension's service worker starts and
//     that DevTools shows the "CORS" panel, clicks every demo button, asks the background for what it captured
//     (`corsight/dump`), opens the CORS panel for the lab tab (standalone, `?tabId=`) and its first blocked request,
//     and writes screenshots, findings.json, report.json (corsight-report/1) and summary.json to
//     .corsight-out/<timestamp>/; prints a table of the extension's verdict for each button.
// Run through `npm start`, which first runs scripts/setup.mjs and builds.
/* global chrome -- only inside page.evaluate callbacks, which run in an extension page */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DIST = join(ROOT, 'dist');
const LAB_SERVER = join(ROOT, 'test/lab/server.ts');
const LAB_DEMO = join(ROOT, 'test/lab/demo.ts');
const ENGINE = join(ROOT, 'src/shared/cors/index.ts');
const REPORT = join(ROOT, 'src/shared/report/index.ts');
const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const PANEL_PATH = 'src/panel/index.html';
const DEVTOOLS_PATH = 'src/devtools/index.html';
const args = new Set(process.argv.slice(2));
const HEADLESS = args.has('--headless') || (!process.env.DISPLAY && !args.has('--headed'));

// Same flags as the e2e tests: without the networking ones Chromium keeps trying to reach the internet.
const CHROMIUM_FLAGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  `--disable-extensions-except=${DIST}`,
  `--load-extension=${DIST}`,
  '--auto-open-devtools-for-tabs',
];
if (typeof process.getuid === 'function' && process.getuid() === 0) CHROMIUM_FLAGS.unshift('--no-sandbox');

const log = (msg) => console.log(`[start] ${msg}`);
const fail = (msg) => {
  console.error(`[start] error: ${msg}`);
  process.exit(1);
};
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Chrome's extension id: sha256 of the manifest `key` (DER public key), first 32 hex digits mapped to a–p. */
function extensionIdFromKey(key) {
  const hex = createHash('sha256').update(Buffer.from(key, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

async function startDemoServer() {
  if (existsSync(LAB_SERVER)) {
    const { tsImport } = await import('tsx/esm/api');
    const { startLab } = await tsImport(pathToFileURL(LAB_SERVER).href, import.meta.url);
    const { DEMO_BUTTONS, expectationLine } = await tsImport(pathToFileURL(LAB_DEMO).href, import.meta.url);
    const lab = await startLab();
    return {
      kind: 'lab',
      pageUrl: `${lab.originA}/`,
      origins: lab.origins,
      buttons: DEMO_BUTTONS,
      expectationLine,
      describe: `lab server: page ${lab.originA}, API ${lab.originB}, third origin ${lab.originC}`,
      close: () => lab.close(),
    };
  }
  // Fallback until test/lab/server.ts exists: one page on 127.0.0.1, nothing cross-origin.
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>corsight demo</title><h1>corsight demo page</h1><p>The lab server (test/lab/server.ts) is not there yet: this is a stand-in page.</p>');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return {
    kind: 'built-in',
    pageUrl: `http://127.0.0.1:${port}/`,
    describe: `built-in stand-in page (test/lab/server.ts not found) at http://127.0.0.1:${port}/`,
    close: () => new Promise((r) => server.close(r)),
  };
}

async function headed(demo) {
  const profile = mkdtempSync(join(tmpdir(), 'corsight-start-'));
  log(`opening Chromium on ${demo.pageUrl} with the extension loaded and DevTools open; Ctrl+C to stop`);
  const child = spawn(CHROMIUM, [...CHROMIUM_FLAGS, `--user-data-dir=${profile}`, demo.pageUrl], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const stop = () => child.kill('SIGTERM');
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const code = await new Promise((r) => child.once('exit', r));
  rmSync(profile, { recursive: true, force: true });
  if (code === 0 || code === null) return 0;
  console.error(`[start] Chromium exited with status ${code}; the end of its output:\n${stderr}`);
  console.error('[start] no usable display? `node scripts/start.mjs --headless` runs the headless checks instead.');
  return 1;
}

/** A raw CDP session on a target Playwright does not expose (the DevTools front-end), via the browser session. */
async function attachRaw(browserSession, targetId) {
  const { sessionId } = await browserSession.send('Target.attachToTarget', { targetId, flatten: false });
  let nextId = 1;
  const pending = new Map();
  browserSession.on('Target.receivedMessageFromTarget', (e) => {
    if (e.sessionId !== sessionId) return;
    const msg = JSON.parse(e.message);
    const waiter = pending.get(msg.id);
    if (!waiter) return;
    pending.delete(msg.id);
    if (msg.error) waiter.reject(new Error(msg.error.message));
    else waiter.resolve(msg.result);
  });
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      browserSession.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
    });
  const evaluate = async (expression) => {
    const r = await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
    if (r.exceptionDetails) throw new Error(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
    return r.result.value;
  };
  return { send, evaluate };
}

async function waitFor(what, probe, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** Clicks each demo button in the lab page, one after the other, and waits for the page to show its outcome. */
async function clickDemoButtons(page, buttons) {
  await page.bringToFront();
  const runs = [];
  for (const button of buttons) {
    const id = button.scenarioId;
    const started = Date.now();
    // force: skips Playwright's actionability wait ("visible, enabled and stable", measured by animation
    // frames), which took 2-4 s per button below the fold in this headless window with DevTools attached,
    // against ~0.1 s without it. The button is visible and enabled: the previous run has finished.
    await page.getByTestId(`demo-button-${id}`).click({ force: true });
    const result = page.locator(`[data-testid="demo-result-${id}"][data-state="done"]`);
    await result.waitFor({ timeout: 20_000 });
    runs.push({
      button,
      runId: await result.getAttribute('data-run'),
      pageOk: (await result.getAttribute('data-outcome')) === 'ok',
      pageSaw: (await result.textContent()) ?? '',
      ms: Date.now() - started,
    });
  }
  return runs;
}

/**
 * What the background stored for the lab tab, asked from an extension page (chrome.tabs to find the tab,
 * then the one-shot `corsight/dump` message). Polls a little while requests are still in flight.
 */
async function dumpCapture(context, extensionId, pageUrl) {
  const ext = await context.newPage();
  await ext.goto(`chrome-extension://${extensionId}/${PANEL_PATH}`);
  const tabId = await ext.evaluate(
    async (url) => (await chrome.tabs.query({})).find((t) => t.url?.startsWith(url))?.id ?? null,
    pageUrl,
  );
  if (tabId === null) throw new Error(`no tab shows ${pageUrl}`);
  const until = Date.now() + 10_000;
  for (;;) {
    const dump = await ext.evaluate((id) => chrome.runtime.sendMessage({ type: 'corsight/dump', tabId: id }), tabId);
    if (!dump || !Array.isArray(dump.entries)) throw new Error(`the background answered ${JSON.stringify(dump)}`);
    if (dump.inFlight === 0 || Date.now() > until) {
      await ext.close();
      return dump;
    }
    await sleep(250);
  }
}

/**
 * The CORS panel as a normal tab for the lab tab (standalone mode, `?tabId=`): waits until it lists a row for
 * every captured button run, saves the list (panel.png), opens the first blocked row and saves that
 * (panel-detail.png).
 */
async function showPanel(context, extensionId, dump, runs, out) {
  const panel = await context.newPage();
  try {
    // Tall enough for every demo row: the list renders only the rows in view.
    await panel.setViewportSize({ width: 1200, height: 800 });
    await panel.goto(`chrome-extension://${extensionId}/${PANEL_PATH}?tabId=${dump.tabId}`);
    await panel.bringToFront();
    const captured = runs.filter((r) => r.runId && entriesOfRun(dump.entries, r.button.scenarioId, r.runId).length > 0);
    const rowOf = (r) => panel.locator(`[data-testid="request-row"]:has(.cell.url[title*="/s/${r.button.scenarioId}/${r.runId}/"])`);
    await waitFor('a panel row for every captured button', async () => {
      for (const r of captured) if ((await rowOf(r).count()) === 0) return false;
      return true;
    });
    const rows = Number(await panel.getByTestId('request-list').getAttribute('data-rows'));
    const blocked = await panel.locator('[data-testid="request-row"][data-verdict="blocked"]').count();
    await panel.getByTestId('request-list').evaluate((el) => el.scrollTo(0, 0));
    await panel.screenshot({ path: join(out, 'panel.png') });
    if (blocked === 0) throw new Error('the panel shows no blocked request');
    await panel.locator('[data-testid="request-row"][data-verdict="blocked"]').first().click();
    const title = (await panel.getByTestId('detail-title').textContent({ timeout: 5_000 })) ?? '';
    await panel.mouse.move(0, 799);
    await panel.screenshot({ path: join(out, 'panel-detail.png') });
    return { rows, blocked, title };
  } finally {
    await panel.close();
  }
}

/** The stored exchange(s) of one button's run: every URL of a run has `/s/<scenarioId>/<runId>/` in its path. */
const entriesOfRun = (entries, id, runId) => entries.filter((e) => e.exchange.hops[0]?.request.url.includes(`/s/${id}/${runId}/`));

/** "PUT B/start → C/final": the method, then each hop's origin (as A/B/C) and step. */
function shortRequest(exchange, origins) {
  const key = (url) => {
    const u = new URL(url);
    const name = Object.entries(origins).find(([, o]) => o === u.origin)?.[0] ?? u.host;
    return `${name}${u.pathname.replace(/^\/s\/[^/]+\/[^/]+/, '')}`;
  };
  const hops = exchange.hops.map((h) => key(h.request.url));
  return `${exchange.hops[0]?.request.method ?? '?'} ${hops.join(' → ')}`;
}

/** Why the stored verdict does not fit the button's expectation; empty when it does. */
function mismatches(expect, summary) {
  if (!summary) return ['not captured'];
  const out = [];
  if (summary.verdict !== expect.verdict) out.push(`verdict ${summary.verdict}, expected ${expect.verdict}`);
  if (expect.chromiumError && summary.chromiumError !== expect.chromiumError) out.push(`error ${summary.chromiumError ?? 'none'}, expected ${expect.chromiumError}`);
  if (expect.realCause && summary.realCause !== expect.realCause) out.push(`real cause ${summary.realCause ?? 'none'}, expected ${expect.realCause}`);
  if (expect.advisory && !summary.advisories.includes(expect.advisory)) out.push(`no ${expect.advisory} advisory`);
  return out;
}

/** Plain columns, padded to the widest cell; a cell may hold several lines. */
function table(header, rows) {
  const split = (row) => row.map((c) => String(c).split('\n'));
  const cells = [header, ...rows].map(split);
  const widths = header.map((_, i) => Math.max(...cells.flatMap((r) => r[i].map((l) => l.length))));
  const line = (parts) => parts.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const lines = (row) => {
    const height = Math.max(...row.map((c) => c.length));
    return Array.from({ length: height }, (_, k) => line(row.map((c) => c[k] ?? '')));
  };
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...cells.slice(1).flatMap(lines)].join('\n');
}

async function headless(demo, extensionId) {
  const { chromium } = await import('playwright-core');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const out = join(ROOT, '.corsight-out', stamp);
  mkdirSync(out, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'corsight-start-'));
  const checks = [];
  let demoRuns = null;
  let dump = null;
  let demoRows = null;
  const reportBySeq = new Map();
  const check = async (name, work) => {
    const started = Date.now();
    try {
      const detail = await work();
      checks.push({ name, ok: true, ms: Date.now() - started, ...(detail ? { detail } : {}) });
    } catch (error) {
      checks.push({ name, ok: false, ms: Date.now() - started, detail: error instanceof Error ? error.message : String(error) });
    }
  };

  log(`headless Chromium (no $DISPLAY${args.has('--headless') ? ', --headless' : ''}) on ${demo.pageUrl}`);
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
  try {
    await check('extension service worker started', async () => {
      const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
      const host = new URL(worker.url()).host;
      if (host !== extensionId) throw new Error(`service worker runs in ${host}, expected ${extensionId}`);
      return worker.url();
    });
    await check('devtools panel page present in dist/', async () => {
      for (const p of [DEVTOOLS_PATH, PANEL_PATH]) if (!existsSync(join(DIST, p))) throw new Error(`dist/${p} missing`);
      return `dist/${DEVTOOLS_PATH}, dist/${PANEL_PATH}`;
    });

    const page = context.pages()[0] ?? (await context.newPage());
    await check('lab page opened (screenshot)', async () => {
      await page.goto(demo.pageUrl);
      await page.screenshot({ path: join(out, 'lab-page.png') });
      return `${await page.title()} → lab-page.png`;
    });

    await check('DevTools lists the "CORS" panel (screenshot)', async () => {
      const session = await context.browser().newBrowserCDPSession();
      const targets = async () => (await session.send('Target.getTargets')).targetInfos;
      await waitFor('the devtools page', async () =>
        (await targets()).some((t) => t.url === `chrome-extension://${extensionId}/${DEVTOOLS_PATH}`),
      );
      const frontEnd = await waitFor('the DevTools window', async () =>
        (await targets()).find((t) => t.type === 'page' && t.url.startsWith('devtools://')),
      );
      const devtools = await attachRaw(session, frontEnd.targetId);
      const panelId = `chrome-extension://${extensionId}CORS`;
      // DevTools' own modules: the docked inspector's tab list, then show our tab.
      await waitFor('the CORS tab', () =>
        devtools.evaluate(`(async () => {
          const UI = await import('./ui/legacy/legacy.js');
          return UI.InspectorView.InspectorView.instance().tabbedPane.tabs.some((t) => t.id === ${JSON.stringify(panelId)});
        })()`),
      );
      await devtools.evaluate(`(async () => {
        const UI = await import('./ui/legacy/legacy.js');
        await UI.InspectorView.InspectorView.instance().showPanel(${JSON.stringify(panelId)});
        return true;
      })()`);
      await waitFor('the panel iframe', async () =>
        (await targets()).some((t) => t.url === `chrome-extension://${extensionId}/${PANEL_PATH}`),
      );
      await sleep(1000); // the panel paints about a second after it is shown
      const shot = await devtools.send('Page.captureScreenshot', { format: 'png' });
      writeFileSync(join(out, 'devtools-cors-panel.png'), Buffer.from(shot.data, 'base64'));
      return 'tab "CORS" shown → devtools-cors-panel.png';
    });

    await check('panel page renders and reaches the background', async () => {
      const panel = await context.newPage();
      await panel.goto(`chrome-extension://${extensionId}/${PANEL_PATH}`);
      const status = await waitFor('the background status', async () => {
        const text = await panel.getByTestId('background-status').textContent();
        return text && !text.includes('checking') ? text : undefined;
      });
      await panel.close();
      if (!/running/.test(status)) throw new Error(status);
      return status.trim();
    });

    if (demo.kind === 'lab') {
      await check(`demo: ${demo.buttons.length} buttons clicked in the lab page (screenshot)`, async () => {
        demoRuns = await clickDemoButtons(page, demo.buttons);
        await page.screenshot({ path: join(out, 'lab-page-demo.png'), fullPage: true });
        const failedOnPage = demoRuns.filter((r) => !r.pageOk).length;
        return `${demoRuns.length - failedOnPage} passed and ${failedOnPage} failed as the page sees them → lab-page-demo.png`;
      });
      await check('extension captured the demo (findings.json, report.json)', async () => {
        if (!demoRuns) throw new Error('the buttons did not run');
        await sleep(3000); // the last requests' events may still be on their way through the background
        dump = await dumpCapture(context, extensionId, demo.pageUrl);
        writeFileSync(join(out, 'findings.json'), JSON.stringify(dump, null, 2) + '\n');
        if (dump.entries.length === 0) throw new Error('the extension stored nothing for the lab tab');
        const { tsImport } = await import('tsx/esm/api');
        const [{ diagnose }, { buildReport, renderJson }] = await Promise.all([
          tsImport(pathToFileURL(ENGINE).href, import.meta.url),
          tsImport(pathToFileURL(REPORT).href, import.meta.url),
        ]);
        const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
        const report = buildReport(
          [{ source: `chromium extension capture, tab ${dump.tabId}`, exchanges: dump.entries.map((e) => ({ exchange: e.exchange, entries: [], notes: [] })) }],
          { diagnose, generatedBy: `corsight ${version} (npm start, headless demo)` },
        );
        writeFileSync(join(out, 'report.json'), renderJson(report));
        dump.entries.forEach((e, i) => reportBySeq.set(e.seq, report.requests[i]));
        const disagree = report.requests.filter((r, i) => r.verdict !== dump.entries[i].summary.verdict).length;
        if (disagree > 0) throw new Error(`report.json: ${disagree} re-diagnosed verdicts differ from what the background stored`);
        return `${dump.entries.length} exchanges stored (dropped ${dump.dropped}, ignored ${dump.ignored}, in flight ${dump.inFlight}) → findings.json, report.json`;
      });
      await check('CORS panel lists the demo for the lab tab (panel.png, panel-detail.png)', async () => {
        if (!demoRuns || !dump) throw new Error('nothing captured to show');
        const shown = await showPanel(context, extensionId, dump, demoRuns, out);
        return `${shown.rows} rows, ${shown.blocked} blocked; opened the first: "${shown.title}" → panel.png, panel-detail.png`;
      });
      await check("extension's verdict matches every button's expectation", async () => {
        if (!demoRuns || !dump) throw new Error('nothing to compare');
        demoRows = demoRuns.map((r) => {
          const stored = r.runId ? entriesOfRun(dump.entries, r.button.scenarioId, r.runId) : [];
          const last = stored.at(-1);
          return { ...r, stored: stored.length, last, problems: mismatches(r.button.expect, last?.summary) };
        });
        const wrong = demoRows.filter((r) => r.problems.length > 0);
        if (wrong.length > 0) throw new Error(wrong.map((r) => `${r.button.scenarioId}: ${r.problems.join(', ')}`).join('; '));
        return `${demoRows.length} of ${demoRows.length}`;
      });
    }
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }

  const ok = checks.every((c) => c.ok);
  const demoSummary = dump && {
    tabId: dump.tabId,
    stored: dump.entries.length,
    dropped: dump.dropped,
    ignored: dump.ignored,
    inFlight: dump.inFlight,
    buttons: (demoRows ?? []).map((r) => ({
      scenarioId: r.button.scenarioId,
      label: r.button.label,
      runId: r.runId,
      expected: r.button.expect,
      pageSaw: r.pageSaw,
      ms: r.ms,
      stored: r.stored,
      extension: r.last?.summary ?? null,
      matches: r.problems.length === 0,
      ...(r.problems.length ? { problems: r.problems } : {}),
    })),
  };
  writeFileSync(
    join(out, 'summary.json'),
    JSON.stringify({ ok, extensionId, server: demo.kind, page: demo.pageUrl, chromium: CHROMIUM, checks, ...(demoSummary ? { demo: demoSummary } : {}) }, null, 2) + '\n',
  );
  console.log('');
  console.log(`corsight demo (headless) — ${ok ? 'all checks passed' : 'SOME CHECKS FAILED'}`);
  console.log(`  extension id  ${extensionId}`);
  console.log(`  ${demo.describe}`);
  for (const c of checks) console.log(`  ${c.ok ? '✔' : '✘'} ${c.name} (${c.ms} ms)${c.detail ? `: ${c.detail}` : ''}`);
  if (demoRows) {
    console.log('');
    // One row per button; a second line when the button also expects a real cause or an advisory.
    const extras = (r) => {
      const { realCause, advisory } = r.button.expect;
      const sum = r.last?.summary;
      const want = [];
      const got = [];
      if (realCause) {
        want.push(`+ real cause ${realCause}`);
        got.push(`+ real cause ${sum?.realCause ?? 'none'}`);
      }
      if (advisory) {
        want.push(`+ advisory ${advisory}`);
        got.push(sum?.advisories.includes(advisory) ? `+ advisory ${advisory}` : `(no ${advisory} advisory)`);
      }
      return { want, got };
    };
    const request = (r) => {
      if (!r.last) return '(not captured)';
      const cached = r.stored > 1 && reportBySeq.get(r.last.seq)?.preflight.observed === 'cached';
      return `${shortRequest(r.last.exchange, demo.origins)}${r.stored > 1 ? ` ×${r.stored}` : ''}${cached ? ', cached' : ''}`;
    };
    const rows = demoRows.map((r, i) => {
      const { want, got } = extras(r);
      const e = r.button.expect;
      return [
        String(i + 1),
        r.button.label,
        request(r),
        [[e.verdict, e.chromiumError].filter(Boolean).join(' '), ...want].join('\n'),
        [r.last ? `${r.last.summary.verdict} · ${r.last.summary.title}` : '—', ...got].join('\n'),
        r.problems.length === 0 ? '✓' : '✗',
      ];
    });
    console.log(table(['#', 'button', 'request', 'expected', "extension's verdict · rule", 'ok'], rows).replace(/^/gm, '  '));
    for (const r of demoRows) if (r.problems.length) console.log(`  ✗ ${r.button.scenarioId}: ${r.problems.join(', ')}`);
    const matched = demoRows.filter((r) => r.problems.length === 0).length;
    console.log(`  ${matched} of ${demoRows.length} buttons: the extension's verdict matches the expectation (verdict, Chromium error, real cause, advisory).`);
  }
  const files = ['screenshots', 'summary.json', ...(dump ? ['findings.json', 'report.json'] : [])];
  console.log(`  output        ${relative(process.cwd(), out) || out}/ (${files.join(', ')})`);
  console.log('');
  console.log('  The extension captures cross-origin requests and diagnoses each one in the background; its "CORS"');
  console.log('  panel lists them and explains the selected one (panel.png, panel-detail.png). The CLI analyses HAR');
  console.log('  files: npx corsight analyze file.har. With a display ($DISPLAY set), `npm start` opens a real Chromium window.');
  return ok ? 0 : 1;
}

async function main() {
  if (!existsSync(join(DIST, 'manifest.json'))) fail('dist/manifest.json not found: run `npm run build` first (npm start does).');
  if (!existsSync(CHROMIUM)) fail(`${CHROMIUM} not found: run \`node scripts/setup.mjs\` (installs chromium from apt) or set CHROME_PATH.`);
  const manifest = JSON.parse(readFileSync(join(DIST, 'manifest.json'), 'utf8'));
  if (typeof manifest.key !== 'string') fail('dist/manifest.json has no "key": the extension id would not be stable.');
  const extensionId = extensionIdFromKey(manifest.key);

  const demo = await startDemoServer();
  log(demo.describe);
  let code = 1;
  try {
    code = HEADLESS ? await headless(demo, extensionId) : await headed(demo);
  } finally {
    await demo.close();
  }
  process.exit(code);
}

main().catch((error) => fail(error instanceof Error ? (error.stack ?? error.message) : String(error)));
