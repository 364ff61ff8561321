/**
 * Express with the `cors` package (https://github.com/expressjs/cors#readme).
 *
 * - `origin` is an array of exact strings: cors sends back the request's Origin only when it equals
 *   one of them, and adds `Vary: Origin`. `origin: true`, or a function that always says yes,
 *   would reflect any origin.
 * - `allowedHeaders` is always given when there is a preflight: without it cors reflects whatever
 *   Access-Control-Request-Headers asks for.
 * - `app.use(cors(...))` first: cors answers every OPTIONS itself (204, preflightContinue false),
 *   before authentication, and sets the headers before any handler can fail.
 * - Express 5 (path-to-regexp 8) throws on `app.options('*', ...)`: a wildcard needs a name,
 *   `/{*splat}` (https://expressjs.com/en/guide/migrating-5.html#path-syntax).
 */
import type { FixPlan } from '../cors/types';
import { jsString } from './quote';
import type { FixTarget, RenderOptions, Snippet } from './types';
import { commonNotes, corsValues, refusalComments, refusalNotes } from './values';

const list = (items: string[]) => `[${items.map(jsString).join(', ')}]`;

function render(plan: FixPlan, options: RenderOptions = {}): Snippet {
  const v = corsValues(plan, options);
  const code = [...refusalComments(v, '//')];
  code.push('// npm install cors. In an ES module: import cors from "cors";', 'const cors = require("cors");', '');
  code.push('const corsOptions = {');
  code.push('  // The allowed origins, exact strings: add one per origin. Never `true`, which reflects any Origin.');
  code.push(`  origin: ${list(v.origins)},`);
  if (v.credentials) code.push('  credentials: true,');
  if (v.preflight) {
    code.push(`  methods: ${list(v.methods)},${v.methods.length === 0 ? ' // none needed: GET, HEAD and POST are always allowed' : ''}`);
    code.push(`  allowedHeaders: ${list(v.allowHeaders)},${v.allowHeaders.length === 0 ? ' // none needed; left out, cors would reflect any requested header' : ''}`);
  }
  if (v.exposeHeaders.length > 0) code.push(`  exposedHeaders: ${list(v.exposeHeaders)},`);
  if (v.preflight) code.push(`  maxAge: ${v.maxAge},`);
  code.push('};', '');
  code.push(
    ...(v.preflight
      ? ['// First of all, before authentication, body parsers and routes: cors answers every preflight', '// (OPTIONS) with 204 itself, and sets the headers before any handler can fail.']
      : ['// First of all, before authentication, body parsers and routes: it sets the headers before any', '// handler can fail, so error responses carry them too.']),
  );
  code.push('app.use(cors(corsOptions));');
  if (v.preflight) {
    code.push('// Per route instead: app.options("/{*splat}", cors(corsOptions)) plus cors(corsOptions) on each', '// route. Express 5 throws on app.options("*", ...): a wildcard needs a name.');
  }

  const notes = [...refusalNotes(v), ...commonNotes(v)];
  notes.push('`app` is your Express application; register cors before any authentication middleware, body parser or route, so preflights are answered before auth and error responses carry the headers.');
  if (v.preflight) notes.push("Express 5 rejects `app.options('*', ...)` (path-to-regexp 8 needs a named wildcard): use `app.options('/{*splat}', ...)`, or just `app.use(cors(...))` as here.");
  if (v.preflight) notes.push('Keep `allowedHeaders`: without it cors reflects any header the preflight asks for.');
  notes.push('An error thrown before the cors middleware runs (a body parser placed before it, for example) gets no CORS headers: the page then sees a CORS error instead of the real status.');
  return {
    code: code.join('\n'),
    language: 'javascript',
    notes,
    docs: ['https://github.com/expressjs/cors#readme', 'https://expressjs.com/en/guide/migrating-5.html#path-syntax'],
  };
}

export const expressCorsTarget: FixTarget = { id: 'express-cors', label: 'Express (cors package)', render };
