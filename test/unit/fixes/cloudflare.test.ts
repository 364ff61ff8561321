/**
 * Cloudflare Workers, without workerd (test/e2e/fixes/cloudflare.test.ts runs it there). The Worker module is checked by TypeScript's parser as
 * JavaScript, compiled, and run on Node's Request/Response/Headers (the Fetch standard Workers
 * implement too) with a stand-in upstream: preflights, allowed and refused origins, upstream errors
 * and exceptions, the upstream's own CORS headers, Vary.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FixPlan } from '../../../src/shared/cors';
import { targetById } from '../../../src/shared/fixes';
import { A, plan, realisticPlan } from './plans';
import { B, C, checkHostileSnippet, expected, hostilePlan, moreOrigins } from './platform-plans';
import { ask, loadWorker, type Upstream } from './platform-syntax';

const cloudflare = targetById('cloudflare');
const render = (p: FixPlan, more?: string[]) => (cloudflare as NonNullable<typeof cloudflare>).render(p, more ? { moreOrigins: more } : {});

const GOLDEN = `// The allowed origins, exact strings: add one per origin. Never send back an Origin not listed.
const ALLOWED_ORIGINS = new Set(["https://app.example"]);

export default {
  async fetch(request, env, ctx) {
    const origin = request.headers.get("Origin");
    const allowed = origin !== null && ALLOWED_ORIGINS.has(origin);

    // Preflight: answered here, before your code and its authentication (it never carries credentials).
    if (request.method === "OPTIONS" && request.headers.has("Access-Control-Request-Method")) {
      const headers = new Headers({ Vary: "Origin" });
      if (allowed) {
        headers.set("Access-Control-Allow-Origin", origin);
        headers.set("Access-Control-Allow-Credentials", "true");
        headers.set("Access-Control-Allow-Methods", "GET, PUT");
        headers.set("Access-Control-Allow-Headers", "authorization, content-type, x-api-key");
        headers.set("Access-Control-Max-Age", "7200");
      }
      return new Response(null, { status: 204, headers });
    }

    let response;
    try {
      response = await handle(request, env, ctx);
    } catch (err) {
      console.error(err);
      response = new Response("Internal Server Error", { status: 500 });
    }
    // WebSocket upgrades are not CORS: pass them through untouched.
    if (response.status === 101) return response;
    // Every other response, errors included. A fetch() response has immutable headers: copy it.
    response = new Response(response.body, response);
    const headers = response.headers;
    // Only this layer answers CORS: drop what the upstream sent.
    for (const name of [...headers.keys()]) if (name.startsWith("access-control-")) headers.delete(name);
    headers.append("Vary", "Origin");
    if (allowed) {
      headers.set("Access-Control-Allow-Origin", origin);
      headers.set("Access-Control-Allow-Credentials", "true");
      headers.set("Access-Control-Expose-Headers", "x-request-id");
    }
    return response;
  },
};

// Your Worker's own code (routes, authentication...), unchanged. Here: pass the request to the origin.
async function handle(request, env, ctx) {
  return fetch(request);
}`;

/** An upstream that answers 401 with its own (wrong) CORS headers, and counts its calls. */
function upstream(res: () => Response = () => new Response('{"error":"unauthorized"}', { status: 401, headers: { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Methods': '*', Vary: 'Accept-Encoding', 'X-Request-Id': 'r1' } })) {
  const seen: string[] = [];
  const fn: Upstream = async (request) => {
    seen.push(request.method);
    return res();
  };
  return { fn, seen };
}

const PREFLIGHT = { method: 'OPTIONS', headers: { 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'authorization, x-api-key' } };

describe('Cloudflare: the golden Worker', () => {
  it('is exactly the reviewed one', () => {
    expect(render(realisticPlan()).code).toBe(GOLDEN);
  });
  it('answers an allowed preflight itself, before the Worker\'s code', async () => {
    const up = upstream();
    const res = await ask(loadWorker(GOLDEN, up.fn), { ...PREFLIGHT, origin: A });
    expect(res).toEqual({
      status: 204,
      body: '',
      headers: {
        'access-control-allow-origin': A,
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'GET, PUT',
        'access-control-allow-headers': 'authorization, content-type, x-api-key',
        'access-control-max-age': '7200',
        vary: 'Origin',
      },
    });
    expect(up.seen).toEqual([]);
  });
  it('answers a preflight from another origin with no CORS headers, only Vary', async () => {
    const up = upstream();
    for (const origin of [C, `${A}.evil.test`, 'null', A.toUpperCase()]) {
      expect(await ask(loadWorker(GOLDEN, up.fn), { ...PREFLIGHT, origin })).toEqual({ status: 204, body: '', headers: { vary: 'Origin' } });
    }
    expect(up.seen).toEqual([]);
  });
  it('puts its headers on an error from upstream, replacing the upstream\'s own', async () => {
    const up = upstream();
    const res = await ask(loadWorker(GOLDEN, up.fn), { method: 'PUT', origin: A, headers: { Authorization: 'Bearer x' } });
    expect(res.status).toBe(401);
    expect(res.body).toBe('{"error":"unauthorized"}');
    expect(res.headers).toEqual({
      'access-control-allow-origin': A,
      'access-control-allow-credentials': 'true',
      'access-control-expose-headers': 'x-request-id',
      'content-type': 'text/plain;charset=UTF-8',
      vary: 'Accept-Encoding, Origin',
      'x-request-id': 'r1',
    });
    expect(up.seen).toEqual(['PUT']);
  });
  it('gives another origin none, not even the upstream\'s "*"', async () => {
    const res = await ask(loadWorker(GOLDEN, upstream().fn), { method: 'GET', origin: C });
    expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    expect(res.headers.vary).toBe('Accept-Encoding, Origin');
  });
  it('turns an exception into a 500 that carries the headers', async () => {
    const worker = loadWorker(GOLDEN, async () => {
      throw new Error('boom');
    });
    const res = await ask(worker, { method: 'GET', origin: A });
    expect(res).toMatchObject({ status: 500, body: 'Internal Server Error' });
    expect(res.headers).toMatchObject({ 'access-control-allow-origin': A, 'access-control-allow-credentials': 'true', vary: 'Origin' });
  });
  it('sends an OPTIONS that is not a preflight on to the Worker\'s code', async () => {
    const up = upstream(() => new Response(null, { status: 200, headers: { Allow: 'GET, PUT' } }));
    const res = await ask(loadWorker(GOLDEN, up.fn), { method: 'OPTIONS', origin: A });
    expect(up.seen).toEqual(['OPTIONS']);
    expect(res.headers).toMatchObject({ allow: 'GET, PUT', 'access-control-allow-origin': A, vary: 'Origin' });
  });
  it('has language, notes and docs', () => {
    const s = render(realisticPlan());
    expect(s.language).toBe('javascript');
    expect(s.docs).toContain('https://developers.cloudflare.com/workers/examples/cors-header-proxy/');
    const notes = s.notes.join('\n');
    expect(notes).toMatch(/immutable headers/);
    expect(notes).toMatch(/run_worker_first/);
    expect(notes).toMatch(/Cloudflare Access/);
  });
});

describe('Cloudflare: what the plan switches', () => {
  it('without a preflight there is no OPTIONS branch: a preflight reaches the Worker\'s code', async () => {
    const code = render(plan({ preflight: false, maxAge: null })).code;
    expect(code).not.toMatch(/OPTIONS|Preflight|preflight|Max-Age|Allow-Methods|Allow-Headers/);
    const up = upstream(() => new Response(null, { status: 204 }));
    await ask(loadWorker(code, up.fn), { ...PREFLIGHT, origin: A });
    expect(up.seen).toEqual(['OPTIONS']);
  });
  it('credentials only when the plan has them; Expose-Headers only when needed', async () => {
    const code = render(plan({ credentials: false, exposeHeaders: [] })).code;
    const worker = loadWorker(code, upstream().fn);
    expect((await ask(worker, { ...PREFLIGHT, origin: A })).headers).not.toHaveProperty('access-control-allow-credentials');
    const res = await ask(worker, { method: 'GET', origin: A });
    expect(res.headers).not.toHaveProperty('access-control-allow-credentials');
    expect(res.headers).not.toHaveProperty('access-control-expose-headers');
  });
  it('Max-Age: the plan, or 7200, at most 86400; no Allow-Methods/-Headers when nothing needs listing', async () => {
    const get = async (p: FixPlan) => (await ask(loadWorker(render(p).code, upstream().fn), { ...PREFLIGHT, origin: A })).headers;
    expect(await get(plan({ maxAge: 600 }))).toMatchObject({ 'access-control-max-age': '600' });
    expect(await get(plan({ maxAge: null }))).toMatchObject({ 'access-control-max-age': '7200' });
    expect(await get(plan({ maxAge: 123456 }))).toMatchObject({ 'access-control-max-age': '86400' });
    const none = await get(plan({ methods: [], requestHeaders: [] }));
    expect(none).not.toHaveProperty('access-control-allow-methods');
    expect(none).not.toHaveProperty('access-control-allow-headers');
  });
  it('a list of origins, each sent back alone; a refused plan origin allows none', async () => {
    const worker = loadWorker(render(plan(), [B]).code, upstream().fn);
    for (const o of [A, B]) expect((await ask(worker, { method: 'GET', origin: o })).headers['access-control-allow-origin']).toBe(o);
    expect((await ask(worker, { method: 'GET', origin: C })).headers['access-control-allow-origin']).toBeUndefined();
    const none = render(plan({ origin: 'null' }));
    expect(none.code).toContain('const ALLOWED_ORIGINS = new Set([]);');
    expect((await ask(loadWorker(none.code, upstream().fn), { method: 'GET', origin: 'null' })).headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('Cloudflare: hostile plans', () => {
  it('the Worker still compiles, and sends exactly the legal values to the allowed origin only', async () => {
    await fc.assert(
      fc.asyncProperty(hostilePlan, moreOrigins, async (p, more) => {
        const s = render(p, more);
        checkHostileSnippet(s, p, more, '//');
        const e = expected(p, more);
        const worker = loadWorker(s.code, upstream().fn);
        for (const origin of e.origins.length > 0 ? e.origins : [A]) {
          const allowed = e.origins.includes(origin);
          const pre = await ask(worker, { ...PREFLIGHT, origin });
          const actual = await ask(worker, { method: 'GET', origin });
          if (e.preflight) {
            expect(pre.status).toBe(204);
            expect(pre.headers).toEqual({
              vary: 'Origin',
              ...(allowed ? { 'access-control-allow-origin': origin, 'access-control-max-age': String(e.maxAge) } : {}),
              ...(allowed && e.credentials ? { 'access-control-allow-credentials': 'true' } : {}),
              ...(allowed && e.methods.length > 0 ? { 'access-control-allow-methods': e.methods.join(', ') } : {}),
              ...(allowed && e.allowHeaders.length > 0 ? { 'access-control-allow-headers': e.allowHeaders.join(', ') } : {}),
            });
          }
          const cors = Object.fromEntries(Object.entries(actual.headers).filter(([k]) => k.startsWith('access-control-')));
          expect(cors).toEqual({
            ...(allowed ? { 'access-control-allow-origin': origin } : {}),
            ...(allowed && e.credentials ? { 'access-control-allow-credentials': 'true' } : {}),
            ...(allowed && e.exposeHeaders.length > 0 ? { 'access-control-expose-headers': e.exposeHeaders.join(', ') } : {}),
          });
          expect(actual.headers.vary).toBe('Accept-Encoding, Origin');
        }
      }),
      { numRuns: 200 },
    );
  });
});
