/**
 * Cloudflare Workers, run by workerd (Cloudflare's Workers runtime, the npm package Miniflare drives): the
 * snippet as the Worker's module, its `handle` passing each request to the origin as the snippet ships it,
 * in front of the app (app-spec.ts, plain Node, no CORS; Miniflare's `upstream` plays the zone's origin).
 * The broken setup is a Worker that only passes requests through. Proven in Chromium on the four
 * scenarios; then over plain HTTP, errors, an exception in the Worker's own code, the origin's own CORS
 * headers, and origins not listed.
 */
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { answer, TOKEN } from './app-spec';
import { startBackend } from './backend';
import { withServer, type RunningServer } from './harness';
import { requirePackages } from './node-rig';
import { EVIL, ORIGIN, snippetFor } from './plans';
import { proveSnippets } from './proof-suite';
import { expectFullPlanOverHttp } from './http-checks';
import { send, varyOf } from './raw-http';
import { listenLoopback } from '../support/http';

/** The Worker of the broken setup: no CORS at all, every request to the origin. */
const PASS_THROUGH = 'export default {\n  async fetch(request) {\n    return fetch(request);\n  },\n};\n';

type MiniflareCtor = new (options: Record<string, unknown>) => { ready: Promise<URL>; dispose(): Promise<void> };

function miniflare(): MiniflareCtor {
  requirePackages('miniflare');
  return (createRequire(import.meta.url)('miniflare') as { Miniflare: MiniflareCtor }).Miniflare;
}

/** The Worker on `port`, in front of `upstream` (an origin URL). */
async function startWorker(script: string, port: number, upstream: string): Promise<RunningServer> {
  const Miniflare = miniflare();
  const mf = new Miniflare({ modules: true, script, upstream, host: '127.0.0.1', port, compatibilityDate: '2025-09-01' });
  await mf.ready;
  return { stop: () => mf.dispose() };
}

/** The Worker in front of the app; stopping stops both. */
async function startWorkerAndApp(script: string, port: number): Promise<RunningServer> {
  const app = await startBackend();
  try {
    const worker = await startWorker(script, port, app.origin);
    return {
      async stop() {
        await worker.stop();
        await app.close();
      },
    };
  } catch (error) {
    await app.close();
    throw error;
  }
}

const withWorker = <T>(script: string, run: (port: number) => Promise<T>) => withServer((port) => startWorkerAndApp(script, port), run);

proveSnippets('cloudflare', () => ({ target: 'cloudflare', start: (port, snippet) => startWorkerAndApp(snippet?.code ?? PASS_THROUGH, port) }), {
  before: async () => void miniflare(),
});

describe('cloudflare: the Worker in workerd over plain HTTP', () => {
  it('the pass-through Worker answers as app-spec.ts says, with no CORS header', async () => {
    await withWorker(PASS_THROUGH, async (port) => {
      for (const [method, path, headers] of [
        ['GET', '/api/public', {}],
        ['GET', '/api/me', {}],
        ['OPTIONS', '/api/items/1', { origin: ORIGIN, 'access-control-request-method': 'PUT' }],
        ['PUT', '/api/items/1', { authorization: `Bearer ${TOKEN}` }],
        ['GET', '/nowhere', {}],
      ] as Array<[string, string, Record<string, string>]>) {
        const got = await send(port, method, path, headers);
        expect({ status: got.status, body: got.body }, `${method} ${path}`).toEqual(answer(method, path, headers));
        expect(got.headers['access-control-allow-origin']).toBeUndefined();
      }
    });
  });

  it('with the snippet: preflight before authentication, headers on errors, Vary: Origin, nothing for another origin', async () => {
    await withWorker(snippetFor('cloudflare'), expectFullPlanOverHttp);
  });

  it('an exception in the Worker\'s own code becomes a 500 that carries the headers', async () => {
    const snippet = snippetFor('cloudflare').replace('  return fetch(request);\n}', '  throw new Error("boom");\n}');
    expect(snippet).toMatch(/throw new Error\("boom"\)/);
    await withWorker(snippet, async (port) => {
      const r = await send(port, 'GET', '/api/public', { origin: ORIGIN });
      expect(r.status).toBe(500);
      expect(r.headers).toMatchObject({ 'access-control-allow-origin': ORIGIN, 'access-control-allow-credentials': 'true' });
      expect(varyOf(r)).toContain('origin');
    });
  });

  it('the origin\'s own CORS headers are dropped: the page never sees two values', async () => {
    // An origin that answers CORS itself, wrongly: `*` with credentials.
    const origin: Server = createServer((_q, r) => r.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Credentials': 'true', 'Content-Type': 'text/plain' }).end('ok'));
    const upstream = await listenLoopback(origin);
    try {
      await withServer((port) => startWorker(snippetFor('cloudflare'), port, upstream), async (port) => {
        const r = await send(port, 'GET', '/api/public', { origin: ORIGIN });
        expect(r.status).toBe(200);
        expect(r.headers['access-control-allow-origin']).toBe(ORIGIN);
        const mine = await send(port, 'GET', '/api/public', { origin: EVIL });
        expect(mine.headers['access-control-allow-origin'], 'the origin\'s `*` is not passed on').toBeUndefined();
      });
    } finally {
      await new Promise((r) => origin.close(r));
    }
  });
});
