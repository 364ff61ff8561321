/**
 * Next.js 16 (npm), built and started as in production: the snippet as the project's proxy.ts, proven in
 * Chromium on the four scenarios; then over plain HTTP, the app as app-spec.ts says, the snippet's
 * headers on errors (the authentication's 401, a route that throws, a path no route answers), and the
 * pitfalls its notes state.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { answer, SESSION, TOKEN } from './app-spec';
import { withServer, type Rig } from './harness';
import { removeNextApps, requireNext, startNextApp } from './nextjs-app';
import { EVIL, FULL_PREFLIGHT, ORIGIN, ORIGIN2, snippetFor } from './plans';
import { proveSnippets } from './proof-suite';
import { send, varyOf } from './raw-http';

const rig = (): Rig => ({ target: 'nextjs', start: (port, snippet) => startNextApp(snippet?.code ?? null, port) });
const withNext = <T>(proxy: string | null, run: (port: number) => Promise<T>) => withServer((port) => startNextApp(proxy, port), run);

afterAll(removeNextApps);

proveSnippets('nextjs', rig, { before: async () => requireNext() });

describe('nextjs: the app and the snippet over plain HTTP', () => {
  it('the broken app answers as app-spec.ts says, with no CORS header', { timeout: 120_000 }, async () => {
    requireNext();
    await withNext(null, async (port) => {
      const requests: Array<[string, string, Record<string, string>]> = [
        ['GET', '/api/public', {}],
        ['GET', '/api/me', {}],
        ['GET', '/api/me', { cookie: 'sid=wrong' }],
        ['GET', '/api/me', { cookie: `a=b; sid=${SESSION}` }],
        ['POST', '/api/me', { cookie: `sid=${SESSION}` }],
        ['OPTIONS', '/api/me', { origin: ORIGIN, 'access-control-request-method': 'GET' }],
        ['PUT', '/api/items/1', {}],
        ['PUT', '/api/items/1', { authorization: `Bearer ${TOKEN}` }],
        ['DELETE', '/api/items/1', { authorization: `Bearer ${TOKEN}` }],
        ['GET', '/api/items/1', { authorization: `Bearer ${TOKEN}` }],
        ['OPTIONS', '/api/items/1', { origin: ORIGIN, 'access-control-request-method': 'PUT' }],
      ];
      for (const [method, path, headers] of requests) {
        const got = await send(port, method, path, headers);
        expect({ status: got.status, body: got.body }, `${method} ${path} ${JSON.stringify(headers)}`).toEqual(answer(method, path, headers));
        expect(got.headers['access-control-allow-origin']).toBeUndefined();
      }
    });
  });

  it('with the snippet: preflight before authentication, headers on errors, Vary: Origin, nothing for another origin', { timeout: 120_000 }, async () => {
    requireNext();
    await withNext(snippetFor('nextjs'), async (port) => {
      for (const origin of [ORIGIN, ORIGIN2]) {
        const pre = await send(port, 'OPTIONS', '/api/items/1', { origin, ...FULL_PREFLIGHT });
        expect(pre.status, 'the preflight is answered, not refused by authentication').toBe(204);
        expect(pre.headers).toMatchObject({ 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', 'access-control-max-age': '600' });
        expect(String(pre.headers['access-control-allow-methods']).split(/\s*,\s*/)).toContain('PUT');
        expect(String(pre.headers['access-control-allow-headers']).toLowerCase().split(/\s*,\s*/)).toEqual(['authorization', 'content-type', 'x-trace']);
        expect(varyOf(pre)).toContain('origin');
      }
      const unauthorized = await send(port, 'GET', '/api/me', { origin: ORIGIN });
      expect({ status: unauthorized.status, body: unauthorized.body }).toEqual(answer('GET', '/api/me', {}));
      const missing = await send(port, 'GET', '/api/nowhere', { origin: ORIGIN });
      expect(missing.status).toBe(404);
      // The note: a handler that throws gets Next.js's own 500, which keeps the headers set in the proxy.
      const thrown = await send(port, 'GET', '/api/boom', { origin: ORIGIN });
      expect(thrown.status).toBe(500);
      const ok = await send(port, 'PUT', '/api/items/1', { origin: ORIGIN, authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, '{"name":"one"}');
      expect({ status: ok.status, body: ok.body }).toEqual(answer('PUT', '/api/items/1', { authorization: `Bearer ${TOKEN}` }));
      for (const r of [unauthorized, missing, thrown, ok]) {
        expect(r.headers, `${r.status}`).toMatchObject({ 'access-control-allow-origin': ORIGIN, 'access-control-allow-credentials': 'true' });
        expect(String(r.headers['access-control-expose-headers']).toLowerCase()).toBe('x-trace');
      }
      for (const r of [unauthorized, thrown, ok]) expect(varyOf(r), `${r.status}`).toContain('origin');
      // The note: Next.js's own 404 page replaces Vary (if this starts failing, Next.js fixed it: drop the note).
      expect(varyOf(missing)).not.toContain('origin');
      expect(varyOf(missing)).toContain('rsc');
      const other = await send(port, 'GET', '/api/public', { origin: EVIL });
      expect(other.status).toBe(200);
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
      expect(varyOf(other)).toContain('origin');
      const otherPre = await send(port, 'OPTIONS', '/api/items/1', { origin: EVIL, 'access-control-request-method': 'PUT' });
      expect(otherPre.headers['access-control-allow-origin']).toBeUndefined();
      for (const o of [`${ORIGIN}.evil.test`, 'null', ORIGIN.toUpperCase()]) {
        expect((await send(port, 'GET', '/api/public', { origin: o })).headers['access-control-allow-origin'], o).toBeUndefined();
      }
    });
  });

  it('the pitfalls its notes state: a matcher that misses a path leaves it without headers or a preflight answer', { timeout: 120_000 }, async () => {
    requireNext();
    const snippet = snippetFor('nextjs').replace('matcher: "/api/:path*"', 'matcher: "/api/public"');
    expect(snippet).toMatch(/matcher: "\/api\/public"/);
    await withNext(snippet, async (port) => {
      expect((await send(port, 'GET', '/api/public', { origin: ORIGIN })).headers['access-control-allow-origin']).toBe(ORIGIN);
      const pre = await send(port, 'OPTIONS', '/api/items/1', { origin: ORIGIN, ...FULL_PREFLIGHT });
      expect(pre.status).toBe(401);
      expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
