/**
 * Runs the checks over an exchange's hops for one browser flavor and one credentials hypothesis, the
 * way CorsURLLoader walks a request: per hop, the preflight (if any), the CORS check on the response
 * (redirects included), then the redirect's own rules and origin tainting.
 */
import type { Exchange, Hop, RequestMode } from '../model';
import { announced, checkAccess, checkPreflight, isRedirect, type Flavor, type PreflightLists, type RuleFailure } from './checks';
import { headerValue } from './headers';
import { hostOf, isHttpScheme, isLoopbackHost, isPrivateHost, isPotentiallyTrustworthy, OPAQUE, originOf, resolveUrl, schemeOf, urlHasCredentials } from './origin';
import { isSafelistedMethod, unsafeRequestHeaders } from './safelist';
import type { PreflightReason } from './types';

export interface HopPlan {
  index: number;
  /** Whether CORS applies to this hop (cross-origin or tainted, in cors mode). */
  cors: boolean;
  needsPreflight: boolean;
  reasons: PreflightReason[];
  method: string;
  unsafeHeaders: string[];
  /** The serialised origin the browser sent (and checks against) on this hop. */
  requestOrigin: string;
  preflight: 'sent' | 'cached' | 'not-needed' | 'missing';
}

export type Block =
  | { kind: 'rule'; rule: RuleFailure; hop: number }
  /** Blocked before any CORS rule: mixed content. */
  | { kind: 'mixed-content'; hop: number }
  /** A preflight was needed and none is in the capture, and the request never got a response. */
  | { kind: 'preflight-unseen'; hop: number }
  /** No response to check (network error, or still pending). */
  | { kind: 'no-response'; hop: number };

export interface Evaluation {
  hops: HopPlan[];
  block: Block | null;
}

/** Resource types that are always fetched in cors mode (webRequest, CDP and HAR spellings). */
const CORS_TYPES = new Set(['xmlhttprequest', 'xhr', 'fetch', 'preflight', 'font', 'eventsource']);

/** `shape`: the first hop's `requestShape`, when the caller has it (it carries the lines read here). */
export function resolveMode(ex: Exchange, initiator: string, shape?: RequestShape): RequestMode {
  if (ex.mode) return ex.mode;
  const first = ex.hops[0];
  const facts = shape ?? (first ? requestShape(first) : null);
  // Chromium and Firefox send the mode itself to potentially trustworthy URLs
  // (https://w3c.github.io/webappsec-fetch-metadata/#sec-fetch-mode-header).
  const secFetchMode = facts?.secFetchMode ?? null;
  if (secFetchMode === 'cors' || secFetchMode === 'no-cors' || secFetchMode === 'same-origin' || secFetchMode === 'navigate') return secFetchMode;
  if (secFetchMode === 'websocket') return 'no-cors';
  const type = (ex.resourceType ?? '').toLowerCase();
  if (type === 'main_frame' || type === 'sub_frame' || type === 'document' || type === 'navigation') return 'navigate';
  if (facts?.origin != null) return 'cors';
  if (CORS_TYPES.has(type)) return 'cors';
  // A cross-origin GET with complete headers and no Origin header is a no-cors load (img, script, css).
  if (first && first.request.headersComplete !== false && first.request.headers.length > 0 && initiator !== OPAQUE) {
    return first.request.method.toUpperCase() === 'GET' || first.request.method.toUpperCase() === 'HEAD' ? 'no-cors' : 'cors';
  }
  return 'cors';
}

/**
 * Method and CORS-unsafe headers of a hop: what its preflight announced when there was one, else the wire.
 * With the other lines the rules read from the request and its preflight, so that each list is read once
 * per exchange rather than once per rule and hypothesis.
 */
export interface RequestShape {
  method: string;
  unsafeHeaders: string[];
  reasons: PreflightReason[];
  /** The Origin header the request carried (null: none recorded). */
  origin: string | null;
  /** The Origin header its preflight carried (null: none, or no preflight). */
  preflightOrigin: string | null;
  /** The preflight asked for Private Network Access. */
  privateNetwork: boolean;
  /** The request carried a Cookie line. */
  cookie: boolean;
  secFetchMode: string | null;
}

export function requestShape(hop: Hop): RequestShape {
  const a = announced(hop.preflight);
  const wire = unsafeRequestHeaders(hop.request.headers);
  const method = a.method ?? hop.request.method;
  // With several disallowed headers Chromium names the first in Blink's hash-map order, which neither
  // webRequest nor a HAR shows; the preflight's sorted list is the deterministic stand-in, and the
  // failure lists every disallowed name.
  const unsafeHeaders = a.headers ?? wire.names;
  const reasons: PreflightReason[] = [];
  if (!isSafelistedMethod(method)) reasons.push({ kind: 'method', method });
  if (a.headers && a.headers.length > 0 && wire.names.length === 0) {
    // The actual request's headers are not in the capture (it was never sent): the preflight says which.
    for (const name of a.headers) reasons.push({ kind: 'header', name });
  } else {
    reasons.push(...wire.reasons);
  }
  return { method, unsafeHeaders, reasons, origin: wire.origin, preflightOrigin: a.origin, privateNetwork: a.privateNetwork, cookie: wire.cookie, secFetchMode: wire.secFetchMode };
}

export interface EvaluateOptions {
  flavor: Flavor;
  withCredentials: boolean;
  initiator: string;
  mode: RequestMode;
  /** Whether a needed preflight that is not in the capture came from the preflight cache. */
  preflightCached: boolean | undefined;
  /** `originOf` of each hop's URL, computed once per exchange rather than once per hypothesis. */
  hopOrigins: Array<string | null>;
  /** `requestShape` of each hop, likewise. */
  shapes: RequestShape[];
  /** Each hop's parsed preflight lists, filled by the first run that reaches them. */
  preflightLists?: Array<{ value?: PreflightLists }>;
}

/** Same origin for two already-serialised origins; an opaque origin matches nothing. */
function same(a: string | null, b: string | null): boolean {
  return a !== null && a !== OPAQUE && a === b;
}

export function evaluate(ex: Exchange, o: EvaluateOptions): Evaluation {
  const plans: HopPlan[] = [];
  let tainted = false;
  const initiatorIsSecure = o.initiator !== OPAQUE && o.initiator.startsWith('https:');
  for (let i = 0; i < ex.hops.length; i++) {
    const hop = ex.hops[i] as Hop;
    const url = hop.request.url;
    const shape = o.shapes[i] ?? requestShape(hop);
    const hopOrigin = o.hopOrigins[i] ?? null;
    const crossOrigin = tainted || !same(o.initiator, hopOrigin);
    const cors = o.mode === 'cors' && crossOrigin;
    const needsPreflight = cors && shape.reasons.length > 0;
    const requestOrigin = tainted ? OPAQUE : o.initiator;
    const plan: HopPlan = {
      index: i,
      cors,
      needsPreflight,
      reasons: needsPreflight ? shape.reasons : [],
      method: shape.method,
      unsafeHeaders: shape.unsafeHeaders,
      requestOrigin,
      preflight: hop.preflight ? 'sent' : needsPreflight ? 'cached' : 'not-needed',
    };
    plans.push(plan);
    const done = (block: Block | null): Evaluation => ({ hops: plans, block });

    // Mixed content is blocked before CORS is consulted (https://w3c.github.io/webappsec-mixed-content/).
    if (initiatorIsSecure && hopOrigin?.startsWith('http:') && !isPotentiallyTrustworthy(url)) {
      return done({ kind: 'mixed-content', hop: i });
    }
    if (o.mode === 'same-origin' && crossOrigin) {
      // Chromium reports DisallowedByMode only for the first request; a same-origin-mode request redirected
      // to another origin just fails (net::ERR_ABORTED), without a CORS error.
      if (i === 0) return done({ kind: 'rule', hop: i, rule: { code: 'disallowed-by-mode', stage: 'request', failedParameter: null } });
      return done({ kind: 'no-response', hop: i });
    }
    if (!cors) {
      if (!isRedirect(hop.response)) return done(null);
    } else {
      // originOf gives "null" for non-http(s) schemes and null for invalid URLs.
      if (hopOrigin === null || hopOrigin === OPAQUE || !isHttpScheme(url)) {
        const code = i === 0 ? 'scheme-not-supported' : 'redirect-scheme-not-allowed';
        return done({ kind: 'rule', hop: i, rule: { code, stage: 'request', failedParameter: null } });
      }
      const lna = localNetworkBlock(ex, i, o);
      if (lna) return done({ kind: 'rule', hop: i, rule: lna });
      if (hop.preflight) {
        const rule = checkPreflight({
          preflight: hop.preflight,
          method: shape.method,
          unsafeHeaders: shape.unsafeHeaders,
          origin: sentOrigin(shape.preflightOrigin, requestOrigin),
          privateNetwork: shape.privateNetwork,
          withCredentials: o.withCredentials,
          flavor: o.flavor,
          lists: o.preflightLists?.[i],
        });
        if (rule) return done({ kind: 'rule', hop: i, rule });
      } else if (needsPreflight) {
        // No preflight in the capture: either the browser's preflight cache answered, or the capture
        // missed it. A response to the actual request proves the preflight (cached or not) passed.
        if (o.preflightCached === false || (!hop.response && o.preflightCached !== true)) {
          plan.preflight = 'missing';
          if (!hop.response) return done({ kind: 'preflight-unseen', hop: i });
        }
      }
      if (!hop.response) return done({ kind: 'no-response', hop: i });
      const stage = isRedirect(hop.response) ? 'redirect' : 'actual';
      const rule = checkAccess(hop.response.headers, sentOrigin(shape.origin, requestOrigin), o.withCredentials, stage, o.flavor);
      if (rule) return done({ kind: 'rule', hop: i, rule });
    }
    if (!hop.response) return done({ kind: 'no-response', hop: i });
    if (!isRedirect(hop.response)) return done(null);

    // https://fetch.spec.whatwg.org/#http-redirect-fetch
    const location = headerValue(hop.response.headers, 'location') ?? '';
    const next = ex.hops[i + 1]?.request.url ?? resolveLocation(location, url);
    if (next === null) return done(null);
    if (cors && urlHasCredentials(next)) {
      return done({ kind: 'rule', hop: i, rule: { code: 'redirect-contains-credentials', stage: 'redirect', failedParameter: null } });
    }
    const nextScheme = schemeOf(next);
    if (nextScheme !== null && nextScheme !== 'http:' && nextScheme !== 'https:') {
      // Chromium's network stack refuses the redirect before CORS sees it (net::ERR_UNSAFE_REDIRECT, no CORS
      // error); Firefox reports it as a CORS failure.
      if (o.flavor === 'chromium') return done({ kind: 'no-response', hop: i });
      return done({ kind: 'rule', hop: i, rule: { code: 'redirect-scheme-not-allowed', stage: 'redirect', failedParameter: next.slice(0, 64) } });
    }
    // The origin becomes opaque when a redirect crosses origins after the request already left the
    // initiator's origin (https://fetch.spec.whatwg.org/#concept-request-tainted-origin).
    if (!same(hopOrigin, originOf(next)) && !same(o.initiator, hopOrigin)) tainted = true;
    // The capture ends at a redirect: the request it led to is not in it.
    if (i === ex.hops.length - 1) return done({ kind: 'no-response', hop: i });
  }
  return { hops: plans, block: null };
}

/**
 * The origin a check compares with is the one the browser sent. When the capture recorded the Origin
 * header, that settles tainting by observation: after a cross-origin redirect Chromium sends `null` on
 * both the new preflight and the request, while Firefox sends the page's origin on the preflight and
 * `null` only on the request (measured in Firefox ESR 153). Otherwise the computed origin stands.
 */
function sentOrigin(sent: string | null, computed: string): string {
  if (sent === null) return computed;
  if (sent === OPAQUE) return OPAQUE;
  return originOf(sent) === sent ? sent : computed;
}

function resolveLocation(location: string, base: string): string | null {
  return resolveUrl(location, base)?.href ?? null;
}

/**
 * Local Network Access (Chromium 138+, https://wicg.github.io/local-network-access/): a public page
 * reaching loopback or a private address needs the user's permission; without it the request fails
 * before any response. Decided only from what is visible: the page's host and the target's host or IP.
 */
function localNetworkBlock(ex: Exchange, i: number, o: EvaluateOptions): RuleFailure | null {
  const hop = ex.hops[i] as Hop;
  if (o.flavor !== 'chromium' || hop.response || hop.preflight?.response) return null;
  // A refused connection or DNS failure to a local address looks alike and is not a permission problem.
  if (ex.outcome.kind !== 'failed' || /CONNECTION|NAME_NOT_RESOLVED|ADDRESS|TIMED_OUT|DISCONNECTED/.test(ex.outcome.error)) return null;
  // The origins are already serialised (and cached): their hosts need no URL parser.
  const pageHost = hostOf(o.initiator);
  const targetHost = hostOf(o.hopOrigins[i] ?? null);
  if (pageHost === null || targetHost === null) return null;
  const targetLocal = isLoopbackHost(targetHost) || isPrivateHost(targetHost);
  const pageLocal = isLoopbackHost(pageHost) || isPrivateHost(pageHost);
  if (!targetLocal || pageLocal) return null;
  // Only secure contexts may ask for the permission at all.
  const code = o.initiator.startsWith('https:') ? 'local-network-permission-denied' : 'insecure-local-network';
  return { code, stage: 'request', failedParameter: null };
}
