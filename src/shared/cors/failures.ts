import type { ChromiumCorsError, FirefoxCorsReason } from './taxonomy';
import type { FailureCode, Stage } from './types';

/**
 * Everything fixed about a failure code: the browsers' names for it, the header that cures it, the spec
 * step it comes from, and its explanation as data (placeholders: {origin} {url} {value} {method}
 * {header} {status}) so that the panel, the Markdown report and the CLI say the same words.
 */
export interface FailureSpec {
  /** Chromium's name when the rule fails on the actual response (or a redirect), and on a preflight. */
  chromium: { actual: ChromiumCorsError | null; preflight: ChromiumCorsError | null };
  firefox: FirefoxCorsReason | null;
  header: string | null;
  spec: string;
  title: string;
  summary: string;
  why: string[];
  fix: string[];
}

const FETCH = 'https://fetch.spec.whatwg.org/';
const ACAO = 'Access-Control-Allow-Origin';

export const FAILURES: Record<FailureCode, FailureSpec> = {
  'allow-origin-missing': {
    chromium: { actual: 'MissingAllowOriginHeader', preflight: 'PreflightMissingAllowOriginHeader' },
    firefox: 'CORSMissingAllowOrigin2',
    header: ACAO,
    spec: `${FETCH}#cors-check`,
    title: 'No Access-Control-Allow-Origin header',
    summary: 'The {stage} from {url} has no Access-Control-Allow-Origin header, so the browser hid it from {origin}.',
    why: [
      'A page may read a response from another origin only if that response names the page\'s origin (or `*`) in Access-Control-Allow-Origin.',
      'This response carries no such header at all: the server, or the route that answered, has no CORS handling.',
    ],
    fix: ['Send `Access-Control-Allow-Origin: {allowOrigin}` on this response.'],
  },
  'allow-origin-multiple': {
    chromium: { actual: 'MultipleAllowOriginValues', preflight: 'PreflightMultipleAllowOriginValues' },
    firefox: 'CORSMultipleAllowOriginNotAllowed',
    header: ACAO,
    spec: `${FETCH}#http-access-control-allow-origin`,
    title: 'Access-Control-Allow-Origin has several values',
    summary: 'The {stage} says `Access-Control-Allow-Origin: {value}`, but the header may hold only one origin.',
    why: [
      'Access-Control-Allow-Origin takes exactly one origin, `*` or `null`. A list is not allowed, and neither are two header lines (the browser joins them into a list).',
      'Two lines usually mean two layers both add CORS headers, such as a proxy and the application.',
    ],
    fix: [
      'Send exactly one `Access-Control-Allow-Origin: {allowOrigin}` line; to allow several origins, check the request\'s Origin against your list and echo the one that matches.',
      'If a proxy and the app both add the header, remove it from one of them.',
    ],
  },
  'allow-origin-invalid': {
    chromium: { actual: 'InvalidAllowOriginValue', preflight: 'PreflightInvalidAllowOriginValue' },
    firefox: 'CORSAllowOriginNotMatchingOrigin',
    header: ACAO,
    spec: `${FETCH}#http-access-control-allow-origin`,
    title: 'Access-Control-Allow-Origin is not a valid origin',
    summary: 'The {stage} says `Access-Control-Allow-Origin: {value}`, which is not an origin.',
    why: ['The value must be a full origin such as `{origin}` (scheme, host and port, no path), `*` or `null`.'],
    fix: ['Send `Access-Control-Allow-Origin: {allowOrigin}`.'],
  },
  'allow-origin-mismatch': {
    chromium: { actual: 'AllowOriginMismatch', preflight: 'PreflightAllowOriginMismatch' },
    firefox: 'CORSAllowOriginNotMatchingOrigin',
    header: ACAO,
    spec: `${FETCH}#cors-check`,
    title: 'Access-Control-Allow-Origin names another origin',
    summary: 'The {stage} allows `{value}`, but the request came from `{origin}`.',
    why: [
      'The browser compares the header with the page\'s origin character by character: scheme, host and port must match exactly, and there is no trailing slash or path.',
      '{mismatchHint}',
    ],
    fix: ['Send `Access-Control-Allow-Origin: {allowOrigin}`, chosen from an allowlist by the request\'s Origin header.'],
  },
  'allow-origin-wildcard-with-credentials': {
    chromium: { actual: 'WildcardOriginNotAllowed', preflight: 'PreflightWildcardOriginNotAllowed' },
    firefox: 'CORSNotSupportingCredentials',
    header: ACAO,
    spec: `${FETCH}#cors-protocol-and-credentials`,
    title: '`*` cannot be used with credentials',
    summary: 'The request carries credentials (cookies or HTTP auth), and the {stage} answered `Access-Control-Allow-Origin: *`.',
    why: [
      'When a request is made with `credentials: "include"` (or `withCredentials = true`), the wildcard is not enough: the server must name the origin.',
    ],
    fix: [
      'Send `Access-Control-Allow-Origin: {allowOrigin}` and `Access-Control-Allow-Credentials: true`, with `Vary: Origin`.',
      'Or, if the request does not need cookies, drop `credentials: "include"` on the client.',
    ],
  },
  'allow-credentials-invalid': {
    chromium: { actual: 'InvalidAllowCredentials', preflight: 'PreflightInvalidAllowCredentials' },
    firefox: 'CORSMissingAllowCredentials',
    header: 'Access-Control-Allow-Credentials',
    spec: `${FETCH}#http-access-control-allow-credentials`,
    title: 'Access-Control-Allow-Credentials is not `true`',
    summary: 'The request carries credentials, and the {stage} {acacState}.',
    why: [
      'For a request with credentials, the response must say exactly `Access-Control-Allow-Credentials: true`, in lower case.',
    ],
    fix: ['Send `Access-Control-Allow-Credentials: true`.'],
  },
  'preflight-status': {
    chromium: { actual: null, preflight: 'PreflightInvalidStatus' },
    firefox: 'CORSPreflightDidNotSucceed3',
    header: null,
    spec: `${FETCH}#cors-preflight-fetch`,
    title: 'The preflight was not answered with a 2xx status',
    summary: 'The browser sent an OPTIONS preflight to {url} and got {status}, so it never sent the real request.',
    why: ['A preflight passes only with a status from 200 to 299. Anything else fails it, whatever the headers say.'],
    fix: ['Answer OPTIONS for this URL with `204 No Content` and the CORS headers, before any authentication or routing that could reject it.'],
  },
  'preflight-redirect': {
    chromium: { actual: null, preflight: 'PreflightDisallowedRedirect' },
    firefox: 'CORSExternalRedirectNotAllowed',
    header: null,
    spec: `${FETCH}#cors-preflight-fetch`,
    title: 'The preflight was redirected',
    summary: 'The OPTIONS preflight to {url} was answered with a redirect ({status}), and preflights may not follow redirects.',
    why: [
      'Common causes: http→https or trailing-slash redirects, or a login redirect from an auth layer.',
    ],
    fix: ['Make the page call the final URL directly, or answer OPTIONS at this URL with 204 and the CORS headers instead of redirecting.'],
  },
  'preflight-network-error': {
    chromium: { actual: null, preflight: 'InvalidResponse' },
    firefox: 'CORSDidNotSucceed2',
    header: null,
    spec: `${FETCH}#cors-preflight-fetch`,
    title: 'The preflight got no answer',
    summary: 'The OPTIONS preflight to {url} failed at the network level ({value}).',
    why: ['The server closed the connection or could not be reached when asked for OPTIONS.'],
    fix: ['Make sure the server accepts OPTIONS requests on this URL and answers them.'],
  },
  'allow-methods-invalid': {
    chromium: { actual: null, preflight: 'InvalidAllowMethodsPreflightResponse' },
    firefox: 'CORSInvalidAllowMethod',
    header: 'Access-Control-Allow-Methods',
    spec: `${FETCH}#cors-preflight-fetch`,
    title: 'Access-Control-Allow-Methods cannot be parsed',
    summary: 'The preflight says `Access-Control-Allow-Methods: {value}`, which is not a comma-separated list of method names.',
    why: ['Each item must be an HTTP token (letters, digits and a few symbols, no spaces, slashes or quotes).'],
    fix: ['Send `Access-Control-Allow-Methods: {allowMethods}`.'],
  },
  'allow-headers-invalid': {
    chromium: { actual: null, preflight: 'InvalidAllowHeadersPreflightResponse' },
    firefox: 'CORSInvalidAllowHeader',
    header: 'Access-Control-Allow-Headers',
    spec: `${FETCH}#cors-preflight-fetch`,
    title: 'Access-Control-Allow-Headers cannot be parsed',
    summary: 'The preflight says `Access-Control-Allow-Headers: {value}`, which is not a comma-separated list of header names.',
    why: ['Each item must be a header name token (no spaces inside a name, no colons, no quotes).'],
    fix: ['Send `Access-Control-Allow-Headers: {allowHeaders}`.'],
  },
  'method-not-allowed': {
    chromium: { actual: null, preflight: 'MethodDisallowedByPreflightResponse' },
    firefox: 'CORSMethodNotFound',
    header: 'Access-Control-Allow-Methods',
    spec: `${FETCH}#cors-preflight-fetch`,
    title: 'The method is not allowed by the preflight',
    summary: 'The page wants to send {method}, and the preflight\'s Access-Control-Allow-Methods ({current}) does not include it.',
    why: [
      'Methods other than GET, HEAD and POST must be listed by name. The match is case-sensitive: fetch upper-cases only DELETE, GET, HEAD, OPTIONS, POST and PUT, so `patch` stays `patch`.',
      '`*` allows every method only for requests without credentials.',
    ],
    fix: ['Send `Access-Control-Allow-Methods: {allowMethods}` on the preflight response.'],
  },
  'header-not-allowed': {
    chromium: { actual: null, preflight: 'HeaderDisallowedByPreflightResponse' },
    firefox: 'CORSMissingAllowHeaderFromPreflight2',
    header: 'Access-Control-Allow-Headers',
    spec: `${FETCH}#cors-preflight-fetch`,
    title: 'A request header is not allowed by the preflight',
    summary: 'The page sets the `{value}` header, and the preflight\'s Access-Control-Allow-Headers ({current}) does not allow it.',
    why: [
      'Every request header outside the CORS safelist must be named in Access-Control-Allow-Headers (names are case-insensitive).',
      '`*` allows any header only for requests without credentials, and the spec says it never covers Authorization.',
    ],
    fix: ['Send `Access-Control-Allow-Headers: {allowHeaders}` on the preflight response.'],
  },
  'private-network-allow-missing': {
    chromium: { actual: null, preflight: 'PreflightMissingAllowPrivateNetwork' },
    firefox: null,
    header: 'Access-Control-Allow-Private-Network',
    spec: 'https://wicg.github.io/private-network-access/#cors-preflight',
    title: 'The private-network preflight was not accepted',
    summary: 'A public page asked to reach {url} on a private network, and the preflight did not answer `Access-Control-Allow-Private-Network: true`.',
    why: ['Chromium asks a device on a private network or localhost to agree before a public site may talk to it.'],
    fix: ['Send `Access-Control-Allow-Private-Network: true` on the preflight response.'],
  },
  'private-network-allow-invalid': {
    chromium: { actual: null, preflight: 'PreflightInvalidAllowPrivateNetwork' },
    firefox: null,
    header: 'Access-Control-Allow-Private-Network',
    spec: 'https://wicg.github.io/private-network-access/#cors-preflight',
    title: 'Access-Control-Allow-Private-Network is not `true`',
    summary: 'The preflight says `Access-Control-Allow-Private-Network: {value}`.',
    why: ['The only accepted value is `true`, in lower case.'],
    fix: ['Send `Access-Control-Allow-Private-Network: true` on the preflight response.'],
  },
  'redirect-contains-credentials': {
    chromium: { actual: 'RedirectContainsCredentials', preflight: null },
    firefox: 'CORSDidNotSucceed2',
    header: 'Location',
    spec: `${FETCH}#http-redirect-fetch`,
    title: 'The redirect points to a URL with a user name or password',
    summary: 'The response redirected to a URL with credentials in it (`user:password@`), which a cross-origin request may not follow.',
    why: ['Credentials in a URL are refused on cross-origin redirects so that a site cannot smuggle them to another one.'],
    fix: ['Redirect to the URL without `user:password@`, and authenticate with a header or a cookie instead.'],
  },
  'redirect-scheme-not-allowed': {
    // Chromium's network stack refuses these redirects first (net::ERR_UNSAFE_REDIRECT), so only Firefox
    // reports a CORS reason.
    chromium: { actual: null, preflight: null },
    firefox: 'CORSDidNotSucceed2',
    header: 'Location',
    spec: `${FETCH}#http-redirect-fetch`,
    title: 'The redirect leaves HTTP(S)',
    summary: 'The response redirected to `{value}`, a scheme a cross-origin request cannot follow.',
    why: ['CORS requests can only be redirected to http: or https: URLs.'],
    fix: ['Redirect to an http(s) URL, or return the content directly.'],
  },
  'disallowed-by-mode': {
    chromium: { actual: 'DisallowedByMode', preflight: null },
    firefox: null,
    header: null,
    spec: `${FETCH}#main-fetch`,
    title: 'The request was made in same-origin mode',
    summary: 'The page asked for {url} with `mode: "same-origin"`, which forbids any cross-origin request.',
    why: ['No server header can change this: the page itself ruled cross-origin responses out.'],
    fix: ['Use `mode: "cors"` (the default for fetch) in the page, or request a same-origin URL.'],
  },
  'scheme-not-supported': {
    chromium: { actual: 'CorsDisabledScheme', preflight: null },
    firefox: 'CORSRequestNotHttp',
    header: null,
    spec: `${FETCH}#main-fetch`,
    title: 'CORS works only over http and https',
    summary: 'The page asked for {url}, whose scheme does not support CORS.',
    why: ['Cross-origin requests are allowed only to http: and https: URLs (file: pages in particular cannot use CORS).'],
    fix: ['Serve the page and the resource over http(s), for instance from a local dev server instead of file://.'],
  },
  'local-network-permission-denied': {
    chromium: { actual: 'LocalNetworkAccessPermissionDenied', preflight: null },
    firefox: null,
    header: null,
    spec: 'https://wicg.github.io/local-network-access/',
    title: 'Local network access was not permitted',
    summary: 'A public page tried to reach {url} on the local network or loopback, and the browser did not have the user\'s permission.',
    why: [
      'Chromium asks the user before a public site may talk to local devices or localhost. The permission was denied or not granted. This is not a server header problem.',
    ],
    fix: ['Grant the site the "Local network access" permission, or serve the page from the same network, or call the service through a public origin.'],
  },
  'insecure-local-network': {
    chromium: { actual: 'InsecureLocalNetwork', preflight: null },
    firefox: null,
    header: null,
    spec: 'https://wicg.github.io/local-network-access/',
    title: 'An insecure page may not reach the local network',
    summary: 'A page not served over HTTPS tried to reach {url} on a more private network.',
    why: ['Chromium allows requests into local networks only from secure (https) pages.'],
    fix: ['Serve the page over https.'],
  },
};

export function chromiumName(code: FailureCode, stage: Stage): ChromiumCorsError | null {
  const c = FAILURES[code].chromium;
  return stage === 'preflight' ? (c.preflight ?? c.actual) : (c.actual ?? c.preflight);
}
