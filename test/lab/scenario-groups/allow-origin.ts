/** Access-Control-Allow-Origin, on a simple GET and on a preflight. */
import type { ClientSpec, Expectation, HeaderPair, Scenario } from '../scenario-types';
import { acac, acam, acao, at, ECHO, grantAll, ok, preflight } from './build';

function simple(
  id: string,
  title: string,
  headers: HeaderPair[],
  expect: Expectation,
  client: Partial<ClientSpec> = {},
  note?: string,
): Scenario {
  const s: Scenario = { id, title, rule: 'allow-origin', client: { target: 'B', ...client }, server: at(ok(...headers)), expect };
  return note ? { ...s, note } : s;
}

const INCLUDE = { credentials: 'include' } as const;

export const ALLOW_ORIGIN: Scenario[] = [
  simple('acao-missing', 'No Access-Control-Allow-Origin', [], { blocked: true, corsError: 'MissingAllowOriginHeader', failedParameter: '' }),
  simple('acao-other-site', 'ACAO names another site', [acao('https://example.com')], {
    blocked: true, corsError: 'AllowOriginMismatch', failedParameter: 'https://example.com',
  }),
  simple('acao-trailing-slash', 'ACAO is the origin with a trailing slash', [acao('{A}/')], {
    blocked: true, corsError: 'AllowOriginMismatch', failedParameter: '{A}/',
  }),
  simple('acao-other-port', 'ACAO names the same host on another port', [acao('{B}')], {
    blocked: true, corsError: 'AllowOriginMismatch', failedParameter: '{B}',
  }),
  simple('acao-other-scheme', 'ACAO names https instead of http', [acao('https://{A.host}')], {
    blocked: true, corsError: 'AllowOriginMismatch', failedParameter: 'https://{A.host}',
  }),
  simple('acao-scheme-uppercase', 'ACAO differs only in the case of the scheme', [acao('HTTP://{A.host}')], {
    blocked: true, corsError: 'AllowOriginMismatch', failedParameter: 'HTTP://{A.host}',
  }),
  simple('acao-localhost-for-loopback-ip', 'ACAO says localhost where the page is on 127.0.0.1', [acao('http://localhost:{A.port}')], {
    blocked: true, corsError: 'AllowOriginMismatch', failedParameter: 'http://localhost:{A.port}',
  }),
  simple('acao-null', 'ACAO is the string null for a real origin', [acao('null')], {
    blocked: true, corsError: 'AllowOriginMismatch', failedParameter: 'null',
  }, {}, '`null` is a mismatch, not an invalid value.'),
  simple('acao-not-a-url', 'ACAO is a bare word, not an origin', [acao('example')], {
    blocked: true, corsError: 'InvalidAllowOriginValue', failedParameter: 'example',
  }),
  simple('acao-quoted-star', 'ACAO is a quoted asterisk', [acao('"*"')], { blocked: true, corsError: 'InvalidAllowOriginValue', failedParameter: '"*"' }),
  simple('acao-with-path', 'ACAO is a URL with a path', [acao('{A}/index.html')], {
    blocked: true, corsError: 'AllowOriginMismatch', failedParameter: '{A}/index.html',
  }),
  simple('acao-empty', 'ACAO present but empty', [acao('')], { blocked: true, corsError: 'InvalidAllowOriginValue', failedParameter: '' }, {},
    'An empty ACAO is an invalid value, not a missing header (both report failedParameter "").'),
  simple('acao-comma-list', 'ACAO lists two origins separated by a comma', [acao('{A}, https://example.com')], {
    blocked: true, corsError: 'MultipleAllowOriginValues', failedParameter: '{A}, https://example.com',
  }),
  simple('acao-space-list', 'ACAO lists two origins separated by a space', [acao('{A} https://example.com')], {
    blocked: true, corsError: 'MultipleAllowOriginValues',
  }),
  simple('acao-two-lines', 'Two ACAO lines with different origins', [acao('{A}'), acao('https://example.com')], {
    blocked: true, corsError: 'MultipleAllowOriginValues',
  }),
  simple('acao-two-identical-lines', 'Two identical ACAO lines', [acao('{A}'), acao('{A}')], {
    blocked: true, corsError: 'MultipleAllowOriginValues',
  }),
  simple('acao-star-and-origin-lines', 'One ACAO line with * and one with the origin', [acao('*'), acao('{A}')], {
    blocked: true, corsError: 'MultipleAllowOriginValues',
  }),
  simple('acao-star', 'ACAO * with credentials: omit', [acao('*')], { blocked: false }, { credentials: 'omit' }),
  simple('acao-star-same-origin-credentials', 'ACAO * with credentials mode same-origin (the default)', [acao('*')], { blocked: false }),
  simple('acao-star-with-credentials', 'ACAO * with credentials: include', [acao('*')], {
    blocked: true, corsError: 'WildcardOriginNotAllowed', failedParameter: '',
  }, INCLUDE, 'failedParameter is empty here, not "*".'),
  simple('acao-star-with-credentials-and-acac', 'ACAO * and ACAC true with credentials: include', [acao('*'), acac('true')], {
    blocked: true, corsError: 'WildcardOriginNotAllowed',
  }, INCLUDE),
  simple('acao-star-xhr-with-credentials', 'ACAO * to an XHR withCredentials', [acao('*'), acac('true')], {
    blocked: true, corsError: 'WildcardOriginNotAllowed',
  }, { api: 'xhr', withCredentials: true }),
  simple('acao-missing-xhr', 'No ACAO, request made by XHR', [], { blocked: true, corsError: 'MissingAllowOriginHeader' }, { api: 'xhr' }),
  simple('acao-echo', 'ACAO echoes the request origin', [acao(ECHO)], { blocked: false }),
  simple('acao-exact', 'ACAO names the page origin literally', [acao('{A}')], { blocked: false }),
  simple('acao-trailing-spaces', 'ACAO value followed by spaces (trimmed by the HTTP parser)', [acao('{A}   ')], { blocked: false }),
  simple('acao-lowercase-name', 'Header name in lower case', [['access-control-allow-origin', '{A}']], { blocked: false }),
  simple('acao-uppercase-name', 'Header name in upper case', [['ACCESS-CONTROL-ALLOW-ORIGIN', '{A}']], { blocked: false }),
  {
    id: 'preflight-acao-missing',
    title: 'Preflight grants the method but has no ACAO',
    rule: 'allow-origin',
    client: { target: 'B', method: 'PUT' },
    server: at(ok(acao(ECHO)), preflight(acam('PUT'))),
    expect: { blocked: true, corsError: 'PreflightMissingAllowOriginHeader', failedParameter: '' },
  },
  {
    id: 'preflight-acao-mismatch',
    title: 'Preflight ACAO names another site',
    rule: 'allow-origin',
    client: { target: 'B', method: 'PUT' },
    server: at(ok(acao(ECHO)), preflight(acao('https://example.com'), acam('PUT'))),
    expect: { blocked: true, corsError: 'PreflightAllowOriginMismatch', failedParameter: 'https://example.com' },
  },
  {
    id: 'preflight-acao-two-lines',
    title: 'Preflight has two ACAO lines',
    rule: 'allow-origin',
    client: { target: 'B', method: 'PUT' },
    server: at(ok(acao(ECHO)), preflight(acao(ECHO), acao('https://example.com'), acam('PUT'))),
    expect: { blocked: true, corsError: 'PreflightMultipleAllowOriginValues' },
  },
  {
    id: 'preflight-acao-invalid',
    title: 'Preflight ACAO is not an origin',
    rule: 'allow-origin',
    client: { target: 'B', method: 'PUT' },
    server: at(ok(acao(ECHO)), preflight(acao('example'), acam('PUT'))),
    expect: { blocked: true, corsError: 'PreflightInvalidAllowOriginValue', failedParameter: 'example' },
  },
  {
    id: 'preflight-acao-star-with-credentials',
    title: 'Preflight ACAO * with credentials: include',
    rule: 'allow-origin',
    client: { target: 'B', method: 'PUT', credentials: 'include' },
    server: at(ok(acao(ECHO), acac('true')), preflight(acao('*'), acac('true'), acam('PUT'))),
    expect: { blocked: true, corsError: 'PreflightWildcardOriginNotAllowed', failedParameter: '' },
  },
  {
    id: 'preflight-ok-actual-acao-missing',
    title: 'Preflight passes, the actual response has no ACAO',
    rule: 'allow-origin',
    client: { target: 'B', method: 'PUT' },
    server: at(ok(), grantAll()),
    expect: { blocked: true, corsError: 'MissingAllowOriginHeader', failedParameter: '' },
  },
  {
    id: 'preflight-ok-actual-acao-mismatch',
    title: 'Preflight passes, the actual response names another origin',
    rule: 'allow-origin',
    client: { target: 'B', method: 'DELETE' },
    server: at(ok(acao('{C}')), grantAll()),
    expect: { blocked: true, corsError: 'AllowOriginMismatch', failedParameter: '{C}' },
  },
];
