/**
 * Records every lab scenario in the real Chromium into test/conformance/recordings/chromium.json.
 *   npx tsx test/conformance/record-chromium.ts [scenario-id-prefix...]
 * With prefixes only the matching scenarios are recorded, and the file holds only those.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCENARIOS } from '../lab/scenarios';
import { recordChromium } from '../e2e/chromium/recorder';

const prefixes = process.argv.slice(2);
const chosen = SCENARIOS.filter((s) => prefixes.length === 0 || prefixes.some((p) => s.id.startsWith(p)));
const out = join(dirname(fileURLToPath(import.meta.url)), 'recordings', 'chromium.json');

const started = Date.now();
const recording = await recordChromium(chosen);
await mkdir(dirname(out), { recursive: true });
await writeFile(out, JSON.stringify(recording, null, 2) + '\n');

const blocked = recording.scenarios.filter((s) => s.chromium.blocked).length;
console.log(`${recording.scenarios.length} scenarios (${blocked} blocked) in ${Date.now() - started} ms, Chromium ${recording.version} -> ${out}`);
for (const s of recording.scenarios) {
  for (const m of s.hintMismatches ?? []) console.log(`hint ${s.id}: ${m}`);
}
