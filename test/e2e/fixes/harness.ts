/**
 * Proves a fix snippet against a real server in real Chromium, as issue 5 asks:
 *   1. start the server with the deliberately broken setup (the app, no CORS: app-spec.ts);
 *   2. run the scenario's request from a page in headless Chromium: it must be blocked;
 *   3. diagnose what CDP saw with the engine, render the target's snippet from the fix plan, and start
 *      the server again, on the same port, with the snippet pasted in;
 *   4. the same request must now pass (and, for the origin list, a third origin must still be refused).
 * A rig (one per target) knows how to start its server with a snippet pasted in, as a user would.
 */
import type { ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { createServer as netServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { diagnose, type Diagnosis } from '../../../src/shared/cors';
import { targetById, type Snippet } from '../../../src/shared/fixes';
import type { Exchange } from '../../../src/shared/model';
import { toExchange } from '../chromium/cdp-to-exchange';
import { launchChromium } from '../chromium/launch';
import { NetworkLog } from '../chromium/network-log';
import { listenLoopback } from '../support/http';
import { SESSION, TOKEN } from './app-spec';
import { collectStderr } from './processes';

export interface RunningServer {
  stop(): Promise<void>;
}

/** Starts one target's server on `port`; `snippet` null is the broken setup (no CORS at all). */
export interface Rig {
  target: string;
  start(port: number, snippet: Snippet | null): Promise<RunningServer>;
}

export type ScenarioId = 'simple-get' | 'credentialed-get' | 'preflighted-put' | 'origin-list';

interface ScenarioRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  credentials: RequestCredentials;
  body: string | null;
}

/** The four scenarios issue 5 names. */
export const SCENARIOS: Record<ScenarioId, ScenarioRequest> = {
  'simple-get': { method: 'GET', path: '/api/public', headers: {}, credentials: 'omit', body: null },
  'credentialed-get': { method: 'GET', path: '/api/me', headers: {}, credentials: 'include', body: null },
  'preflighted-put': {
    method: 'PUT',
    path: '/api/items/1',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', 'X-Trace': 'trace-1' },
    credentials: 'omit',
    body: '{"name":"one"}',
  },
  // A simple GET allowed for two origins (the request's and a second one); a third must stay refused.
  'origin-list': { method: 'GET', path: '/api/public', headers: {}, credentials: 'omit', body: null },
};

export interface PageOutcome {
  ok: boolean;
  status?: number;
  body?: string;
  error?: string;
}

export interface Proof {
  /** What the page got from the broken server, and the engine's diagnosis of what CDP saw. */
  before: PageOutcome;
  diagnosis: Diagnosis;
  snippet: Snippet;
  /** What the page got from the fixed server. */
  after: PageOutcome;
  /** origin-list: the second allowed origin, and the third that must stay refused. */
  second?: PageOutcome;
  third?: PageOutcome;
}

/** A free loopback port (bound and released: the rig's server binds it right after). */
export async function freePort(): Promise<number> {
  const s = netServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** A server started on a free port for a few requests, always stopped. */
export async function withServer<T>(start: (port: number) => Promise<RunningServer>, run: (port: number) => Promise<T>): Promise<T> {
  const port = await freePort();
  const server = await start(port);
  try {
    return await run(port);
  } finally {
    await server.stop();
  }
}

/**
 * Polls until something accepts connections on the port (a server started as a child process); fails
 * at once, with what the child wrote to stderr, when the child exits first (a config it refused).
 */
export async function waitForPort(port: number, timeoutMs = 20_000, child?: ChildProcess): Promise<void> {
  const { connect } = await import('node:net');
  const until = Date.now() + timeoutMs;
  const stderr = child ? collectStderr(child) : () => '';
  for (;;) {
    if (child && (child.exitCode !== null || child.signalCode !== null)) {
      throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before listening on ${port}:\n${stderr()}`);
    }
    const ok = await new Promise<boolean>((resolve) => {
      const c = connect(port, '127.0.0.1');
      c.once('connect', () => (c.destroy(), resolve(true)));
      c.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) {
      // A server that never listens must not outlive the test (it would keep vitest from exiting).
      child?.kill('SIGKILL');
      throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms\n${stderr()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The browser side: Chromium and three page origins (A and A2 allowed by the origin list, C refused). */
export class Lab {
  private constructor(
    private browser: Browser,
    private context: BrowserContext,
    private servers: Server[],
    readonly originA: string,
    readonly originA2: string,
    readonly originC: string,
  ) {}

  static async start(): Promise<Lab> {
    const page = () => createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>page</title>'));
    const servers = [page(), page(), page()];
    const [a, a2, c] = await Promise.all(servers.map(listenLoopback));
    const browser = await launchChromium();
    const context = await browser.newContext();
    // Cookies ignore ports: the session cookie set for 127.0.0.1 goes with credentialed requests to the API.
    await context.addCookies([{ name: 'sid', value: SESSION, domain: '127.0.0.1', path: '/', sameSite: 'Lax' }]);
    return new Lab(browser, context, servers, a!, a2!, c!);
  }

  async close(): Promise<void> {
    await this.browser.close();
    await Promise.all(this.servers.map((s) => new Promise((r) => s.close(r))));
  }

  /** Runs the scenario's request from a page on `origin` to `apiOrigin`, with CDP recording the network. */
  async run(origin: string, apiOrigin: string, id: ScenarioId): Promise<{ outcome: PageOutcome; exchange: Exchange | null }> {
    const s = SCENARIOS[id];
    const page: Page = await this.context.newPage();
    try {
      await page.goto(`${origin}/`);
      const session = await this.context.newCDPSession(page);
      const log = new NetworkLog(session);
      await session.send('Network.enable');
      // A fresh query string per run: no HTTP or preflight cache entry from an earlier run can answer it.
      const url = `${apiOrigin}${s.path}?run=${Math.random().toString(36).slice(2)}`;
      const outcome = await page.evaluate(
        async ({ url, s }) => {
          try {
            const res = await fetch(url, { method: s.method, headers: s.headers, credentials: s.credentials, ...(s.body !== null ? { body: s.body } : {}) });
            return { ok: true, status: res.status, body: await res.text() };
          } catch (e) {
            return { ok: false, error: String(e) };
          }
        },
        { url, s },
      );
      await log.settle(url, () => 0, { quietMs: 150 });
      return { outcome, exchange: toExchange(log.events, { id: `${id}-${origin}`, initiator: origin, url }) };
    } finally {
      await page.close();
    }
  }

  /** Steps 1 to 4 for one rig and one scenario. */
  async prove(rig: Rig, id: ScenarioId): Promise<Proof> {
    const target = targetById(rig.target);
    if (!target) throw new Error(`no fix target ${rig.target}`);
    const port = await freePort();
    const api = `http://127.0.0.1:${port}`;
    const broken = await rig.start(port, null);
    let before: { outcome: PageOutcome; exchange: Exchange | null };
    try {
      before = await this.run(this.originA, api, id);
    } finally {
      await broken.stop();
    }
    if (!before.exchange) throw new Error('CDP saw no request');
    const diagnosis = diagnose(before.exchange);
    if (!diagnosis.fix) throw new Error(`the engine has no fix plan (${diagnosis.verdict}: ${diagnosis.explanation.title})`);
    const snippet = target.render(diagnosis.fix, id === 'origin-list' ? { moreOrigins: [this.originA2] } : {});
    const fixed = await rig.start(port, snippet);
    try {
      const after = (await this.run(this.originA, api, id)).outcome;
      const proof: Proof = { before: before.outcome, diagnosis, snippet, after };
      if (id === 'origin-list') {
        proof.second = (await this.run(this.originA2, api, id)).outcome;
        proof.third = (await this.run(this.originC, api, id)).outcome;
      }
      return proof;
    } finally {
      await fixed.stop();
    }
  }
}

/** The route's answer in app-spec.ts, as the page must read it once the fix is in. */
export const EXPECTED_BODY: Record<ScenarioId, string> = {
  'simple-get': '{"ok":true,"route":"public"}',
  'credentialed-get': '{"ok":true,"route":"me"}',
  'preflighted-put': '{"ok":true,"route":"item"}',
  'origin-list': '{"ok":true,"route":"public"}',
};
