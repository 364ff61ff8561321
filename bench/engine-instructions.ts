/**
 * The engine's cost in machine instructions per diagnosis, counted by valgrind (callgrind), which counts
 * the same total for the same code and inputs whatever else the machine is doing. Diagnoses per second
 * on this shared VM swing by 25% from run to run, and by 3x from day to day; this figure does not, so it
 * is the one to compare engine changes by (±0.1% between runs).
 *
 * The figure is marginal: valgrind runs the shipped engine over 20,000 and over 60,000 diagnoses, and the
 * difference divided by 40,000 leaves out Node's start-up, the file reading and the JIT's warm-up.
 * Valgrind is Debian's `valgrind` package (scripts/setup.mjs does not install it: the tests do not use it).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Exchange } from '../src/shared/model';

const RUNNER = `
import { readFileSync } from 'node:fs';
const [, , engine, file, n, entry] = process.argv;
const run = (await import(engine))[entry];
const exchanges = JSON.parse(readFileSync(file, 'utf8'));
let sink = 0;
for (let i = 0; i < Number(n); i++) sink += run(exchanges[i % exchanges.length]).verdict.length;
if (sink === 0) console.log('');
`;

function counted(dir: string, engine: string, file: string, n: number, entry: string): number | { error: string } {
  const r = spawnSync('valgrind', ['--tool=callgrind', '--callgrind-out-file=/dev/null', '--smc-check=all-non-file',
    // One thread: V8's background compilers would otherwise make the count vary.
    process.execPath, '--single-threaded', join(dir, 'runner.mjs'), engine, file, String(n), entry], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.error) return { error: (r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'valgrind is not installed (apt-get install valgrind)' : r.error.message };
  const m = /Collected : (\d+)/.exec(r.stderr);
  return m ? Number(m[1]) : { error: `valgrind failed: ${r.stderr.trim().split('\n').pop() ?? r.status}` };
}

/**
 * Instructions per diagnosis of the engine module at `engine` (a file URL) over `exchanges`, through its
 * export `entry`: `diagnose` (the whole diagnosis) or `triage` (what the capture runs per request).
 */
export function instructionsPerDiagnosis(engine: string, exchanges: Exchange[], entry: 'diagnose' | 'triage' = 'diagnose'): number | { error: string } {
  const dir = mkdtempSync(join(tmpdir(), 'corsight-instructions-'));
  writeFileSync(join(dir, 'runner.mjs'), RUNNER);
  const file = join(dir, 'exchanges.json');
  writeFileSync(file, JSON.stringify(exchanges));
  const few = counted(dir, engine, file, 20_000, entry);
  if (typeof few !== 'number') return few;
  const many = counted(dir, engine, file, 60_000, entry);
  if (typeof many !== 'number') return many;
  return (many - few) / 40_000;
}
