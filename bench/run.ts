/**
 * `npm run bench`: speed figures against the budgets in the issues, reported as numbers and ratios,
 * never as pass/fail timing tests (those flake on a busy 2-core machine).
 *
 *   1. Engine: diagnoses per second on one core, over the exchanges recorded from real Chromium (the
 *      conformance lab). Budget: 200,000/s.
 *      And the same engine's instructions per diagnosis, counted by valgrind (bench/engine-instructions.ts):
 *      the figure that stays put on a shared machine, to compare engine changes by. The same two figures
 *      for `triage`, which the capture runs on every request (the diagnosis without words or fix plan).
 *   2. CLI: wall time of `corsight analyze` on a generated 10,000-entry Chrome HAR, as a user runs it
 *      (a fresh Node process, reading the file, pairing, diagnosing, printing). Budget: 2 s.
 *   3. Capture: a page's load time with the extension against without it, in Chromium (bench/page-load.ts)
 *      and in Firefox ESR (bench/page-load-firefox.ts).
 *      Budget: within 5%.
 *   4. Panel: with 10,000 stored exchanges, time to the list's first paint and time to apply a filter, in
 *      headless Chromium (bench/panel-render.ts). Budgets: 150 ms and 50 ms.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { Exchange } from '../src/shared/model';
import type { Diagnosis, Triage } from '../src/shared/cors';
import { importHarValue } from '../src/shared/har';
import { generateHar } from '../test/fixtures/har/generate';
import { median } from './median';
import { instructionsPerDiagnosis } from './engine-instructions';
import { pageLoadRatio } from './page-load';
import { firefoxPageLoadRatio } from './page-load-firefox';
import { panelRender } from './panel-render';

const root = new URL('..', import.meta.url).pathname;
type Diagnose = (ex: Exchange) => Diagnosis | Triage;

/** The engine as it ships: bundled and minified like the extension and CLI builds, not run through tsx. */
async function shippedEngine(): Promise<{ diagnose: Diagnose; triage: Diagnose; url: string }> {
  const out = join(mkdtempSync(join(tmpdir(), 'corsight-engine-')), 'engine.mjs');
  await build({ entryPoints: [join(root, 'src/shared/cors/index.ts')], bundle: true, minify: true, format: 'esm', platform: 'neutral', outfile: out, logLevel: 'error' });
  const url = pathToFileURL(out).href;
  const m = (await import(url)) as { diagnose: Diagnose; triage: Diagnose };
  return { diagnose: m.diagnose, triage: m.triage, url };
}

function throughput(diagnose: Diagnose, exchanges: Exchange[]): number {
  let sink = 0;
  for (let i = 0; i < 20_000; i++) sink += diagnose(exchanges[i % exchanges.length] as Exchange).verdict.length; // warm-up (JIT)
  const samples: number[] = [];
  for (let round = 0; round < 5; round++) {
    let n = 0;
    const start = process.hrtime.bigint();
    const end = start + 400_000_000n;
    let now = start;
    while (now < end) {
      for (let k = 0; k < 1000; k++) sink += diagnose(exchanges[(n + k) % exchanges.length] as Exchange).verdict.length;
      n += 1000;
      now = process.hrtime.bigint();
    }
    samples.push(n / (Number(now - start) / 1e9));
  }
  if (sink === 0) console.log('');
  return median(samples);
}

/** Every exchange recorded from real Chromium in the conformance lab: all cross-origin, most failing. */
function labExchanges(): Exchange[] {
  const rec = JSON.parse(readFileSync(join(root, 'test/conformance/recordings/chromium.json'), 'utf8')) as { scenarios: Array<{ exchange: Exchange | null }> };
  return rec.scenarios.flatMap((s) => (s.exchange ? [s.exchange] : []));
}

/** A page's traffic as the HAR generator mixes it: same-origin loads, simple and preflighted CORS, failures. */
function harExchanges(): Exchange[] {
  const r = importHarValue(generateHar({ entries: 10_000 }));
  if (!r.ok) throw new Error(r.error.reason);
  return r.value.exchanges.map((x) => x.exchange);
}

function cliWallTime(): { seconds: number[]; entries: number } | { error: string } {
  const bin = join(root, 'bin/corsight.mjs');
  if (!existsSync(join(root, 'dist-cli/corsight.mjs'))) return { error: 'dist-cli/corsight.mjs is missing: run `npm run build:cli` first' };
  const dir = mkdtempSync(join(tmpdir(), 'corsight-bench-'));
  const file = join(dir, 'big.har');
  const har = generateHar({ entries: 10_000 });
  writeFileSync(file, JSON.stringify(har));
  const entries = (har as { log: { entries: unknown[] } }).log.entries.length;
  const seconds: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = process.hrtime.bigint();
    execFileSync(process.execPath, [bin, 'analyze', file, '--json'], { stdio: ['ignore', 'ignore', 'inherit'], maxBuffer: 1 << 30 });
    seconds.push(Number(process.hrtime.bigint() - t) / 1e9);
  }
  return { seconds, entries };
}

const engine = await shippedEngine();
const diagnose = engine.diagnose;
const lab = labExchanges();
const har = harExchanges();
const labRate = throughput(diagnose, lab);
const harRate = throughput(diagnose, har);
// The capture's own cost per request: `triage`, the diagnosis without its words and fix plan.
const labTriageRate = throughput(engine.triage, lab);
const harTriageRate = throughput(engine.triage, har);
const labCost = instructionsPerDiagnosis(engine.url, lab);
const harCost = instructionsPerDiagnosis(engine.url, har);
const labTriageCost = instructionsPerDiagnosis(engine.url, lab, 'triage');
const harTriageCost = instructionsPerDiagnosis(engine.url, har, 'triage');
const cli = cliWallTime();
const rows: Array<[string, string, string, string]> = [
  [`engine, lab mix (${lab.length} exchanges from Chromium): diagnoses/s, 1 core`, Math.round(labRate).toLocaleString('en'), '200,000', `${(labRate / 200_000).toFixed(2)}x budget`],
  [`engine, page mix (${har.length.toLocaleString('en')} exchanges from a HAR): diagnoses/s, 1 core`, Math.round(harRate).toLocaleString('en'), '200,000', `${(harRate / 200_000).toFixed(2)}x budget`],
  [`triage (the capture's per-request run, no words or fix plan), lab mix: per s, 1 core`, Math.round(labTriageRate).toLocaleString('en'), '-', `${(labTriageRate / labRate).toFixed(2)}x diagnose`],
  [`triage, page mix: per s, 1 core`, Math.round(harTriageRate).toLocaleString('en'), '-', `${(harTriageRate / harRate).toFixed(2)}x diagnose`],
];
// Machine-independent: what the budget asks of a core, in instructions per second.
for (const [what, cost] of [['lab', labCost], ['page', harCost]] as const) {
  const label = `engine, ${what} mix: instructions per diagnosis (callgrind; 200,000/s needs this x 200,000 per second)`;
  if (typeof cost === 'number') rows.push([label, Math.round(cost).toLocaleString('en'), '-', `${((cost * 200_000) / 1e9).toFixed(1)} G instructions/s for the budget`]);
  else rows.push([label, cost.error, '-', '-']);
}
// How fast this core ran the engine's code during the throughput rows: what to hold against the figure above.
for (const [what, cost, rate] of [['lab', labCost, labRate], ['page', harCost, harRate]] as const) {
  if (typeof cost === 'number') rows.push([`this core during the ${what} mix's run: G instructions/s of engine code (diagnoses/s x instructions)`, ((rate * cost) / 1e9).toFixed(1), `${((cost * 200_000) / 1e9).toFixed(1)} for the budget`, '-']);
}
for (const [what, cost, whole] of [['lab', labTriageCost, labCost], ['page', harTriageCost, harCost]] as const) {
  const label = `triage, ${what} mix: instructions per request (callgrind)`;
  if (typeof cost === 'number') rows.push([label, Math.round(cost).toLocaleString('en'), '-', typeof whole === 'number' ? `${(cost / whole).toFixed(2)} of diagnose` : '-']);
  else rows.push([label, cost.error, '-', '-']);
}
if ('error' in cli) {
  rows.push(['CLI: 10,000-entry HAR, wall', cli.error, '2 s', '-']);
} else {
  const wall = median(cli.seconds);
  rows.push([`CLI: ${cli.entries.toLocaleString('en')}-entry HAR, wall (median of 3)`, `${wall.toFixed(2)} s`, '2 s', `${(wall / 2).toFixed(2)} of budget`]);
}
// `npm run bench -- --engine`: the engine and CLI rows alone (a few minutes, no browser).
const engineOnly = process.argv.includes('--engine');
const panel = engineOnly ? null : await panelRender();
if (panel) {
  rows.push([`panel: first paint of the list, ${panel.entries.toLocaleString('en')} stored exchanges (median of 7)`, `${panel.firstRender.toFixed(0)} ms`, '150 ms', `${(panel.firstRender / 150).toFixed(2)} of budget`]);
  // The store keeps at most 1,000 per tab (MAX_EXCHANGES_PER_TAB): the snapshot a panel really gets.
  const capped = await panelRender(1_000);
  rows.push([`panel: first paint of the list, ${capped.entries.toLocaleString('en')} stored exchanges (the store's cap)`, `${capped.firstRender.toFixed(0)} ms`, '150 ms', `${(capped.firstRender / 150).toFixed(2)} of budget`]);
  rows.push([`panel: apply a text filter to them (${panel.rows} rows match, median of 7)`, `${panel.filter.toFixed(0)} ms`, '50 ms', `${(panel.filter / 50).toFixed(2)} of budget`]);
}
for (const [browser, measure] of engineOnly ? [] : [['Chromium', pageLoadRatio], ['Firefox', firefoxPageLoadRatio]] as const) {
  for (const [requests, inspected] of [[20, false], [300, false], [20, true], [300, true]] as const) {
    const load = await measure(requests, { rounds: requests > 100 ? 7 : 15, inspected });
    const what = `page load (${browser}), ${requests} cross-origin requests, ${inspected ? 'DevTools open (capturing)' : 'no DevTools open'}: with the extension / without`;
    if ('error' in load) rows.push([what, load.error, '1.05', '-']);
    else rows.push([`${what} (median of ${load.rounds})`, `${load.with.toFixed(0)} / ${load.without.toFixed(0)} ms = ${load.ratio.toFixed(2)}`, '1.05', `${Math.abs((load.ratio - 1) * 100).toFixed(0)}% ${load.ratio >= 1 ? 'slower' : 'faster (noise)'}`]);
  }
}
const w = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i]?.length ?? 0), ['measure', 'figure', 'budget', 'ratio'][i]?.length ?? 0));
const line = (r: string[]) => r.map((c, i) => c.padEnd(w[i] as number)).join('  ');
console.log(line(['measure', 'figure', 'budget', 'ratio']));
for (const r of rows) console.log(line(r));
console.log(`\n(median of 5 rounds of 0.4 s each after warm-up; node ${process.version}; load average ${(await import('node:os')).loadavg()[0]?.toFixed(1)})`);
