/**
 * Go net/http with rs/cors (Debian's golang-go and golang-github-rs-cors-dev): the app (go-app.ts)
 * is built from main.go with the snippet pasted after the imports, and the server started with
 * `withCORS(handler)`, as the snippet's comments say.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtAppChecks } from './built-app-checks';
import { go, goAppSource, requireGo } from './go-app';
import { waitForPort, type Rig, type RunningServer } from './harness';
import { proveSnippets } from './proof-suite';
import { childServer } from './processes';

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
  return childServer(child, dir);
}

const rig = (): Rig => ({
  target: 'go',
  start: (port, snippet) => startGo(port, goAppSource(snippet ? snippet.code : null)),
});

proveSnippets('Go rs/cors', rig, { before: async () => requireGo() });

builtAppChecks({
  title: 'Go: the app and the pitfalls, without a browser',
  target: 'go',
  requires: requireGo,
  start: (port, code) => startGo(port, goAppSource(code)),
  pitfall: {
    title: 'OptionsPassthrough: true sends the preflight on to authentication (401), as the notes say',
    holds: 'MaxAge:',
    variants: (code, origin) => [
      [code, 200, origin],
      [code.replace(/^(\t\tMaxAge: +\d+,)$/m, '$1\n\t\tOptionsPassthrough: true,'), 401, origin],
    ],
  },
});
