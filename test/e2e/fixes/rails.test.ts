/**
 * Rack::Cors (Debian's ruby-rack-cors) in a Rack app served by WEBrick: the rails snippet runs
 * verbatim where config/initializers/cors.rb would, against the stand-in for Rails' middleware
 * configuration in ruby-app.ts. Its `insert_before 0` puts Rack::Cors at index 0 of a stack that
 * already holds the authentication middleware, which is what Rails does with it (the stack is built
 * outermost first, like Rack::Builder's `use` lines): Rack::Cors sees every request before
 * authentication. The last test shows the stand-in is not a formality: with `use` (appended after
 * authentication) the same preflight gets 401.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixPlan } from '../../../src/shared/cors';
import { targetById } from '../../../src/shared/fixes';
import { answer, SESSION, TOKEN } from './app-spec';
import { freePort, waitForPort, type Rig, type RunningServer } from './harness';
import { proveSnippets } from './proof-suite';
import { stopChild } from './processes';
import { requireRuby, RUBY, rubyAppSource } from './ruby-app';

async function startRuby(port: number, source: string): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'corsight-rack-'));
  writeFileSync(join(dir, 'app.rb'), source);
  const child: ChildProcess = spawn(RUBY, [join(dir, 'app.rb'), String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    await waitForPort(port, 15_000, child);
  } catch (e) {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const rig = (): Rig => ({
  target: 'rails',
  start: (port, snippet) => startRuby(port, rubyAppSource(snippet ? snippet.code : null)),
});

proveSnippets('Rails Rack::Cors', rig, { before: async () => requireRuby() });

describe('Rack::Cors: the app and the pitfalls, without a browser', () => {
  beforeAll(() => requireRuby());
  let server: RunningServer | null = null;
  afterAll(async () => server?.stop());

  it('the broken app answers exactly as app-spec.ts says', async () => {
    const port = await freePort();
    server = await startRuby(port, rubyAppSource(null));
    const cases: Array<[string, string, Record<string, string>]> = [
      ['GET', '/api/public', {}], ['POST', '/api/public', {}], ['GET', '/api/me', {}], ['GET', '/api/me', { cookie: `a=1; sid=${SESSION}` }],
      ['POST', '/api/me', { cookie: `sid=${SESSION}` }], ['OPTIONS', '/api/me', {}], ['PUT', '/api/items/1', {}], ['OPTIONS', '/api/items/1', {}],
      ['PUT', '/api/items/1', { authorization: `Bearer ${TOKEN}` }], ['DELETE', '/api/items/1', { authorization: `Bearer ${TOKEN}` }],
      ['GET', '/api/items/1', { authorization: `Bearer ${TOKEN}` }], ['GET', '/elsewhere', {}],
    ];
    for (const [method, path, headers] of cases) {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers });
      expect({ status: res.status, body: await res.text() }, `${method} ${path}`).toEqual(answer(method, path, headers));
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
    await server.stop();
    server = null;
  });

  it('insert_before 0 answers the preflight before authentication; `use` (after it) gets 401', async () => {
    const origin = 'http://127.0.0.1:9';
    const plan: FixPlan = { origin, credentials: false, preflight: true, methods: ['PUT'], requestHeaders: ['authorization'], exposeHeaders: [], maxAge: null, lines: [], serverSteps: [] };
    const code = targetById('rails')?.render(plan).code as string;
    expect(code).toContain('config.middleware.insert_before 0, Rack::Cors do');
    const preflight = { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization' } };
    const variants: Array<[string, number, string | null]> = [
      [code, 200, origin],
      [code.replace('config.middleware.insert_before 0, Rack::Cors do', 'config.middleware.use Rack::Cors do'), 401, null],
    ];
    for (const [variant, status, allowOrigin] of variants) {
      const port = await freePort();
      server = await startRuby(port, rubyAppSource(variant));
      const res = await fetch(`http://127.0.0.1:${port}/api/items/1`, preflight);
      expect(res.status).toBe(status);
      expect(res.headers.get('access-control-allow-origin')).toBe(allowOrigin);
      await server.stop();
      server = null;
    }
  });
});
