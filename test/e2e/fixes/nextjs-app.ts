/**
 * The application (app-spec.ts) in Next.js (App Router route handlers, from npm: a devDependency), built
 * with `next build` and served by `next start`, as it runs in production. Authentication is in each
 * route handler, OPTIONS included (an exported OPTIONS that checks the credential, as an app whose
 * handlers share an auth wrapper has), so only a proxy that answers the preflight first can pass it.
 * `/api/boom` throws, for the note that headers set by a handler are lost when it throws.
 *
 * The snippet is the project's proxy.ts, as its first comment says. Turbopack compiles only files under
 * the workspace root, which it finds from the nearest lockfile, so each app is written inside the
 * repository (NEXT_APPS, ignored by git) and resolves `next` from the repository's node_modules.
 */
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { answer, SESSION, TOKEN } from './app-spec';
import { waitForPort, type RunningServer } from './harness';
import { requirePackages } from './node-rig';
import { collectStderr, stopChild } from './processes';

const REPO = fileURLToPath(new URL('../../..', import.meta.url));
export const NEXT_APPS = join(REPO, '.next-apps');
const NEXT_BIN = join(REPO, 'node_modules/next/dist/bin/next');
const ENV = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };

export function requireNext(): void {
  // @types/react: `next build` checks a TypeScript project has it (proxy.ts), and would install it.
  requirePackages('next', 'react', 'react-dom', '@types/react/package.json');
}

const body = (method: string, path: string, headers: { cookie?: string; authorization?: string } = {}) => JSON.stringify(answer(method, path, headers).body);

/** Shared by the route handlers: app-spec's credentials and bodies (from answer() itself, so they cannot drift). */
const SPEC = `export const SESSION = ${JSON.stringify(SESSION)};
export const TOKEN = ${JSON.stringify(TOKEN)};
export const json = (status, text) => new Response(text, { status, headers: { "Content-Type": "application/json" } });
const hasSession = (request) => (request.headers.get("cookie") ?? "").split(/;\\s*/).includes("sid=" + SESSION);
// Authentication: a 401 for a request without the path's credential, whatever its method.
export function refuseMe(request) {
  return hasSession(request) ? null : json(401, ${body('GET', '/api/me')});
}
export function refuseItem(request) {
  return request.headers.get("authorization") === "Bearer " + TOKEN ? null : json(401, ${body('PUT', '/api/items/1')});
}
`;

/** The project's files: `proxy` null is the broken setup (no CORS at all). */
export function nextAppFiles(proxy: string | null): Record<string, string> {
  const files: Record<string, string> = {
    'package.json': '{ "private": true }\n',
    'app/spec.js': SPEC,
    'app/api/public/route.js': `import { json } from "../../spec.js";
export function GET() {
  return json(200, ${body('GET', '/api/public')});
}
`,
    'app/api/me/route.js': `import { json, refuseMe } from "../../spec.js";
export function GET(request) {
  return refuseMe(request) ?? json(200, ${body('GET', '/api/me', { cookie: `sid=${SESSION}` })});
}
const other = (request) => refuseMe(request) ?? json(405, ${body('POST', '/api/me', { cookie: `sid=${SESSION}` })});
export { other as POST, other as PUT, other as DELETE, other as PATCH, other as OPTIONS };
`,
    'app/api/items/[id]/route.js': `import { json, refuseItem } from "../../../spec.js";
const write = (request) => refuseItem(request) ?? json(200, ${body('PUT', '/api/items/1', { authorization: `Bearer ${TOKEN}` })});
const other = (request) => refuseItem(request) ?? json(405, ${body('GET', '/api/items/1', { authorization: `Bearer ${TOKEN}` })});
export { write as PUT, write as DELETE, other as GET, other as POST, other as PATCH, other as OPTIONS };
`,
    'app/api/boom/route.js': `export function GET() {
  throw new Error("boom");
}
`,
  };
  if (proxy !== null) files['proxy.ts'] = proxy;
  return files;
}

const run = promisify(execFile);

/** Built apps by their files' hash: the broken app is the same in every scenario, built once per run. */
const built = new Map<string, Promise<string>>();

async function build(files: Record<string, string>): Promise<string> {
  mkdirSync(NEXT_APPS, { recursive: true });
  const dir = mkdtempSync(join(NEXT_APPS, 'app-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  try {
    await run(process.execPath, [NEXT_BIN, 'build'], { cwd: dir, env: ENV, maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    const err = e as { stderr?: string; stdout?: string; message: string };
    throw new Error(`next build failed:\n${err.stdout ?? ''}${err.stderr ?? ''}${err.message}\n--- proxy.ts ---\n${files['proxy.ts'] ?? '(none)'}`);
  }
  return dir;
}

/** `next start` on the port, the app built first (or taken from this run's earlier build of the same files). */
export async function startNextApp(proxy: string | null, port: number): Promise<RunningServer> {
  const files = nextAppFiles(proxy);
  const key = createHash('sha256').update(JSON.stringify(files)).digest('hex');
  let dir = built.get(key);
  if (!dir) built.set(key, (dir = build(files)));
  const child = spawn(process.execPath, [NEXT_BIN, 'start', '-p', String(port), '-H', '127.0.0.1'], { cwd: await dir, env: ENV, stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr = collectStderr(child);
  await waitForPort(port, 20_000, child).catch((e: Error) => {
    child.kill('SIGKILL');
    throw new Error(`${e.message}\n${stderr()}`);
  });
  return { stop: () => stopChild(child) };
}

/** Removes every app this run built. */
export function removeNextApps(): void {
  built.clear();
  rmSync(NEXT_APPS, { recursive: true, force: true });
}
