/**
 * Express without a package: a small middleware registered first. It compares Origin with a Set of
 * exact origins (no reflection), always adds `Vary: Origin` (the answer depends on Origin, allowed or
 * not), and ends preflights with 204 before any authentication middleware runs. Headers set here stay
 * on error responses: Express's final handler keeps headers already set.
 * https://expressjs.com/en/guide/writing-middleware.html, https://expressjs.com/en/5x/api.html#res.vary
 */
import type { FixPlan } from '../cors/types';
import { jsString } from './quote';
import type { FixTarget, RenderOptions, Snippet } from './types';
import { commonNotes, corsValues, refusalComments, refusalNotes } from './values';

function render(plan: FixPlan, options: RenderOptions = {}): Snippet {
  const v = corsValues(plan, options);
  const set = (name: string, value: string) => `res.setHeader(${jsString(name)}, ${value});`;
  const code = [...refusalComments(v, '//')];
  code.push('// The allowed origins, exact strings: add one per origin. Never send back an Origin not listed.');
  code.push(`const CORS_ORIGINS = new Set([${v.origins.map(jsString).join(', ')}]);`, '');
  code.push('function corsHeaders(req, res, next) {');
  code.push('  const origin = req.headers.origin;', '  const allowed = typeof origin === "string" && CORS_ORIGINS.has(origin);');
  code.push('  // The answer depends on Origin, allowed or not: caches must keep one copy per origin.', '  res.vary("Origin");');
  code.push('  if (allowed) {', `    ${set('Access-Control-Allow-Origin', 'origin')}`);
  if (v.credentials) code.push(`    ${set('Access-Control-Allow-Credentials', jsString('true'))}`);
  code.push('  }');
  if (v.preflight) {
    code.push('  // Preflight: answered here, before authentication (it never carries cookies or Authorization).');
    code.push('  if (req.method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined) {');
    code.push('    if (allowed) {');
    if (v.methods.length > 0) code.push(`      ${set('Access-Control-Allow-Methods', jsString(v.methods.join(', ')))}`);
    if (v.allowHeaders.length > 0) code.push(`      ${set('Access-Control-Allow-Headers', jsString(v.allowHeaders.join(', ')))}`);
    code.push(`      ${set('Access-Control-Max-Age', jsString(String(v.maxAge)))}`, '    }');
    code.push('    res.status(204).end();', '    return;', '  }');
  }
  if (v.exposeHeaders.length > 0) code.push(`  if (allowed) ${set('Access-Control-Expose-Headers', jsString(v.exposeHeaders.join(', ')))}`);
  code.push('  next();', '}', '');
  code.push('// First of all, before authentication, body parsers and routes, so that errors carry the headers too.', 'app.use(corsHeaders);');

  const notes = [...refusalNotes(v), ...commonNotes(v)];
  notes.push('`app` is your Express application; register the middleware before any authentication middleware, body parser or route.');
  if (v.preflight) notes.push("It answers preflights for every path, so no `app.options` route is needed (in Express 5, `app.options('*', ...)` throws: a wildcard needs a name, `/{*splat}`).");
  notes.push('An error thrown before this middleware runs gets no CORS headers: the page then sees a CORS error instead of the real status.');
  return {
    code: code.join('\n'),
    language: 'javascript',
    notes,
    docs: [
      'https://expressjs.com/en/guide/writing-middleware.html',
      'https://expressjs.com/en/5x/api.html#res.vary',
      'https://expressjs.com/en/guide/migrating-5.html#path-syntax',
    ],
  };
}

export const expressTarget: FixTarget = { id: 'express', label: 'Express (no package)', render };
