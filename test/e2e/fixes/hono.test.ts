/**
 * Hono (hono/cors) on @hono/node-server: the snippet pasted right after the app is created, before
 * the authentication middleware (which throws an HTTPException), proven in Chromium on the four
 * scenarios, over plain HTTP, and the pitfalls its notes state checked on the real packages.
 */
import { describe, expect, it } from 'vitest';
import { honoApp } from './node-apps';
import { nodeChecks, nodeRig, requirePackages, withApp } from './node-rig';
import { EVIL, ORIGIN, snippetFor } from './plans';
import { proveSnippets } from './proof-suite';
import { send } from './raw-http';

const before = async () => requirePackages('hono', '@hono/node-server');

proveSnippets('hono', nodeRig('hono', honoApp), { before });
nodeChecks('hono', 'hono', honoApp);

describe('hono: the pitfalls its notes state', () => {
  it('cors answers every OPTIONS with 204, preflight or not', async () => {
    await withApp(honoApp(snippetFor('hono')), async (port) => {
      expect((await send(port, 'OPTIONS', '/api/items/1', {})).status).toBe(204);
    });
  });

  it('origin left out: "*", which a credentialed request rejects', async () => {
    const snippet = snippetFor('hono').replace(/^ {4}origin: .*\n/m, '');
    expect(snippet).not.toMatch(/origin: \[/);
    await withApp(honoApp(snippet), async (port) => {
      const r = await send(port, 'GET', '/api/public', { origin: EVIL });
      expect(r.headers).toMatchObject({ 'access-control-allow-origin': '*', 'access-control-allow-credentials': 'true' });
    });
  });

  it('allowMethods and allowHeaders left out: every method, and any requested header', async () => {
    const snippet = snippetFor('hono').replace(/^ {4}allow(Methods|Headers): .*\n/gm, '');
    expect(snippet).not.toMatch(/allowMethods|allowHeaders:/);
    await withApp(honoApp(snippet), async (port) => {
      const pre = await send(port, 'OPTIONS', '/api/items/1', { origin: ORIGIN, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'x-anything' });
      expect(pre.headers['access-control-allow-methods']).toBe('GET,HEAD,PUT,POST,DELETE,PATCH,QUERY');
      expect(pre.headers['access-control-allow-headers']).toBe('x-anything');
    });
  });

  it('cors on "/api/*" leaves other paths without headers', async () => {
    const snippet = snippetFor('hono').replace('  "*",', '  "/api/*",');
    expect(snippet).toMatch(/"\/api\/\*"/);
    await withApp(honoApp(snippet), async (port) => {
      expect((await send(port, 'GET', '/api/public', { origin: ORIGIN })).headers['access-control-allow-origin']).toBe(ORIGIN);
      expect((await send(port, 'GET', '/nowhere', { origin: ORIGIN })).headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
