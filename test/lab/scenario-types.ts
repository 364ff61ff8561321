/**
 * The shape of one lab scenario: what the page runs (client) and what the lab server answers (server),
 * written as data so a scenario can be stored next to its recording.
 *
 * Placeholders, substituted by the server in header values and by the runner in the client URL:
 * - `{A}` `{B}` `{C}`: the three lab origins (`http://127.0.0.1:1234`, ..., `http://localhost:5678`);
 * - `{A.host}` `{B.host}` `{C.host}`: the same without the scheme (`127.0.0.1:1234`);
 * - `{A.port}` `{B.port}` `{C.port}`: the port alone;
 * - `{RUN}`: this run's path prefix, `/s/<scenarioId>/<runId>` (append a step name: `{RUN}/final`);
 * - `{ORIGIN}`: the request's `Origin` header, echoed (empty when absent);
 * - `{ACRM}` `{ACRH}`: the request's `Access-Control-Request-Method` / `-Headers`, echoed.
 */
import type { ChromiumCorsError } from '../../src/shared/cors/taxonomy';

export type OriginKey = 'A' | 'B' | 'C';

/** One raw header line. Names and values are sent byte for byte: odd casing, spaces, duplicates and all. */
export type HeaderPair = readonly [name: string, value: string];

export type Rule =
  | 'allow-origin'
  | 'credentials'
  | 'preflight-status'
  | 'methods'
  | 'headers'
  | 'safelist'
  | 'redirect'
  | 'expose'
  | 'max-age'
  | 'status-codes'
  | 'mode'
  | 'passes';

export interface RawResponse {
  status: number;
  /** Reason phrase; the standard one for the status when omitted. */
  reason?: string;
  headers: HeaderPair[];
  body?: string;
}

/** How the server answers one step (one URL) of a scenario. */
export interface ServerStep {
  /** The answer to an OPTIONS request on this step. When absent, OPTIONS gets a bare 404. */
  preflight?: RawResponse;
  /** The answer to any other method. */
  actual: RawResponse;
}

export interface ClientSpec {
  /** `fetch` by default. */
  api?: 'fetch' | 'xhr';
  /** Origin of the first URL; the page always runs on A. */
  target: OriginKey;
  /** Step the first URL points at (`{RUN}/<step>`); `start` by default. */
  step?: string;
  /** A full URL with placeholders, replacing target/step (e.g. to add a query). */
  url?: string;
  /** Passed to fetch/XHR as is (`patch` stays lowercase, `put` is normalised by fetch). `GET` by default. */
  method?: string;
  headers?: HeaderPair[];
  body?: string;
  /** fetch's credentials mode (`same-origin` by default, as in fetch). */
  credentials?: 'omit' | 'same-origin' | 'include';
  mode?: 'cors' | 'no-cors' | 'same-origin';
  /** fetch's redirect mode (`follow` by default). */
  redirect?: 'follow' | 'manual' | 'error';
  /** XHR only. */
  withCredentials?: boolean;
  /**
   * Run the same request this many times, one after the other (1 by default); the last run is the one
   * recorded. Used to observe the preflight cache.
   */
  repeat?: number;
}

/** What the scenario's author expects. A hint only: the recording holds what Chromium really did. */
export interface Expectation {
  blocked: boolean;
  corsError?: ChromiumCorsError | null;
  /** As CDP sends it (`''` when Chromium names no value); may hold `{A}`-style placeholders. */
  failedParameter?: string | null;
  /** For passing requests: response headers script should be able to read (lowercase). */
  readable?: string[];
}

export interface Scenario {
  /** Kebab-case and stable: recordings and test names key on it. */
  id: string;
  title: string;
  rule: Rule;
  client: ClientSpec;
  /** Steps by name; `start` is the first URL unless the client says otherwise. */
  server: Record<string, ServerStep>;
  expect?: Expectation;
  /** What Chromium does here that one might not expect. */
  note?: string;
}

/** The credentials mode the request really had, as fetch/XHR define it. */
export function credentialsModeOf(c: ClientSpec): 'omit' | 'same-origin' | 'include' {
  if (c.api === 'xhr') return c.withCredentials ? 'include' : 'same-origin';
  return c.credentials ?? 'same-origin';
}

/** The request mode the request really had. */
export function requestModeOf(c: ClientSpec): 'cors' | 'no-cors' | 'same-origin' {
  return c.api === 'xhr' ? 'cors' : (c.mode ?? 'cors');
}
