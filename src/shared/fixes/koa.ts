/**
 * Koa with `@koa/cors` (https://github.com/koajs/cors#readme).
 *
 * - `origin` is a function that checks a Set of exact origins and returns the request's Origin only
 *   when it is listed, "" otherwise (@koa/cors then adds no CORS header). Left out, @koa/cors sends
 *   `*`, and with `credentials` it sends back whatever Origin arrives.
 * - `app.use(cors(...))` first: Koa runs middleware in the order it is added, so cors answers each
 *   preflight (OPTIONS with Access-Control-Request-Method) with 204 before authentication and before
 *   the router (whose allowedMethods() would answer OPTIONS without CORS headers).
 * - `keepHeadersOnError: true` (the default, written out): Koa's error handler removes every header
 *   before writing the error (ctx.throw(401), a crash), except those in err.headers, where this
 *   option copies the CORS headers.
 * - @koa/cors always adds `Vary: Origin`.
 * https://github.com/koajs/koa/blob/master/docs/api/context.md#ctxthrowstatus-msg-properties
 */
import type { FixPlan } from '../cors/types';
import { jsString } from './quote';
import type { FixTarget, RenderOptions, Snippet } from './types';
import { commonNotes, corsValues, refusalComments, refusalNotes } from './values';

const list = (items: string[]) => `[${items.map(jsString).join(', ')}]`;

function render(plan: FixPlan, options: RenderOptions = {}): Snippet {
  const v = corsValues(plan, options);
  const code = [...refusalComments(v, '//')];
  code.push('// npm install @koa/cors. In an ES module: import cors from "@koa/cors";', 'const cors = require("@koa/cors");', '');
  code.push('// The allowed origins, exact strings: add one per origin. Never send back an Origin not listed.');
  code.push(`const CORS_ORIGINS = new Set(${list(v.origins)});`, '');
  code.push('const corsOptions = {');
  code.push('  // Returns the Origin only when it is listed; "" means no CORS headers. Left out, @koa/cors sends');
  code.push('  // "*", and with credentials it sends back whatever Origin arrives.');
  code.push('  origin: (ctx) => (CORS_ORIGINS.has(ctx.get("Origin")) ? ctx.get("Origin") : ""),');
  if (v.credentials) code.push('  credentials: true,');
  if (v.preflight) {
    code.push(`  allowMethods: ${list(v.methods)},${v.methods.length === 0 ? ' // none needed: GET, HEAD and POST are always allowed' : ''}`);
    if (v.allowHeaders.length > 0) code.push(`  allowHeaders: ${list(v.allowHeaders)},`);
    else code.push('  // No allowHeaders: none needed. (Left out or empty, @koa/cors allows any header a preflight asks for.)');
  }
  if (v.exposeHeaders.length > 0) code.push(`  exposeHeaders: ${list(v.exposeHeaders)},`);
  if (v.preflight) code.push(`  maxAge: ${v.maxAge},`);
  code.push('  // The default, written out: errors thrown later (ctx.throw(401)...) keep the CORS headers, which', "  // Koa's error handler would otherwise remove.", '  keepHeadersOnError: true,');
  code.push('};', '');
  code.push(
    ...(v.preflight
      ? ['// First of all, before authentication and the router: cors answers every preflight (OPTIONS) with', '// 204 itself, and sets the headers before anything can fail.']
      : ['// First of all, before authentication and the router: it sets the headers before anything can fail.']),
  );
  code.push('app.use(cors(corsOptions));');

  const notes = [...refusalNotes(v), ...commonNotes(v)];
  notes.push('`app` is your Koa application. `app.use(cors(...))` must come before authentication, body parsers and the router (@koa/router\'s allowedMethods() answers OPTIONS itself, without CORS headers): Koa runs middleware in the order it is added.');
  notes.push('Keep `origin` a function that checks the exact list: left out, @koa/cors sends `Access-Control-Allow-Origin: *`, and with `credentials: true` it sends back any Origin, which lets every site read the user\'s data.');
  notes.push('Keep `keepHeadersOnError: true`: Koa\'s error handler removes all headers before writing an error (ctx.throw, an exception), and only this option puts the CORS headers back; without it a 401 or 500 reaches the page as a CORS error.');
  if (v.preflight && v.allowHeaders.length === 0) notes.push('@koa/cors has no way to allow no request header: with `allowHeaders` left out or empty it allows any header the preflight asks for (only for the listed origins).');
  else if (v.preflight) notes.push('Keep `allowHeaders`: left out or empty, @koa/cors allows any header the preflight asks for.');
  return {
    code: code.join('\n'),
    language: 'javascript',
    notes,
    docs: ['https://github.com/koajs/cors#readme', 'https://github.com/koajs/koa/blob/master/docs/api/index.md#cascading', 'https://github.com/koajs/koa/blob/master/docs/error-handling.md'],
  };
}

export const koaTarget: FixTarget = { id: 'koa', label: 'Koa (@koa/cors)', render };
