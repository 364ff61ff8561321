#!/usr/bin/env node
// Prepares a machine for `npm start` and `npm test`: plain Node, no npm dependencies, so it runs on a fresh
// Debian 12 + Node 20 machine before `npm install`. Idempotent, and quick when everything is already there.
//
//   1. The browsers the tests and the demo drive, from Debian's apt only: chromium and firefox-esr
//      (CHROME_PATH / FIREFOX_BIN pointing at an existing binary count as present).
//   2. The servers the fix snippets are proven against (test/e2e/fixes), from Debian's apt only: nginx,
//      Apache httpd, Caddy, HAProxy, Flask-CORS, django-cors-headers, FastAPI with uvicorn, Go with rs/cors,
//      Rack::Cors. Debian starts the web servers' own services on install; setup stops and disables the ones
//      it installed (the tests run each server on its own port with its own configuration).
//   3. node_modules: `npm ci` when it is missing or package-lock.json is newer than node_modules/.package-lock.json.
//
// With CI=true anything that is missing and cannot be installed is a hard failure; locally it is a warning
// (the tests that need it then fail with their own message).
//
// Options: --dry-run (say what would be done, change nothing), --skip-browsers, --skip-servers, --skip-npm.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const DRY_RUN = args.has('--dry-run');
const CI = /^(1|true|yes)$/i.test(process.env.CI ?? '');
const started = Date.now();

/** apt package → the binary it provides, and the env var that may point at another binary. */
const BROWSERS = [
  { pkg: 'chromium', bin: 'chromium', env: 'CHROME_PATH' },
  { pkg: 'firefox-esr', bin: 'firefox-esr', env: 'FIREFOX_BIN' },
];

/** Debian packages for the fix snippets' real-server tests; checked with dpkg-query (most are libraries). */
const SERVER_PACKAGES = [
  'nginx', 'apache2', 'caddy', 'haproxy',
  'python3-flask', 'python3-flask-cors', 'python3-django', 'python3-django-cors-headers', 'python3-fastapi', 'python3-uvicorn',
  'golang-go', 'golang-github-rs-cors-dev',
  'ruby-rack', 'ruby-rack-cors', 'ruby-webrick',
];
/** The packages above whose install starts a system service on Debian. */
const SERVICES = ['nginx', 'apache2', 'caddy', 'haproxy'];

const log = (msg) => console.log(`[setup] ${msg}`);
const warn = (msg) => console.warn(`[setup] warning: ${msg}`);

/** In CI a missing dependency stops everything; locally we say so and carry on. */
function missing(msg) {
  if (CI) {
    console.error(`[setup] error: ${msg}`);
    console.error('[setup] CI=true: a missing dependency is a failure, not a skip.');
    process.exit(1);
  }
  warn(msg);
}

function run(cmd, cmdArgs, opts = {}) {
  log(`$ ${[cmd, ...cmdArgs].join(' ')}`);
  if (DRY_RUN) return { status: 0, stderr: '' };
  const res = spawnSync(cmd, cmdArgs, { cwd: ROOT, stdio: 'inherit', ...opts });
  if (res.error) return { status: 1, stderr: String(res.error.message) };
  return { status: res.status ?? 1, stderr: res.stderr ? String(res.stderr) : '' };
}

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function onPath(bin) {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && isExecutable(join(dir, bin))) return join(dir, bin);
  }
  return undefined;
}

function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    missing(`Node ${process.versions.node} is too old: corsight needs Node >= 20.19 (see package.json engines).`);
  }
}

function ensureBrowsers() {
  const absent = [];
  for (const b of BROWSERS) {
    const fromEnv = process.env[b.env];
    if (fromEnv) {
      if (isExecutable(fromEnv)) continue;
      warn(`${b.env}=${fromEnv} is not an executable file; looking for ${b.bin} instead`);
    }
    if (!onPath(b.bin)) absent.push(b);
  }
  if (absent.length === 0) return;

  const pkgs = absent.map((b) => b.pkg);
  if (!aptInstall(pkgs, `Install them, or set ${absent.map((b) => b.env).join(' / ')} to the browser binaries.`)) return;
  if (DRY_RUN) return;
  const still = absent.filter((b) => !onPath(b.bin));
  if (still.length) missing(`apt installed ${pkgs.join(', ')} but ${still.map((b) => b.bin).join(', ')} is still not on PATH.`);
}

/** apt-get install, as root or through sudo; false (after saying why) when it could not. */
function aptInstall(pkgs, hint) {
  if (!onPath('apt-get')) {
    missing(`${listed(pkgs)} not found and apt-get is not available (corsight's setup targets Debian 12). ${hint}`);
    return false;
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  // sudo may ask for a password on a terminal; in CI or without a terminal it must not wait for one.
  const sudo = process.stdin.isTTY && !CI ? ['sudo'] : ['sudo', '-n'];
  const prefix = isRoot ? [] : onPath('sudo') ? sudo : undefined;
  if (!prefix) {
    missing(`${listed(pkgs)} not found, and installing needs root (no sudo here). ` +
      `Run as root: apt-get update && apt-get install -y ${pkgs.join(' ')}`);
    return false;
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (aptArgs) => (prefix.length ? run(prefix[0], [...prefix.slice(1), 'apt-get', ...aptArgs], { env }) : run('apt-get', aptArgs, { env }));
  log(`installing ${pkgs.join(', ')} from apt`);
  if (apt(['update']).status !== 0) {
    missing('apt-get update failed (see above).');
    return false;
  }
  if (apt(['install', '-y', ...pkgs]).status !== 0) {
    missing(`apt-get install ${pkgs.join(' ')} failed (see above).`);
    return false;
  }
  aptPrefix = prefix;
  return true;
}
let aptPrefix = [];

const listed = (pkgs) => (pkgs.length === 2 ? pkgs.join(' and ') : pkgs.join(', '));

function dpkgInstalled(pkg) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
  return r.status === 0 && /install ok installed/.test(r.stdout ?? '');
}

function ensureServers() {
  const absent = SERVER_PACKAGES.filter((p) => !dpkgInstalled(p));
  if (absent.length === 0) return;
  if (!aptInstall(absent, 'The fix snippets\' real-server tests need them.')) return;
  if (DRY_RUN) return;
  const still = absent.filter((p) => !dpkgInstalled(p));
  if (still.length) {
    missing(`apt installed ${absent.join(', ')} but dpkg does not list ${still.join(', ')} as installed.`);
    return;
  }
  // Debian starts the web servers' own services on install (port 80 and friends); the tests do not use
  // them. Stop and disable those this run installed, where systemd runs.
  const started = SERVICES.filter((s) => absent.includes(s));
  if (started.length > 0 && existsSync('/run/systemd/system') && onPath('systemctl')) {
    const cmd = [...aptPrefix, 'systemctl', 'disable', '--now', ...started];
    run(cmd[0], cmd.slice(1));
  }
}

function npmNeeded() {
  const marker = join(ROOT, 'node_modules', '.package-lock.json');
  if (!existsSync(join(ROOT, 'node_modules')) || !existsSync(marker)) return 'node_modules is missing';
  const lock = join(ROOT, 'package-lock.json');
  if (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs) return 'package-lock.json changed since the last install';
  return undefined;
}

function ensureNodeModules() {
  const why = npmNeeded();
  if (!why) return;
  log(`${why}: installing npm dependencies`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  if (!existsSync(join(ROOT, 'package-lock.json'))) {
    if (run(npm, ['install']).status !== 0) missing('npm install failed (see above).');
    return;
  }
  // stderr is piped (and echoed) so that a lockfile out of sync with package.json can be recognised.
  const ci = run(npm, ['ci'], { stdio: ['inherit', 'inherit', 'pipe'] });
  if (ci.stderr) process.stderr.write(ci.stderr);
  if (ci.status === 0) return;
  if (/in sync|npm install/i.test(ci.stderr) && /EUSAGE/.test(ci.stderr)) {
    // npm ci refuses a lockfile that does not list every optional platform package; `npm install` resolves
    // what is missing and installs the same versions for everything the lockfile pins.
    warn('npm ci refused package-lock.json (out of sync with package.json); falling back to `npm install`. ' +
      'Regenerate the lockfile with `npm install` and commit it.');
    if (run(npm, ['install']).status === 0) return;
  }
  missing('installing npm dependencies failed (see above).');
}

checkNode();
if (!args.has('--skip-browsers')) ensureBrowsers();
if (!args.has('--skip-servers')) ensureServers();
if (!args.has('--skip-npm')) ensureNodeModules();
log(`ready in ${Date.now() - started} ms${DRY_RUN ? ' (dry run: nothing changed)' : ''}`);
