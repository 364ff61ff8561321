/**
 * Hono's built-in CORS middleware, `hono/cors` (https://hono.dev/docs/middleware/builtin/cors).
 *
 * - `origin` is an array of exact strings: the middleware sends back the request's Origin only when
 *   the array includes it, and adds `Vary: Origin`. Left out, it sends `*`; a function that returns
 *   its argument would reflect any Origin.
 * - `allowMethods` is always given with a preflight (its default lists every method);
 *   `allowHeaders` too when there are headers (left out or empty, it reflects the requested ones).
 * - `app.use("*", cors(...))` before the authentication middleware and the routes: Hono runs
 *   middleware in the order it is registered, and cors answers every OPTIONS with 204 itself. Headers
 *   it set before `next()` stay on the response a handler, `app.onError` or an HTTPException
 *   produces: Hono copies them onto the new response.
 * https://hono.dev/docs/guides/middleware#execution-order
 */
import type { FixPlan } from '../cors/types';
import { jsString } from './quote';
import type { FixTarget, RenderOptions, Snippet } from './types';
import { commonNotes, corsValues, refusalComments, refusalNotes } from './values';

const list = (items: string[]) => `[${items.map(jsString).join(', ')}]`;

function render(plan: FixPlan, options: RenderOptions = {}): Snippet {
  const v = corsValues(plan, options);
  const code = [...refusalComments(v, '//')];
  code.push('// Hono\'s own middleware, no package to add. In an ES module: import { cors } from "hono/cors";', 'const { cors } = require("hono/cors");', '');
  code.push(
    ...(v.preflight
      ? ['// First, before the authentication middleware and the routes: cors answers every preflight', '// (OPTIONS) with 204 itself, and its headers stay on error responses.']
      : ['// First, before the authentication middleware and the routes: its headers then stay on error', '// responses too.']),
  );
  code.push('// "*", or your API\'s path ("/api/*"): it must cover every path the authentication covers.');
  code.push('app.use(', '  "*",', '  cors({');
  code.push('    // The allowed origins, exact strings: add one per origin. Never a function that returns any Origin.');
  code.push(`    origin: ${list(v.origins)},`);
  if (v.credentials) code.push('    credentials: true,');
  if (v.preflight) {
    code.push(`    allowMethods: ${list(v.methods)},${v.methods.length === 0 ? ' // none needed: GET, HEAD and POST are always allowed' : ''}`);
    if (v.allowHeaders.length > 0) code.push(`    allowHeaders: ${list(v.allowHeaders)},`);
    else code.push('    // No allowHeaders: none needed. (Left out or empty, Hono allows any header a preflight asks for.)');
  }
  if (v.exposeHeaders.length > 0) code.push(`    exposeHeaders: ${list(v.exposeHeaders)},`);
  if (v.preflight) code.push(`    maxAge: ${v.maxAge},`);
  code.push('  }),', ');');

  const notes = [...refusalNotes(v), ...commonNotes(v)];
  notes.push('`app` is your Hono application. Register cors before any authentication middleware (`app.use("*", auth)`, bearerAuth, basicAuth, jwt...) and before the routes: Hono runs middleware in the order it is registered, and authentication first would answer the preflight 401.');
  notes.push('The path given to `app.use` must cover every path the pages call: cors on "/api/*" does nothing for "/v2/...", which then fails as a CORS error.');
  notes.push('Keep `origin` the exact list: left out, Hono sends `Access-Control-Allow-Origin: *` (which credentialed requests reject), and a function returning its argument reflects any Origin.');
  if (v.preflight) {
    notes.push('Keep `allowMethods`: left out, Hono allows GET, HEAD, PUT, POST, DELETE, PATCH and QUERY.');
    notes.push(v.allowHeaders.length > 0 ? 'Keep `allowHeaders`: left out or empty, Hono allows any header the preflight asks for.' : 'Hono has no way to allow no request header: with `allowHeaders` left out or empty it allows any header the preflight asks for (only for the listed origins).');
  }
  notes.push('cors answers every OPTIONS request with 204, preflight or not, so no OPTIONS route of yours runs behind it.');
  return {
    code: code.join('\n'),
    language: 'javascript',
    notes,
    docs: ['https://hono.dev/docs/middleware/builtin/cors', 'https://hono.dev/docs/guides/middleware#execution-order'],
  };
}

export const honoTarget: FixTarget = { id: 'hono', label: 'Hono (hono/cors)', render };
