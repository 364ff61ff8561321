/** Request modes other than plain cors: no-cors (opaque), same-origin, and same-origin targets. */
import type { Scenario } from '../scenario-types';
import { acao, at, ok, preflight } from './build';

export const MODE: Scenario[] = [
  {
    id: 'no-cors-get', title: 'mode no-cors GET without CORS headers: an opaque response, not blocked', rule: 'mode',
    client: { target: 'B', mode: 'no-cors' }, server: at(ok()), expect: { blocked: false },
  },
  {
    id: 'no-cors-post-text', title: 'mode no-cors POST text/plain: sent without preflight, opaque', rule: 'mode',
    client: { target: 'B', mode: 'no-cors', method: 'POST', headers: [['Content-Type', 'text/plain']], body: 'x' },
    server: at(ok()), expect: { blocked: false },
  },
  {
    id: 'no-cors-redirect-cross-origin', title: 'mode no-cors redirected to C: still opaque', rule: 'mode',
    client: { target: 'B', mode: 'no-cors' },
    server: { start: { actual: { status: 302, headers: [['Location', '{C}{RUN}/final']] } }, final: { actual: ok() } },
    expect: { blocked: false },
  },
  {
    id: 'same-origin-mode-cross-origin', title: 'mode same-origin to another origin', rule: 'mode',
    client: { target: 'B', mode: 'same-origin' }, server: at(ok(acao('*'))),
    expect: { blocked: false },
    note: 'Blink rejects it before the network: no CDP event at all, no DisallowedByMode, nothing for webRequest to see.',
  },
  {
    id: 'same-origin-mode-same-origin', title: 'mode same-origin to the page origin', rule: 'mode',
    client: { target: 'A', mode: 'same-origin' }, server: at(ok()), expect: { blocked: false },
  },
  {
    id: 'cors-mode-same-origin-target', title: 'mode cors to the page origin needs no CORS headers', rule: 'mode',
    client: { target: 'A', method: 'PUT', headers: [['X-Trace', '1']] }, server: at(ok(), preflight()), expect: { blocked: false },
  },
  {
    id: 'same-origin-mode-redirect-cross-origin', title: 'mode same-origin on A redirected to B', rule: 'mode',
    client: { target: 'A', mode: 'same-origin' },
    server: { start: { actual: { status: 302, headers: [['Location', '{B}{RUN}/final']] } }, final: { actual: ok(acao('*')) } },
    expect: { blocked: false },
    note: 'Blink refuses to follow the redirect: loadingFailed has blockedReason "origin" and no corsErrorStatus.',
  },
  {
    id: 'no-cors-redirect-manual', title: 'mode no-cors with redirect: manual', rule: 'mode',
    client: { target: 'B', mode: 'no-cors', redirect: 'manual' },
    server: { start: { actual: { status: 302, headers: [['Location', '{C}{RUN}/final']] } }, final: { actual: ok() } },
    expect: { blocked: false },
    note: 'fetch rejects it before the network (TypeError): no CDP event, no NoCorsRedirectModeNotFollow.',
  },
];
