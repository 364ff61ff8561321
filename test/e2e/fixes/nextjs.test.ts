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
import { FULL_PREFLIGHT, ORIGIN, snippetFor } from './plans';
import { proveSnippets } from './proof-suite';
import { send } from './raw-http';
import { expectFullPlanOverHttp } from './http-checks';

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
      // The notes: a handler that throws gets Next.js's own 500, which keeps the headers set in the proxy;
      // Next.js's own 404 page replaces Vary.
      await expectFullPlanOverHttp(port, { notFoundPath: '/api/nowhere', varyOnNotFound: false, moreErrors: [{ path: '/api/boom', status: 500 }] });
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
