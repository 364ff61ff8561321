/**
 * The cause behind a "CORS error" when it is not the CORS headers themselves: the console says CORS,
 * but the fix is elsewhere (a 500, auth middleware that rejects OPTIONS, a login redirect...).
 */
import { plainText } from './inline-code';
import type { Exchange, ResponseRecord } from '../model';
import type { Block } from './evaluate';
import { isRedirect } from './checks';
import { headerValue } from './headers';
import { resolveUrl } from './origin';
import type { RealCause } from './types';

/** Plain words for the net errors people meet behind a "CORS error". */
function networkErrorWords(error: string): string {
  if (/TOO_MANY_REDIRECTS/.test(error)) return `The request failed with ${plainText(error)}: the server redirects in a loop (more than 20 redirects). This is not a CORS problem.`;
  if (/UNSAFE_REDIRECT/.test(error)) return `The request failed with ${plainText(error)}: the server redirected to a URL the browser will not follow from a fetch (such as data: or file:). This is not a CORS problem.`;
  if (/ABORTED/.test(error)) return `The request was cancelled (${plainText(error)}): by the page, by a navigation, or by \`redirect: "manual"\` or \`redirect: "error"\` stopping at a redirect. This is not a CORS problem.`;
  return `The request failed at the network level (${plainText(error)}), not because of CORS: the server was not reached or did not answer.`;
}

function hasCorsHeaders(res: ResponseRecord): boolean {
  return res.headers.some((h) => h.name.toLowerCase().startsWith('access-control-allow-'));
}

const LOGIN_WORDS = 'log-?in|sign-?in|auth|oauth2?|sso|saml|session|account|cas';
const LOGIN_PATH = new RegExp(`(^|[/._-])(${LOGIN_WORDS})([/._?-]|$)`, 'i');
/**
 * Whether a Location value can lead to a login path at all, before paying for the URL parser: the
 * parser keeps the letters of the path and query as they are, only dropping tabs and newlines.
 */
const LOGIN_WORD = new RegExp(LOGIN_WORDS, 'i');
function mayNameLogin(location: string): boolean {
  return LOGIN_WORD.test(location.includes('\t') ? location.replace(/[\t\n\r]/g, '') : location);
}

export function realCause(ex: Exchange, block: Block | null): RealCause | null {
  if (!block) return null;
  if (block.kind === 'mixed-content') {
    return { kind: 'mixed-content', detail: 'The page is served over https and asked for an http URL: the browser blocked it as mixed content before CORS was even considered. Use https for the API.' };
  }
  if (block.kind === 'no-response' || block.kind === 'preflight-unseen') {
    if (ex.outcome.kind === 'failed' && !/ERR_FAILED$|NS_ERROR_DOM_BAD_URI/.test(ex.outcome.error)) {
      return { kind: 'network-error', detail: networkErrorWords(ex.outcome.error) };
    }
    return null;
  }
  const hop = ex.hops[block.hop];
  if (!hop) return null;
  if (block.rule.stage === 'preflight') {
    const res = hop.preflight?.response;
    if (!res) return null;
    if (res.status === 401 || res.status === 403) {
      return { kind: 'preflight-auth', status: res.status, detail: `The preflight was answered ${res.status}: authentication ran before CORS. Browsers never send cookies or Authorization with a preflight, so it cannot pass authentication. Let OPTIONS through before the auth check.` };
    }
    if (res.status === 404 || res.status === 405 || res.status === 501) {
      return { kind: 'preflight-route-missing', status: res.status, detail: `The preflight was answered ${res.status}: nothing on the server handles OPTIONS for this URL. Add a CORS handler that answers OPTIONS for every route.` };
    }
    if (isRedirect(res) && LOGIN_PATH.test(headerValue(res.headers, 'location') ?? '')) {
      return { kind: 'login-redirect', status: res.status, detail: 'The preflight was redirected to a login page: an auth layer intercepted OPTIONS. Let OPTIONS through before authentication.' };
    }
    if (res.status >= 400 && !hasCorsHeaders(res)) {
      return { kind: 'http-error', status: res.status, detail: `The preflight failed with ${res.status} and no CORS headers: the server errored on OPTIONS. Check its logs.` };
    }
    return null;
  }
  const res = hop.response;
  if (!res) return null;
  // A redirect to a login page anywhere up to the failing hop: the login page, not the API, then fails CORS.
  for (let i = 0; i <= block.hop; i++) {
    const h = ex.hops[i];
    if (!h?.response || !isRedirect(h.response)) continue;
    const location = headerValue(h.response.headers, 'location') ?? '';
    if (!mayNameLogin(location)) continue;
    const target = resolveUrl(location, h.request.url);
    if (target && LOGIN_PATH.test(target.pathname + target.search)) {
      return { kind: 'login-redirect', status: h.response.status, detail: `The API redirected to a login page (${plainText(target.origin + target.pathname)}): the session or token is missing or expired. This is an authentication problem; the CORS error is a side effect of the redirect.` };
    }
  }
  if (isRedirect(res)) return null;
  if (res.status >= 400 && !hasCorsHeaders(res)) {
    return { kind: 'http-error', status: res.status, detail: `The server answered ${res.status}${res.statusText ? ` ${plainText(res.statusText)}` : ''} without CORS headers. The CORS error is a symptom: error responses often skip the middleware that adds the headers. Fix the ${res.status} first, and send the CORS headers on error responses too.` };
  }
  return null;
}
