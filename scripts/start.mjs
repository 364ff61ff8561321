#!/usr/bin/env node
// The demo: the lab server (test/lab/server.ts) and Chromium with the built extension (dist/) on its page.
//   - with a display ($DISPLAY set): a normal Chromium window, DevTools open; Ctrl+C (or closing it) ends the demo.
//   - without one (or with --headless): headless Chromium; checks that the extension's service worker starts and
//     that DevTools shows the "CORS" panel, writes screenshots to .corsight-out/<timestamp>/ and prints a summary.
// Run through `npm start`, which first runs scripts/setup.mjs and builds. Capturing traffic and diagnosing it in
// the panel arrive in later issues; today the panel is a placeholder.
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
    const lab = await startLab();
    return {
      kind: 'lab',
      pageUrl: `${lab.originA}/`,
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

async function headless(demo, extensionId) {
  const { chromium } = await import('playwright-core');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const out = join(ROOT, '.corsight-out', stamp);
  mkdirSync(out, { recursive: true });
  const profile = mkdtempSync(join(tmpdir(), 'corsight-start-'));
  const checks = [];
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

    await check('panel page renders and reaches the background (screenshot)', async () => {
      const panel = await context.newPage();
      await panel.goto(`chrome-extension://${extensionId}/${PANEL_PATH}`);
      const status = await waitFor('the background status', async () => {
        const text = await panel.getByTestId('background-status').textContent();
        return text && !text.includes('checking') ? text : undefined;
      });
      await panel.screenshot({ path: join(out, 'panel.png') });
      if (!/running/.test(status)) throw new Error(status);
      return `${status.trim()} → panel.png`;
    });
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }

  const ok = checks.every((c) => c.ok);
  writeFileSync(
    join(out, 'summary.json'),
    JSON.stringify({ ok, extensionId, server: demo.kind, page: demo.pageUrl, chromium: CHROMIUM, checks }, null, 2) + '\n',
  );
  console.log('');
  console.log(`corsight demo (headless) — ${ok ? 'all checks passed' : 'SOME CHECKS FAILED'}`);
  console.log(`  extension id  ${extensionId}`);
  console.log(`  ${demo.describe}`);
  for (const c of checks) console.log(`  ${c.ok ? '✔' : '✘'} ${c.name} (${c.ms} ms)${c.detail ? `: ${c.detail}` : ''}`);
  console.log(`  output        ${relative(process.cwd(), out) || out}/ (screenshots + summary.json)`);
  console.log('');
  console.log('  What exists today: the engine and the CLI (npx corsight analyze file.har), and this extension shell');
  console.log('  (background, a "CORS" DevTools panel with placeholder content). Capturing requests and showing');
  console.log('  their diagnosis and fix in the panel arrive in later issues.');
  console.log('  With a display ($DISPLAY set), `npm start` opens a real Chromium window instead.');
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
