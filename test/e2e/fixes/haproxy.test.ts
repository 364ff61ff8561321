/**
 * HAProxy (Debian's 2.6), proxying to the Node app: the snippet goes at the top of the frontend, above
 * its `default_backend`, as its comments say. Then, over plain HTTP: the headers on the backend's errors
 * and on HAProxy's own (a 401 from `http-request auth`, a 503 with no server up), awkward but legal
 * names reaching the client exactly, other origins refused, and the pitfalls its notes name
 * (`http-response` instead of `http-after-response`; the lines below an auth rule).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { targetById, type Snippet } from '../../../src/shared/fixes';
import { waitForPort, withServer, type Rig, type RunningServer } from './harness';
import { ORIGIN, ORIGIN2 } from './plans';
import { proveSnippets } from './proof-suite';
import { childServer } from './processes';
import { expectBackendDown, expectExactValues, expectOwn401, preflightStatus, proxiedBackend, PROXY_HEADERS, proxyPlan, proxyPreflight, send } from './proxy-checks';

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
  return childServer(child, dir);
}

const rig = (upstream: () => string): Rig => ({
  target: 'haproxy',
  start: (port, snippet) => startHaproxy(port, snippet ? snippet.code : '', upstream()),
});

const backend = proxiedBackend(HAPROXY, 'haproxy');
proveSnippets('HAProxy', () => rig(backend.hostPort), backend);

// Inside double quotes HAProxy expands $NAME from the environment (HOME is set for the child above).
const ENV_LIKE = 'x-$HOME';
const HEADERS = [...PROXY_HEADERS, ENV_LIKE];
const PREFLIGHT = proxyPreflight(HEADERS);
const AUTH = '    http-request auth realm api unless { http_auth(corsight_users) }';

describe('HAProxy: the snippet over plain HTTP', () => {
  const app = proxiedBackend(HAPROXY, 'haproxy');
  const snippet = () => (targetById('haproxy')?.render(proxyPlan(HEADERS), { moreOrigins: [ORIGIN2] }) as Snippet).code;
  const upstream = app.hostPort;
  beforeAll(app.before);
  afterAll(app.after);

  const withHaproxy = (frontend: string, server: string, f: (port: number) => Promise<void>) => withServer((port) => startHaproxy(port, frontend, server), f);

  it('answers the preflight with the exact values, puts the headers on errors, refuses other origins', async () => {
    await withHaproxy(snippet(), upstream(), (port) => expectExactValues(port, { requestHeaders: HEADERS, preflightHeadersOnlyOnOptions: true, plainOptionsReachesApp: true }));
  });

  it("HAProxy's own errors carry the headers: a 401 from http-request auth below the snippet, a 503 with no server up", async () => {
    await withHaproxy(`${snippet()}\n${AUTH}`, upstream(), (port) => expectOwn401(port, PREFLIGHT));
    // A disabled server: HAProxy answers 503 at once (a refused connection would be retried first).
    await withHaproxy(snippet(), '127.0.0.1:9 disabled', (port) => expectBackendDown(port, 503));
  });

  it('the pitfalls its notes name: below an auth rule the preflight gets a 401; with http-response, HAProxy\'s own answers lose the headers', async () => {
    await withHaproxy(`${AUTH}\n${snippet()}`, upstream(), async (port) => {
      expect(await preflightStatus(port, PREFLIGHT)).toBe(401);
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
