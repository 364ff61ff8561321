/**
 * Apache httpd (Debian's 2.4), proxying to the Node app with mod_proxy: the snippet goes into the
 * <VirtualHost> itself, above the ProxyPass, as its comments say. Apache runs in the foreground from
 * a configuration of its own (ServerRoot in a temp dir, modules from Debian's module directory).
 * Then, over plain HTTP: the headers on the backend's errors and on Apache's own (a 401 from
 * mod_auth_basic, a 503 with the backend down), awkward but legal names reaching the client exactly,
 * other origins refused, and the pitfall its notes name (in a <Location>, mod_rewrite runs after
 * authentication, so the preflight gets the 401).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

const APACHE = '/usr/sbin/apache2';
const MODULES = '/usr/lib/apache2/modules';
const LOADED = {
  mpm_event_module: 'mod_mpm_event.so',
  authz_core_module: 'mod_authz_core.so',
  headers_module: 'mod_headers.so',
  setenvif_module: 'mod_setenvif.so',
  rewrite_module: 'mod_rewrite.so',
  proxy_module: 'mod_proxy.so',
  proxy_http_module: 'mod_proxy_http.so',
  // For the tests that put Apache's own authentication in the way.
  authn_core_module: 'mod_authn_core.so',
  authn_file_module: 'mod_authn_file.so',
  auth_basic_module: 'mod_auth_basic.so',
  authz_user_module: 'mod_authz_user.so',
};

/** Basic authentication on the whole site, as a <Location> block: what Apache's own 401 comes from. */
const AUTH = (dir: string, inside = '') => `<Location />
${inside}
    AuthType Basic
    AuthName api
    AuthUserFile ${join(dir, 'htpasswd')}
    Require valid-user
</Location>`;

/** `vhost(dir)` is the <VirtualHost>'s body. */
async function startApache(port: number, vhost: (dir: string) => string): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'corsight-apache-'));
  // A user nobody can log in as (the tests never log in: they only need authentication in the way).
  writeFileSync(join(dir, 'htpasswd'), 'someone:!\n');
  const text = `ServerRoot ${dir}
ServerName 127.0.0.1
Listen 127.0.0.1:${port}
PidFile ${join(dir, 'httpd.pid')}
DefaultRuntimeDir ${dir}
ErrorLog ${join(dir, 'error.log')}
LogLevel warn
# Used only when started as root: the workers then drop to www-data.
User www-data
Group www-data
${Object.entries(LOADED).map(([name, file]) => `LoadModule ${name} ${join(MODULES, file)}`).join('\n')}

<VirtualHost 127.0.0.1:${port}>
${vhost(dir)}
</VirtualHost>
`;
  writeFileSync(join(dir, 'httpd.conf'), text);
  const child: ChildProcess = spawn(APACHE, ['-DFOREGROUND', '-d', dir, '-f', join(dir, 'httpd.conf')], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    await waitForPort(port, 10_000, child);
  } catch (e) {
    // Syntax errors go to stderr (in the message); errors once the log is open, to the log.
    const log = existsSync(join(dir, 'error.log')) ? readFileSync(join(dir, 'error.log'), 'utf8') : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${(e as Error).message}\n${log}\nhttpd.conf:\n${text}`);
  }
  return {
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const proxy = (upstream: string) => `ProxyPass / ${upstream}/`;

const rig = (upstream: () => string): Rig => ({
  target: 'apache',
  start: (port, snippet) => startApache(port, () => (snippet ? `${snippet.code}\n\n${proxy(upstream())}` : proxy(upstream()))),
});

let backend: Awaited<ReturnType<typeof startBackend>>;
proveSnippets('Apache httpd', () => rig(() => backend.origin), {
  before: async () => {
    requireCommand(APACHE, 'apache2');
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
const PLAN: FixPlan = {
  origin: ORIGIN, credentials: true, preflight: true, methods: ['PUT', 'PURGE$%'], requestHeaders: ['authorization', 'x-trace', AWKWARD], exposeHeaders: ['x-trace'], maxAge: 600, lines: [], serverSteps: [],
};
const PREFLIGHT = { 'access-control-request-method': 'PUT', 'access-control-request-headers': `authorization,x-trace,${AWKWARD}` };

describe('Apache httpd: the snippet over plain HTTP', () => {
  let app: Awaited<ReturnType<typeof startBackend>>;
  const snippet = () => (targetById('apache')?.render(PLAN, { moreOrigins: [ORIGIN2] }) as Snippet).code;
  beforeAll(async () => {
    requireCommand(APACHE, 'apache2');
    app = await startBackend();
  });
  afterAll(async () => app?.close());

  async function withApache(vhost: (dir: string) => string, f: (port: number) => Promise<void>): Promise<void> {
    const port = await freePort();
    const apache = await startApache(port, vhost);
    try {
      await f(port);
    } finally {
      await apache.stop();
    }
  }

  it('answers the preflight with the exact values, puts the headers on errors, refuses other origins', async () => {
    await withApache(() => `${snippet()}\n${proxy(app.origin)}`, async (port) => {
      for (const origin of [ORIGIN, ORIGIN2]) {
        const pre = await send(port, 'OPTIONS', '/api/items/1', { origin, ...PREFLIGHT });
        expect(pre.status).toBe(204);
        expect(pre.headers).toMatchObject({
          'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', 'access-control-allow-methods': 'PUT, PURGE$%',
          'access-control-allow-headers': `authorization, x-trace, ${AWKWARD}`, 'access-control-max-age': '600',
        });
        expect(varyOf(pre)).toContain('origin');
      }
      const unauthorized = await send(port, 'GET', '/api/me', { origin: ORIGIN });
      const missing = await send(port, 'GET', '/nowhere', { origin: ORIGIN });
      expect({ status: unauthorized.status, body: unauthorized.body }).toEqual(answer('GET', '/api/me', {}));
      expect({ status: missing.status, body: missing.body }).toEqual(answer('GET', '/nowhere', {}));
      for (const r of [unauthorized, missing]) {
        expect(r.headers, `${r.status}`).toMatchObject({ 'access-control-allow-origin': ORIGIN, 'access-control-allow-credentials': 'true', 'access-control-expose-headers': 'x-trace' });
        expect(varyOf(r)).toContain('origin');
      }
      for (const o of ['http://127.0.0.1:4103', `${ORIGIN}1`, `${ORIGIN}.evil.test`, `${ORIGIN2}0`, 'null', `${ORIGIN}, ${ORIGIN2}`]) {
        expect((await send(port, 'GET', '/api/public', { origin: o })).headers['access-control-allow-origin'], o).toBeUndefined();
        const pre = await send(port, 'OPTIONS', '/api/items/1', { origin: o, ...PREFLIGHT });
        expect(pre.headers['access-control-allow-origin'], o).toBeUndefined();
        expect(pre.headers['access-control-allow-methods'], o).toBeUndefined();
      }
    });
  });

  it("Apache's own errors carry the headers: a 401 from mod_auth_basic, a 503 with the backend down", async () => {
    await withApache((dir) => `${snippet()}\n${AUTH(dir)}\n${proxy(app.origin)}`, async (port) => {
      // The preflight is answered in the virtual host's rewrite phase, before authentication.
      expect((await send(port, 'OPTIONS', '/api/items/1', { origin: ORIGIN, ...PREFLIGHT })).status).toBe(204);
      const denied = await send(port, 'GET', '/api/public', { origin: ORIGIN });
      expect(denied.status).toBe(401);
      expect(denied.headers['access-control-allow-origin']).toBe(ORIGIN);
      expect(varyOf(denied)).toContain('origin');
    });
    await withApache(() => `${snippet()}\n${proxy('http://127.0.0.1:9')}`, async (port) => {
      const down = await send(port, 'GET', '/api/public', { origin: ORIGIN });
      expect(down.status).toBe(503);
      expect(down.headers).toMatchObject({ 'access-control-allow-origin': ORIGIN, 'access-control-allow-credentials': 'true' });
    });
  });

  it('in a <Location> (the pitfall its notes name), mod_rewrite runs after authentication: the preflight gets the 401', async () => {
    await withApache((dir) => `${AUTH(dir, snippet())}\n${proxy(app.origin)}`, async (port) => {
      expect((await send(port, 'OPTIONS', '/api/items/1', { origin: ORIGIN, ...PREFLIGHT })).status).toBe(401);
    });
  });
});
