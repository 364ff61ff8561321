/**
 * The rule tables. Each failing row sits beside its passing twin. The coverage test checks that every
 * failure code and every advisory code appears in at least one row.
 */
import type { AdvisoryCode, FailureCode } from '../../../src/shared/cors';
import { A, B, C, ex, ok, type Spec } from './build';

export interface Row {
  name: string;
  spec: Spec;
  verdict: 'allowed' | 'blocked' | 'same-origin' | 'not-cors';
  code?: FailureCode | null;
  chromium?: string | null;
  firefox?: string | null;
  param?: string | null;
  advisories?: AdvisoryCode[];
}

const inc = { credentials: 'include' as const };
const PUT = { method: 'PUT', req: { 'X-Token': 'abc' } };
const preOk = (extra: Record<string, string> = {}) => ({ status: 204, headers: ok({ 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'x-token', 'Access-Control-Max-Age': '600', ...extra }) });

export const ACCESS: Row[] = [
  { name: 'ACAO names the origin', spec: { res: { headers: ok({ Vary: 'Origin' }) } }, verdict: 'allowed' },
  { name: 'ACAO missing', spec: { res: { headers: {} } }, verdict: 'blocked', code: 'allow-origin-missing', chromium: 'MissingAllowOriginHeader', firefox: 'CORSMissingAllowOrigin2', param: null },
  { name: 'ACAO *', spec: { res: { headers: { 'Access-Control-Allow-Origin': '*' } } }, verdict: 'allowed' },
  { name: 'ACAO with trailing slash', spec: { res: { headers: ok({}, `${A}/`) } }, verdict: 'blocked', code: 'allow-origin-mismatch', chromium: 'AllowOriginMismatch', firefox: 'CORSAllowOriginNotMatchingOrigin', param: `${A}/` },
  { name: 'ACAO other scheme', spec: { res: { headers: ok({}, 'http://app.example') } }, verdict: 'blocked', code: 'allow-origin-mismatch', chromium: 'AllowOriginMismatch', param: 'http://app.example' },
  { name: 'ACAO other port', spec: { res: { headers: ok({}, 'https://app.example:8443') } }, verdict: 'blocked', code: 'allow-origin-mismatch', param: 'https://app.example:8443' },
  { name: 'ACAO differs in case', spec: { res: { headers: ok({}, 'https://APP.example') } }, verdict: 'blocked', code: 'allow-origin-mismatch', param: 'https://APP.example' },
  { name: 'ACAO null for a normal page', spec: { res: { headers: ok({}, 'null') } }, verdict: 'blocked', code: 'allow-origin-mismatch', chromium: 'AllowOriginMismatch', param: 'null' },
  { name: 'ACAO null for an opaque page', spec: { initiator: 'null', res: { headers: ok({}, 'null') } }, verdict: 'allowed', advisories: ['null-origin-allowed'] },
  { name: 'ACAO is not a URL', spec: { res: { headers: ok({}, 'app.example') } }, verdict: 'blocked', code: 'allow-origin-invalid', chromium: 'InvalidAllowOriginValue', firefox: 'CORSAllowOriginNotMatchingOrigin', param: 'app.example' },
  { name: 'ACAO comma list', spec: { res: { headers: ok({}, `${A}, ${C}`) } }, verdict: 'blocked', code: 'allow-origin-multiple', chromium: 'MultipleAllowOriginValues', firefox: 'CORSAllowOriginNotMatchingOrigin', param: `${A}, ${C}` },
  { name: 'ACAO on two lines', spec: { res: { headers: [['Access-Control-Allow-Origin', A], ['Access-Control-Allow-Origin', A]] } }, verdict: 'blocked', code: 'allow-origin-multiple', chromium: 'MultipleAllowOriginValues', firefox: 'CORSMultipleAllowOriginNotAllowed', param: `${A}, ${A}` },
  { name: 'ACAO * twice', spec: { res: { headers: [['Access-Control-Allow-Origin', '*'], ['Access-Control-Allow-Origin', '*']] } }, verdict: 'blocked', code: 'allow-origin-multiple', param: '*, *' },
  { name: 'ACAO with surrounding spaces is trimmed', spec: { res: { headers: ok({}, `  ${A} `) } }, verdict: 'allowed' },
  { name: 'ACAO * with credentials', spec: { ...inc, res: { headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Credentials': 'true' } } }, verdict: 'blocked', code: 'allow-origin-wildcard-with-credentials', chromium: 'WildcardOriginNotAllowed', firefox: 'CORSNotSupportingCredentials', param: null },
  { name: 'origin and ACAC true with credentials', spec: { ...inc, res: { headers: ok({ 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' }) } }, verdict: 'allowed', advisories: ['origin-reflected-with-credentials'] },
  { name: 'ACAC missing with credentials', spec: { ...inc, res: { headers: ok() } }, verdict: 'blocked', code: 'allow-credentials-invalid', chromium: 'InvalidAllowCredentials', firefox: 'CORSMissingAllowCredentials', param: null },
  { name: 'ACAC True with credentials', spec: { ...inc, res: { headers: ok({ 'Access-Control-Allow-Credentials': 'True' }) } }, verdict: 'blocked', code: 'allow-credentials-invalid', param: 'True' },
  { name: 'ACAC false with credentials', spec: { ...inc, res: { headers: ok({ 'Access-Control-Allow-Credentials': 'false' }) } }, verdict: 'blocked', code: 'allow-credentials-invalid', param: 'false' },
  { name: 'ACAC "true " with credentials (trimmed)', spec: { ...inc, res: { headers: ok({ 'Access-Control-Allow-Credentials': 'true ', Vary: 'Origin' }) } }, verdict: 'allowed' },
  { name: 'ACAC ignored without credentials', spec: { credentials: 'same-origin', res: { headers: ok({ 'Access-Control-Allow-Credentials': 'nope', Vary: 'Origin' }) } }, verdict: 'allowed' },
  { name: 'a 500 with CORS headers still passes CORS', spec: { res: { status: 500, headers: ok({ Vary: 'Origin' }) } }, verdict: 'allowed' },
];

export const PREFLIGHT: Row[] = [
  { name: 'preflight 204 with everything', spec: { ...PUT, pre: preOk(), res: { headers: ok({ Vary: 'Origin' }) } }, verdict: 'allowed' },
  { name: 'preflight 404 with ACAO', spec: { ...PUT, pre: { status: 404, headers: ok() }, res: null }, verdict: 'blocked', code: 'preflight-status', chromium: 'PreflightInvalidStatus', firefox: 'CORSPreflightDidNotSucceed3', param: null },
  { name: 'preflight 200 is fine', spec: { ...PUT, pre: { ...preOk(), status: 200 }, res: { headers: ok({ Vary: 'Origin' }) } }, verdict: 'allowed' },
  { name: 'preflight 404 without ACAO: both browsers name the missing ACAO', spec: { ...PUT, pre: { status: 404, headers: {} }, res: null }, verdict: 'blocked', code: 'allow-origin-missing', chromium: 'PreflightMissingAllowOriginHeader', firefox: 'CORSMissingAllowOrigin2' },
  { name: 'preflight 302 without ACAO: Chromium names the redirect, Firefox the ACAO', spec: { ...PUT, pre: { status: 302, headers: { Location: `${B}/x` } }, res: null }, verdict: 'blocked', code: 'preflight-redirect', chromium: 'PreflightDisallowedRedirect', firefox: 'CORSMissingAllowOrigin2' },
  { name: 'preflight 401 with ACAO', spec: { ...PUT, pre: { status: 401, headers: ok() }, res: null }, verdict: 'blocked', code: 'preflight-status', chromium: 'PreflightInvalidStatus' },
  { name: 'preflight redirected', spec: { ...PUT, pre: { status: 302, headers: ok({ Location: `${B}/login` }) }, res: null }, verdict: 'blocked', code: 'preflight-redirect', chromium: 'PreflightDisallowedRedirect' },
  { name: 'preflight got no answer', spec: { ...PUT, preError: 'net::ERR_EMPTY_RESPONSE', res: null, outcome: 'net::ERR_EMPTY_RESPONSE' }, verdict: 'blocked', code: 'preflight-network-error', chromium: 'InvalidResponse', firefox: 'CORSDidNotSucceed2', param: 'net::ERR_EMPTY_RESPONSE' },
  { name: 'preflight ACAO mismatch', spec: { ...PUT, pre: { status: 204, headers: ok({}, C) }, res: null }, verdict: 'blocked', code: 'allow-origin-mismatch', chromium: 'PreflightAllowOriginMismatch', param: C },
  { name: 'preflight ACAO comma list', spec: { ...PUT, pre: { status: 204, headers: ok({}, `${A},${C}`) }, res: null }, verdict: 'blocked', code: 'allow-origin-multiple', chromium: 'PreflightMultipleAllowOriginValues' },
  { name: 'preflight ACAO invalid', spec: { ...PUT, pre: { status: 204, headers: ok({}, 'app') }, res: null }, verdict: 'blocked', code: 'allow-origin-invalid', chromium: 'PreflightInvalidAllowOriginValue' },
  { name: 'preflight * with credentials', spec: { ...PUT, ...inc, pre: { status: 204, headers: { 'Access-Control-Allow-Origin': '*' } }, res: null }, verdict: 'blocked', code: 'allow-origin-wildcard-with-credentials', chromium: 'PreflightWildcardOriginNotAllowed' },
  { name: 'preflight ACAC missing with credentials', spec: { ...PUT, ...inc, pre: preOk(), res: null }, verdict: 'blocked', code: 'allow-credentials-invalid', chromium: 'PreflightInvalidAllowCredentials' },
  { name: 'preflight ACAC true with credentials', spec: { ...PUT, ...inc, pre: preOk({ 'Access-Control-Allow-Credentials': 'true' }), res: { headers: ok({ 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' }) } }, verdict: 'allowed' },
];

export const METHODS: Row[] = [
  { name: 'method not listed', spec: { ...PUT, pre: preOk({ 'Access-Control-Allow-Methods': 'GET, POST' }), res: null }, verdict: 'blocked', code: 'method-not-allowed', chromium: 'MethodDisallowedByPreflightResponse', firefox: 'CORSMethodNotFound', param: 'PUT' },
  { name: 'methods missing entirely', spec: { ...PUT, pre: { status: 204, headers: ok({ 'Access-Control-Allow-Headers': 'x-token' }) }, res: null }, verdict: 'blocked', code: 'method-not-allowed', param: 'PUT' },
  { name: 'method listed in lower case does not match PUT', spec: { ...PUT, pre: preOk({ 'Access-Control-Allow-Methods': 'put' }), res: null }, verdict: 'blocked', code: 'method-not-allowed', param: 'PUT' },
  { name: 'patch stays lower case and needs patch', spec: { method: 'patch', pre: preOk({ 'Access-Control-Allow-Methods': 'PATCH' }), res: null }, verdict: 'blocked', code: 'method-not-allowed', param: 'patch' },
  { name: 'patch listed as patch', spec: { method: 'patch', pre: preOk({ 'Access-Control-Allow-Methods': 'patch' }), res: { headers: ok({ Vary: 'Origin' }) } }, verdict: 'allowed' },
  { name: 'methods * without credentials', spec: { ...PUT, pre: preOk({ 'Access-Control-Allow-Methods': '*' }), res: { headers: ok({ Vary: 'Origin' }) } }, verdict: 'allowed' },
  { name: 'methods * with credentials is literal', spec: { ...PUT, ...inc, pre: preOk({ 'Access-Control-Allow-Methods': '*', 'Access-Control-Allow-Credentials': 'true' }), res: null }, verdict: 'blocked', code: 'method-not-allowed', param: 'PUT' },
  { name: 'methods with a trailing comma and a duplicate line', spec: { ...PUT, pre: { status: 204, headers: [['Access-Control-Allow-Origin', A], ['Access-Control-Allow-Methods', 'GET,'], ['Access-Control-Allow-Methods', 'PUT'], ['Access-Control-Allow-Headers', 'x-token'], ['Access-Control-Max-Age', '600']] }, res: { headers: ok({ Vary: 'Origin' }) } }, verdict: 'allowed' },
  { name: 'methods with an invalid token', spec: { ...PUT, pre: preOk({ 'Access-Control-Allow-Methods': 'PUT, GET/POST' }), res: null }, verdict: 'blocked', code: 'allow-methods-invalid', chromium: 'InvalidAllowMethodsPreflightResponse', firefox: 'CORSInvalidAllowMethod', param: null },
];

export const HEADERS: Row[] = [
  { name: 'header not listed', spec: { ...PUT, pre: preOk({ 'Access-Control-Allow-Headers': 'x-other' }), res: null }, verdict: 'blocked', code: 'header-not-allowed', chromium: 'HeaderDisallowedByPreflightResponse', firefox: 'CORSMissingAllowHeaderFromPreflight2', param: 'x-token' },
  { name: 'header listed in other case', spec: { ...PUT, pre: preOk({ 'Access-Control-Allow-Headers': 'X-TOKEN' }), res: { headers: ok({ Vary: 'Origin' }) } }, verdict: 'allowed' },
  { name: 'headers * without credentials', spec: { ...PUT, pre: preOk({ 'Access-Control-Allow-Headers': '*' }), res: { headers: ok({ Vary: 'Origin' }) } }, verdict: 'allowed' },
  { name: 'headers * with credentials is literal', spec: { ...PUT, ...inc, pre: preOk({ 'Access-Control-Allow-Headers': '*', 'Access-Control-Allow-Credentials': 'true' }), res: null }, verdict: 'blocked', code: 'header-not-allowed', param: 'x-token' },
  { name: 'Authorization under * passes, with an advisory', spec: { method: 'PUT', req: { Authorization: 'Bearer t' }, pre: preOk({ 'Access-Control-Allow-Headers': '*' }), res: { headers: ok({ Vary: 'Origin' }) } }, verdict: 'allowed', advisories: ['authorization-covered-by-wildcard'] },
  { name: 'Authorization listed by name', spec: { method: 'PUT', req: { Authorization: 'Bearer t' }, pre: preOk({ 'Access-Control-Allow-Headers': 'authorization' }), res: { headers: ok({ Vary: 'Origin' }) } }, verdict: 'allowed' },
  { name: 'headers with an invalid token', spec: { ...PUT, pre: preOk({ 'Access-Control-Allow-Headers': 'x-token, bad header' }), res: null }, verdict: 'blocked', code: 'allow-headers-invalid', chromium: 'InvalidAllowHeadersPreflightResponse', firefox: 'CORSInvalidAllowHeader', param: null },
  { name: 'second of two headers missing', spec: { method: 'PUT', req: [['X-A', '1'], ['X-B', '2']], pre: preOk({ 'Access-Control-Allow-Headers': 'x-a' }), res: null }, verdict: 'blocked', code: 'header-not-allowed', param: 'x-b' },
];

export const PRIVATE_NETWORK: Row[] = [
  { name: 'PNA preflight without the allow header', spec: { ...PUT, preRequest: { Origin: A, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'x-token', 'Access-Control-Request-Private-Network': 'true' }, pre: preOk(), res: null }, verdict: 'blocked', code: 'private-network-allow-missing', chromium: 'PreflightMissingAllowPrivateNetwork', firefox: null },
  { name: 'PNA preflight with a wrong value', spec: { ...PUT, preRequest: { Origin: A, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'x-token', 'Access-Control-Request-Private-Network': 'true' }, pre: preOk({ 'Access-Control-Allow-Private-Network': 'yes' }), res: null }, verdict: 'blocked', code: 'private-network-allow-invalid', chromium: 'PreflightInvalidAllowPrivateNetwork', param: 'yes' },
  { name: 'PNA preflight allowed', spec: { ...PUT, preRequest: { Origin: A, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'x-token', 'Access-Control-Request-Private-Network': 'true' }, pre: preOk({ 'Access-Control-Allow-Private-Network': 'true' }), res: { headers: ok({ Vary: 'Origin' }) } }, verdict: 'allowed' },
  { name: 'public page to loopback without permission', spec: { url: 'http://127.0.0.1:8080/api', res: null, outcome: 'net::ERR_FAILED' }, verdict: 'blocked', code: 'local-network-permission-denied', chromium: 'LocalNetworkAccessPermissionDenied', firefox: null },
  { name: 'insecure public page to loopback', spec: { initiator: 'http://app.example', url: 'http://127.0.0.1:8080/api', res: null, outcome: 'net::ERR_FAILED' }, verdict: 'blocked', code: 'insecure-local-network', chromium: 'InsecureLocalNetwork' },
  { name: 'public page to loopback, connection refused, is not LNA', spec: { url: 'http://127.0.0.1:8080/api', res: null, outcome: 'net::ERR_CONNECTION_REFUSED' }, verdict: 'not-cors', code: null },
  { name: 'loopback page to loopback is not LNA', spec: { initiator: 'http://localhost:3000', url: 'http://127.0.0.1:8080/api', res: { headers: ok({ Vary: 'Origin' }, 'http://localhost:3000') } }, verdict: 'allowed' },
];

export const REDIRECTS: Row[] = [
  { name: 'redirect without CORS headers', spec: { res: { status: 302, headers: { Location: `${B}/v2/data` } }, next: [{ url: `${B}/v2/data`, res: { headers: ok() } }] }, verdict: 'blocked', code: 'allow-origin-missing', chromium: 'MissingAllowOriginHeader' },
  { name: 'redirect with CORS headers, same origin', spec: { res: { status: 302, headers: ok({ Location: `${B}/v2/data` }) }, next: [{ url: `${B}/v2/data`, res: { headers: ok({ Vary: 'Origin' }) } }] }, verdict: 'allowed' },
  { name: 'redirect across origins taints: target must allow null', spec: { res: { status: 302, headers: ok({ Location: `${C}/data` }) }, next: [{ url: `${C}/data`, origin: 'null', res: { headers: ok() } }] }, verdict: 'blocked', code: 'allow-origin-mismatch', chromium: 'AllowOriginMismatch', param: A },
  { name: 'after a cross-origin redirect, a preflight that carried the page origin is checked against it (Firefox)', spec: { browser: 'firefox', method: 'PUT', req: { 'X-Token': '1' }, pre: preOk(), res: { status: 307, headers: ok({ Location: `${C}/data` }) }, next: [{ url: `${C}/data`, origin: 'null', preOrigin: A, pre: { status: 204, headers: ok({ 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'x-token', 'Access-Control-Max-Age': '600' }) }, res: { headers: { 'Access-Control-Allow-Origin': '*' } } }], outcome: 'completed' }, verdict: 'allowed' },
  { name: 'redirect across origins, target allows *', spec: { res: { status: 302, headers: ok({ Location: `${C}/data` }) }, next: [{ url: `${C}/data`, origin: 'null', res: { headers: { 'Access-Control-Allow-Origin': '*' } } }] }, verdict: 'allowed' },
  { name: 'redirect to a URL with credentials', spec: { res: { status: 302, headers: ok({ Location: 'https://user:pw@cdn.example/data' }) }, next: [{ url: 'https://user:pw@cdn.example/data', res: null }] }, verdict: 'blocked', code: 'redirect-contains-credentials', chromium: 'RedirectContainsCredentials', firefox: 'CORSDidNotSucceed2' },
  { name: 'redirect to data: is a CORS failure in Firefox', spec: { browser: 'firefox', res: { status: 302, headers: ok({ Location: 'data:text/plain,hi' }) }, next: [], outcome: 'NS_ERROR_DOM_BAD_URI' }, verdict: 'blocked', code: 'redirect-scheme-not-allowed', chromium: null, firefox: 'CORSDidNotSucceed2' },
  { name: 'redirect to data: is a network error in Chromium', spec: { res: { status: 302, headers: ok({ Location: 'data:text/plain,hi', Vary: 'Origin' }) }, next: [], outcome: 'net::ERR_UNSAFE_REDIRECT' }, verdict: 'not-cors', chromium: null, advisories: [] },
  { name: 'redirect to ftp: with an unknown outcome: only Firefox names a rule', spec: { res: { status: 302, headers: ok({ Location: 'ftp://cdn.example/data', Vary: 'Origin' }) }, next: [] }, verdict: 'allowed', chromium: null, firefox: null, advisories: ['browsers-disagree'] },
  { name: 'same-origin request redirected to another origin', spec: { url: `${A}/api`, res: { status: 302, headers: { Location: `${B}/data` } }, next: [{ url: `${B}/data`, res: { headers: {} } }] }, verdict: 'blocked', code: 'allow-origin-missing', chromium: 'MissingAllowOriginHeader' },
];

export const REQUEST: Row[] = [
  { name: 'same-origin request', spec: { url: `${A}/api`, res: { headers: {} } }, verdict: 'same-origin' },
  { name: 'same origin with explicit default port', spec: { url: 'https://app.example:443/api', res: { headers: {} } }, verdict: 'same-origin' },
  { name: 'no-cors image load', spec: { mode: 'no-cors', res: { headers: {} } }, verdict: 'not-cors' },
  { name: 'navigation', spec: { resourceType: 'main_frame', res: { headers: {} } }, verdict: 'not-cors' },
  { name: "the page's own document is same-origin, not merely not-cors", spec: { url: `${A}/dashboard`, resourceType: 'main_frame', res: { headers: {} } }, verdict: 'same-origin' },
  { name: 'same-origin mode to another origin', spec: { mode: 'same-origin', res: null, outcome: 'net::ERR_FAILED' }, verdict: 'blocked', code: 'disallowed-by-mode', chromium: 'DisallowedByMode' },
  { name: 'cors mode to another origin', spec: { mode: 'cors', res: { headers: ok({ Vary: 'Origin' }) } }, verdict: 'allowed' },
  { name: 'CORS to a non-http scheme', spec: { url: 'ftp://files.example/x', res: null, outcome: 'net::ERR_FAILED' }, verdict: 'blocked', code: 'scheme-not-supported', chromium: 'CorsDisabledScheme', firefox: 'CORSRequestNotHttp' },
  { name: 'https page to http API is mixed content', spec: { url: 'http://api.example/data', res: null, outcome: 'net::ERR_FAILED' }, verdict: 'blocked', code: null },
  { name: 'https page to http loopback is not mixed content', spec: { url: 'http://localhost:8080/data', res: { headers: ok({ Vary: 'Origin' }) } }, verdict: 'allowed' },
  { name: 'unknown initiator cannot be decided', spec: { initiator: null, res: { headers: {} } }, verdict: 'not-cors', code: null },
];

export const EXPOSE_AND_CACHE: Row[] = [
  { name: 'custom header not exposed', spec: { res: { headers: ok({ Vary: 'Origin', 'X-Request-Id': '1' }) } }, verdict: 'allowed', advisories: ['unexposed-response-headers'] },
  { name: 'custom header exposed', spec: { res: { headers: ok({ Vary: 'Origin', 'X-Request-Id': '1', 'Access-Control-Expose-Headers': 'X-Request-Id' }) } }, verdict: 'allowed', advisories: [] },
  { name: 'echoed origin without Vary', spec: { res: { headers: ok() } }, verdict: 'allowed', advisories: ['missing-vary-origin'] },
  { name: 'no Max-Age costs a preflight per request', spec: { ...PUT, pre: { status: 204, headers: ok({ 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'x-token' }) }, res: { headers: ok({ Vary: 'Origin' }) } }, verdict: 'allowed', advisories: ['max-age-missing'] },
  { name: 'tiny Max-Age', spec: { ...PUT, pre: preOk({ 'Access-Control-Max-Age': '5' }), res: { headers: ok({ Vary: 'Origin' }) } }, verdict: 'allowed', advisories: ['max-age-short'] },
  { name: 'Max-Age above the cap', spec: { ...PUT, pre: preOk({ 'Access-Control-Max-Age': '86400' }), res: { headers: ok({ Vary: 'Origin' }) } }, verdict: 'allowed', advisories: ['max-age-capped'] },
  { name: 'Max-Age 600', spec: { ...PUT, pre: preOk({ 'Access-Control-Max-Age': '600' }), res: { headers: ok({ Vary: 'Origin' }) } }, verdict: 'allowed', advisories: [] },
];

export const TABLES = { ACCESS, PREFLIGHT, METHODS, HEADERS, PRIVATE_NETWORK, REDIRECTS, REQUEST, EXPOSE_AND_CACHE };
export { ex };
