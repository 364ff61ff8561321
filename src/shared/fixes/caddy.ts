/**
 * Caddy 2 (Caddyfile), for the site block that serves the API.
 *
 * - `@cors_origin` matches the Origin header against exact strings (the `header` matcher compares
 *   whole values; several `header Origin` lines in one matcher are OR'ed), so the header block sends
 *   back only an origin that is listed, never an arbitrary one. With no origin to allow the matcher
 *   is `expression false`: an empty matcher block would match every request.
 * - Everything sits in a `route`: Caddy sorts the directives of a site block by a fixed order, in
 *   which basicauth and forward_auth come before `respond`, so a site-level `respond` would answer
 *   the preflight only after authentication (a 401). Inside `route` the order is the one written.
 * - `header` applies its fields to the response at once, before the handlers after it run, so a 401
 *   from basicauth or the backend, and a 502 when the backend is down, carry them too (also through
 *   handle_errors). A deferred `header` (`defer`, `>Field`, or a `-Field` deletion in the same
 *   block) would only act on responses that the handlers write, not on errors.
 * https://caddyserver.com/docs/caddyfile/directives/header
 */
import type { FixPlan } from '../cors/types';
import { caddyCommentText, caddyString } from './quote-proxy';
import type { FixTarget, RenderOptions, Snippet } from './types';
import { commonNotes, corsValues, refusalComments, refusalNotes } from './values';

const I1 = '    ';
const I2 = I1 + I1;

function render(plan: FixPlan, options: RenderOptions = {}): Snippet {
  const v = corsValues(plan, options);
  const list = (items: string[]) => caddyString(items.join(', '));

  const code = refusalComments(v, '#').map(caddyCommentText);
  code.push('# Inside the site block that serves the API (api.example.com { ... }).');
  code.push('# The allowed origins, exact strings: one `header Origin` line each. Any other Origin');
  code.push('# gets no CORS headers. Never a `*` at either end: that makes the value a wildcard.');
  code.push('@cors_origin {');
  for (const o of v.origins) code.push(`${I1}header Origin ${caddyString(o)}`);
  if (v.origins.length === 0) code.push(`${I1}# No origin to allow (see above): matches no request.`, `${I1}expression false`);
  code.push('}');
  if (v.preflight) code.push('@cors_preflight {', `${I1}method OPTIONS`, `${I1}header Access-Control-Request-Method *`, '}');

  code.push('', '# `route` keeps the order written here; outside it Caddy runs basicauth and forward_auth first.');
  code.push('route {');
  code.push(`${I1}# Every response to an allowed origin, errors included: set before the handlers below run.`);
  code.push(`${I1}# Never deferred (no \`defer\`, \`>\` or \`-\` here): deferred headers miss error responses.`);
  code.push(`${I1}header @cors_origin {`, `${I2}Access-Control-Allow-Origin {http.request.header.Origin}`);
  if (v.credentials) code.push(`${I2}Access-Control-Allow-Credentials true`);
  if (v.preflight) {
    if (v.methods.length > 0) code.push(`${I2}Access-Control-Allow-Methods ${list(v.methods)}`);
    if (v.allowHeaders.length > 0) code.push(`${I2}Access-Control-Allow-Headers ${list(v.allowHeaders)}`);
    code.push(`${I2}Access-Control-Max-Age ${v.maxAge}`);
  }
  if (v.exposeHeaders.length > 0) code.push(`${I2}Access-Control-Expose-Headers ${list(v.exposeHeaders)}`);
  code.push(`${I1}}`, `${I1}header +Vary Origin`);
  if (v.preflight) {
    code.push('', `${I1}# Preflight: answered 204 here, before authentication and before the application.`, `${I1}respond @cors_preflight 204`);
  }
  code.push('', `${I1}# ... your directives (basicauth, forward_auth, reverse_proxy...), in this order`, '}');

  const notes = [...refusalNotes(v), ...commonNotes(v)];
  notes.push('Move the directives that serve the API (basicauth, forward_auth, reverse_proxy...) into this `route`, below the CORS lines: at the site level Caddy sorts directives by its own order, which runs basicauth and forward_auth before `respond`, so the preflight would get a 401.');
  notes.push('If the API is served from a `handle` or `handle_path` block, put this `route` inside that block: `handle` comes before `route` in Caddy\'s order, and its reverse_proxy answers before the route runs.');
  notes.push('Keep the `header` lines un-deferred (no `defer`, no `>Field`, no `-Field` deletion in the same block): deferred header operations apply only to responses the handlers write, not to error responses (a 401 from basicauth, a 502 when the backend is down).');
  notes.push('Keep each `header Origin` value an exact origin: a value that starts or ends with `*` is a wildcard (prefix, suffix or substring) match.');
  if (v.preflight) notes.push('Every preflight (OPTIONS with Access-Control-Request-Method) to this site is answered 204 by Caddy and never reaches the application.');
  notes.push('If the backend sets CORS headers too, drop them in the proxy (`reverse_proxy ... { header_down -Access-Control-Allow-Origin }`, and so on), or the browser sees two values.');
  notes.push('Caddy 2.8 renamed basicauth to basic_auth; both work in the route the same way.');
  return {
    code: code.join('\n'),
    language: 'caddyfile',
    notes,
    docs: [
      'https://caddyserver.com/docs/caddyfile/directives/header',
      'https://caddyserver.com/docs/caddyfile/directives/route',
      'https://caddyserver.com/docs/caddyfile/directives#directive-order',
      'https://caddyserver.com/docs/caddyfile/matchers#header',
      'https://caddyserver.com/docs/caddyfile/directives/respond',
    ],
  };
}

export const caddyTarget: FixTarget = { id: 'caddy', label: 'Caddy', render };
