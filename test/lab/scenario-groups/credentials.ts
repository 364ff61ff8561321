/** Access-Control-Allow-Credentials, which only matters when the request is credentialed. */
import type { ClientSpec, Expectation, HeaderPair, Scenario } from '../scenario-types';
import { acac, acam, acao, at, ECHO, ok, preflight } from './build';

function actual(id: string, title: string, headers: HeaderPair[], expect: Expectation, client: Partial<ClientSpec> = {}): Scenario {
  return {
    id, title, rule: 'credentials',
    client: { target: 'B', credentials: 'include', ...client },
    server: at(ok(acao(ECHO), ...headers)),
    expect,
  };
}

function onPreflight(id: string, title: string, headers: HeaderPair[], expect: Expectation): Scenario {
  return {
    id, title, rule: 'credentials',
    client: { target: 'B', method: 'PUT', credentials: 'include' },
    server: at(ok(acao(ECHO), acac('true')), preflight(acao(ECHO), acam('PUT'), ...headers)),
    expect,
  };
}

export const CREDENTIALS: Scenario[] = [
  actual('acac-missing-include', 'Credentialed request, no ACAC', [], { blocked: true, corsError: 'InvalidAllowCredentials', failedParameter: '' }),
  actual('acac-capitalised', 'ACAC: True (capitalised)', [acac('True')], { blocked: true, corsError: 'InvalidAllowCredentials', failedParameter: 'True' }),
  actual('acac-uppercase', 'ACAC: TRUE', [acac('TRUE')], { blocked: true, corsError: 'InvalidAllowCredentials', failedParameter: 'TRUE' }),
  actual('acac-trailing-space', 'ACAC: "true " (trailing space, trimmed by the HTTP parser)', [acac('true ')], { blocked: false }),
  actual('acac-leading-space', 'ACAC: " true" (leading space, trimmed by the HTTP parser)', [acac('  true')], { blocked: false }),
  actual('acac-false', 'ACAC: false', [acac('false')], { blocked: true, corsError: 'InvalidAllowCredentials', failedParameter: 'false' }),
  actual('acac-one', 'ACAC: 1', [acac('1')], { blocked: true, corsError: 'InvalidAllowCredentials', failedParameter: '1' }),
  actual('acac-quoted', 'ACAC: "true" in quotes', [acac('"true"')], { blocked: true, corsError: 'InvalidAllowCredentials' }),
  actual('acac-two-lines', 'Two ACAC: true lines', [acac('true'), acac('true')], { blocked: true, corsError: 'InvalidAllowCredentials' }),
  actual('acac-true', 'ACAC: true with the echoed origin', [acac('true')], { blocked: false }),
  actual('acac-missing-include-no-cookie', 'Credentialed request to C, where the page has no cookie, no ACAC', [], {
    blocked: true, corsError: 'InvalidAllowCredentials', failedParameter: '',
  }, { target: 'C' }),
  actual('acac-lowercase-name', 'access-control-allow-credentials: true (name in lower case)', [['access-control-allow-credentials', 'true']], { blocked: false }),
  actual('acac-missing-omit', 'No ACAC, credentials: omit', [], { blocked: false }, { credentials: 'omit' }),
  actual('acac-false-same-origin', 'ACAC: false, credentials: same-origin (ignored)', [acac('false')], { blocked: false }, { credentials: 'same-origin' }),
  actual('acac-missing-xhr-with-credentials', 'XHR withCredentials, no ACAC', [], {
    blocked: true, corsError: 'InvalidAllowCredentials', failedParameter: '',
  }, { api: 'xhr', withCredentials: true, credentials: undefined }),
  actual('acac-true-xhr-with-credentials', 'XHR withCredentials, ACAC true', [acac('true')], { blocked: false }, { api: 'xhr', withCredentials: true, credentials: undefined }),
  actual('acac-missing-xhr-without-credentials', 'XHR without withCredentials, no ACAC', [], { blocked: false }, { api: 'xhr', credentials: undefined }),
  onPreflight('preflight-acac-missing', 'Credentialed PUT, preflight without ACAC', [], {
    blocked: true, corsError: 'PreflightInvalidAllowCredentials', failedParameter: '',
  }),
  onPreflight('preflight-acac-capitalised', 'Credentialed PUT, preflight ACAC: True', [acac('True')], {
    blocked: true, corsError: 'PreflightInvalidAllowCredentials', failedParameter: 'True',
  }),
  onPreflight('preflight-acac-true', 'Credentialed PUT, preflight ACAC: true', [acac('true')], { blocked: false }),
  {
    id: 'preflight-ok-actual-acac-missing',
    title: 'Credentialed PUT, preflight fine, actual response without ACAC',
    rule: 'credentials',
    client: { target: 'B', method: 'PUT', credentials: 'include' },
    server: at(ok(acao(ECHO)), preflight(acao(ECHO), acac('true'), acam('PUT'))),
    expect: { blocked: true, corsError: 'InvalidAllowCredentials', failedParameter: '' },
  },
];
