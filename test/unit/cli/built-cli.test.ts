/**
 * The CLI as users run it: built with vite.cli.config.ts into a temporary dist-cli, started through
 * bin/corsight.mjs with node, on the HAR fixtures. The analysis tests use the real engine.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateHar } from '../../fixtures/har/generate';
import { FIXTURES, fixtureText } from '../har/load-fixture';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
let dir = '';
let bin = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'corsight-cli-'));
  await build({
    root: ROOT,
    configFile: join(ROOT, 'vite.cli.config.ts'),
    logLevel: 'silent',
    build: { outDir: join(dir, 'dist-cli'), emptyOutDir: true },
  });
  mkdirSync(join(dir, 'bin'));
  bin = join(dir, 'bin', 'corsight.mjs');
  copyFileSync(join(ROOT, 'bin', 'corsight.mjs'), bin);
}, 60_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function corsight(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    input,
    env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined },
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const fixture = (name: string) => join(FIXTURES, name);

function expectOneLineError(r: { code: number | null; stdout: string; stderr: string }, expected: string) {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe(`${expected}\n`);
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

describe('bad input: exit 2, one line on stderr, no stack trace', () => {
  it('a missing file', () => {
    const p = join(dir, 'nope.har');
    expectOneLineError(corsight(['analyze', p]), `corsight: ${p}: no such file`);
  });

  it('a directory', () => {
    expectOneLineError(corsight(['analyze', dir]), `corsight: ${dir}: is a directory, not a HAR file`);
  });

  it.each([
    ['empty.har', '', 'empty file'],
    ['text.har', 'this is not json', 'not valid JSON (syntax error at line 1, column 2)'],
    ['truncated.har', fixtureText('chrome-devtools.har').slice(0, 5000), 'not valid JSON (it ends too early: truncated file?)'],
    ['array.har', '[]', 'not a HAR file (the top level is not a JSON object)'],
    ['nolog.har', '{"entries": []}', 'not a HAR file (missing log)'],
    ['noentries.har', '{"log": {"version": "1.2"}}', 'not a HAR file (missing log.entries)'],
    ['nourl.har', '{"log": {"entries": [{"startedDateTime": "2025-01-01T00:00:00Z", "request": {"method": "GET"}}]}}', 'invalid HAR (log.entries[0].request.url is missing)'],
  ])('%s', (name, content, reason) => {
    const p = join(dir, name);
    writeFileSync(p, content);
    expectOneLineError(corsight(['analyze', p]), `corsight: ${p}: ${reason}`);
  });

  it('unknown flags and commands', () => {
    const r = corsight(['analyze', fixture('chrome-devtools.har'), '--yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("corsight: unknown option --yaml\nRun 'corsight --help' for usage.\n");
    expect(corsight([]).code).toBe(2);
    expect(corsight(['diagnose', 'x.har']).code).toBe(2);
  });

  it('the bin file says so when the CLI was not built', () => {
    const bare = mkdtempSync(join(tmpdir(), 'corsight-bare-'));
    mkdirSync(join(bare, 'bin'));
    copyFileSync(join(ROOT, 'bin', 'corsight.mjs'), join(bare, 'bin', 'corsight.mjs'));
    const r = spawnSync(process.execPath, [join(bare, 'bin', 'corsight.mjs'), '--version'], { encoding: 'utf8' });
    rmSync(bare, { recursive: true, force: true });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("corsight: the CLI is not built; run 'npm run build:cli'\n");
  });
});

describe('help and version', () => {
  it('--help and --version exit 0', () => {
    const help = corsight(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('corsight analyze <file.har>');
    expect(corsight(['--version'])).toEqual({ code: 0, stdout: 'corsight 0.1.0\n', stderr: '' });
  });
});

describe('analysis with the real engine', () => {
  type Req = Record<string, unknown> & { url: string; method: string; verdict: string; undecided: string[] };
  const json = (...files: string[]) => {
    const r = corsight(['analyze', ...files.map(fixture), '--json']);
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as { schema: string; generatedBy: string; requests: Req[] };
  };
  const find = (reqs: Req[], method: string, url: string) => reqs.find((q) => q.method === method && q.url === url);

  it('Chrome: a response without Access-Control-Allow-Origin', () => {
    const report = json('chrome-devtools.har');
    expect(report.schema).toBe('corsight-report/1');
    expect(report.generatedBy).toBe('corsight 0.1.0');
    expect(find(report.requests, 'POST', 'https://api.example.com/v1/orders')).toMatchObject({
      source: fixture('chrome-devtools.har'),
      verdict: 'blocked',
      code: 'allow-origin-missing',
      stage: 'actual',
      chromiumError: 'MissingAllowOriginHeader',
      status: 201,
    });
    expect(find(report.requests, 'GET', 'https://api.example.com/v1/me')?.verdict).toBe('allowed');
  });

  it('Chrome: a preflight answered 401, the request never sent', () => {
    const put = find(json('chrome-preflight-failed.har').requests, 'PUT', 'https://api.example.com/v1/items/7');
    expect(put).toMatchObject({ verdict: 'blocked', stage: 'preflight', status: null });
    expect(String(put?.chromiumError)).toMatch(/^Preflight/);
  });

  it('Firefox: a method the preflight does not allow', () => {
    const patch = find(json('firefox-devtools.har').requests, 'PATCH', 'https://api.example.com/v1/orders/42');
    expect(patch).toMatchObject({ verdict: 'blocked', code: 'method-not-allowed', failedParameter: 'PATCH', firefoxReason: 'CORSMethodNotFound' });
  });

  it('says what cannot be decided when the HAR has no answer and no preflight', () => {
    const post = find(json('playwright.har').requests, 'POST', 'http://localhost:8080/api/profile');
    expect(post?.undecided.length).toBeGreaterThan(0);
    const text = corsight(['analyze', fixture('playwright.har')]).stdout;
    expect(text).toContain('Cannot be decided from this HAR:');
  });

  it('default output: a table, details, a total; no colour when not a TTY; secrets redacted', () => {
    const r = corsight(['analyze', fixture('chrome-devtools.har')]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('\u001b');
    expect(r.stdout).toMatch(/^ {2}METHOD +STATUS +URL +VERDICT +RULE/);
    expect(r.stdout).toContain('Access-Control-Allow-Origin: https://app.example.com');
    expect(r.stdout.trimEnd().split('\n').pop()).toMatch(/^5 requests: 1 blocked, \d+ allowed/);
    const full = corsight(['analyze', fixture('chrome-devtools.har'), '--json']).stdout;
    expect(full).not.toContain('tok_live_51HxQz');
    expect(full).not.toContain('7f3a9c1be0');
    const secrets = corsight(['analyze', fixture('chrome-devtools.har'), '--json', '--include-secrets']).stdout;
    expect(secrets).toContain('tok_live_51HxQz');
    expect(secrets).toContain('session=7f3a9c1be0');
  });

  it('hostile header values reach the terminal and Markdown neutralized', () => {
    for (const flag of [[], ['--markdown']]) {
      const r = corsight(['analyze', fixture('hostile-headers.har'), ...flag]);
      expect(r.code).toBe(0);
      // eslint-disable-next-line no-control-regex
      expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    }
  });

  it('reads standard input', () => {
    const r = corsight(['analyze', '-', '--json'], fixtureText('firefox-devtools.har'));
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { requests: Req[] }).requests.every((q) => q.source === '<stdin>')).toBe(true);
  });

  // Its speed (budget 2 s) is reported by `npm run bench`; a timed test would flake on a busy machine.
  it('analyses a 10,000-entry HAR', () => {
    const p = join(dir, 'big.har');
    writeFileSync(p, JSON.stringify(generateHar({ entries: 10_000 })));
    const r = corsight(['analyze', p]);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').pop()).toMatch(/^\d+ requests: \d+ blocked/);
  }, 60_000);
});
