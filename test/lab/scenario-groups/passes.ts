/** Requests that do everything right. */
import type { Scenario } from '../scenario-types';
import { acac, acao, at, ECHO, grantAll, ok } from './build';

export const PASSES: Scenario[] = [
  {
    id: 'pass-simple-get-star', title: 'Simple GET, ACAO *', rule: 'passes',
    client: { target: 'B' }, server: at(ok(acao('*'))), expect: { blocked: false },
  },
  {
    id: 'pass-simple-get-localhost', title: 'Simple GET to localhost (C), ACAO echoed', rule: 'passes',
    client: { target: 'C' }, server: at(ok(acao(ECHO))), expect: { blocked: false },
  },
  {
    id: 'pass-json-post', title: 'POST JSON with Authorization, full preflight grant', rule: 'passes',
    client: {
      target: 'B', method: 'POST', body: '{"a":1}',
      headers: [['Content-Type', 'application/json'], ['Authorization', 'Bearer abc']],
    },
    server: at(ok(acao(ECHO)), grantAll()), expect: { blocked: false },
  },
  {
    id: 'pass-credentialed-put', title: 'Credentialed PUT with a custom header, full grants', rule: 'passes',
    client: { target: 'B', method: 'PUT', credentials: 'include', headers: [['X-Trace', '1']], body: 'x' },
    server: at(ok(acao(ECHO), acac('true')), grantAll()), expect: { blocked: false },
  },
  {
    id: 'pass-xhr-simple', title: 'XHR GET, ACAO echoed', rule: 'passes',
    client: { api: 'xhr', target: 'B' }, server: at(ok(acao(ECHO))), expect: { blocked: false },
  },
  {
    id: 'pass-xhr-preflighted', title: 'XHR DELETE with credentials, full grants', rule: 'passes',
    client: { api: 'xhr', target: 'B', method: 'DELETE', withCredentials: true },
    server: at(ok(acao(ECHO), acac('true')), grantAll()), expect: { blocked: false },
  },
  {
    id: 'pass-same-origin-get', title: 'GET to the page origin', rule: 'passes',
    client: { target: 'A' }, server: at(ok()), expect: { blocked: false },
  },
];
