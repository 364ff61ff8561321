/**
 * FastAPI / Starlette (CORSMiddleware): the golden snippet, what Python reads in it (the error
 * middleware, then CORSMiddleware added last with the plan), what the plan switches on and off, and
 * hostile values, checked with Python's own parser.
 */
import { describe, expect, it } from 'vitest';
import { targetById } from '../../../src/shared/fixes';
import { A } from '../cors/build';
import { plan, realisticPlan } from './plans';
import { checkHostile, parsePython, type Parsed } from './python-syntax';

const fastapi = targetById('fastapi');
if (!fastapi) throw new Error('the fastapi target is not registered');
const render = (p = plan(), more: string[] = []) => fastapi.render(p, { moreOrigins: more });
const parse = (code: string): Parsed => {
  const [p] = parsePython([code]);
  if (!p || p.error) throw new Error(`does not compile: ${p?.error}\n${code}`);
  return p;
};
const middleware = (p: Parsed) => {
  expect(p.calls.map((c) => c.name)).toEqual(['add_middleware']);
  expect(p.calls[0]?.args).toEqual([{ name: 'CORSMiddleware' }]);
  return p.calls[0]?.kwargs as Record<string, unknown>;
};

const GOLDEN = `# FastAPI / Starlette CORSMiddleware. After every other app.add_middleware(...) and
# @app.middleware("http") (authentication, sessions...): the middleware added last runs first,
# so preflights are answered before authentication and every response gets the headers.
import logging

from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse


@app.middleware("http")
async def cors_visible_errors(request, call_next):
    # An unhandled exception becomes a 500 in ServerErrorMiddleware, outside CORSMiddleware and
    # without CORS headers: the page would see a CORS error, not the 500. Answered here instead.
    try:
        return await call_next(request)
    except Exception:
        logging.getLogger(__name__).exception("unhandled error")
        return JSONResponse({"detail": "Internal Server Error"}, status_code=500)


app.add_middleware(
    CORSMiddleware,
    # The allowed origins, exact strings: add one per origin. Never ["*"].
    allow_origins=["https://app.example"],
    allow_credentials=True,
    allow_methods=["GET", "PUT"],
    allow_headers=["authorization", "content-type", "x-api-key"],
    expose_headers=["x-request-id"],
    max_age=7200,
)`;

describe('fastapi', () => {
  it('is registered with its label, language, notes and docs', () => {
    const s = fastapi.render(realisticPlan());
    expect([fastapi.id, fastapi.label, s.language]).toEqual(['fastapi', 'FastAPI / Starlette (CORSMiddleware)', 'python']);
    expect(s.docs).toEqual(['https://fastapi.tiangolo.com/tutorial/cors/', 'https://www.starlette.io/middleware/#corsmiddleware', 'https://fastapi.tiangolo.com/tutorial/middleware/']);
    const notes = s.notes.join('\n');
    expect(notes).toMatch(/Add CORSMiddleware last/);
    expect(notes).toMatch(/ServerErrorMiddleware/);
    expect(notes).toMatch(/Never allow_origins=\["\*"\] with allow_credentials=True/);
    expect(notes).toMatch(/Disallowed CORS method/);
  });

  it('golden snippet for the realistic plan', () => {
    expect(fastapi.render(realisticPlan()).code).toBe(GOLDEN);
  });

  it('reads in Python as: the error middleware, then CORSMiddleware, added last, with the plan', () => {
    const p = parse(GOLDEN);
    expect(p.imports).toEqual(['logging', 'fastapi.middleware.cors.CORSMiddleware', 'fastapi.responses.JSONResponse']);
    expect(p.functions).toEqual([{ name: 'cors_visible_errors', decorators: ["app.middleware('http')"] }]);
    expect(middleware(p)).toEqual({
      allow_origins: [A],
      allow_credentials: true,
      allow_methods: ['GET', 'PUT'],
      allow_headers: ['authorization', 'content-type', 'x-api-key'],
      expose_headers: ['x-request-id'],
      max_age: 7200,
    });
    // Added after the error middleware, so it wraps it: the 500 it returns gets the headers.
    expect(GOLDEN.indexOf('\nasync def cors_visible_errors')).toBeLessThan(GOLDEN.indexOf('\napp.add_middleware('));
    expect(GOLDEN.indexOf('\nasync def cors_visible_errors')).toBeGreaterThan(0);
  });

  it('credentials only when the plan has them', () => {
    expect(middleware(parse(render(plan({ credentials: false })).code))).not.toHaveProperty('allow_credentials');
  });

  it('the preflight parts only when there is a preflight', () => {
    const s = render(plan({ preflight: false, maxAge: null }));
    expect(Object.keys(middleware(parse(s.code)))).toEqual(['allow_origins', 'allow_credentials', 'expose_headers']);
    expect(s.code).not.toMatch(/OPTIONS|Preflight|preflight/);
    expect(s.notes.join('\n')).not.toMatch(/Disallowed CORS/);
  });

  it('Expose-Headers only when there are headers to expose', () => {
    expect(middleware(parse(render(plan({ exposeHeaders: [] })).code))).not.toHaveProperty('expose_headers');
  });

  it('the plan max-age, or 7200', () => {
    expect(middleware(parse(render(plan({ maxAge: 600 })).code)).max_age).toBe(600);
    expect(middleware(parse(render(plan({ maxAge: null })).code)).max_age).toBe(7200);
  });

  it('lists the safelisted methods when the plan needs none (Starlette refuses a preflight for a method not listed)', () => {
    expect(middleware(parse(render(plan({ methods: [], requestHeaders: [] })).code))).toMatchObject({ allow_methods: ['GET', 'HEAD', 'POST'], allow_headers: [] });
  });

  it('more origins: each listed exactly, the request\'s first', () => {
    expect(middleware(parse(render(plan(), ['http://localhost:3000', 'http://[::1]:8080']).code)).allow_origins).toEqual([A, 'http://localhost:3000', 'http://[::1]:8080']);
  });

  it('a refused origin allows none, and says so', () => {
    const s = render(plan({ origin: 'null' }));
    expect(s.code).toMatch(/^# Left out origin "null": the request was sent with `Origin: null`/);
    expect(s.notes[0]).toMatch(/^No origin is allowed by this snippet/);
    expect(middleware(parse(s.code)).allow_origins).toEqual([]);
  });

  it('hostile values: printable, compiles, same Python as without them, exactly the legal values', () => {
    checkHostile(fastapi, 300, (p, legal, plan) => {
      expect(p.functions.map((f) => f.name)).toEqual(['cors_visible_errors']);
      expect(middleware(p)).toEqual({
        allow_origins: legal.origins,
        ...(plan.credentials ? { allow_credentials: true } : {}),
        ...(plan.preflight ? { allow_methods: legal.methods.length > 0 ? legal.methods : ['GET', 'HEAD', 'POST'], allow_headers: legal.allowHeaders } : {}),
        ...(legal.exposeHeaders.length > 0 ? { expose_headers: legal.exposeHeaders } : {}),
        ...(plan.preflight ? { max_age: legal.maxAge } : {}),
      });
    });
  });
});
