/**
 * FastAPI 0.92 / Starlette 0.26 CORSMiddleware (Debian's python3-fastapi, python3-starlette), run with
 * uvicorn: the snippet goes after the authentication middleware, as its comments say (the middleware
 * added last runs first). Also proves, in the real Starlette, the pitfalls its notes name: a 500 from
 * an unhandled exception carries no CORS header without the snippet's error middleware, and
 * allow_origins=["*"] with credentials sends back the origin of any request with a cookie.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { SESSION } from './app-spec';
import { EVIL, ORIGIN, snippetFor } from './plans';
import { proveSnippets } from './proof-suite';
import { pythonRig, requirePython, withPythonApp } from './python-apps';
import { edit, pythonChecks } from './python-checks';
import { send } from './raw-http';

proveSnippets('FastAPI (Starlette CORSMiddleware)', pythonRig('fastapi'), { before: async () => requirePython('fastapi') });
pythonChecks('FastAPI (Starlette CORSMiddleware)', 'fastapi');

describe('Starlette pitfalls the snippet avoids, shown in the real Starlette', () => {
  beforeAll(() => requirePython('fastapi'));

  it('without cors_visible_errors, the 500 of an unhandled exception has no CORS header', async () => {
    const snippet = snippetFor('fastapi');
    const at = snippet.indexOf('@app.middleware("http")\nasync def cors_visible_errors');
    const end = snippet.indexOf('\napp.add_middleware(');
    expect(at).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(at);
    const withoutIt = snippet.slice(0, at) + snippet.slice(end);
    await withPythonApp('fastapi', withoutIt, { boom: true }, async (port) => {
      const r = await send(port, 'GET', '/api/boom', { origin: ORIGIN });
      expect(r.status).toBe(500);
      expect(r.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  it('allow_origins=["*"] with allow_credentials: the origin of any request with a cookie is sent back', async () => {
    const star = edit(snippetFor('fastapi'), 'allow_origins=["http://127.0.0.1:4101", "http://localhost:4102"]', 'allow_origins=["*"]');
    await withPythonApp('fastapi', star, {}, async (port) => {
      const r = await send(port, 'GET', '/api/me', { origin: EVIL, cookie: `sid=${SESSION}` });
      expect(r.status).toBe(200);
      expect(r.headers).toMatchObject({ 'access-control-allow-origin': EVIL, 'access-control-allow-credentials': 'true' });
    });
  });
});
