// scripts/setup.mjs against fake apt-get / sudo / npm binaries in a temporary copy of the repo layout:
// what it installs, when it runs npm, and that CI turns anything missing into a failure.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';

const SETUP = resolve(import.meta.dirname, '../../../scripts/setup.mjs');

let root: string;
let bin: string;
let calls: string;

function fake(name: string, body: string): void {
  const file = join(bin, name);
  writeFileSync(file, `#!/bin/sh\necho "${name} $*" >> "${calls}"\n${body}\n`);
  chmodSync(file, 0o755);
}

/** The servers step is tested on its own (below); elsewhere it is skipped, so apt sees only the browsers. */
function runSetup(env: Record<string, string> = {}, args: string[] = [], { servers = false } = {}) {
  const res = spawnSync(process.execPath, [join(root, 'scripts/setup.mjs'), ...args, ...(servers ? [] : ['--skip-servers'])], {
    // Only the fake binaries (and node) on PATH; no CHROME_PATH / FIREFOX_BIN / CI from the outer environment.
    env: { PATH: bin, HOME: root, ...env },
    encoding: 'utf8',
  });
  return {
    status: res.status,
    out: `${res.stdout}${res.stderr}`,
    calls: existsSync(calls) ? readFileSync(calls, 'utf8').trim().split('\n') : [],
  };
}

/** apt-get that "installs" the browsers by dropping executables next to itself. */
function fakeApt(): void {
  fake('apt-get', `if [ "$1" = install ]; then for p in "$@"; do case "$p" in chromium|firefox-esr) printf '#!/bin/sh\\n' > "${bin}/$p"; /bin/chmod +x "${bin}/$p";; esac; done; fi`);
  // Non-root machines go through sudo; the fake one just runs the command.
  fake('sudo', '[ "$1" = -n ] && shift; exec "$@"');
}

function installedNodeModules(lockNewer: boolean): void {
  writeFileSync(join(root, 'package-lock.json'), '{}');
  mkdirSync(join(root, 'node_modules'));
  writeFileSync(join(root, 'node_modules/.package-lock.json'), '{}');
  const old = new Date(Date.now() - 60_000);
  const recent = new Date();
  utimesSync(join(root, 'package-lock.json'), lockNewer ? recent : old, lockNewer ? recent : old);
  utimesSync(join(root, 'node_modules/.package-lock.json'), lockNewer ? old : recent, lockNewer ? old : recent);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'corsight-setup-'));
  bin = join(root, 'bin');
  calls = join(root, 'calls.log');
  mkdirSync(join(root, 'scripts'));
  mkdirSync(bin);
  copyFileSync(SETUP, join(root, 'scripts/setup.mjs'));
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('browsers', () => {
  test('present: nothing is installed', () => {
    fakeApt();
    fake('chromium', '');
    fake('firefox-esr', '');
    const r = runSetup({}, ['--skip-npm']);
    expect(r.status).toBe(0);
    expect(r.calls).toEqual([]);
    expect(r.out).toMatch(/ready in \d+ ms/);
  });

  test('missing: one apt-get update, one install of both, then idempotent', () => {
    fakeApt();
    const first = runSetup({}, ['--skip-npm']);
    expect(first.status).toBe(0);
    const aptCalls = first.calls.filter((c) => c.startsWith('apt-get'));
    expect(aptCalls).toEqual(['apt-get update', 'apt-get install -y chromium firefox-esr']);
    writeFileSync(calls, '');
    const second = runSetup({}, ['--skip-npm']);
    expect(second.status).toBe(0);
    expect(second.calls.filter(Boolean)).toEqual([]);
  });

  test('CHROME_PATH / FIREFOX_BIN pointing at binaries count as present', () => {
    fakeApt();
    fake('my-chrome', '');
    fake('my-firefox', '');
    const r = runSetup({ CHROME_PATH: join(bin, 'my-chrome'), FIREFOX_BIN: join(bin, 'my-firefox') }, ['--skip-npm']);
    expect(r.status).toBe(0);
    expect(r.calls).toEqual([]);
  });

  test('CI: missing and not installable is a failure with a clear message', () => {
    const r = runSetup({ CI: 'true' }, ['--skip-npm']);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/chromium and firefox-esr not found and apt-get is not available/);
    expect(r.out).toMatch(/CI=true: a missing dependency is a failure, not a skip/);
  });

  test('CI: a failing apt-get is a failure', () => {
    fake('apt-get', 'exit 100');
    fake('sudo', '[ "$1" = -n ] && shift; exec "$@"');
    const r = runSetup({ CI: 'true' }, ['--skip-npm']);
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/apt-get update failed/);
  });

  test('locally: missing and not installable is a warning', () => {
    const r = runSetup({}, ['--skip-npm']);
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/warning: chromium and firefox-esr not found/);
  });
});

describe('npm dependencies', () => {
  beforeEach(() => {
    fake('chromium', '');
    fake('firefox-esr', '');
  });

  test('installed and up to date: npm is not run', () => {
    fake('npm', '');
    installedNodeModules(false);
    const r = runSetup();
    expect(r.status).toBe(0);
    expect(r.calls).toEqual([]);
  });

  test('lockfile newer than node_modules: npm ci', () => {
    fake('npm', '');
    installedNodeModules(true);
    const r = runSetup();
    expect(r.status).toBe(0);
    expect(r.calls).toEqual(['npm ci']);
  });

  test('no node_modules: npm ci; no lockfile: npm install', () => {
    fake('npm', '');
    writeFileSync(join(root, 'package-lock.json'), '{}');
    expect(runSetup().calls).toEqual(['npm ci']);
    rmSync(join(root, 'package-lock.json'));
    writeFileSync(calls, '');
    expect(runSetup().calls.filter(Boolean)).toEqual(['npm install']);
  });

  test('npm ci refusing an out-of-sync lockfile falls back to npm install, with a warning', () => {
    fake(
      'npm',
      `if [ "$1" = ci ]; then echo "npm error code EUSAGE" >&2; echo "npm error \\\`npm ci\\\` can only install packages when your package.json and package-lock.json are in sync. Please update your lock file with \\\`npm install\\\`" >&2; exit 1; fi`,
    );
    writeFileSync(join(root, 'package-lock.json'), '{}');
    const r = runSetup();
    expect(r.status).toBe(0);
    expect(r.calls).toEqual(['npm ci', 'npm install']);
    expect(r.out).toMatch(/falling back to `npm install`/);
  });

  test('CI: npm failing for another reason is a failure', () => {
    fake('npm', 'echo "npm error network" >&2; exit 1');
    writeFileSync(join(root, 'package-lock.json'), '{}');
    const r = runSetup({ CI: 'true' });
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/installing npm dependencies failed/);
  });
});

describe('the servers the fix snippets are proven against', () => {
  /** dpkg-query that knows the packages fake apt-get "installed" (recorded in a file next to it). */
  function fakeDpkg(): void {
    fake('dpkg-query', `pkg="$3"; if /bin/grep -qx "$pkg" "${bin}/installed" 2>/dev/null; then printf 'install ok installed'; exit 0; fi; exit 1`);
    fake('apt-get', `if [ "$1" = install ]; then shift 2; for p in "$@"; do echo "$p" >> "${bin}/installed"; done; fi`);
    fake('sudo', '[ "$1" = -n ] && shift; exec "$@"');
  }

  test('installs the missing ones from apt, then nothing on a second run', () => {
    fakeDpkg();
    const first = runSetup({}, ['--skip-npm', '--skip-browsers'], { servers: true });
    expect(first.status).toBe(0);
    const install = first.calls.find((c) => c.startsWith('apt-get install'));
    expect(install).toMatch(/^apt-get install -y nginx apache2 caddy haproxy python3-flask python3-flask-cors python3-django python3-django-cors-headers python3-fastapi python3-uvicorn golang-go golang-github-rs-cors-dev ruby-rack ruby-rack-cors ruby-webrick$/);
    writeFileSync(calls, '');
    const second = runSetup({}, ['--skip-npm', '--skip-browsers'], { servers: true });
    expect(second.calls.filter((c) => c.startsWith('apt-get'))).toEqual([]);
  });

  test('in CI, a server apt cannot install is a failure', () => {
    fake('dpkg-query', 'exit 1');
    fake('apt-get', 'exit 100');
    fake('sudo', '[ "$1" = -n ] && shift; exec "$@"');
    const r = runSetup({ CI: 'true' }, ['--skip-npm', '--skip-browsers'], { servers: true });
    expect(r.status).toBe(1);
    expect(r.out).toMatch(/CI=true: a missing dependency is a failure/);
  });
});
