import type { HeaderLine } from '../model';
import { detectBrowser } from './browser';
import { readCorsightMeta } from './corsight-meta';
import type { HarEntryFacts, HarLogFacts, HarPageFacts } from './entry-facts';
import { fail, type HarResult } from './errors';
import { headerValue, withoutFragment } from './headers';

type Json = Record<string, unknown>;

function isRecord(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optString(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Thrown inside the walk and turned into a HarError at the top: keeps every check one line. */
class Invalid extends Error {}

function invalid(path: string, what: string): never {
  throw new Invalid(`invalid HAR (${path} ${what})`);
}

/**
 * A header list. HTTP/2 pseudo-headers (`:authority`, `:status`...) that Chrome and Playwright record are
 * dropped: they are not headers a CORS check reads. Numeric values (seen in hand-made HARs) are kept as
 * text; anything else is a broken file.
 */
function readHeaders(v: unknown, path: string): HeaderLine[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) invalid(path, 'is not a list');
  const out: HeaderLine[] = [];
  v.forEach((h: unknown, i) => {
    if (!isRecord(h) || typeof h.name !== 'string') invalid(`${path}[${i}]`, 'is not a {name, value} pair');
    const value = h.value;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      invalid(`${path}[${i}].value`, 'is not text');
    }
    if (h.name.startsWith(':')) return;
    out.push({ name: h.name, value: String(value) });
  });
  return out;
}

function readEntry(raw: unknown, index: number): HarEntryFacts {
  const path = `log.entries[${index}]`;
  if (!isRecord(raw)) invalid(path, 'is not an object');
  const request = raw.request;
  if (!isRecord(request)) invalid(`${path}.request`, 'is missing');
  if (typeof request.method !== 'string' || request.method === '') invalid(`${path}.request.method`, 'is missing');
  if (typeof request.url !== 'string' || request.url === '') invalid(`${path}.request.url`, 'is missing');
  try {
    new URL(request.url);
  } catch {
    invalid(`${path}.request.url`, 'is not an absolute URL');
  }
  if (typeof raw.startedDateTime !== 'string') invalid(`${path}.startedDateTime`, 'is missing');
  const startedAt = Date.parse(raw.startedDateTime);
  if (Number.isNaN(startedAt)) invalid(`${path}.startedDateTime`, 'is not a date');

  const requestHeaders = readHeaders(request.headers, `${path}.request.headers`);

  // A missing response object is tolerated (some tools drop it for aborted requests): no answer.
  const response = raw.response;
  let status: number | null = null;
  let statusText: string | undefined;
  let responseHeaders: HeaderLine[] = [];
  let redirectURL: string | undefined;
  let responseError: string | undefined;
  if (response !== undefined && response !== null) {
    if (!isRecord(response)) invalid(`${path}.response`, 'is not an object');
    if (typeof response.status !== 'number') invalid(`${path}.response.status`, 'is not a number');
    // Chrome writes 0 and Playwright -1 for "no HTTP answer".
    status = response.status > 0 ? response.status : null;
    statusText = optString(response.statusText);
    responseHeaders = readHeaders(response.headers, `${path}.response.headers`) ?? [];
    redirectURL = optString(response.redirectURL);
    // Chrome puts `_error` on the response; Playwright uses `_failureText`.
    responseError = optString(response._error) ?? optString(response._failureText);
  }

  const initiator = isRecord(raw._initiator) ? raw._initiator : undefined;
  const resourceType = optString(raw._resourceType);
  const initiatorType = optString(initiator?.type);
  const method = request.method;
  const reqHeaders = requestHeaders ?? [];
  const isPreflight =
    resourceType === 'preflight' ||
    initiatorType === 'preflight' ||
    (method.toUpperCase() === 'OPTIONS' && headerValue(reqHeaders, 'access-control-request-method') !== undefined);

  const facts: HarEntryFacts = {
    index,
    startedAt,
    duration: typeof raw.time === 'number' && raw.time > 0 ? raw.time : 0,
    method,
    url: withoutFragment(request.url),
    requestHeaders: reqHeaders,
    requestHeadersRecorded: reqHeaders.length > 0,
    responseRecorded: response !== undefined && response !== null,
    status,
    responseHeaders,
    isPreflight,
  };
  if (statusText !== undefined) facts.statusText = statusText;
  if (redirectURL !== undefined) facts.redirectURL = redirectURL;
  // Some tools put `_error` on the entry rather than the response.
  const error = responseError ?? optString(raw._error);
  if (error !== undefined) facts.error = error;
  if (resourceType !== undefined) facts.resourceType = resourceType;
  if (initiatorType !== undefined) facts.initiatorType = initiatorType;
  const initiatorRequestId = initiator?.requestId;
  if (typeof initiatorRequestId === 'string' || typeof initiatorRequestId === 'number') {
    facts.initiatorRequestId = String(initiatorRequestId);
  }
  const pageref = optString(raw.pageref);
  if (pageref !== undefined) facts.pageref = pageref;
  const ip = optString(raw.serverIPAddress);
  if (ip !== undefined) facts.serverIPAddress = ip;
  if (raw._fromCache === 'disk' || raw._fromCache === 'memory' || raw._fromCache === true) facts.fromCache = true;
  const meta = readCorsightMeta(raw._corsight);
  if (meta !== undefined) facts.corsight = meta;
  return facts;
}

function readPages(v: unknown): Map<string, HarPageFacts> {
  const pages = new Map<string, HarPageFacts>();
  // `pages` is optional in practice (Playwright omits it, mitmproxy writes []); a malformed one is ignored
  // because it only feeds the initiator guess.
  if (!Array.isArray(v)) return pages;
  for (const p of v) {
    if (!isRecord(p) || typeof p.id !== 'string') continue;
    const page: HarPageFacts = { id: p.id };
    const title = optString(p.title);
    if (title !== undefined) page.title = title;
    pages.set(p.id, page);
  }
  return pages;
}

/** Validates a parsed JSON value as a HAR 1.2 log and reduces it to HarLogFacts. */
export function readHar(json: unknown): HarResult<HarLogFacts> {
  if (!isRecord(json)) return fail('not-har', 'not a HAR file (the top level is not a JSON object)');
  const log = json.log;
  if (log === undefined) return fail('not-har', 'not a HAR file (missing log)');
  if (!isRecord(log)) return fail('not-har', 'not a HAR file (log is not an object)');
  if (!Array.isArray(log.entries)) return fail('not-har', 'not a HAR file (missing log.entries)');
  const creator = isRecord(log.creator) ? log.creator : undefined;
  const browserInfo = isRecord(log.browser) ? log.browser : undefined;
  const creatorName = optString(creator?.name);
  const browserName = optString(browserInfo?.name);
  let entries: HarEntryFacts[];
  try {
    entries = log.entries.map((e: unknown, i) => readEntry(e, i));
  } catch (e) {
    if (e instanceof Invalid) return fail('invalid-entry', e.message);
    throw e;
  }
  const facts: HarLogFacts = {
    browser: detectBrowser(creatorName, browserName),
    pages: readPages(log.pages),
    entries,
  };
  if (creatorName !== undefined) facts.creator = creatorName;
  const creatorVersion = optString(creator?.version);
  if (creatorVersion !== undefined) facts.creatorVersion = creatorVersion;
  if (browserName !== undefined) facts.browserName = browserName;
  return { ok: true, value: facts };
}
