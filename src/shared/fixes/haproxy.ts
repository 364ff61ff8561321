/**
 * HAProxy 2.2+ (Debian 12 has 2.6), for the frontend or listen section that serves the API.
 *
 * - The request's Origin is copied into `txn.cors_origin` (`req.fhdr`: the whole value; `req.hdr`
 *   would split it at commas) and the `cors_origin` ACL compares that variable with exact strings
 *   (`-m str`). The response rules then send back the variable only when it is one of those strings:
 *   response rules cannot rely on the request's headers, which may be gone by then.
 * - The preflight is answered by `http-request return status 204`: http-request rules run in the
 *   order written, so placed first it comes before `http-request auth`, deny rules and the backend.
 * - The headers are set by `http-after-response`, which acts on every response: the backend's
 *   (4xx and 5xx included) and those HAProxy makes itself (the 204 above, a 401 from
 *   `http-request auth`, a 503 when no server is up). `http-response` skips the latter.
 * https://docs.haproxy.org/2.6/configuration.html#4.2-http-after-response
 */
import type { FixPlan } from '../cors/types';
import { haproxyFormat, haproxyWord } from './quote-proxy';
import type { FixTarget, RenderOptions, Snippet } from './types';
import { commonNotes, corsValues, refusalComments, refusalNotes } from './values';

const I1 = '    ';

function render(plan: FixPlan, options: RenderOptions = {}): Snippet {
  const v = corsValues(plan, options);
  const header = (name: string, value: string, condition: string) => `${I1}http-after-response set-header ${name} ${value} if ${condition}`;
  const list = (items: string[]) => haproxyFormat(items.join(', '));

  const code = [...refusalComments(v, '#')];
  code.push('# In the frontend (or listen) section that serves the API, above its other http-request rules');
  code.push('# (auth, deny, redirect...): HAProxy runs them in the order written.', '');
  code.push(`${I1}# The allowed origins, exact strings (-m str): one acl line each, all named cors_origin.`);
  for (const o of v.origins) code.push(`${I1}acl cors_origin var(txn.cors_origin) -m str ${haproxyWord(o)}`);
  if (v.origins.length === 0) code.push(`${I1}# No origin to allow (see above): never true.`, `${I1}acl cors_origin always_false`);
  code.push('', `${I1}# The request's Origin, kept for the response rules (req.fhdr: the whole value, commas included).`);
  code.push(`${I1}http-request set-var(txn.cors_origin) req.fhdr(origin)`);
  if (v.preflight) {
    code.push('', `${I1}# Preflight: answered 204 here, before authentication and before the backend.`);
    code.push(`${I1}http-request return status 204 if METH_OPTIONS { req.hdr(access-control-request-method) -m found }`);
  }
  code.push('', `${I1}# Every response, errors and HAProxy's own included (http-response would miss those).`);
  code.push(header('Access-Control-Allow-Origin', '%[var(txn.cors_origin)]', 'cors_origin'));
  if (v.credentials) code.push(header('Access-Control-Allow-Credentials', 'true', 'cors_origin'));
  if (v.preflight) {
    if (v.methods.length > 0) code.push(header('Access-Control-Allow-Methods', list(v.methods), 'cors_origin METH_OPTIONS'));
    if (v.allowHeaders.length > 0) code.push(header('Access-Control-Allow-Headers', list(v.allowHeaders), 'cors_origin METH_OPTIONS'));
    code.push(header('Access-Control-Max-Age', String(v.maxAge), 'cors_origin METH_OPTIONS'));
  }
  if (v.exposeHeaders.length > 0) code.push(header('Access-Control-Expose-Headers', list(v.exposeHeaders), 'cors_origin'));
  code.push(`${I1}http-after-response add-header Vary Origin`);

  const notes = [...refusalNotes(v), ...commonNotes(v)];
  notes.push('Put these lines first in the frontend: an `http-request auth` or `deny` rule above them would answer the preflight with a 401 or 403 before it is let through.');
  notes.push('Keep `http-after-response`: `http-response` rules are skipped for the responses HAProxy makes itself (`http-request return`, a 401 from `http-request auth`, a 503 when no server is up), so those would reach the page as CORS errors.');
  notes.push('`http-after-response` needs HAProxy 2.2 or later. In a defaults section it is allowed only in a named one, which a listen section then cannot use: the frontend is the simplest place.');
  notes.push('Keep `-m str` (exact match) for the origins: `-m beg`, `-m sub` or an unanchored `-m reg` would also let in https://app.example.evil.test.');
  if (v.preflight) notes.push('Every preflight (OPTIONS with Access-Control-Request-Method) to this frontend is answered 204 by HAProxy and never reaches a backend.');
  notes.push('`set-header` replaces the backend\'s value only for an allowed origin: if the backend sends CORS headers of its own, delete them (`http-response del-header Access-Control-Allow-Origin`, and so on, above these lines) so only one layer answers.');
  notes.push('Errors HAProxy raises while still parsing a request (a 400 for a malformed one) skip every rule, these included.');
  return {
    code: code.join('\n'),
    language: 'haproxy',
    notes,
    docs: [
      'https://docs.haproxy.org/2.6/configuration.html#4.2-http-after-response',
      'https://docs.haproxy.org/2.6/configuration.html#4.2-http-request%20return',
      'https://docs.haproxy.org/2.6/configuration.html#7.3.6-req.fhdr',
      'https://docs.haproxy.org/2.6/configuration.html#2.2',
    ],
  };
}

export const haproxyTarget: FixTarget = { id: 'haproxy', label: 'HAProxy', render };
