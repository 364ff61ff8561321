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
import { builtAppChecks } from './built-app-checks';
import { waitForPort, type Rig, type RunningServer } from './harness';
import { proveSnippets } from './proof-suite';
import { childServer, stopChild } from './processes';
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
  return childServer(child, dir);
}

const rig = (): Rig => ({
  target: 'rails',
  start: (port, snippet) => startRuby(port, rubyAppSource(snippet ? snippet.code : null)),
});

proveSnippets('Rails Rack::Cors', rig, { before: async () => requireRuby() });

builtAppChecks({
  title: 'Rack::Cors: the app and the pitfalls, without a browser',
  target: 'rails',
  requires: requireRuby,
  start: (port, code) => startRuby(port, rubyAppSource(code)),
  pitfall: {
    title: 'insert_before 0 answers the preflight before authentication; `use` (after it) gets 401',
    holds: 'config.middleware.insert_before 0, Rack::Cors do',
    variants: (code, origin) => [
      [code, 200, origin],
      [code.replace('config.middleware.insert_before 0, Rack::Cors do', 'config.middleware.use Rack::Cors do'), 401, null],
    ],
  },
});
