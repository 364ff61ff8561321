/** Access-Control-Allow-Methods, and how Chromium compares methods (case-sensitively). */
import type { Expectation, HeaderPair, Scenario } from '../scenario-types';
import { acac, acah, acam, acao, at, ECHO, ok, preflight } from './build';

function method(
  id: string,
  title: string,
  requestMethod: string,
  grants: HeaderPair[],
  expect: Expectation,
  opts: { credentials?: boolean; note?: string; headers?: HeaderPair[] } = {},
): Scenario {
  const creds = opts.credentials ? [acac('true')] : [];
  const s: Scenario = {
    id, title, rule: 'methods',
    client: {
      target: 'B', method: requestMethod,
      ...(opts.credentials ? { credentials: 'include' as const } : {}),
      ...(opts.headers ? { headers: opts.headers } : {}),
    },
    server: at(ok(acao(ECHO), ...creds), preflight(acao(ECHO), ...creds, ...grants)),
    expect,
  };
  return opts.note ? { ...s, note: opts.note } : s;
}

const disallowed = (m: string): Expectation => ({ blocked: true, corsError: 'MethodDisallowedByPreflightResponse', failedParameter: m });
/** Chromium does not name the bad token: failedParameter is empty. */
const INVALID: Expectation = { blocked: true, corsError: 'InvalidAllowMethodsPreflightResponse', failedParameter: '' };
const PASS: Expectation = { blocked: false };

export const METHODS: Scenario[] = [
  method('put-acam-missing', 'PUT, preflight without ACAM', 'PUT', [], disallowed('PUT')),
  method('put-acam-other-methods', 'PUT, ACAM lists GET, POST', 'PUT', [acam('GET, POST')], disallowed('PUT')),
  method('put-acam-listed', 'PUT, ACAM lists PUT', 'PUT', [acam('GET, PUT')], PASS),
  method('put-acam-lowercase', 'PUT, ACAM lists put', 'PUT', [acam('put')], disallowed('PUT'), {
    note: 'Method matching is case-sensitive in Chromium: `put` in ACAM does not allow PUT.',
  }),
  method('lowercase-put-normalised', 'fetch with method put, ACAM PUT', 'put', [acam('PUT')], PASS, {
    note: 'fetch normalises delete/get/head/options/post/put to upper case, so `put` is sent as PUT.',
  }),
  method('lowercase-patch-acam-upper', 'fetch with method patch, ACAM PATCH', 'patch', [acam('PATCH')], disallowed('patch'), {
    note: 'fetch does not normalise `patch`: it is sent lowercase and PATCH in ACAM does not match it.',
  }),
  method('lowercase-patch-acam-lower', 'fetch with method patch, ACAM patch', 'patch', [acam('patch')], PASS),
  method('patch-acam-lowercase', 'PATCH, ACAM lists patch', 'PATCH', [acam('patch')], disallowed('PATCH')),
  method('patch-acam-listed', 'PATCH, ACAM lists PATCH', 'PATCH', [acam('PATCH')], PASS),
  method('delete-acam-listed', 'DELETE, ACAM lists DELETE', 'DELETE', [acam('DELETE')], PASS),
  method('delete-acam-missing', 'DELETE, preflight without ACAM', 'DELETE', [], disallowed('DELETE')),
  method('custom-method-listed', 'Custom method PURGE, ACAM PURGE', 'PURGE', [acam('PURGE')], PASS),
  method('custom-method-missing', 'Custom method PURGE, no ACAM', 'PURGE', [], disallowed('PURGE')),
  method('acam-star', 'PUT, ACAM * without credentials', 'PUT', [acam('*')], PASS),
  method('acam-star-with-credentials', 'PUT, ACAM * with credentials', 'PUT', [acam('*')], disallowed('PUT'), { credentials: true }),
  method('acam-star-and-put-with-credentials', 'PUT, ACAM "*, PUT" with credentials', 'PUT', [acam('*, PUT')], PASS, { credentials: true }),
  method('acam-space-separated', 'ACAM "GET PUT" (no comma)', 'PUT', [acam('GET PUT')], INVALID),
  method('acam-semicolon', 'ACAM "PUT;"', 'PUT', [acam('PUT;')], INVALID),
  method('acam-trailing-comma', 'ACAM "GET, PUT,"', 'PUT', [acam('GET, PUT,')], PASS, { note: 'Empty list elements are skipped, not invalid.' }),
  method('acam-leading-comma', 'ACAM ", PUT"', 'PUT', [acam(', PUT')], PASS),
  method('acam-extra-spaces', 'ACAM " GET ,   PUT "', 'PUT', [acam(' GET ,   PUT ')], PASS),
  method('acam-empty', 'ACAM present but empty', 'PUT', [acam('')], disallowed('PUT')),
  method('acam-two-lines', 'ACAM on two lines, GET then PUT', 'PUT', [acam('GET'), acam('PUT')], PASS),
  method('acam-two-lines-neither', 'ACAM on two lines, neither has PUT', 'PUT', [acam('GET'), acam('POST')], disallowed('PUT')),
  method('acam-invalid-and-listed', 'ACAM "PUT, DEL ETE": the method is listed but another token is invalid', 'PUT', [acam('PUT, DEL ETE')], INVALID),
  method('post-preflighted-no-acam', 'POST with a custom header: ACAM not needed for POST', 'POST', [acah('x-trace')], PASS, {
    headers: [['X-Trace', '1']],
  }),
  method('method-checked-before-headers', 'PUT with a custom header, neither granted', 'PUT', [], disallowed('PUT'), {
    headers: [['X-Trace', '1']],
  }),
];
