/**
 * Redirects of the actual request. Each redirect response is itself CORS-checked; after a redirect to
 * another origin the request's origin is "tainted" and Origin becomes `null` (so the final server must
 * answer `null` or `*`).
 */
import type { ClientSpec, Expectation, RawResponse, Scenario, ServerStep } from '../scenario-types';
import { acac, acam, acao, ECHO, grantAll, ok, redirect, respond } from './build';

function chain(
  id: string,
  title: string,
  steps: Record<string, ServerStep>,
  expect: Expectation,
  client: Partial<ClientSpec> = {},
  note?: string,
): Scenario {
  const s: Scenario = { id, title, rule: 'redirect', client: { target: 'B', ...client }, server: steps, expect };
  return note ? { ...s, note } : s;
}

/** `start` redirects (302) to `to`; `final` answers with `last`. */
function hop(first: RawResponse, last: RawResponse): Record<string, ServerStep> {
  return { start: { actual: first }, final: { actual: last } };
}

const TO_B = '{B}{RUN}/final';
const TO_C = '{C}{RUN}/final';
const PASS: Expectation = { blocked: false };

export const REDIRECT: Scenario[] = [
  chain('redirect-b-to-b-with-cors', 'B redirects to B; both responses allow the origin', hop(redirect(302, TO_B, acao(ECHO)), ok(acao(ECHO))), PASS),
  chain('redirect-b-to-b-redirect-without-cors', 'B redirects to B; the redirect itself has no ACAO', hop(redirect(302, TO_B), ok(acao(ECHO))), {
    blocked: true, corsError: 'MissingAllowOriginHeader', failedParameter: '',
  }, {}, 'The 302 is CORS-checked like a final response: a redirect without ACAO blocks.'),
  chain('redirect-b-to-b-redirect-acao-mismatch', 'B redirects to B; the redirect names another origin', hop(redirect(302, TO_B, acao('https://example.com')), ok(acao(ECHO))), {
    blocked: true, corsError: 'AllowOriginMismatch',
  }),
  chain('redirect-b-to-b-final-without-cors', 'B redirects to B; the final response has no ACAO', hop(redirect(302, TO_B, acao(ECHO)), ok()), {
    blocked: true, corsError: 'MissingAllowOriginHeader',
  }),
  chain('redirect-b-to-c-final-names-page', 'B redirects to C; C answers ACAO with the page origin', hop(redirect(302, TO_C, acao(ECHO)), ok(acao('{A}'))), {
    blocked: true, corsError: 'AllowOriginMismatch', failedParameter: '{A}',
  }, {}, 'After a cross-origin redirect Origin is "null"; ACAO naming the page no longer matches.'),
  chain('redirect-b-to-c-final-null', 'B redirects to C; C answers ACAO: null', hop(redirect(302, TO_C, acao(ECHO)), ok(acao('null'))), PASS),
  chain('redirect-b-to-c-final-star', 'B redirects to C; C answers ACAO: *', hop(redirect(302, TO_C, acao(ECHO)), ok(acao('*'))), PASS),
  chain('redirect-b-to-c-final-echo', 'B redirects to C; C echoes Origin (null)', hop(redirect(302, TO_C, acao(ECHO)), ok(acao(ECHO))), PASS),
  chain('redirect-b-to-c-star-with-credentials', 'B redirects to C; C answers * to a credentialed request', hop(redirect(302, TO_C, acao(ECHO), acac('true')), ok(acao('*'), acac('true'))), {
    blocked: true, corsError: 'WildcardOriginNotAllowed',
  }, { credentials: 'include' }),
  chain('redirect-b-to-c-null-with-credentials', 'B redirects to C; C answers null + ACAC true to a credentialed request', hop(redirect(302, TO_C, acao(ECHO), acac('true')), ok(acao('null'), acac('true'))), PASS, { credentials: 'include' }),
  chain('redirect-b-to-c-redirect-without-cors', 'B redirects to C without ACAO on the redirect', hop(redirect(302, TO_C), ok(acao('*'))), {
    blocked: true, corsError: 'MissingAllowOriginHeader',
  }),
  chain('redirect-b-to-c-307-put', 'PUT to B, 307 to C: a second preflight goes to C with Origin null', {
    start: { preflight: grantAll(), actual: redirect(307, TO_C, acao(ECHO)) },
    final: { preflight: respond(204, [acao('null'), acam('PUT')]), actual: ok(acao('null')) },
  }, PASS, { method: 'PUT', body: 'x' }),
  chain('redirect-b-to-c-307-put-preflight-names-page', 'PUT to B, 307 to C, C\'s preflight names the page origin', {
    start: { preflight: grantAll(), actual: redirect(307, TO_C, acao(ECHO)) },
    final: { preflight: respond(204, [acao('{A}'), acam('PUT')]), actual: ok(acao('*')) },
  }, { blocked: true, corsError: 'PreflightAllowOriginMismatch' }, { method: 'PUT', body: 'x' }),
  chain('redirect-b-to-b-303-put', 'PUT to B, 303 to B: the follow-up is a GET without preflight', {
    start: { preflight: grantAll(), actual: redirect(303, TO_B, acao(ECHO)) },
    final: { actual: ok(acao(ECHO)) },
  }, PASS, { method: 'PUT', body: 'x' }),
  chain('redirect-a-to-b', 'Same-origin request on A redirected to B, which allows the page', {
    start: { actual: redirect(302, TO_B) },
    final: { actual: ok(acao('{A}')) },
  }, PASS, { target: 'A' }, 'The origin is not tainted: the first hop was same-origin, so Origin stays the page origin.'),
  chain('redirect-a-to-b-without-cors', 'Same-origin request on A redirected to B, which has no ACAO', {
    start: { actual: redirect(302, TO_B) },
    final: { actual: ok() },
  }, { blocked: true, corsError: 'MissingAllowOriginHeader' }, { target: 'A' }),
  chain('redirect-b-to-a', 'B redirects back to the page origin A, which sends no CORS headers', {
    start: { actual: redirect(302, '{A}{RUN}/final', acao(ECHO)) },
    final: { actual: ok() },
  }, { blocked: true, corsError: 'MissingAllowOriginHeader' }, {}, 'Back on the page origin the request is still cross-origin (tainted): A must answer ACAO null or *.'),
  chain('redirect-b-to-b-to-c', 'Two redirects: B to B to C, C answers *', {
    start: { actual: redirect(302, '{B}{RUN}/middle', acao(ECHO)) },
    middle: { actual: redirect(302, TO_C, acao(ECHO)) },
    final: { actual: ok(acao('*')) },
  }, PASS),
  chain('redirect-to-userinfo', 'B redirects to a URL with user:pass@', hop(redirect(302, 'http://user:pass@{B.host}{RUN}/final', acao(ECHO)), ok(acao(ECHO))), {
    blocked: true, corsError: 'RedirectContainsCredentials',
  }),
  chain('redirect-to-userinfo-no-cors-on-redirect', 'B redirects to user:pass@ without ACAO on the redirect', hop(redirect(302, 'http://user:pass@{B.host}{RUN}/final'), ok(acao(ECHO))), {
    blocked: true,
  }, {}, 'The redirect\'s ACAO is checked before the credentials in Location: MissingAllowOriginHeader wins.'),
  chain('redirect-to-data-url', 'B redirects to a data: URL', hop(redirect(302, 'data:text/plain,hello', acao(ECHO)), ok()), { blocked: false },
    {}, 'Not reported as CORS: the request fails with net::ERR_UNSAFE_REDIRECT and no corsErrorStatus.'),
  chain('redirect-loop', 'B redirects to itself forever', {
    start: { actual: redirect(302, '{B}{RUN}/start', acao(ECHO)) },
  }, { blocked: false }, {}, 'Not a CORS failure: net::ERR_TOO_MANY_REDIRECTS after 20 redirects, no corsErrorStatus.'),
  chain('redirect-manual-mode', 'redirect: manual, the 302 carries no ACAO', hop(redirect(302, TO_C), ok(acao('*'))), {
    blocked: true, corsError: 'MissingAllowOriginHeader',
  }, { redirect: 'manual' }, 'The 302 is CORS-checked even though it is not followed.'),
  chain('redirect-manual-mode-with-cors', 'redirect: manual, the 302 allows the origin', hop(redirect(302, TO_C, acao(ECHO)), ok(acao('*'))), { blocked: false },
    { redirect: 'manual' }, 'The page gets an opaqueredirect response (status 0); CDP ends the request with net::ERR_ABORTED.'),
  chain('redirect-error-mode', 'redirect: error, the 302 allows the origin', hop(redirect(302, TO_C, acao(ECHO)), ok(acao('*'))), { blocked: false }, { redirect: 'error' }),
];
