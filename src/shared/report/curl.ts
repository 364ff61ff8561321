/**
 * "Copy as curl": the request the browser sent (or its preflight), as a command the backend team can run
 * to see what their server answers. Every value comes from a page or a server, so every argument goes
 * through shellQuote, and secrets are redacted unless asked for (a command is pasted into chats and
 * tickets). A redacted value stays in the command as `[redacted]`, so the reader sees which credential
 * to put back.
 */
import { requestShape, resolveMode } from '../cors/evaluate';
import { announced } from '../cors/checks';
import { headerValue, isToken } from '../cors/headers';
import { normaliseOrigin, OPAQUE, originOf } from '../cors/origin';
import { unsafeRequestHeaders } from '../cors/safelist';
import type { Exchange, HeaderLine, Hop, RequestRecord } from '../model';
import { redactHeaderValue, redactText } from './redact';
import { shellQuote } from './shell-quote';

export interface CurlOptions {
  includeSecrets: boolean;
  /** Index into `ex.hops`; the first hop (the request the page made) by default. */
  hop?: number;
}

/**
 * Request headers left to curl. Host: curl derives it from the URL (a copied one would be wrong after
 * editing the URL). Content-Length: no body is captured, so a copied length would make the server wait
 * for bytes that never come. Connection, Keep-Alive, Proxy-Connection, TE, Trailer, Transfer-Encoding,
 * Upgrade: hop-by-hop headers about the browser's own connection (RFC 9110 §7.6.1), which curl manages.
 * Accept-Encoding: with it curl would print the compressed body raw to the terminal; without it the
 * server answers uncompressed, and no CORS decision depends on the encoding.
 */
const LEFT_TO_CURL = new Set([
  'host',
  'content-length',
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'accept-encoding',
]);

/** Arguments that belong together, printed on one line of the command. */
type Line = string[];

function headerArgument(h: HeaderLine, includeSecrets: boolean): string {
  // A value the capture never had is no secret, and `[redacted]` would say there was one to put back.
  const value = includeSecrets || h.value === NOT_CAPTURED ? h.value : redactHeaderValue(h.name, h.value);
  // curl drops a header given as `Name:` with an empty value; `Name;` is its syntax for sending one empty.
  return value === '' ? `${h.name};` : `${h.name}: ${value}`;
}

function command(req: RequestRecord, includeSecrets: boolean): string {
  const url = includeSecrets ? req.url : redactText(req.url);
  const first: Line = ['curl'];
  // `-X HEAD` would make curl wait for a body that never comes; `--head` is curl's way to send HEAD.
  if (req.method === 'HEAD') first.push('--head');
  else {
    first.push('-i');
    // Methods are almost always plain letters; anything else is quoted like any other value.
    if (req.method !== 'GET') first.push('-X', /^[A-Za-z]+$/.test(req.method) ? req.method : shellQuote(req.method));
  }
  // curl expands `[1-3]` and `{a,b}` in URLs ("globbing"); a redacted URL has `[redacted]` in it.
  if (/[[\]{}]/.test(url)) first.push('--globoff');
  // A URL that starts with "-" would be read as an option; `--url` takes it as a value whatever it is.
  first.push(...(url.startsWith('-') ? ['--url', shellQuote(url)] : [shellQuote(url)]));
  const lines: Line[] = [first];
  for (const h of req.headers) {
    // Fetch refuses names that are not tokens (https://fetch.spec.whatwg.org/#concept-header-name), so
    // such a name was never on the wire; and `-H @file` would make curl read a file.
    if (!isToken(h.name) || LEFT_TO_CURL.has(h.name.toLowerCase())) continue;
    lines.push(['-H', shellQuote(headerArgument(h, includeSecrets))]);
  }
  // One argument group per line; a backslash-newline continues the command in every POSIX shell.
  return lines.map((l) => l.join(' ')).join(' \\\n  ');
}

/**
 * The preflight for a hop: the one observed when its request was recorded, else the one a browser
 * would send (https://fetch.spec.whatwg.org/#cors-preflight-fetch) when the engine's own rules say the
 * request needs one. Null when no preflight applies: same-origin, not in cors mode, or nothing unsafe.
 */
function preflightRequest(ex: Exchange, hop: Hop): RequestRecord | null {
  const observed = hop.preflight?.request;
  if (observed && headerValue(observed.headers, 'access-control-request-method') !== null) return observed;

  // After a cross-origin redirect the request carries `Origin: null`; its preflight does too.
  const origin = headerValue(hop.request.headers, 'origin') ?? ex.initiator;
  if (origin === undefined || origin === '') return null;
  if (!observed) {
    const initiator = normaliseOrigin(ex.initiator ?? origin);
    if (origin !== OPAQUE && originOf(hop.request.url) === normaliseOrigin(origin)) return null;
    if (resolveMode(ex, initiator) !== 'cors') return null;
    if (requestShape(hop).reasons.length === 0) return null;
  }
  // Access-Control-Request-Headers: the CORS-unsafe names, lowercase, sorted, joined by "," with no space
  // (https://fetch.spec.whatwg.org/#cors-unsafe-request-header-names).
  const names = [...unsafeRequestHeaders(hop.request.headers).names].sort();
  const headers: HeaderLine[] = [
    { name: 'Origin', value: origin },
    { name: 'Access-Control-Request-Method', value: hop.request.method },
  ];
  if (names.length > 0) headers.push({ name: 'Access-Control-Request-Headers', value: names.join(',') });
  return { method: 'OPTIONS', url: hop.request.url, headers };
}

/** What a header whose value the capture does not hold is sent as: visible, for the reader to fill in. */
export const NOT_CAPTURED = '[not captured]';

/**
 * The actual request as far as the capture knows it. A request never sent because its preflight failed
 * is recorded with at most the headers the page set (Chromium: none); its preflight names the rest:
 * the Origin, and in Access-Control-Request-Headers each header the page set, whose values no browser
 * shows. Those are added, the unknown values as `[not captured]`, so the command still asks the server
 * the same question.
 */
function actualRequest(ex: Exchange, hop: Hop): RequestRecord {
  const req = hop.request;
  if (req.headersComplete !== false || !hop.preflight) return req;
  const said = announced(hop.preflight);
  const have = new Set(req.headers.map((h) => h.name.toLowerCase()));
  const headers = req.headers.slice();
  const origin = said.origin ?? ex.initiator;
  if (origin && !have.has('origin')) headers.unshift({ name: 'Origin', value: origin });
  for (const name of said.headers ?? []) {
    if (!have.has(name)) headers.push({ name, value: NOT_CAPTURED });
  }
  return { ...req, headers };
}

/**
 * A curl command for one hop's actual request or preflight, one argument group per line; `-i` shows the
 * response headers. Null when the hop does not exist or no preflight applies.
 */
export function curlFor(ex: Exchange, which: 'preflight' | 'actual', o: CurlOptions): string | null {
  const hop = ex.hops[o.hop ?? 0];
  if (!hop) return null;
  const req = which === 'actual' ? actualRequest(ex, hop) : preflightRequest(ex, hop);
  return req ? command(req, o.includeSecrets) : null;
}
