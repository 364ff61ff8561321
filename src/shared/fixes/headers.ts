/**
 * The raw header lines, for any server: what the preflight (OPTIONS) response and the actual response
 * must carry. Values are emitted as they are: values.ts lets through only serialised origins and
 * RFC 9110 tokens, which are legal field values as they stand.
 */
import type { FixPlan } from '../cors/types';
import type { FixTarget, RenderOptions, Snippet } from './types';
import { commonNotes, corsValues, refusalComments, refusalNotes } from './values';

function render(plan: FixPlan, options: RenderOptions = {}): Snippet {
  const v = corsValues(plan, options);
  const both: string[] = [];
  // One value per response: the origin of the request it answers (the first listed here; see the comment).
  if (v.origins.length > 0) both.push(`Access-Control-Allow-Origin: ${v.origins[0]}`);
  if (v.credentials) both.push('Access-Control-Allow-Credentials: true');

  const code = [...refusalComments(v, '#')];
  code.push("# Several origins: compare the request's Origin with an exact list and send back the one that matched, never any Origin.");
  if (v.origins.length > 1) code.push(`# The list: ${v.origins.join(' ')}`);
  if (v.preflight) {
    code.push('', '# Preflight response (OPTIONS), status 204, sent before any authentication:', ...both);
    if (v.methods.length > 0) code.push(`Access-Control-Allow-Methods: ${v.methods.join(', ')}`);
    if (v.allowHeaders.length > 0) code.push(`Access-Control-Allow-Headers: ${v.allowHeaders.join(', ')}`);
    code.push(`Access-Control-Max-Age: ${v.maxAge}`, 'Vary: Origin');
  }
  code.push('', '# Actual response, on every status (errors included):', ...both);
  if (v.exposeHeaders.length > 0) code.push(`Access-Control-Expose-Headers: ${v.exposeHeaders.join(', ')}`);
  code.push('Vary: Origin');

  const notes = [...refusalNotes(v), ...commonNotes(v)];
  notes.push('Send these headers on error responses too (4xx, 5xx): without them the browser reports a CORS error and hides the real status from the page.');
  if (v.preflight) notes.push('Answer OPTIONS with 204 before authentication: browsers never send cookies or Authorization with a preflight, so an auth check there fails it.');
  if (v.credentials) notes.push('With credentials, `*` is a wildcard nowhere (Allow-Origin, -Methods, -Headers, Expose-Headers): name the origin and each method and header.');
  notes.push('If the response already has a Vary header, add Origin to it (or send a second Vary line); caches must not reuse one origin\'s answer for another.');
  return {
    code: code.join('\n'),
    language: 'http',
    notes,
    docs: ['https://fetch.spec.whatwg.org/#http-cors-protocol', 'https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/CORS'],
  };
}

export const headersTarget: FixTarget = { id: 'headers', label: 'HTTP headers', render };
