/**
 * The format of test/conformance/recordings/chromium.json: each lab scenario as the engine's input
 * (`exchange`, built only from what webRequest could see) next to the browser's own verdict.
 */
import type { CredentialsMode, Exchange, RequestMode } from '../../src/shared/model';
import { credentialsModeOf, requestModeOf, type Rule, type Scenario } from '../lab/scenario-types';

export interface RecordedVerdict {
  /** Chromium's Network.CorsError, null when the request was not blocked by CORS. */
  corsError: string | null;
  /** Chromium's failedParameter as sent (`''` when it names no value), null when not blocked. */
  failedParameter: string | null;
  blocked: boolean;
  /** The net error of the request (`net::ERR_FAILED`, `net::ERR_TOO_MANY_REDIRECTS`...), null when it completed. */
  netError: string | null;
  /** CDP's loadingFailed.blockedReason (e.g. `origin`), null when absent. */
  blockedReason: string | null;
  /** The status script saw, when the request succeeded (0 for opaque responses). */
  status?: number;
  /** Response header names script could read, lowercase and sorted, when the request succeeded. */
  readableHeaders?: string[];
  /** The error the page got (`TypeError: Failed to fetch`, XHR `error`), when it failed. */
  pageError?: string;
}

/** What both browsers' recordings say about the scenario itself. */
export interface ScenarioFacts {
  id: string;
  title: string;
  rule: Rule;
  note?: string;
  api: 'fetch' | 'xhr';
  /** The request's real credentials mode. Deliberately not in `exchange`: webRequest cannot see it. */
  credentials: CredentialsMode;
  /** The request's real mode. Not in `exchange` either, for the same reason. */
  mode: RequestMode;
}

export function scenarioFacts(s: Scenario): ScenarioFacts {
  return {
    id: s.id,
    title: s.title,
    rule: s.rule,
    ...(s.note ? { note: s.note } : {}),
    api: s.client.api ?? 'fetch',
    credentials: credentialsModeOf(s.client),
    mode: requestModeOf(s.client),
  };
}

export interface RecordedScenario extends ScenarioFacts {
  /**
   * The engine's input. Null when the browser made no request at all (fetch with mode same-origin to
   * another origin is rejected by Blink before the network): webRequest sees nothing then.
   */
  exchange: Exchange | null;
  chromium: RecordedVerdict;
  /** What the lab server received for this scenario, in order (all repetitions): `METHOD origin-key path`. */
  serverSaw: string[];
  /** Where the scenario's expectation hint disagrees with the browser (the browser is right). */
  hintMismatches?: string[];
}

export interface BrowserRecording {
  browser: 'chromium';
  version: string;
  recordedAt: string;
  /** The lab origins of this recording (ports are ephemeral). A is the page. */
  origins: { A: string; B: string; C: string };
  scenarios: RecordedScenario[];
}
