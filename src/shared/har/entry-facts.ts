import type { Browser, HeaderLine } from '../model';
import type { CorsightEntryMeta } from './corsight-meta';

/**
 * One HAR entry reduced to what the import needs, after validation. Tool-specific spellings are
 * resolved here (Chrome's `response._error`, Playwright's `_failureText` and status -1, HTTP/2 pseudo
 * headers) so that pairing and chaining see one shape.
 */
export interface HarEntryFacts {
  /** Position in `log.entries`; used for ids and as a last-resort tie-break only, never for pairing. */
  index: number;
  /** Milliseconds since the epoch. */
  startedAt: number;
  /** `entry.time`, ms, never negative (0 when unknown). */
  duration: number;
  method: string;
  /** The request URL without a fragment. */
  url: string;
  requestHeaders: HeaderLine[];
  /** False when the tool recorded no request header at all. */
  requestHeadersRecorded: boolean;
  /** False when the entry has no response object at all (the tool does not say how it ended). */
  responseRecorded: boolean;
  /** The HTTP status, or null when there was no HTTP answer (0, -1 or no response object). */
  status: number | null;
  statusText?: string;
  responseHeaders: HeaderLine[];
  /** `response.redirectURL` when non-empty. */
  redirectURL?: string;
  /** The failure text the tool recorded (`_error`, `_failureText`). */
  error?: string;
  resourceType?: string;
  /** Chrome: `_initiator.type`; "preflight" for preflights. */
  initiatorType?: string;
  /** Chrome: the CDP id of the request a preflight belongs to (the request itself carries no id). */
  initiatorRequestId?: string;
  isPreflight: boolean;
  pageref?: string;
  serverIPAddress?: string;
  fromCache?: boolean;
  corsight?: CorsightEntryMeta;
}

export interface HarPageFacts {
  id: string;
  title?: string;
}

export interface HarLogFacts {
  creator?: string;
  creatorVersion?: string;
  browserName?: string;
  browser: Browser;
  pages: Map<string, HarPageFacts>;
  entries: HarEntryFacts[];
}
