/**
 * Koa 3 with @koa/cors: the snippet pasted right after the app is created, before the authentication
 * middleware (which uses ctx.throw, so Koa's error handler writes the 401), proven in Chromium on the
 * four scenarios, over plain HTTP, and the pitfalls its notes state checked on the real packages.
 */
import { describe, expect, it } from 'vitest';
import { koaApp } from './node-apps';
import { nodeChecks, nodeRig, requirePackages, withApp } from './node-rig';
import { EVIL, ORIGIN, snippetFor } from './plans';
import { proveSnippets } from './proof-suite';
import { send } from './raw-http';

const before = async () => requirePackages('koa', '@koa/cors');

proveSnippets('koa', nodeRig('koa', koaApp), { before });
nodeChecks('koa', 'koa', koaApp);

describe('koa: the pitfalls its notes state', () => {
  it('keepHeadersOnError false: the thrown 401 loses the CORS headers', async () => {
    const snippet = snippetFor('koa').replace('keepHeadersOnError: true', 'keepHeadersOnError: false');
    expect(snippet).toMatch(/keepHeadersOnError: false/);
    await withApp(koaApp(snippet), async (port) => {
      const r = await send(port, 'GET', '/api/me', { origin: ORIGIN });
      expect(r.status).toBe(401);
      expect(r.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  it('origin left out: "*" without credentials, and any Origin sent back with them', async () => {
    const withCredentials = snippetFor('koa').replace(/^ {2}origin: .*\n/m, '');
    expect(withCredentials).not.toMatch(/^ {2}origin:/m);
    await withApp(koaApp(withCredentials), async (port) => {
      const r = await send(port, 'GET', '/api/public', { origin: EVIL });
      expect(r.headers).toMatchObject({ 'access-control-allow-origin': EVIL, 'access-control-allow-credentials': 'true' });
    });
    await withApp(koaApp(withCredentials.replace('  credentials: true,\n', '')), async (port) => {
      expect((await send(port, 'GET', '/api/public', { origin: EVIL })).headers['access-control-allow-origin']).toBe('*');
    });
  });

  it('allowHeaders left out: @koa/cors allows any header the preflight asks for', async () => {
    const snippet = snippetFor('koa').replace(/^ {2}allowHeaders: .*\n/m, '');
    await withApp(koaApp(snippet), async (port) => {
      const pre = await send(port, 'OPTIONS', '/api/items/1', { origin: ORIGIN, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'x-anything' });
      expect(pre.headers['access-control-allow-headers']).toBe('x-anything');
    });
  });
});
