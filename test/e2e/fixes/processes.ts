/** Child processes of the real-server tests: a clear error when a server is missing, and clean stops. */
import type { ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import type { RunningServer } from './harness';

/** A missing server is a failure that says how to install it (never a skip: CI must not pass without it). */
export function requireCommand(path: string, pkg: string): void {
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`node scripts/setup.mjs\` (installs ${pkg} from apt)`);
}

/** Stops a server child (SIGTERM, then SIGKILL after 3 s) and waits until it is gone. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
  await gone;
  clearTimeout(timer);
}

/** The last lines a child wrote to stderr, for error messages. */
export function collectStderr(child: ChildProcess): () => string {
  let text = '';
  child.stderr?.on('data', (chunk: Buffer) => (text = (text + chunk.toString()).slice(-4000)));
  return () => text;
}

/** A server child started in a temp dir of its own: stopping it stops the child, then removes the dir. */
export function childServer(child: ChildProcess, dir: string): RunningServer {
  return {
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
