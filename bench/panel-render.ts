/**
 * The panel with 10,000 stored exchanges, in headless Chromium: time from mounting the panel to the
 * list's first paint (the snapshot arrives as JSON text, parsed in the timed span, as Chromium's ports
 * deliver it), and time from typing a
 * filter to the filtered list's paint. Budgets (issue 4): 150 ms and 50 ms. The real App and styles,
 * bundled by esbuild as the extension's build does; only the host (the port) is a stand-in.
 */
import { median } from './median';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { triage } from '../src/shared/cors';
import { summarize, worthKeeping, type StoredExchange } from '../src/shared/capture/log';
import { pack } from '../src/shared/capture/packed';
import { importHarValue } from '../src/shared/har';
import { generateHar } from '../test/fixtures/har/generate';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../test/e2e/support/extension';

const root = new URL('..', import.meta.url).pathname;

/** 10,000 cross-origin exchanges as the background stores them, from the generated page-traffic HAR. */
export function storedEntries(count = 10_000): StoredExchange[] {
  const r = importHarValue(generateHar({ entries: 12_000 }));
  if (!r.ok) throw new Error(r.error.reason);
  const kept = r.value.exchanges.map((x) => x.exchange).flatMap((exchange) => {
    const d = triage(exchange);
    return worthKeeping(d) ? [{ exchange, summary: summarize(d) }] : [];
  });
  return Array.from({ length: count }, (_, seq) => ({ seq, ...kept[seq % kept.length]! }));
}


export async function panelRender(count = 10_000, rounds = 7): Promise<{ entries: number; firstRender: number; filter: number; rows: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'corsight-panel-bench-'));
  await build({
    entryPoints: [join(root, 'bench/panel-entry.tsx')],
    bundle: true,
    minify: true,
    format: 'esm',
    outfile: join(dir, 'panel.js'),
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'error',
  });
  const entries = storedEntries(count);
  // As the background's snapshot carries them (src/background/capture.ts packs each entry).
  writeFileSync(join(dir, 'entries.json'), JSON.stringify(entries.map(pack)));
  const css = readFileSync(join(root, 'src/panel/styles.css'), 'utf8');
  writeFileSync(join(dir, 'index.html'), `<!doctype html><meta charset="utf-8"><style>${css}</style><div id="app"></div>`);
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
    await page.goto(`file://${join(dir, 'index.html')}`);
    await page.evaluate((json) => {
      window.benchJson = json;
    }, readFileSync(join(dir, 'entries.json'), 'utf8'));
    await page.addScriptTag({ path: join(dir, 'panel.js'), type: 'module' });
    await page.waitForFunction(() => typeof window.benchFirstRender === 'function');
    const first: number[] = [];
    const filter: number[] = [];
    let rows = 0;
    for (let i = 0; i < rounds; i++) {
      first.push(await page.evaluate(() => window.benchFirstRender()));
      filter.push(await page.evaluate(() => window.benchFilter('allow-origin')));
      rows = Number(await page.getAttribute('[data-testid="request-list"]', 'data-rows'));
    }
    return { entries: entries.length, firstRender: median(first), filter: median(filter), rows };
  } finally {
    await browser.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await panelRender());
