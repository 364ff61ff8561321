/**
 * Records what Firefox ESR's webRequest delivers to the extension for every scenario of the Firefox
 * conformance subset:
 *   npm run build:ext && npx tsx test/capture/record-firefox-events.ts
 * writes test/capture/recordings/firefox.json (same format as chromium.json). The listeners are added in a
 * page of the installed extension (dist-firefox/) with the options the background's observer uses in
 * Firefox, so the recording is the background's input; Firefox's own verdict for each run comes from its
 * console (the conformance suite's reading, test/e2e/firefox/firefox-verdict.ts).
 */
import { writeFileSync } from 'node:fs';
import { SCENARIOS } from '../lab/scenarios';
import { firefoxVerdict } from '../e2e/firefox/firefox-verdict';
import { FIREFOX_CONFORMANCE_SUBSET } from '../e2e/firefox/subset';
import { startFirefoxCapture, startRecording, takeRecorded } from '../e2e/capture/firefox-session';
import { RECORDED_FIELDS, type EventRecording } from './raw-events';

const out = new URL('./recordings/firefox.json', import.meta.url);
/** webRequest events reach the extension page asynchronously; the page's fetch may settle first. */
const EVENT_LAG_MS = 150;

const session = await startFirefoxCapture();
try {
  await startRecording(session.extPage, RECORDED_FIELDS);
  const recording: EventRecording = { browser: 'firefox', version: `Firefox ${session.version.replace(/^firefox\//i, '')}`, recordedAt: new Date().toISOString(), origins: session.origins, scenarios: [] };
  for (const id of FIREFOX_CONFORMANCE_SUBSET) {
    const scenario = SCENARIOS.find((s) => s.id === id);
    if (!scenario) throw new Error(`scenario ${id} is no longer in the lab`);
    await takeRecorded(session.extPage);
    const run = await session.run(scenario);
    await new Promise((r) => setTimeout(r, EVENT_LAG_MS));
    const runPath = `${run.runPath}/`;
    const events = (await takeRecorded(session.extPage)).filter((e) => e.details.tabId === session.tabId);
    // Redirect targets outside the run path (data:, another origin's page) belong to the run by request id.
    const ids = new Set(events.filter((e) => typeof e.details.url === 'string' && e.details.url.includes(runPath)).map((e) => e.details.requestId));
    const { reason, blocked, message, errors, warnings } = firefoxVerdict(run.console, !run.page.ok);
    recording.scenarios.push({ id, runPath, events: events.filter((e) => ids.has(e.details.requestId)), verdict: { reason, blocked, message, errors, warnings } });
  }
  writeFileSync(out, `${JSON.stringify(recording, null, 1)}\n`);
  console.log(`wrote ${out.pathname}: ${recording.scenarios.length} scenarios, ${recording.scenarios.reduce((n, s) => n + s.events.length, 0)} events (${recording.version})`);
} finally {
  await session.close();
}
