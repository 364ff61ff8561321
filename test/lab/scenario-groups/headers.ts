/** Access-Control-Allow-Headers. */
import type { Expectation, HeaderPair, Scenario } from '../scenario-types';
import { acac, acah, acao, at, ECHO, ok, preflight } from './build';

function headers(
  id: string,
  title: string,
  requestHeaders: HeaderPair[],
  grants: HeaderPair[],
  expect: Expectation,
  opts: { credentials?: boolean; note?: string } = {},
): Scenario {
  const creds = opts.credentials ? [acac('true')] : [];
  const s: Scenario = {
    id, title, rule: 'headers',
    client: { target: 'B', headers: requestHeaders, ...(opts.credentials ? { credentials: 'include' as const } : {}) },
    server: at(ok(acao(ECHO), ...creds), preflight(acao(ECHO), ...creds, ...grants)),
    expect,
  };
  return opts.note ? { ...s, note: opts.note } : s;
}

const disallowed = (h: string): Expectation => ({ blocked: true, corsError: 'HeaderDisallowedByPreflightResponse', failedParameter: h });
/** Chromium does not name the bad token: failedParameter is empty. */
const INVALID: Expectation = { blocked: true, corsError: 'InvalidAllowHeadersPreflightResponse', failedParameter: '' };
const PASS: Expectation = { blocked: false };
const X_TRACE: HeaderPair[] = [['X-Trace', '1']];
const AUTH: HeaderPair[] = [['Authorization', 'Bearer abc']];

export const HEADERS: Scenario[] = [
  headers('acah-missing', 'Custom header, preflight without ACAH', X_TRACE, [], disallowed('x-trace')),
  headers('acah-listed', 'Custom header listed in ACAH', X_TRACE, [acah('X-Trace')], PASS),
  headers('acah-partial', 'Two custom headers, ACAH lists one', [['X-Trace', '1'], ['X-Tenant', 'a']], [acah('X-Trace')], disallowed('x-tenant')),
  headers('acah-none-of-two', 'Two custom headers set Zeta then Alpha, ACAH lists neither', [['X-Zeta', '1'], ['X-Alpha', 'a']], [acah('X-Other')], disallowed('x-zeta'), {
    note: 'With several disallowed headers Chromium names x-zeta whatever order the page set them in (also of x-alpha, x-mid, x-zeta), yet content-type before x-a and x-b: the order of Blink\'s header hash map, not the sorted Access-Control-Request-Headers. webRequest cannot tell which one Chromium will name.',
  }),
  headers('acah-none-of-two-reversed', 'Two custom headers set Alpha then Zeta, ACAH lists neither', [['X-Alpha', 'a'], ['X-Zeta', '1']], [acah('X-Other')], disallowed('x-zeta')),
  headers('acah-none-json-and-custom', 'Content-Type JSON and two custom headers, ACAH lists none', [['X-B', '1'], ['Content-Type', 'application/json'], ['X-A', '1']], [acah('X-Other')], disallowed('content-type')),
  headers('acah-case-insensitive', 'ACAH lists the header in another case', X_TRACE, [acah('x-TRACE')], PASS),
  headers('acah-star', 'ACAH * without credentials', X_TRACE, [acah('*')], PASS),
  headers('acah-star-with-credentials', 'ACAH * with credentials', X_TRACE, [acah('*')], disallowed('x-trace'), { credentials: true }),
  headers('acah-star-and-name-with-credentials', 'ACAH "*, X-Trace" with credentials', X_TRACE, [acah('*, X-Trace')], PASS, { credentials: true }),
  headers('acah-star-covers-authorization', 'ACAH * and an Authorization header', AUTH, [acah('*')], PASS, {
    note: 'Chromium 156 still lets * cover Authorization (spec says it must not); it only raises a deprecation issue.',
  }),
  headers('acah-star-authorization-with-credentials', 'ACAH * and Authorization, with credentials', AUTH, [acah('*')], disallowed('authorization'), {
    credentials: true,
  }),
  headers('acah-authorization-listed', 'Authorization listed in ACAH', AUTH, [acah('Authorization')], PASS),
  headers('acah-authorization-missing', 'Authorization header, ACAH lists something else', AUTH, [acah('X-Trace')], disallowed('authorization')),
  headers('acah-space-separated', 'ACAH "X-Trace X-Tenant" (no comma)', X_TRACE, [acah('X-Trace X-Tenant')], INVALID),
  headers('acah-semicolon', 'ACAH "X-Trace;"', X_TRACE, [acah('X-Trace;')], INVALID),
  headers('acah-trailing-comma', 'ACAH "X-Trace,"', X_TRACE, [acah('X-Trace,')], PASS),
  headers('acah-two-lines', 'ACAH on two lines', [['X-Trace', '1'], ['X-Tenant', 'a']], [acah('X-Trace'), acah('X-Tenant')], PASS),
  headers('acah-empty', 'ACAH present but empty', X_TRACE, [acah('')], disallowed('x-trace')),
  headers('content-type-json-acah-missing', 'Content-Type application/json, no ACAH', [['Content-Type', 'application/json']], [], disallowed('content-type')),
  headers('content-type-json-acah-listed', 'Content-Type application/json, ACAH Content-Type', [['Content-Type', 'application/json']], [acah('Content-Type')], PASS),
  headers('acah-safelisted-not-needed', 'Custom header granted; Accept needs no grant', [['X-Trace', '1'], ['Accept', 'application/json']], [acah('X-Trace')], PASS),
];
