/**
 * Exchanges → a HAR 1.2 log (http://www.softwareishard.com/blog/har-12-spec/) that any HAR viewer opens
 * and that `corsight analyze` reads back to the same verdicts: each entry carries `_corsight`, the facts
 * the import would otherwise have to guess (src/shared/har/corsight-meta.ts), and the verdict.
 */
import type { Diagnosis } from '../cors';
import type { Exchange, HeaderLine, RequestRecord, ResponseRecord } from '../model';
import type { CorsightExportMeta, HarEntry, HarLog, HarNameValue, HarRequest, HarResponse, HarVerdict } from './har-format';
import { isSecretParam, REDACTED, redactDeep, redactHeaderValue, redactText } from './redact';

export interface HarExportOptions {
  /** Keep cookie, authorization and token values instead of redacting them. */
  includeSecrets: boolean;
  /** Who wrote the file, e.g. "corsight 0.1.0": the HAR's creator. */
  generatedBy: string;
  /** What was captured (a page, a tab): the log's comment. */
  source: string;
}

export interface DiagnosedExchange {
  exchange: Exchange;
  diagnosis: Diagnosis;
}

/** Redaction applied once per value, or not at all with includeSecrets. */
interface Secrets {
  text: (s: string) => string;
  headers: (h: readonly HeaderLine[]) => HarNameValue[];
  deep: <T>(v: T) => T;
  param: (name: string, value: string) => string;
}

function secrets(include: boolean): Secrets {
  if (include) {
    return { text: (s) => s, headers: (h) => h.map(({ name, value }) => ({ name, value })), deep: (v) => v, param: (_n, v) => v };
  }
  return {
    text: redactText,
    headers: (h) => h.map(({ name, value }) => ({ name, value: redactHeaderValue(name, value) })),
    deep: redactDeep,
    param: (name, value) => (value !== '' && isSecretParam(name) ? REDACTED : value),
  };
}

function headerValue(headers: readonly HarNameValue[], name: string): string | undefined {
  return headers.find((h) => h.name.toLowerCase() === name)?.value;
}

/** `name=value` pairs of Cookie lines, or the first pair of each Set-Cookie line (its attributes are not cookies). */
function cookies(headers: readonly HarNameValue[], header: 'cookie' | 'set-cookie'): HarNameValue[] {
  const out: HarNameValue[] = [];
  for (const h of headers) {
    if (h.name.toLowerCase() !== header) continue;
    const pairs = header === 'cookie' ? h.value.split(';') : [h.value.split(';')[0] ?? ''];
    for (const raw of pairs) {
      const pair = raw.trim();
      if (pair === '') continue;
      // A pair without "=" is a cookie with an empty name (RFC 6265bis §5.6 step 4).
      const eq = pair.indexOf('=');
      out.push(eq === -1 ? { name: '', value: pair } : { name: pair.slice(0, eq).trim(), value: pair.slice(eq + 1).trim() });
    }
  }
  return out;
}

/** The URL's query as decoded pairs; values of secret-named parameters redacted again, by name. */
function queryString(url: string, s: Secrets): HarNameValue[] {
  const q = url.indexOf('?');
  if (q === -1) return [];
  const hash = url.indexOf('#', q);
  const params = new URLSearchParams(url.slice(q + 1, hash === -1 ? undefined : hash));
  return [...params].map(([name, value]) => ({ name, value: s.param(name, value) }));
}

function harRequest(req: RequestRecord, s: Secrets): HarRequest {
  const url = s.text(req.url);
  const headers = s.headers(req.headers);
  // Versions and sizes are not captured: "" and -1, the spec's "not available".
  return {
    method: req.method,
    url,
    httpVersion: '',
    cookies: cookies(headers, 'cookie'),
    headers,
    queryString: queryString(url, s),
    headersSize: -1,
    bodySize: -1,
  };
}

function answered(res: ResponseRecord, s: Secrets): HarResponse {
  const headers = s.headers(res.headers);
  return {
    status: res.status,
    statusText: res.statusText ?? '',
    httpVersion: '',
    cookies: cookies(headers, 'set-cookie'),
    headers,
    // Only headers are captured; "x-unknown" is Chrome's mimeType when none is known.
    content: { size: 0, mimeType: headerValue(headers, 'content-type') ?? 'x-unknown', comment: 'body not captured' },
    redirectURL: headerValue(headers, 'location') ?? '',
    headersSize: -1,
    bodySize: -1,
  };
}

/** No HTTP answer: status 0 and no headers, as Chrome writes such a request. */
function unanswered(): HarResponse {
  return {
    status: 0,
    statusText: '',
    httpVersion: '',
    cookies: [],
    headers: [],
    content: { size: 0, mimeType: 'x-unknown' },
    redirectURL: '',
    headersSize: -1,
    bodySize: -1,
  };
}

/** The browser's error goes in `_error`, with or without an answer, where Chrome puts it. */
function harResponse(res: ResponseRecord | undefined, error: string | undefined, s: Secrets): HarResponse {
  const out = res ? answered(res, s) : unanswered();
  if (error !== undefined) out._error = s.text(error);
  return out;
}

function harVerdict(d: Diagnosis): HarVerdict {
  return {
    verdict: d.verdict,
    code: d.failure?.code ?? null,
    title: d.explanation.title,
    chromiumError: d.chromiumError,
    firefoxReason: d.firefoxReason,
    failedParameter: d.failedParameter,
  };
}

/** Where an entry sits in its exchange. */
interface Place {
  hop: number;
  role: 'request' | 'preflight';
  request: RequestRecord;
}

/**
 * `_corsight` for one entry: its place, then the exchange-wide facts (every entry carries them, so any
 * one entry identifies and describes its exchange), then the verdict.
 */
function metaFor(ex: Exchange, id: string, verdict: HarVerdict, place: Place, s: Secrets): CorsightExportMeta {
  const complete = place.request.headersComplete;
  return {
    exchangeId: id,
    hop: place.hop,
    role: place.role,
    browser: ex.browser,
    ...(ex.initiator !== undefined ? { initiator: ex.initiator } : {}),
    ...(ex.mode !== undefined ? { mode: ex.mode } : {}),
    ...(ex.credentials !== undefined ? { credentials: ex.credentials } : {}),
    ...(ex.preflightCached !== undefined ? { preflightCached: ex.preflightCached } : {}),
    outcome: ex.outcome.kind === 'failed' ? { kind: 'failed', error: s.text(ex.outcome.error) } : ex.outcome,
    ...(complete !== undefined ? { headersComplete: complete } : {}),
    verdict,
  };
}

/** The timings a HAR must have: send, wait and receive are required; durations are not captured. */
const NO_TIMINGS = { blocked: -1, dns: -1, connect: -1, ssl: -1, send: 0, wait: 0, receive: 0 };

interface EntryParts {
  at: number;
  request: RequestRecord;
  response: ResponseRecord | undefined;
  error: string | undefined;
  resourceType: string | undefined;
  meta: CorsightExportMeta;
}

function entry(p: EntryParts, s: Secrets): HarEntry {
  const e: Omit<HarEntry, '_corsight'> = {
    startedDateTime: new Date(p.at).toISOString(),
    time: 0,
    request: harRequest(p.request, s),
    response: harResponse(p.response, p.error, s),
    cache: {},
    timings: { ...NO_TIMINGS },
  };
  if (p.response?.remoteAddress !== undefined) e.serverIPAddress = p.response.remoteAddress;
  if (p.resourceType !== undefined) e._resourceType = p.resourceType;
  if (p.response?.fromCache) e._fromCache = true;
  // `_corsight` last: it reads as a footnote to the entry.
  return { ...e, _corsight: p.meta };
}

/** Exchange ids key the import's pairing; two captures may reuse one, so later ones get a suffix. */
function uniqueIds(exchanges: readonly Exchange[]): string[] {
  const used = new Set<string>();
  return exchanges.map((ex) => {
    const base = ex.id !== '' ? ex.id : 'exchange';
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}~${n}`;
    used.add(id);
    return id;
  });
}

/**
 * The largest time a Date can hold (ECMAScript §21.4.1.1), less room for the entries' millisecond steps:
 * toISOString throws beyond it.
 */
const LATEST_START = 8.64e15 - 1e6;

/** "corsight 0.1.0 (extension)" → name "corsight", version "0.1.0", and the whole text as the comment. */
function creatorOf(generatedBy: string): HarLog['log']['creator'] {
  const m = /^(\S+)\s+(\S+)(\s+\S.*)?$/.exec(generatedBy.trim());
  if (!m) return { name: generatedBy.trim() || 'corsight', version: '' };
  return m[3] === undefined ? { name: m[1] as string, version: m[2] as string } : { name: m[1] as string, version: m[2] as string, comment: generatedBy.trim() };
}

/**
 * One entry per preflight and one per hop. The model keeps one start time per exchange, so its entries
 * get that time in wire order a millisecond apart: each preflight before the request it was sent for,
 * each redirect hop after the one before. (Reading the HAR back, an exchange whose first hop was
 * preflighted therefore starts 1 ms later.) An exchange without a start time follows the one before it.
 * An exchange without hops has no request to write and gets no entry.
 */
export function buildHar(items: readonly DiagnosedExchange[], o: HarExportOptions): HarLog {
  const s = secrets(o.includeSecrets);
  const ids = uniqueIds(items.map((i) => i.exchange));
  const entries: HarEntry[] = [];
  let clock = 0;
  items.forEach(({ exchange: ex, diagnosis }, n) => {
    const verdict = s.deep(harVerdict(diagnosis));
    const meta = (place: Place) => metaFor(ex, ids[n] as string, verdict, place, s);
    let at = typeof ex.startedAt === 'number' && Math.abs(ex.startedAt) <= LATEST_START ? ex.startedAt : clock;
    ex.hops.forEach((hop, i) => {
      const pf = hop.preflight;
      if (pf) {
        // "preflight" is the resource type Chrome's DevTools gives preflights; the import keys on it.
        const m = meta({ hop: i, role: 'preflight', request: pf.request });
        entries.push(entry({ at: at++, request: pf.request, response: pf.response, error: pf.error, resourceType: 'preflight', meta: m }, s));
      }
      // The browser's error belongs to the last hop: it ended the exchange. Chrome writes it there even
      // when a response came (a CORS-blocked 200 has `_error: "net::ERR_FAILED"`).
      const last = i === ex.hops.length - 1;
      const error = last && ex.outcome.kind === 'failed' ? ex.outcome.error : undefined;
      const m = meta({ hop: i, role: 'request', request: hop.request });
      entries.push(entry({ at: at++, request: hop.request, response: hop.response, error, resourceType: ex.resourceType, meta: m }, s));
    });
    clock = at;
  });
  const log: HarLog['log'] = { version: '1.2', creator: creatorOf(o.generatedBy), pages: [], entries };
  if (o.source !== '') log.comment = s.text(o.source);
  return { log };
}
