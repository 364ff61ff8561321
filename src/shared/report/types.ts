import type {
  Advisory,
  Assumption,
  ChromiumCorsError,
  Explanation,
  FailureCode,
  FirefoxCorsReason,
  FixPlan,
  PreflightInfo,
  RealCause,
  Stage,
  Verdict,
} from '../cors';
import type { Browser, CredentialsMode, Exchange, HeaderLine } from '../model';

export const REPORT_SCHEMA = 'corsight-report/1';

/** The headers of the hop the verdict is about (the failing hop, else the last one). */
export interface ObservedHeaders {
  hop: number;
  request: HeaderLine[];
  /** Null when the request got no HTTP answer. */
  response: HeaderLine[] | null;
  /** Null when no preflight was paired with this hop. */
  preflightRequest: HeaderLine[] | null;
  preflightResponse: HeaderLine[] | null;
  preflightStatus: number | null;
}

export interface ReportHop {
  method: string;
  url: string;
  status: number | null;
  preflight: { status: number | null; error: string | null } | null;
}

/**
 * One request of the report. `source, url, method, verdict, chromiumError, firefoxReason,
 * failedParameter` are the stable contract; the rest is the Diagnosis and import context.
 */
export interface ReportRequest {
  source: string;
  id: string;
  url: string;
  method: string;
  verdict: Verdict;
  chromiumError: ChromiumCorsError | null;
  firefoxReason: FirefoxCorsReason | null;
  failedParameter: string | null;
  /** Every offending value when there are several (all the disallowed request headers); else null. */
  failedValues: string[] | null;
  /** HTTP status of the last hop, null when it got no answer. */
  status: number | null;
  /** The failure code, null when nothing was blocked. */
  code: FailureCode | null;
  stage: Stage | null;
  /** Index of the failing hop, null when nothing was blocked. */
  hop: number | null;
  initiator: string | null;
  browser: Browser;
  resourceType: string | null;
  /** ISO time the request started, when known. */
  startedAt: string | null;
  /** The network error the browser reported, when it reported one. */
  error: string | null;
  credentials: CredentialsMode | 'unknown';
  explanation: Explanation;
  preflight: PreflightInfo;
  realCause: RealCause | null;
  advisories: Advisory[];
  /** For an allowed response: the response header names script can read, and those it cannot. */
  exposure: { readable: string[]; hidden: string[] } | null;
  assumptions: Assumption[];
  undecided: string[];
  fix: FixPlan | null;
  hops: ReportHop[];
  observed: ObservedHeaders;
  /** What the HAR import inferred or could not find. */
  notes: string[];
  /**
   * The exchange as captured (redacted like the rest), so that the report can be analysed again
   * (`corsight analyze report.json`). Written by the extension's export; the CLI's own output omits it.
   */
  exchange?: Exchange;
}

export interface ReportSummary {
  total: number;
  blocked: number;
  allowed: number;
  sameOrigin: number;
  notCors: number;
}

export interface Report {
  schema: typeof REPORT_SCHEMA;
  generatedBy: string;
  /** Whether secrets were left in (`--include-secrets`). */
  secretsRedacted: boolean;
  summary: ReportSummary;
  requests: ReportRequest[];
}
