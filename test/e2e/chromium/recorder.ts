/** Runs the lab scenarios in Chromium and turns each run into a recording entry. */
import { substitute, type Origins } from '../../lab/placeholders';
import type { Scenario } from '../../lab/scenario-types';
import { scenarioFacts, type BrowserRecording, type RecordedScenario, type RecordedVerdict } from '../../conformance/recording';
import { chromiumVerdict, toExchange } from './cdp-to-exchange';
import { runScenarios, type RunOptions, type ScenarioRun } from './run-scenarios';

export async function recordChromium(scenarios: readonly Scenario[], opts: RunOptions = {}): Promise<BrowserRecording> {
  const lab = await runScenarios(scenarios, opts);
  return {
    browser: 'chromium',
    version: lab.browserVersion,
    recordedAt: new Date().toISOString(),
    origins: lab.origins,
    scenarios: lab.runs.map((run) => record(run, lab.origins)),
  };
}

function record(run: ScenarioRun, origins: Origins): RecordedScenario {
  const { scenario: s, page } = run;
  const verdict = chromiumVerdict(run.events, run.url);
  const chromium: RecordedVerdict = { ...verdict };
  if (page.ok) {
    if (page.status !== undefined) chromium.status = page.status;
    if (page.readable) chromium.readableHeaders = page.readable;
  } else if (page.error) {
    chromium.pageError = page.error;
  }
  const entry: RecordedScenario = {
    ...scenarioFacts(s),
    exchange: toExchange(run.events, { id: s.id, initiator: origins.A, url: run.url }),
    chromium,
    serverSaw: run.received.map((r) => `${r.method} ${r.origin} ${r.target.replace(`/s/${s.id}/${run.runId}`, '{RUN}')}`),
  };
  const mismatches = hintMismatches(s, chromium, origins, run.runId);
  if (mismatches.length > 0) entry.hintMismatches = mismatches;
  return entry;
}

function hintMismatches(s: Scenario, v: RecordedVerdict, origins: Origins, runId: string): string[] {
  const e = s.expect;
  if (!e) return [];
  const out: string[] = [];
  const ctx = { origins, run: `/s/${s.id}/${runId}` };
  if (e.blocked !== v.blocked) out.push(`blocked: expected ${e.blocked}, got ${v.blocked}`);
  if (e.corsError !== undefined && e.corsError !== v.corsError) out.push(`corsError: expected ${e.corsError}, got ${v.corsError}`);
  if (e.failedParameter !== undefined) {
    const want = e.failedParameter === null ? null : substitute(e.failedParameter, ctx);
    if (want !== v.failedParameter) out.push(`failedParameter: expected ${JSON.stringify(want)}, got ${JSON.stringify(v.failedParameter)}`);
  }
  if (e.readable && JSON.stringify([...e.readable].sort()) !== JSON.stringify(v.readableHeaders)) {
    out.push(`readable: expected ${e.readable.join(',')}, got ${v.readableHeaders?.join(',')}`);
  }
  return out;
}
