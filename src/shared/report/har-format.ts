/**
 * The HAR 1.2 objects corsight writes (http://www.softwareishard.com/blog/har-12-spec/), with the
 * custom fields it adds. The spec reserves names starting with "_" for such fields; `_error`,
 * `_resourceType` and `_fromCache` are spelled as Chrome's DevTools writes them, so tools that read
 * Chrome's HARs read these too.
 */
import type { FailureCode, Verdict } from '../cors';
import type { CorsightEntryMeta } from '../har';

export interface HarNameValue {
  name: string;
  value: string;
}

export interface HarRequest {
  method: string;
  url: string;
  httpVersion: string;
  cookies: HarNameValue[];
  headers: HarNameValue[];
  queryString: HarNameValue[];
  /** -1: not available (the spec's value for unknown sizes). */
  headersSize: number;
  bodySize: number;
}

export interface HarContent {
  size: number;
  mimeType: string;
  comment?: string;
}

export interface HarResponse {
  /** 0 when there was no HTTP answer, as Chrome writes it. */
  status: number;
  statusText: string;
  httpVersion: string;
  cookies: HarNameValue[];
  headers: HarNameValue[];
  content: HarContent;
  redirectURL: string;
  headersSize: number;
  bodySize: number;
  /** The network error the browser reported (Chrome: `net::ERR_FAILED`...). */
  _error?: string;
}

/** `send`, `wait` and `receive` are required; the others are -1 when they do not apply or are unknown. */
export interface HarTimings {
  blocked: number;
  dns: number;
  connect: number;
  ssl: number;
  send: number;
  wait: number;
  receive: number;
}

/** corsight's verdict for the exchange an entry belongs to, so a HAR reader sees it without the engine. */
export interface HarVerdict {
  verdict: Verdict;
  code: FailureCode | null;
  title: string;
  chromiumError: string | null;
  firefoxReason: string | null;
  failedParameter: string | null;
}

/** What the import reads back (src/shared/har/corsight-meta.ts), plus the verdict. */
export interface CorsightExportMeta extends CorsightEntryMeta {
  exchangeId: string;
  hop: number;
  role: 'request' | 'preflight';
  verdict: HarVerdict;
}

export interface HarEntry {
  startedDateTime: string;
  /** Total ms: the sum of the timings that are not -1. */
  time: number;
  request: HarRequest;
  response: HarResponse;
  cache: Record<string, never>;
  timings: HarTimings;
  serverIPAddress?: string;
  _resourceType?: string;
  _fromCache?: boolean;
  _corsight: CorsightExportMeta;
}

export interface HarLog {
  log: {
    version: '1.2';
    creator: { name: string; version: string; comment?: string };
    pages: [];
    entries: HarEntry[];
    comment?: string;
  };
}
