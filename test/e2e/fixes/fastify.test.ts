/**
 * Fastify 5 with @fastify/cors: the snippet pasted right after the instance is created, before the
 * authentication hook (node-apps.ts), proven in Chromium on the four scenarios, over plain HTTP, and
 * the pitfalls its notes state checked on the real packages.
 */
import { describe, expect, it } from 'vitest';
import { fastifyApp } from './node-apps';
import { nodeChecks, nodeRig, requirePackages, withApp } from './node-rig';
import { EVIL, ORIGIN, snippetFor } from './plans';
import { proveSnippets } from './proof-suite';
import { send, varyOf } from './raw-http';

const before = async () => requirePackages('fastify', '@fastify/cors');

proveSnippets('fastify', nodeRig('fastify', fastifyApp), { before });
nodeChecks('fastify', 'fastify', fastifyApp);

describe('fastify: the pitfalls its notes state', () => {
  it('strictPreflight: an OPTIONS without Access-Control-Request-Method gets 400', async () => {
    await withApp(fastifyApp(snippetFor('fastify')), async (port) => {
      const r = await send(port, 'OPTIONS', '/api/public', { origin: ORIGIN });
      expect({ status: r.status, body: r.body }).toEqual({ status: 400, body: 'Invalid Preflight Request' });
    });
  });

  it('hook "preHandler" instead of "onRequest": the onRequest authentication refuses the preflight', async () => {
    const snippet = snippetFor('fastify').replace('hook: "onRequest"', 'hook: "preHandler"');
    expect(snippet).toMatch(/hook: "preHandler"/);
    await withApp(fastifyApp(snippet), async (port) => {
      const r = await send(port, 'OPTIONS', '/api/items/1', { origin: ORIGIN, 'access-control-request-method': 'PUT' });
      expect(r.status).toBe(401);
      expect(r.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  it('origin as a plain string: sent to every origin, without Vary (why the snippet keeps an array)', async () => {
    const snippet = snippetFor('fastify').replace(/^ {2}origin: \[.*\],$/m, `  origin: ${JSON.stringify(ORIGIN)},`);
    expect(snippet).toMatch(/origin: "http/);
    await withApp(fastifyApp(snippet), async (port) => {
      const r = await send(port, 'GET', '/api/public', { origin: EVIL });
      expect(r.headers['access-control-allow-origin']).toBe(ORIGIN);
      expect(varyOf(r)).not.toContain('origin');
    });
  });

  it('the plugin declares OPTIONS *: a route of your own there stops the app at start-up', async () => {
    const snippet = `${snippetFor('fastify')}\nfastify.options("*", async () => "mine");`;
    await expect(withApp(fastifyApp(snippet), async () => undefined)).rejects.toThrow(/Method 'OPTIONS' already declared for route '\*'/);
  });

  it('without allowedHeaders, @fastify/cors reflects any requested header', async () => {
    const snippet = snippetFor('fastify').replace(/^ {2}allowedHeaders: .*\n/m, '');
    await withApp(fastifyApp(snippet), async (port) => {
      const pre = await send(port, 'OPTIONS', '/api/items/1', { origin: ORIGIN, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'x-anything' });
      expect(pre.headers['access-control-allow-headers']).toBe('x-anything');
    });
  });
});
