/**
 * Access-Control-Expose-Headers: these requests all pass; what changes is which response headers
 * script can read (`readable` lists them, lowercase, as Chromium's Headers iterator gives them).
 */
import type { ClientSpec, HeaderPair, Scenario } from '../scenario-types';
import { acac, aceh, acao, at, ECHO, respond } from './build';

const CUSTOM: HeaderPair[] = [['Content-Type', 'text/plain'], ['X-Request-Id', 'r1'], ['X-Rate-Limit', '10'], ['Content-Length', '2'], ['Cache-Control', 'no-store'], ['Set-Cookie', 'a=1']];

function expose(id: string, title: string, headers: HeaderPair[], readable: string[], client: Partial<ClientSpec> = {}): Scenario {
  return {
    id, title, rule: 'expose',
    client: { target: 'B', ...client },
    server: at(respond(200, [...CUSTOM, acao(ECHO), ...headers], 'ok')),
    expect: { blocked: false, readable },
  };
}

const SAFE = ['cache-control', 'content-length', 'content-type'];

export const EXPOSE: Scenario[] = [
  expose('aceh-missing', 'No ACEH: only safelisted response headers are readable', [], SAFE),
  expose('aceh-one', 'ACEH X-Request-Id', [aceh('X-Request-Id')], [...SAFE, 'x-request-id']),
  expose('aceh-case-insensitive', 'ACEH x-REQUEST-id', [aceh('x-REQUEST-id')], [...SAFE, 'x-request-id']),
  expose('aceh-two-lines', 'ACEH on two lines', [aceh('X-Request-Id'), aceh('X-Rate-Limit')], [...SAFE, 'x-rate-limit', 'x-request-id']),
  expose('aceh-star', 'ACEH * without credentials exposes everything but Set-Cookie', [aceh('*')], [
    'access-control-allow-origin', 'access-control-expose-headers', 'cache-control', 'connection', 'content-length', 'content-type', 'x-rate-limit', 'x-request-id',
  ], { credentials: 'omit' }),
  expose('aceh-star-with-credentials', 'ACEH * with credentials is a literal header name', [aceh('*'), acac('true')], SAFE, { credentials: 'include' }),
  expose('aceh-set-cookie', 'ACEH Set-Cookie never exposes Set-Cookie', [aceh('Set-Cookie, X-Request-Id')], [...SAFE, 'x-request-id']),
  expose('aceh-invalid-token', 'ACEH with an invalid token', [aceh('X-Request-Id X-Rate-Limit')], SAFE),
  expose('aceh-xhr', 'ACEH X-Request-Id seen by XHR getAllResponseHeaders', [aceh('X-Request-Id')], [...SAFE, 'x-request-id'], { api: 'xhr' }),
];
