/**
 * The format of test/conformance/recordings/firefox.json: each lab scenario as the engine's input
 * (`exchange`, built only from what Firefox's webRequest could see) next to Firefox's own verdict.
 */
import type { Exchange } from '../../../src/shared/model';
import { scenarioFacts, type ScenarioFacts } from '../../conformance/recording';
import type { FirefoxRun } from './lab-session';
import { firefoxVerdict, type FirefoxVerdict } from './firefox-verdict';
import { toExchange } from './lab-to-exchange';

export interface FirefoxRecordedScenario extends ScenarioFacts {
  exchange: Exchange;
  /** `reason` is the `security.properties` key Firefox logged (null when it logged none). */
  firefox: FirefoxVerdict & {
    /** The page's error when it failed (`TypeError: NetworkError when attempting to fetch resource.`). */
    pageError?: string;
    /** The status script saw when it succeeded (0 for opaque responses). */
    status?: number;
  };
  /** What the lab received for this scenario, in order (all repetitions): `METHOD origin-key path`. */
  serverSaw: string[];
}

export interface FirefoxRecording {
  browser: 'firefox';
  version: string;
  recordedAt: string;
  /** The lab origins of this recording (ports are ephemeral). A is the page. */
  origins: { A: string; B: string; C: string };
  /** A cookie set on 127.0.0.1 (A and B) before the runs, so credentialed requests to B carry `Cookie`. */
  cookie: string;
  /**
   * `as-sent`: one header line per line the lab sent. `merged-as-webrequest`: repeated names joined into
   * one line, as Firefox's webRequest shows them.
   */
  headerLines: 'as-sent' | 'merged-as-webrequest';
  scenarios: FirefoxRecordedScenario[];
}

export function recordRun(run: FirefoxRun, originA: string, opts: { mergeRepeatedHeaders?: boolean } = {}): FirefoxRecordedScenario {
  const s = run.scenario;
  const firefox: FirefoxRecordedScenario['firefox'] = firefoxVerdict(run.console, !run.page.ok);
  if (run.page.ok) {
    if (run.page.status !== undefined) firefox.status = run.page.status;
  } else if (run.page.error) {
    firefox.pageError = run.page.error;
  }
  return {
    ...scenarioFacts(s),
    exchange: toExchange({
      id: s.id,
      initiator: originA,
      received: run.received,
      channels: run.channels,
      redirect: s.client.redirect ?? 'follow',
      mergeRepeatedHeaders: opts.mergeRepeatedHeaders ?? false,
    }),
    firefox,
    serverSaw: run.receivedAll.map((r) => `${r.method} ${r.origin} ${r.target.replace(run.runPath, '{RUN}')}`),
  };
}
