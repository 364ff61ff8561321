/** The actual response's status is not part of the CORS check: a 500 with ACAO passes, one without fails. */
import type { Expectation, Scenario } from '../scenario-types';
import { acao, at, ECHO, grantAll, respond } from './build';

function actual(id: string, title: string, status: number, withAcao: boolean, preflighted = false): Scenario {
  const expect: Expectation = withAcao
    ? { blocked: false }
    : { blocked: true, corsError: 'MissingAllowOriginHeader', failedParameter: '' };
  const answer = respond(status, [['Content-Type', 'text/plain'], ...(withAcao ? [acao(ECHO)] : [])], 'error body');
  return {
    id, title, rule: 'status-codes',
    client: preflighted ? { target: 'B', method: 'PUT', body: 'x' } : { target: 'B' },
    server: at(answer, preflighted ? grantAll() : undefined),
    expect,
  };
}

export const STATUS_CODES: Scenario[] = [
  actual('actual-500-without-acao', 'Server error without ACAO (the usual "CORS error" that is really a 500)', 500, false),
  actual('actual-500-with-acao', 'Server error with ACAO: CORS passes, the page sees 500', 500, true),
  actual('actual-404-without-acao', 'Not found without ACAO', 404, false),
  actual('actual-404-with-acao', 'Not found with ACAO', 404, true),
  actual('actual-401-without-acao', 'Unauthorized without ACAO', 401, false),
  actual('actual-401-with-acao', 'Unauthorized with ACAO', 401, true),
  actual('actual-403-without-acao', 'Forbidden without ACAO', 403, false),
  actual('actual-502-without-acao', 'Bad gateway without ACAO (a proxy answered)', 502, false),
  actual('actual-503-with-acao', 'Service unavailable with ACAO', 503, true),
  actual('actual-204-with-acao', 'No content with ACAO', 204, true),
  actual('preflighted-500-without-acao', 'PUT, preflight fine, actual 500 without ACAO', 500, false, true),
  actual('preflighted-500-with-acao', 'PUT, preflight fine, actual 500 with ACAO', 500, true, true),
];
