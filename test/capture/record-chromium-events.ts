/**
 * Records what Chromium's webRequest delivers to the extension for every lab scenario:
 *   npm run build:ext && npx tsx test/capture/record-chromium-events.ts
 * writes test/capture/recordings/chromium.json. The listeners are added inside the extension's own service
 * worker with the options the observer uses (extraHeaders included), so the recording is exactly the
 * background's input; Chromium's own verdict for each run comes from CDP on the page.
 */
import { writeFileSync } from 'node:fs';
import { SCENARIOS } from '../lab/scenarios';
import { startLab } from '../lab/server';
import { chromiumVerdict } from '../e2e/chromium/cdp-to-exchange';
import { openLabPage, runScenarioInPage } from '../e2e/chromium/run-scenarios';
import { launchChromiumWithExtension } from '../e2e/support/extension';
import { tabIdOf } from '../e2e/capture/stored';
import { RECORDED_FIELDS, type EventRecording, type RawEvent } from './raw-events';
import { listenerOptions } from '../../src/background/observer';
import { WEB_REQUEST_EVENTS, type NetEventKind } from '../../src/shared/capture/events';

const out = new URL('./recordings/chromium.json', import.meta.url);
const lab = await startLab(SCENARIOS);
const chromium = await launchChromiumWithExtension();
try {
  const { page, log } = await openLabPage(chromium.context, lab.originA);
  const tabId = await tabIdOf(chromium.worker, lab.originA);
  // The same listener options as src/background/observer.ts: the recording is the background's input.
  await chromium.worker.evaluate(
    ({ fields, specs }) => {
      const g = globalThis as unknown as { __recorded: unknown[] };
      g.__recorded = [];
      const kinds: Record<string, string> = { onBeforeRequest: 'request', onSendHeaders: 'send-headers', onHeadersReceived: 'response', onBeforeRedirect: 'redirect', onCompleted: 'completed', onErrorOccurred: 'error' };
      for (const [event, spec] of Object.entries(specs)) {
        const target = (chrome.webRequest as unknown as Record<string, { addListener(f: (d: Record<string, unknown>) => void, filter: object, spec?: string[]): void }>)[event];
        target?.addListener(
          (d) => {
            const details: Record<string, unknown> = {};
            for (const f of fields) if (d[f] !== undefined) details[f] = d[f];
            g.__recorded.push({ kind: kinds[event], details });
          },
          { urls: ['<all_urls>'] },
          spec.length ? spec : undefined,
        );
      }
    },
    { fields: [...RECORDED_FIELDS], specs: Object.fromEntries(Object.entries(WEB_REQUEST_EVENTS).map(([kind, event]) => [event, listenerOptions(kind as NetEventKind, true)])) },
  );
  const recording: EventRecording = { browser: 'chromium', version: chromium.context.browser()?.version() ?? 'Chromium', recordedAt: new Date().toISOString(), origins: lab.origins, scenarios: [] };
  for (const s of SCENARIOS) {
    const { runId, request } = await runScenarioInPage(page, log, lab, s);
    const runPath = `/s/${s.id}/${runId}/`;
    await new Promise((r) => setTimeout(r, 150));
    const events = (await chromium.worker.evaluate(() => {
      const g = globalThis as unknown as { __recorded: unknown[] };
      const all = g.__recorded;
      g.__recorded = [];
      return all;
    })) as RawEvent[];
    const mine = events.filter((e) => e.details.tabId === tabId && typeof e.details.url === 'string' && e.details.url.includes(runPath));
    // Redirect targets outside the run path (data:, another origin's page) belong to the run by request id.
    const ids = new Set(mine.map((e) => e.details.requestId));
    recording.scenarios.push({ id: s.id, runPath, events: events.filter((e) => e.details.tabId === tabId && ids.has(e.details.requestId)), verdict: chromiumVerdict(log.events, request.url) });
  }
  const version = await chromium.worker.evaluate(() => navigator.userAgent.match(/Chrome\/([\d.]+)/)?.[1] ?? '');
  recording.version = `Chromium ${version}`;
  writeFileSync(out, `${JSON.stringify(recording, null, 1)}\n`);
  console.log(`wrote ${out.pathname}: ${recording.scenarios.length} scenarios, ${recording.scenarios.reduce((n, s) => n + s.events.length, 0)} events`);
} finally {
  await chromium.close();
  await lab.close();
}
