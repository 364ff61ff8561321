/**
 * Records lab scenarios in the real Firefox ESR into test/conformance/recordings/firefox.json.
 *   npx tsx test/conformance/record-firefox.ts [--merge-headers] [scenario-id-prefix...]
 * --merge-headers joins repeated response header names into one line, as Firefox's webRequest shows them
 * (see test/e2e/firefox/lab-to-exchange.ts); by default each line the lab sent stays a line.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCENARIOS } from '../lab/scenarios';
import { startFirefoxLab, LAB_COOKIE } from '../e2e/firefox/lab-session';
import { recordRun, type FirefoxRecording } from '../e2e/firefox/firefox-recording';

const args = process.argv.slice(2);
const mergeRepeatedHeaders = args.includes('--merge-headers');
const prefixes = args.filter((a) => !a.startsWith('--'));
const chosen = SCENARIOS.filter((s) => prefixes.length === 0 || prefixes.some((p) => s.id.startsWith(p)));
const out = join(dirname(fileURLToPath(import.meta.url)), 'recordings', 'firefox.json');

const started = Date.now();
const session = await startFirefoxLab(chosen);
const recording: FirefoxRecording = {
  browser: 'firefox',
  version: session.version,
  recordedAt: new Date().toISOString(),
  origins: session.origins,
  cookie: LAB_COOKIE,
  headerLines: mergeRepeatedHeaders ? 'merged-as-webrequest' : 'as-sent',
  scenarios: [],
};
try {
  for (const scenario of chosen) recording.scenarios.push(recordRun(await session.run(scenario), session.origins.A, { mergeRepeatedHeaders }));
} finally {
  await session.close();
}
await mkdir(dirname(out), { recursive: true });
await writeFile(out, JSON.stringify(recording, null, 2) + '\n');

const blocked = recording.scenarios.filter((s) => s.firefox.blocked).length;
console.log(`${recording.scenarios.length} scenarios (${blocked} blocked) in ${Date.now() - started} ms, Firefox ${recording.version} -> ${out}`);
