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
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { targetById, type Snippet } from '../../../src/shared/fixes';
import { waitForPort, withServer, type Rig, type RunningServer } from './harness';
import { ORIGIN2 } from './plans';
import { proveSnippets } from './proof-suite';
import { childServer } from './processes';
import { expectBackendDown, expectExactValues, expectOwn401, preflightStatus, proxiedBackend, proxyPlan } from './proxy-checks';

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
  return childServer(child, dir);
}

const proxy = (upstream: string) => `ProxyPass / ${upstream}/`;

const rig = (upstream: () => string): Rig => ({
  target: 'apache',
  start: (port, snippet) => startApache(port, () => (snippet ? `${snippet.code}\n\n${proxy(upstream())}` : proxy(upstream()))),
});

const backend = proxiedBackend(APACHE, 'apache2');
proveSnippets('Apache httpd', () => rig(backend.origin), backend);

describe('Apache httpd: the snippet over plain HTTP', () => {
  const app = proxiedBackend(APACHE, 'apache2');
  const snippet = () => (targetById('apache')?.render(proxyPlan(), { moreOrigins: [ORIGIN2] }) as Snippet).code;
  beforeAll(app.before);
  afterAll(app.after);

  const withApache = (vhost: (dir: string) => string, f: (port: number) => Promise<void>) => withServer((port) => startApache(port, vhost), f);

  it('answers the preflight with the exact values, puts the headers on errors, refuses other origins', async () => {
    await withApache(() => `${snippet()}\n${proxy(app.origin())}`, (port) => expectExactValues(port));
  });

  it("Apache's own errors carry the headers: a 401 from mod_auth_basic, a 503 with the backend down", async () => {
    // The preflight is answered in the virtual host's rewrite phase, before authentication.
    await withApache((dir) => `${snippet()}\n${AUTH(dir)}\n${proxy(app.origin())}`, (port) => expectOwn401(port));
    await withApache(() => `${snippet()}\n${proxy('http://127.0.0.1:9')}`, (port) => expectBackendDown(port, 503));
  });

  it('in a <Location> (the pitfall its notes name), mod_rewrite runs after authentication: the preflight gets the 401', async () => {
    await withApache((dir) => `${AUTH(dir, snippet())}\n${proxy(app.origin())}`, async (port) => {
      expect(await preflightStatus(port)).toBe(401);
    });
  });
});
