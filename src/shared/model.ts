/**
 * What a browser saw on the wire for one cross-origin request, in a shape that is the same whether it
 * came from Chrome's webRequest, Firefox's webRequest, CDP, or a HAR file. Everything here is plain JSON
 * (it is stored in storage.session and exported), and every field that a source may not know is optional:
 * the engine treats a missing field as unknown, never as a default.
 */

/** One header line. A list of these keeps duplicates and order, which the CORS checks depend on. */
export interface HeaderLine {
  name: string;
  value: string;
}

export interface RequestRecord {
  method: string;
  url: string;
  /** The request headers as sent. Empty when the source did not record them (not the same as "none"). */
  headers: HeaderLine[];
  /** False when the source is known to have omitted headers (e.g. Chrome without extraHeaders). */
  headersComplete?: boolean;
}

export interface ResponseRecord {
  status: number;
  statusText?: string;
  headers: HeaderLine[];
  /** The IP the response came from, when known (Private/Local Network Access decisions use it). */
  remoteAddress?: string;
  fromCache?: boolean;
}

/** A CORS-preflight (OPTIONS) sent before one hop of the actual request. */
export interface PreflightRecord {
  request: RequestRecord;
  /** Absent when the preflight got no HTTP answer at all (see `error`). */
  response?: ResponseRecord;
  /** The net error of the preflight itself, e.g. `net::ERR_CONNECTION_REFUSED`. */
  error?: string;
}

/**
 * One hop of the actual request. `hops[0]` is the request the page made; each later hop is the request
 * the browser made after following the previous hop's redirect.
 */
export interface Hop {
  request: RequestRecord;
  response?: ResponseRecord;
  preflight?: PreflightRecord;
}

export type Browser = 'chromium' | 'firefox' | 'unknown';

/** How the request ended, as the browser reported it. */
export type Outcome =
  /** The browser delivered a response. In Firefox this does NOT mean script could read it. */
  | { kind: 'completed' }
  /** The browser reported an error: `net::ERR_FAILED`, `NS_ERROR_DOM_BAD_URI`, `net::ERR_CONNECTION_REFUSED`... */
  | { kind: 'failed'; error: string }
  /** Still in flight, or the source does not say. */
  | { kind: 'unknown' };

export type RequestMode = 'cors' | 'no-cors' | 'same-origin' | 'navigate';
export type CredentialsMode = 'omit' | 'same-origin' | 'include';

export interface Exchange {
  id: string;
  browser: Browser;
  /**
   * Serialised origin of the document that made the request (`https://app.example`), or `"null"` for an
   * opaque origin. `undefined` when the source does not say (a HAR without Origin/Referer).
   */
  initiator?: string;
  hops: Hop[];
  outcome: Outcome;
  /** Request mode when known. Unknown means "a fetch/XHR, so cors" for requests that carry an Origin. */
  mode?: RequestMode;
  /** Credentials mode when known; unknown is evaluated as hypotheses. */
  credentials?: CredentialsMode;
  /**
   * Whether a preflight was served from the browser's preflight cache: `true`/`false` when known,
   * undefined when the source cannot tell (it is then a hypothesis).
   */
  preflightCached?: boolean;
  /** Resource type as the source names it (xmlhttprequest, fetch, script, image, ...). */
  resourceType?: string;
  /** Milliseconds since the epoch when the request started, when known. */
  startedAt?: number;
}
