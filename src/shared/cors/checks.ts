/**
 * The CORS checks, one small function each, in the order Chromium runs them
 * (services/network/cors/cors_url_loader.cc, preflight_controller.cc, public/cpp/cors/cors.cc) and with
 * the few places where Firefox (netwerk/protocol/http/nsCORSListenerProxy.cpp) orders or names them
 * differently passed in as `flavor`.
 */
import type { HeaderLine, PreflightRecord, ResponseRecord } from '../model';
import { headerLines, headerValue, headerValues, joinLines, nameList, parseTokenList } from './headers';
import { originOf } from './origin';
import { isSafelistedMethod } from './safelist';
import type { FailureCode, Stage } from './types';
import type { FirefoxCorsReason } from './taxonomy';

export type Flavor = 'chromium' | 'firefox';

/** A failed rule before it is dressed with names and texts. */
export interface RuleFailure {
  code: FailureCode;
  stage: Stage;
  failedParameter: string | null;
  /** Firefox's reason when it differs from the code's usual one. */
  firefoxReason?: FirefoxCorsReason;
  /** Every offending value when there are several (all the disallowed request headers). */
  values?: string[];
}

function fail(code: FailureCode, stage: Stage, param: string | null = null, firefoxReason?: FirefoxCorsReason): RuleFailure {
  // Chromium reports "" where it has no parameter; null says the same thing without a sentinel.
  const failedParameter = param === '' ? null : param;
  return firefoxReason ? { code, stage, failedParameter, firefoxReason } : { code, stage, failedParameter };
}

/**
 * The CORS check (https://fetch.spec.whatwg.org/#cors-check) on a preflight, redirect or final response.
 * `origin` is the serialised request origin, "null" once a redirect has tainted it.
 */
export function checkAccess(
  headers: readonly HeaderLine[],
  origin: string,
  withCredentials: boolean,
  stage: Stage,
  flavor: Flavor,
): RuleFailure | null {
  const lines = headerLines(headers, 'access-control-allow-origin');
  const acao = joinLines(lines);
  if (flavor === 'firefox') {
    // Firefox refuses two separate lines before looking at the value, and otherwise compares the single
    // value with the origin: a comma list or a malformed value is just "not matching".
    if (lines.length > 1) return fail('allow-origin-multiple', stage, acao);
    if (acao === null) return fail('allow-origin-missing', stage);
    if (withCredentials && acao === '*') return fail('allow-origin-wildcard-with-credentials', stage, acao);
    if (acao !== '*' && acao !== origin) {
      const code = classifyMismatch(acao);
      return fail(code, stage, acao, 'CORSAllowOriginNotMatchingOrigin');
    }
  } else if (acao === '*') {
    if (withCredentials) return fail('allow-origin-wildcard-with-credentials', stage);
    // Chromium returns before looking at Access-Control-Allow-Credentials for `*` without credentials.
    return null;
  } else if (acao === null) {
    return fail('allow-origin-missing', stage);
  } else if (acao !== origin) {
    return fail(classifyMismatch(acao), stage, acao);
  }
  if (withCredentials) {
    // https://fetch.spec.whatwg.org/#http-access-control-allow-credentials: exactly `true`, case-sensitive.
    // Surrounding whitespace is trimmed by header parsing, so `true ` passes in both browsers.
    const acac = headerValue(headers, 'access-control-allow-credentials');
    if (acac !== 'true') return fail('allow-credentials-invalid', stage, acac === null || acac === '' ? null : acac);
  }
  return null;
}

/** Chromium's finer split of a wrong Access-Control-Allow-Origin value (cors.cc CheckAccess). */
function classifyMismatch(acao: string): FailureCode {
  if (/[ ,]/.test(acao)) return 'allow-origin-multiple';
  if (acao === 'null') return 'allow-origin-mismatch';
  // Chromium asks only whether GURL can parse the value; originOf is null exactly for unparsable URLs.
  return originOf(acao) !== null ? 'allow-origin-mismatch' : 'allow-origin-invalid';
}

export function isOkStatus(status: number): boolean {
  return status >= 200 && status <= 299;
}

export function isRedirect(res: ResponseRecord | undefined): boolean {
  return !!res && [301, 302, 303, 307, 308].includes(res.status) && headerValue(res.headers, 'location') !== null;
}

export interface PreflightCheckInput {
  preflight: PreflightRecord;
  /** The actual request's method, as the preflight announced it. */
  method: string;
  /** The actual request's CORS-unsafe header names, lower-cased, in the order Chromium checks them. */
  unsafeHeaders: string[];
  origin: string;
  withCredentials: boolean;
  flavor: Flavor;
  /** The preflight asked for Private Network Access (see `announced`). */
  privateNetwork: boolean;
  /**
   * The parsed Allow-Methods and Allow-Headers lists of this preflight's response, shared by every run
   * over the exchange (each credentials hypothesis and each browser flavor parses the same response).
   */
  lists?: { value?: PreflightLists };
}

type TokenList = ReturnType<typeof parseTokenList>;
export interface PreflightLists {
  methods: TokenList;
  headers: TokenList;
}

/** https://fetch.spec.whatwg.org/#cors-preflight-fetch, steps 6 to 7, and Chromium's PreflightResult. */
export function checkPreflight(p: PreflightCheckInput): RuleFailure | null {
  const res = p.preflight.response;
  if (!res) return fail('preflight-network-error', 'preflight', p.preflight.error ?? null);
  // A preflight never follows a redirect (only a redirect status with a Location is one: a 300 or 304 is
  // just a bad status). Both browsers run the CORS check before the status check, so a 404 without
  // Access-Control-Allow-Origin is "missing ACAO". Chromium fails a redirect before anything else
  // (PreflightLoader::HandleRedirect); Firefox runs the CORS check on the redirect first (measured in
  // Firefox ESR 153: a 302 without ACAO is CORSMissingAllowOrigin2).
  const redirect = () => (isRedirect(res) ? fail('preflight-redirect', 'preflight') : null);
  const access = () => checkAccess(res.headers, p.origin, p.withCredentials, 'preflight', p.flavor);
  const status = () => (isOkStatus(res.status) ? null : fail('preflight-status', 'preflight', null));
  const first = p.flavor === 'firefox' ? access() ?? redirect() ?? status() : redirect() ?? access() ?? status();
  if (first) return first;

  const pna = checkPrivateNetwork(p.preflight, p.privateNetwork);
  if (pna) return pna;

  let lists = p.lists?.value;
  if (!lists) {
    lists = {
      methods: parseTokenList(headerValue(res.headers, 'access-control-allow-methods')),
      headers: parseTokenList(headerValue(res.headers, 'access-control-allow-headers')),
    };
    if (p.lists) p.lists.value = lists;
  }
  const { methods, headers } = lists;
  const methodRule = () => {
    if (!methods.ok) return fail('allow-methods-invalid', 'preflight', null);
    return methodAllowed(p.method, methods.items, p.withCredentials) ? null : fail('method-not-allowed', 'preflight', p.method);
  };
  const headerRule = () => {
    if (!headers.ok) return fail('allow-headers-invalid', 'preflight', null);
    const missing = disallowedHeaders(p.unsafeHeaders, headers.items, p.withCredentials);
    if (missing[0] === undefined) return null;
    const rule = fail('header-not-allowed', 'preflight', missing[0]);
    rule.values = missing;
    return rule;
  };
  if (p.flavor === 'chromium') {
    // PreflightResult::Create parses both lists before either is matched.
    if (!methods.ok) return fail('allow-methods-invalid', 'preflight', null);
    if (!headers.ok) return fail('allow-headers-invalid', 'preflight', null);
  }
  return methodRule() ?? headerRule();
}

/**
 * Chromium's EnsureAllowedCrossOriginMethod: a safelisted method always passes; otherwise the method
 * must be listed exactly (case-sensitive), or `*` without credentials.
 */
export function methodAllowed(method: string, allowed: string[], withCredentials: boolean): boolean {
  if (isSafelistedMethod(method) || allowed.includes(method)) return true;
  return !withCredentials && allowed.includes('*');
}

/**
 * Chromium's EnsureAllowedCrossOriginHeaders: names are compared lower-cased; `*` without credentials
 * covers every header. By the spec it never covers Authorization, but Chromium (crbug.com/1176753) and
 * Firefox (network.cors_preflight.authorization_covered_by_wildcard) still let it, with a deprecation
 * warning; the verdict follows the browsers and an advisory names the coming change.
 */
export function disallowedHeaders(unsafe: string[], allowed: string[], withCredentials: boolean): string[] {
  const set = new Set(allowed.map((h) => h.toLowerCase()));
  if (!withCredentials && set.has('*')) return [];
  return unsafe.filter((name) => !set.has(name));
}

/** https://wicg.github.io/private-network-access/#cors-preflight (Chromium before Local Network Access). */
function checkPrivateNetwork(pf: PreflightRecord, requested: boolean): RuleFailure | null {
  if (!requested) return null;
  const allow = headerValue(pf.response?.headers ?? [], 'access-control-allow-private-network');
  if (allow === null) return fail('private-network-allow-missing', 'preflight');
  if (allow !== 'true') return fail('private-network-allow-invalid', 'preflight', allow);
  return null;
}

/** What a preflight's request said: the method and header names it announced, and its Origin. */
export interface Announced {
  method: string | null;
  headers: string[] | null;
  /** The Origin header the preflight carried (null: none recorded). */
  origin: string | null;
  /** It asked for Private Network Access (`Access-Control-Request-Private-Network: true`). */
  privateNetwork: boolean;
}

const ANNOUNCING = ['access-control-request-method', 'access-control-request-headers', 'origin', 'access-control-request-private-network'];
const NOTHING_ANNOUNCED: Announced = { method: null, headers: null, origin: null, privateNetwork: false };

/** The methods and header names a preflight announced, when it did: one pass over its request headers. */
export function announced(pf: PreflightRecord | undefined): Announced {
  if (!pf) return NOTHING_ANNOUNCED;
  const [method = null, acrh = null, origin = null, pna = null] = headerValues(pf.request.headers, ANNOUNCING);
  return { method, headers: acrh === null ? (method === null ? null : []) : nameList(acrh), origin, privateNetwork: pna === 'true' };
}
