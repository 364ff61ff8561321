/**
 * Go net/http with rs/cors (Debian's golang-go and golang-github-rs-cors-dev): the app (go-app.ts)
 * is built from main.go with the snippet pasted after the imports, and the server started with
 * `withCORS(handler)`, as the snippet's comments say.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixPlan } from '../../../src/shared/cors';
import { targetById } from '../../../src/shared/fixes';
import { answer, SESSION, TOKEN } from './app-spec';
import { go, goAppSource, requireGo } from './go-app';
import { freePort, waitForPort, type Rig, type RunningServer } from './harness';
import { proveSnippets } from './proof-suite';
import { stopChild } from './processes';

async function startGo(port: number, source: string): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'corsight-go-'));
  try {
    writeFileSync(join(dir, 'main.go'), source);
    await go(dir, ['build', '-o', 'app', 'main.go']);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const child: ChildProcess = spawn(join(dir, 'app'), [String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  await waitForPort(port, 10_000, child);
  return {
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const rig = (): Rig => ({
  target: 'go',
  start: (port, snippet) => startGo(port, goAppSource(snippet ? snippet.code : null)),
});

proveSnippets('Go rs/cors', rig, { before: async () => requireGo() });

describe('Go: the app and the pitfalls, without a browser', () => {
  beforeAll(() => requireGo());
  let server: RunningServer | null = null;
  afterAll(async () => server?.stop());

  it('the broken app answers exactly as app-spec.ts says', async () => {
    const port = await freePort();
    server = await startGo(port, goAppSource(null));
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

  it('OptionsPassthrough: true sends the preflight on to authentication (401), as the notes say', async () => {
    const A = 'http://127.0.0.1:9';
    const plan: FixPlan = { origin: A, credentials: false, preflight: true, methods: ['PUT'], requestHeaders: ['authorization'], exposeHeaders: [], maxAge: null, lines: [], serverSteps: [] };
    const code = targetById('go')?.render(plan).code as string;
    expect(code).toContain('MaxAge:');
    const preflight = { method: 'OPTIONS', headers: { origin: A, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization' } };
    for (const [passthrough, status] of [[false, 200], [true, 401]] as const) {
      const port = await freePort();
      server = await startGo(port, goAppSource(passthrough ? code.replace(/^(\t\tMaxAge: +\d+,)$/m, '$1\n\t\tOptionsPassthrough: true,') : code));
      const res = await fetch(`http://127.0.0.1:${port}/api/items/1`, preflight);
      expect(res.status).toBe(status);
      expect(res.headers.get('access-control-allow-origin')).toBe(A);
      await server.stop();
      server = null;
    }
  });
});
