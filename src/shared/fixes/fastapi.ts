/**
 * FastAPI 0.92 / Starlette 0.26 CORSMiddleware (https://fastapi.tiangolo.com/tutorial/cors/,
 * https://www.starlette.io/middleware/#corsmiddleware), pasted after the application's other middleware.
 *
 * - Order: add_middleware inserts at the front of the stack, so the middleware added last runs first.
 *   Added after the authentication middleware, CORSMiddleware answers the preflight before it runs
 *   (a 200, or a 400 naming what is not allowed) and adds the headers to the 401s it returns.
 * - Errors: an unhandled exception becomes a 500 in ServerErrorMiddleware, which Starlette always puts
 *   outside the user's middleware: that 500 carries no CORS headers, and the page sees a CORS error.
 *   A small middleware inside CORSMiddleware turns it into a response CORSMiddleware sees.
 * - `allow_origins` is compared exactly (`origin in allow_origins`); `allow_origin_regex` is not used.
 * - `allow_methods` is never empty: Starlette refuses a preflight whose method is not listed, GET
 *   included. `allow_headers` lists the request's headers (Accept, Accept-Language,
 *   Content-Language and Content-Type are always added by Starlette).
 */
import type { FixPlan } from '../cors/types';
import { pyCorsCallEnd, pyList, pyMethods } from './python';
import type { FixTarget, RenderOptions, Snippet } from './types';
import { commonNotes, corsValues, refusalComments, refusalNotes } from './values';

function render(plan: FixPlan, options: RenderOptions = {}): Snippet {
  const v = corsValues(plan, options);
  const code = [...refusalComments(v, '#')];
  code.push(
    '# FastAPI / Starlette CORSMiddleware. After every other app.add_middleware(...) and',
    '# @app.middleware("http") (authentication, sessions...): the middleware added last runs first,',
    v.preflight ? '# so preflights are answered before authentication and every response gets the headers.' : '# so every response, authentication errors included, gets the headers.',
    'import logging',
    '',
    'from fastapi.middleware.cors import CORSMiddleware',
    'from fastapi.responses import JSONResponse',
    '',
    '',
    '@app.middleware("http")',
    'async def cors_visible_errors(request, call_next):',
    '    # An unhandled exception becomes a 500 in ServerErrorMiddleware, outside CORSMiddleware and',
    '    # without CORS headers: the page would see a CORS error, not the 500. Answered here instead.',
    '    try:',
    '        return await call_next(request)',
    '    except Exception:',
    '        logging.getLogger(__name__).exception("unhandled error")',
    '        return JSONResponse({"detail": "Internal Server Error"}, status_code=500)',
    '',
    '',
    'app.add_middleware(',
    '    CORSMiddleware,',
    '    # The allowed origins, exact strings: add one per origin. Never ["*"].',
    `    allow_origins=${pyList(v.origins)},`,
  );
  if (v.credentials) code.push('    allow_credentials=True,');
  if (v.preflight) {
    code.push(`    allow_methods=${pyList(pyMethods(v.methods))},${v.methods.length === 0 ? '  # listed: Starlette refuses a preflight for a method not listed' : ''}`);
    code.push(`    allow_headers=${pyList(v.allowHeaders)},`);
  }
  code.push(...pyCorsCallEnd(v));

  const notes = [...refusalNotes(v), ...commonNotes(v)];
  notes.push(
    v.preflight
      ? 'Add CORSMiddleware last, after every app.add_middleware and @app.middleware("http"): Starlette runs the middleware added last first. Added before an authentication middleware, the preflight reaches the authentication first and gets a 401, which the browser rejects.'
      : 'Add CORSMiddleware last, after every app.add_middleware and @app.middleware("http"): Starlette runs the middleware added last first, and only the responses of the middleware it wraps get the headers.',
  );
  notes.push('Starlette answers an unhandled exception with a 500 from ServerErrorMiddleware, which always sits outside your middleware, CORSMiddleware included: without `cors_visible_errors` that 500 has no CORS headers and the page sees a CORS error. HTTPException responses (401, 404... raised in routes or dependencies) pass through CORSMiddleware and are fine.');
  if (v.preflight) notes.push('Starlette answers a preflight 400 ("Disallowed CORS method" or "headers") when its method is not in allow_methods (GET included) or one of its headers is not in allow_headers: list what your other pages send too.');
  notes.push(
    v.credentials
      ? 'Never allow_origins=["*"] with allow_credentials=True: Starlette 0.26 then sends back the Origin of any request that carries a cookie, with Access-Control-Allow-Credentials, so any site can act as the user. allow_origin_regex must match the whole origin: escape its dots.'
      : 'If you use allow_origin_regex, it must match the whole origin: escape its dots.',
  );
  notes.push('On Starlette without FastAPI, import CORSMiddleware from starlette.middleware.cors and JSONResponse from starlette.responses; the rest is the same.');
  notes.push('Starlette adds `Vary: Origin` to preflights and to the responses for an allowed origin only; if a shared cache (CDN) sits in front, make it vary on Origin for every response.');
  return {
    code: code.join('\n'),
    language: 'python',
    notes,
    docs: ['https://fastapi.tiangolo.com/tutorial/cors/', 'https://www.starlette.io/middleware/#corsmiddleware', 'https://fastapi.tiangolo.com/tutorial/middleware/'],
  };
}

export const fastapiTarget: FixTarget = { id: 'fastapi', label: 'FastAPI / Starlette (CORSMiddleware)', render };
