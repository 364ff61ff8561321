/** The preflight's HTTP status: only 2xx passes, redirects are never followed. */
import type { Expectation, RawResponse, Scenario } from '../scenario-types';
import { acac, acah, acam, acao, at, ECHO, location, ok, respond } from './build';

const GRANTS = [acao(ECHO), acac('true'), acam('PUT'), acah('x-trace')];

function status(id: string, title: string, answer: RawResponse, expect: Expectation, note?: string): Scenario {
  const s: Scenario = {
    id, title, rule: 'preflight-status',
    client: { target: 'B', method: 'PUT', headers: [['X-Trace', '1']] },
    server: at(ok(acao(ECHO)), answer),
    expect,
  };
  return note ? { ...s, note } : s;
}

const INVALID: Expectation = { blocked: true, corsError: 'PreflightInvalidStatus', failedParameter: '' };
const REDIRECT: Expectation = { blocked: true, corsError: 'PreflightDisallowedRedirect', failedParameter: '' };

export const PREFLIGHT_STATUS: Scenario[] = [
  status('preflight-204', 'Preflight answered 204 with all grants', respond(204, GRANTS), { blocked: false }),
  status('preflight-200', 'Preflight answered 200 with all grants', respond(200, GRANTS, 'ok'), { blocked: false }),
  status('preflight-299', 'Preflight answered 299 (still 2xx)', respond(299, GRANTS, '', 'Whatever'), { blocked: false }),
  status('preflight-404', 'Preflight 404 with all grants', respond(404, GRANTS), INVALID),
  status('preflight-401', 'Preflight 401 (auth middleware ran on OPTIONS) with grants', respond(401, GRANTS), INVALID),
  status('preflight-403', 'Preflight 403 with grants', respond(403, GRANTS), INVALID),
  status('preflight-405', 'Preflight 405 (OPTIONS not routed) with grants', respond(405, GRANTS), INVALID),
  status('preflight-500', 'Preflight 500 with grants', respond(500, GRANTS), INVALID),
  status('preflight-300-no-location', 'Preflight 300 without Location', respond(300, GRANTS), INVALID),
  status('preflight-302', 'Preflight redirected with 302', respond(302, [location('{B}{RUN}/start'), ...GRANTS]), REDIRECT),
  status('preflight-301', 'Preflight redirected with 301', respond(301, [location('{B}{RUN}/start'), ...GRANTS]), REDIRECT),
  status('preflight-307', 'Preflight redirected with 307', respond(307, [location('{B}{RUN}/start'), ...GRANTS]), REDIRECT),
  status('preflight-302-no-cors', 'Preflight 302 without any CORS header', respond(302, [location('{B}{RUN}/start')]), REDIRECT,
    'The redirect is reported before the missing ACAO (unlike a 404, where the missing ACAO wins).'),
  status('preflight-404-no-acao', 'Preflight 404 without ACAO', respond(404, []), {
    blocked: true, corsError: 'PreflightMissingAllowOriginHeader', failedParameter: '',
  }, 'Chromium checks ACAO before the status: a 404 without ACAO is reported as the missing ACAO.'),
  status('preflight-401-no-acao', 'Preflight 401 without ACAO', respond(401, [['WWW-Authenticate', 'Bearer']]), {
    blocked: true, corsError: 'PreflightMissingAllowOriginHeader',
  }),
  status('preflight-500-acao-only', 'Preflight 500 with ACAO and nothing else', respond(500, [acao(ECHO)]), INVALID),
  status('preflight-404-acao-mismatch', 'Preflight 404 with a wrong ACAO', respond(404, [acao('https://example.com')]), {
    blocked: true, corsError: 'PreflightAllowOriginMismatch',
  }),
];
