/**
 * Rigs for the Node frameworks (Express, Fastify, Koa, Hono): each writes the application of
 * app-spec.ts with that framework, as a CommonJS file (the snippets use `require`), pastes the snippet
 * where its comments say (first, before the authentication middleware or hook and the routes), and
 * runs it with `node` in a child process. Authentication is a middleware or hook ahead of the routes
 * that fails the way the framework's own code usually does (a thrown error or HTTPException, turned
 * into app-spec's 401 body), OPTIONS included, so a snippet that does not answer the preflight first,
 * or loses its headers on errors, fails.
 *
 * Besides the four browser scenarios (proof-suite.ts), `nodeChecks` proves over plain HTTP, with no
 * browser, that each app answers exactly as app-spec.ts says, and that with the snippet the error
 * responses (401, 404) carry the CORS headers and Vary: Origin while another origin gets none.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { answer, SESSION, TOKEN } from './app-spec';
import { waitForPort, withServer, type Rig, type RunningServer } from './harness';
import { ORIGIN, snippetFor } from './plans';
import { childServer, stopChild } from './processes';
import { expectFullPlanOverHttp } from './http-checks';
import { send } from './raw-http';

const NODE_MODULES = fileURLToPath(new URL('../../../node_modules', import.meta.url));
const requireHere = createRequire(import.meta.url);

/** A missing npm package is a failure that says how to install it (never a skip). */
export function requirePackages(...names: string[]): void {
  for (const name of names) {
    try {
      requireHere.resolve(name);
    } catch {
      throw new Error(`the npm package ${name} is missing: run \`npm ci\` (it is a devDependency)`);
    }
  }
}

/** Where the snippet goes in the app: first (as its comments say), or after authentication (a pitfall). */
export interface Placement {
  authFirst?: boolean;
}

/** Builds one framework's app source: `snippet` null is the broken setup (no CORS). */
export type AppSource = (snippet: string | null, placement?: Placement) => string;

const body = (method: string, path: string, headers: { cookie?: string; authorization?: string } = {}) => JSON.stringify(answer(method, path, headers).body);

/**
 * What every app shares, in plain JavaScript: app-spec's credentials and bodies (taken from answer()
 * itself, so they cannot drift), who may call a path, and what no route answers (405 on the
 * authenticated paths, 404 elsewhere).
 */
export const PRELUDE = `"use strict";
const PORT = Number(process.env.PORT);
const SESSION = ${JSON.stringify(SESSION)};
const TOKEN = ${JSON.stringify(TOKEN)};
const BODY = {
  public: ${body('GET', '/api/public')},
  me: ${body('GET', '/api/me', { cookie: `sid=${SESSION}` })},
  item: ${body('PUT', '/api/items/1', { authorization: `Bearer ${TOKEN}` })},
};
// The 401 body for a request without the path's credential (OPTIONS included), or null.
function refusal(path, cookie, authorization) {
  if (path === "/api/me" && !(cookie || "").split(/;\\s*/).includes("sid=" + SESSION)) return ${body('GET', '/api/me')};
  if (path === "/api/items/1" && authorization !== "Bearer " + TOKEN) return ${body('PUT', '/api/items/1')};
  return null;
}
// What no route answers: [status, body].
function fallback(path) {
  return path === "/api/me" || path === "/api/items/1" ? [405, ${body('POST', '/api/me', { cookie: `sid=${SESSION}` })}] : [404, ${body('GET', '/nowhere')}];
}
`;

/** The app with the snippet (or nothing) pasted at its place: before authentication, or after it. */
export function paste(snippet: string | null, placement: Placement, at: 'before' | 'after'): string {
  if (snippet === null) return '';
  const here = (placement.authFirst ?? false) === (at === 'after');
  return here ? `// ---- the snippet ----\n${snippet}\n// ---- end of the snippet ----\n` : '';
}

/** Starts an app source with node on 127.0.0.1:port; the repo's node_modules resolve its `require`s. */
export async function startNodeApp(source: string, port: number): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'corsight-node-'));
  const file = join(dir, 'app.cjs');
  writeFileSync(file, source);
  const child: ChildProcess = spawn(process.execPath, [file], {
    env: { ...process.env, PORT: String(port), NODE_PATH: NODE_MODULES, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    await waitForPort(port, 15_000, child);
  } catch (e) {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${(e as Error).message}\n--- app.cjs ---\n${source}`);
  }
  return childServer(child, dir);
}

export function nodeRig(target: string, app: AppSource): () => Rig {
  return () => ({ target, start: (port, snippet) => startNodeApp(app(snippet?.code ?? null), port) });
}

/** A server started for a few requests, always stopped. */
export function withApp<T>(source: string, run: (port: number) => Promise<T>): Promise<T> {
  return withServer((port) => startNodeApp(source, port), run);
}

/** The requests nodeChecks compares with app-spec's answer(): every route, method and credential case. */
const SPEC_REQUESTS: Array<{ method: string; path: string; headers?: Record<string, string>; payload?: string }> = [
  { method: 'GET', path: '/api/public' },
  { method: 'GET', path: '/api/public?x=1' },
  { method: 'OPTIONS', path: '/api/public' },
  { method: 'GET', path: '/api/me' },
  { method: 'GET', path: '/api/me', headers: { cookie: 'sid=wrong' } },
  { method: 'GET', path: '/api/me', headers: { cookie: `a=b; sid=${SESSION}` } },
  { method: 'POST', path: '/api/me', headers: { cookie: `sid=${SESSION}` } },
  { method: 'OPTIONS', path: '/api/me', headers: { origin: ORIGIN, 'access-control-request-method': 'GET' } },
  { method: 'PUT', path: '/api/items/1', headers: { 'content-type': 'application/json' }, payload: '{"name":"one"}' },
  { method: 'PUT', path: '/api/items/1', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, payload: '{"name":"one"}' },
  { method: 'DELETE', path: '/api/items/1', headers: { authorization: `Bearer ${TOKEN}` } },
  { method: 'GET', path: '/api/items/1', headers: { authorization: `Bearer ${TOKEN}` } },
  { method: 'OPTIONS', path: '/api/items/1', headers: { origin: ORIGIN, 'access-control-request-method': 'PUT' } },
  { method: 'GET', path: '/nowhere' },
];

/**
 * The checks over plain HTTP every Node target gets: the broken app answers as app-spec.ts says
 * (status and exact body), and with the snippet for FULL_PLAN the preflight is answered before
 * authentication, error responses carry the headers, Vary: Origin is always sent, and an origin not
 * listed gets no CORS header.
 */
export function nodeChecks(name: string, target: string, app: AppSource): void {
  describe(`${name}: the app and the snippet over plain HTTP`, () => {
    it('the broken app answers exactly as app-spec.ts says', async () => {
      await withApp(app(null), async (port) => {
        for (const r of SPEC_REQUESTS) {
          const got = await send(port, r.method, r.path, r.headers, r.payload);
          const want = answer(r.method, r.path, { cookie: r.headers?.cookie, authorization: r.headers?.authorization });
          expect({ status: got.status, body: got.body }, `${r.method} ${r.path} ${JSON.stringify(r.headers ?? {})}`).toEqual(want);
          expect(got.headers['access-control-allow-origin'], 'the broken app sends no CORS header').toBeUndefined();
        }
      });
    });

    it('with the snippet: preflight before authentication, headers on errors, Vary: Origin, nothing for another origin', async () => {
      await withApp(app(snippetFor(target)), expectFullPlanOverHttp);
    });

    it('pasted after the authentication instead, the preflight is refused (why the snippet goes first)', async () => {
      await withApp(app(snippetFor(target), { authFirst: true }), async (port) => {
        const pre = await send(port, 'OPTIONS', '/api/items/1', { origin: ORIGIN, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization' });
        expect(pre.status).toBe(401);
      });
    });
  });
}
