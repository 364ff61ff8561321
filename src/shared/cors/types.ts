import type { CredentialsMode } from '../model';
import type { ChromiumCorsError, FirefoxCorsReason } from './taxonomy';

/** Stable codes for the rule that blocked a request. Never renamed: reports and tests key on them. */
export type FailureCode =
  // The CORS check (https://fetch.spec.whatwg.org/#cors-check), on a preflight, a redirect or the final response.
  | 'allow-origin-missing'
  | 'allow-origin-multiple'
  | 'allow-origin-invalid'
  | 'allow-origin-mismatch'
  | 'allow-origin-wildcard-with-credentials'
  | 'allow-credentials-invalid'
  // The CORS-preflight fetch (https://fetch.spec.whatwg.org/#cors-preflight-fetch).
  | 'preflight-status'
  | 'preflight-redirect'
  | 'preflight-network-error'
  | 'allow-methods-invalid'
  | 'allow-headers-invalid'
  | 'method-not-allowed'
  | 'header-not-allowed'
  | 'private-network-allow-missing'
  | 'private-network-allow-invalid'
  // Redirects (https://fetch.spec.whatwg.org/#http-redirect-fetch).
  | 'redirect-contains-credentials'
  | 'redirect-scheme-not-allowed'
  // The request itself.
  | 'disallowed-by-mode'
  | 'scheme-not-supported'
  | 'local-network-permission-denied'
  | 'insecure-local-network';

export type Stage = 'preflight' | 'actual' | 'redirect' | 'request';

export interface Failure {
  code: FailureCode;
  stage: Stage;
  /** Index into `exchange.hops` of the hop that failed. */
  hop: number;
  /** The offending value (header value, method or header name), as Chromium reports it in failedParameter. */
  failedParameter: string | null;
  /**
   * Every offending value when there are several (e.g. all disallowed request headers). Chromium names
   * one of them, chosen by an internal order no capture shows.
   */
  values?: string[];
  /** The response header a server must add or change; null when no header cures it. */
  header: string | null;
  chromiumError: ChromiumCorsError | null;
  firefoxReason: FirefoxCorsReason | null;
}

/** Why the browser sent a preflight at all. */
export type PreflightReason =
  | { kind: 'method'; method: string }
  | { kind: 'header'; name: string }
  | { kind: 'content-type'; value: string }
  | { kind: 'header-value-too-long'; name: string; length: number }
  | { kind: 'safelisted-total-too-long'; total: number };

export interface PreflightInfo {
  /** Whether the browser had to preflight the first cross-origin hop, as far as the request tells. */
  needed: boolean;
  reasons: PreflightReason[];
  /** What was observed: a preflight on the wire, none (cache hit or not needed), or unknown. */
  observed: 'sent' | 'cached' | 'not-needed' | 'missing';
  /** Seconds each browser reuses the observed preflight response (0: not cached), when one was seen. */
  cacheSeconds?: { chromium: number; firefox: number };
}

/** The cause behind a "CORS error" that is not really about CORS headers. */
export type RealCauseKind =
  | 'http-error'
  | 'preflight-auth'
  | 'preflight-route-missing'
  | 'login-redirect'
  | 'mixed-content'
  | 'network-error';

export interface RealCause {
  kind: RealCauseKind;
  status?: number;
  detail: string;
}

export type AdvisoryCode =
  | 'authorization-covered-by-wildcard'
  | 'origin-reflected-with-credentials'
  | 'null-origin-allowed'
  | 'missing-vary-origin'
  | 'unexposed-response-headers'
  | 'max-age-missing'
  | 'max-age-short'
  | 'max-age-capped'
  | 'browsers-disagree';

export interface Advisory {
  code: AdvisoryCode;
  severity: 'info' | 'warning';
  title: string;
  detail: string;
  header?: string;
  value?: string;
}

/** A hypothesis about something the source could not observe, and whether it fits what was observed. */
export interface Assumption {
  about: 'credentials' | 'preflight-cache' | 'mode' | 'initiator';
  value: string;
  /** Why this one was kept: it is the default, or it alone fits the observed outcome, or it was observed. */
  basis: 'observed' | 'fits-outcome' | 'default';
  detail: string;
}

export type FixChange = 'add' | 'replace' | 'remove' | 'keep';

export interface FixLine {
  header: string;
  value: string;
  /** Which responses must carry the line. */
  on: 'preflight' | 'actual' | 'both';
  change: FixChange;
  /** What the server sends now (joined when there are several lines), null when absent. */
  current: string | null;
  /** Failure and advisory codes this line cures. */
  cures: Array<FailureCode | AdvisoryCode>;
  why: string;
}

export interface FixPlan {
  /** The exact origin to allow (never `*` when credentials are needed). */
  origin: string;
  credentials: boolean;
  preflight: boolean;
  methods: string[];
  requestHeaders: string[];
  exposeHeaders: string[];
  maxAge: number | null;
  lines: FixLine[];
  /** Steps that are not header lines: let OPTIONS through auth, answer 2xx, do not redirect... */
  serverSteps: string[];
}

export interface Explanation {
  title: string;
  /** One sentence: what the browser did. */
  summary: string;
  /** Why, in a few plain sentences. */
  why: string[];
  /** What to change. */
  fix: string[];
}

export type Verdict = 'allowed' | 'blocked' | 'same-origin' | 'not-cors';

export interface Diagnosis {
  verdict: Verdict;
  failure: Failure | null;
  chromiumError: ChromiumCorsError | null;
  firefoxReason: FirefoxCorsReason | null;
  failedParameter: string | null;
  preflight: PreflightInfo;
  realCause: RealCause | null;
  advisories: Advisory[];
  /** The hypotheses the verdict rests on. */
  assumptions: Assumption[];
  /** Credentials mode the verdict was computed with. */
  credentials: CredentialsMode | 'unknown';
  /** What the input could not decide. Empty when everything was observed. */
  undecided: string[];
  fix: FixPlan | null;
  /** For an allowed response: the response header names script can read, and those it cannot. */
  exposure: { readable: string[]; hidden: string[] } | null;
  explanation: Explanation;
}

/**
 * A diagnosis without its words and fix plan, with the explanation's title: what the background keeps for
 * every captured request (`triage` in diagnose.ts).
 */
export interface Triage extends Omit<Diagnosis, 'fix' | 'explanation'> {
  title: string;
}
