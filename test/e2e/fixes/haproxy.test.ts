/**
 * HAProxy (Debian's 2.6), proxying to the Node app: the snippet goes at the top of the frontend, above
 * its `default_backend`, as its comments say. Then, over plain HTTP: the headers on the backend's errors
 * and on HAProxy's own (a 401 from `http-request auth`, a 503 with no server up), awkward but legal
 * names reaching the client exactly, other origins refused, and the pitfalls its notes name
 * (`http-response` instead of `http-after-response`; the lines below an auth rule).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixPlan } from '../../../src/shared/cors';
import { targetById, type Snippet } from '../../../src/shared/fixes';
import { answer } from './app-spec';
import { startBackend } from './backend';
import { freePort, waitForPort, type Rig, type RunningServer } from './harness';
import { proveSnippets } from './proof-suite';
import { requireCommand, stopChild } from './processes';

const HAPROXY = '/usr/sbin/haproxy';

/** A whole configuration: `frontend` holds the frontend's lines (the snippet, then what the site had). */
function config(port: number, frontend: string, server: string): string {
  return `global
    log stderr format raw local0 err

defaults
    mode http
    log global
    timeout connect 5s
    timeout client 30s
    timeout server 30s

userlist corsight_users
    user someone insecure-password not-used

frontend api
    bind 127.0.0.1:${port}
${frontend}
    default_backend app

backend app
    server app ${server}
`;
}

async function startHaproxy(port: number, frontend: string, server: string): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'corsight-haproxy-'));
  const text = config(port, frontend, server);
  writeFileSync(join(dir, 'haproxy.cfg'), text);
  // -db: stay in the foreground; -f: this file only.
  const child: ChildProcess = spawn(HAPROXY, ['-db', '-f', join(dir, 'haproxy.cfg')], { cwd: dir, env: { ...process.env, HOME: '/corsight-home' }, stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    await waitForPort(port, 10_000, child);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${(e as Error).message}\nhaproxy.cfg:\n${text}`);
  }
  return {
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const rig = (upstream: () => string): Rig => ({
  target: 'haproxy',
  start: (port, snippet) => startHaproxy(port, snippet ? snippet.code : '', upstream()),
});

let backend: Awaited<ReturnType<typeof startBackend>>;
proveSnippets('HAProxy', () => rig(() => backend.origin.replace('http://', '')), {
  before: async () => {
    requireCommand(HAPROXY, 'haproxy');
    backend = await startBackend();
  },
  after: async () => backend?.close(),
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(port: number, method: string, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { ...headers, connection: 'close' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const varyOf = (r: Reply) => [r.headers.vary ?? []].flat().join(',').toLowerCase().split(/\s*,\s*/);

const ORIGIN = 'http://127.0.0.1:4101';
const ORIGIN2 = 'http://localhost:4102';
// Every character a token may have besides letters, digits and `-`: each one special somewhere.
const AWKWARD = "x-!#$%&'*+.^_`|~";
// Inside double quotes HAProxy expands $NAME from the environment (HOME is set for the child below).
const ENV_LIKE = 'x-$HOME';
const PLAN: FixPlan = {
  origin: ORIGIN, credentials: true, preflight: true, methods: ['PUT', 'PURGE$%'], requestHeaders: ['authorization', 'x-trace', AWKWARD, ENV_LIKE], exposeHeaders: ['x-trace'], maxAge: 600, lines: [], serverSteps: [],
};
const PREFLIGHT = { 'access-control-request-method': 'PUT', 'access-control-request-headers': `authorization,x-trace,${AWKWARD},${ENV_LIKE}` };
const AUTH = '    http-request auth realm api unless { http_auth(corsight_users) }';

describe('HAProxy: the snippet over plain HTTP', () => {
  let app: Awaited<ReturnType<typeof startBackend>>;
  const snippet = () => (targetById('haproxy')?.render(PLAN, { moreOrigins: [ORIGIN2] }) as Snippet).code;
  const upstream = () => app.origin.replace('http://', '');
  beforeAll(async () => {
    requireCommand(HAPROXY, 'haproxy');
    app = await startBackend();
  });
  afterAll(async () => app?.close());

  async function withHaproxy(frontend: string, server: string, f: (port: number) => Promise<void>): Promise<void> {
    const port = await freePort();
    const haproxy = await startHaproxy(port, frontend, server);
    try {
      await f(port);
    } finally {
      await haproxy.stop();
    }
  }

  it('answers the preflight with the exact values, puts the headers on errors, refuses other origins', async () => {
    await withHaproxy(snippet(), upstream(), async (port) => {
      for (const origin of [ORIGIN, ORIGIN2]) {
        const pre = await send(port, 'OPTIONS', '/api/items/1', { origin, ...PREFLIGHT });
        expect(pre.status).toBe(204);
        expect(pre.headers).toMatchObject({
          'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', 'access-control-allow-methods': 'PUT, PURGE$%',
          'access-control-allow-headers': `authorization, x-trace, ${AWKWARD}, ${ENV_LIKE}`, 'access-control-max-age': '600',
        });
        expect(varyOf(pre)).toContain('origin');
      }
      const unauthorized = await send(port, 'GET', '/api/me', { origin: ORIGIN });
      const missing = await send(port, 'GET', '/nowhere', { origin: ORIGIN });
      expect({ status: unauthorized.status, body: unauthorized.body }).toEqual(answer('GET', '/api/me', {}));
      expect({ status: missing.status, body: missing.body }).toEqual(answer('GET', '/nowhere', {}));
      for (const r of [unauthorized, missing]) {
        expect(r.headers, `${r.status}`).toMatchObject({ 'access-control-allow-origin': ORIGIN, 'access-control-allow-credentials': 'true', 'access-control-expose-headers': 'x-trace' });
        expect(r.headers['access-control-allow-methods'], 'preflight headers only on OPTIONS').toBeUndefined();
        expect(varyOf(r)).toContain('origin');
      }
      for (const o of ['http://127.0.0.1:4103', `${ORIGIN}1`, `${ORIGIN}.evil.test`, `${ORIGIN2}0`, 'null', `${ORIGIN}, ${ORIGIN2}`]) {
        expect((await send(port, 'GET', '/api/public', { origin: o })).headers['access-control-allow-origin'], o).toBeUndefined();
        const pre = await send(port, 'OPTIONS', '/api/items/1', { origin: o, ...PREFLIGHT });
        expect(pre.headers['access-control-allow-origin'], o).toBeUndefined();
        expect(pre.headers['access-control-allow-methods'], o).toBeUndefined();
      }
      // An OPTIONS that is not a preflight goes on to the application (which asks for its token).
      expect((await send(port, 'OPTIONS', '/api/items/1', { origin: ORIGIN })).status).toBe(401);
    });
  });

  it("HAProxy's own errors carry the headers: a 401 from http-request auth below the snippet, a 503 with no server up", async () => {
    await withHaproxy(`${snippet()}\n${AUTH}`, upstream(), async (port) => {
      expect((await send(port, 'OPTIONS', '/api/items/1', { origin: ORIGIN, ...PREFLIGHT })).status).toBe(204);
      const denied = await send(port, 'GET', '/api/public', { origin: ORIGIN });
      expect(denied.status).toBe(401);
      expect(denied.headers['access-control-allow-origin']).toBe(ORIGIN);
      expect(varyOf(denied)).toContain('origin');
    });
    // A disabled server: HAProxy answers 503 at once (a refused connection would be retried first).
    await withHaproxy(snippet(), '127.0.0.1:9 disabled', async (port) => {
      const down = await send(port, 'GET', '/api/public', { origin: ORIGIN });
      expect(down.status).toBe(503);
      expect(down.headers).toMatchObject({ 'access-control-allow-origin': ORIGIN, 'access-control-allow-credentials': 'true' });
    });
  });

  it('the pitfalls its notes name: below an auth rule the preflight gets a 401; with http-response, HAProxy\'s own answers lose the headers', async () => {
    await withHaproxy(`${AUTH}\n${snippet()}`, upstream(), async (port) => {
      expect((await send(port, 'OPTIONS', '/api/items/1', { origin: ORIGIN, ...PREFLIGHT })).status).toBe(401);
    });
    const responseRules = snippet().replaceAll('http-after-response', 'http-response');
    await withHaproxy(responseRules, upstream(), async (port) => {
      const pre = await send(port, 'OPTIONS', '/api/items/1', { origin: ORIGIN, ...PREFLIGHT });
      expect(pre.status).toBe(204);
      expect(pre.headers['access-control-allow-origin']).toBeUndefined();
      // The backend's own 401 still gets them: http-response covers only the server's responses.
      expect((await send(port, 'GET', '/api/me', { origin: ORIGIN })).headers['access-control-allow-origin']).toBe(ORIGIN);
    });
  });
});
