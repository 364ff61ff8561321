/**
 * The lab: three loopback origins served by one raw `net` handler.
 * - A `http://127.0.0.1:<a>`: the page (`/`) the scenarios run in: the demo page (test/lab/demo.ts), whose
 *   buttons run a few scenarios; tests run theirs from script and ignore the buttons.
 * - B `http://127.0.0.1:<b>`: the cross-origin API.
 * - C `http://localhost:<c>`: a third origin, for redirects across origins.
 * Every origin answers `/s/<scenarioId>/<runId>/<step>` from the scenario table, and every request
 * received is recorded with its raw header lines. One request per connection (`Connection: close`).
 */
import net from 'node:net';
import { headerValue, parseRequest, serializeResponse, type RawRequest } from './raw-http';
import { renderDemoPage } from './demo';
import { substitute, type Origins } from './placeholders';
import type { OriginKey, RawResponse, Scenario } from './scenario-types';
import { SCENARIOS } from './scenarios';

export interface LabRequest extends RawRequest {
  /** Which origin's listener received it. */
  origin: OriginKey;
  scenarioId?: string;
  runId?: string;
  step?: string;
  receivedAt: number;
  /** What the lab answered, header lines as scripted after substitution (serializeResponse adds the rest). */
  response?: RawResponse;
}

export interface Lab {
  originA: string;
  originB: string;
  originC: string;
  origins: Origins;
  /** Every request received so far, in order. */
  requests: LabRequest[];
  /** The requests of one run of one scenario. */
  requestsFor(scenarioId: string, runId: string): LabRequest[];
  close(): Promise<void>;
}

/** What B and C answer at `/`. */
const PAGE: RawResponse = {
  status: 200,
  headers: [['Content-Type', 'text/html; charset=utf-8']],
  body: '<!doctype html><html><head><title>corsight lab</title></head><body></body></html>',
};
const NO_CONTENT: RawResponse = { status: 204, headers: [] };
const NOT_FOUND: RawResponse = { status: 404, headers: [['Content-Type', 'text/plain']], body: 'not found' };
const NO_PREFLIGHT: RawResponse = { status: 404, headers: [['Content-Type', 'text/plain']], body: 'no preflight scripted' };

const SCENARIO_PATH = /^\/s\/([^/?]+)\/([^/?]+)\/([^/?]*)/;

export async function startLab(scenarios: readonly Scenario[] = SCENARIOS): Promise<Lab> {
  const byId = new Map(scenarios.map((s) => [s.id, s]));
  const requests: LabRequest[] = [];
  const servers: net.Server[] = [];
  const origins: Origins = { A: '', B: '', C: '' };
  // Rendered on first use: the origins are known only once every listener is up.
  let demoPage: RawResponse | undefined;
  const demo = (): RawResponse =>
    (demoPage ??= { status: 200, headers: [['Content-Type', 'text/html; charset=utf-8']], body: renderDemoPage(origins, scenarios) });

  function answer(req: LabRequest): RawResponse {
    const path = req.target.split('?')[0] ?? '';
    if (req.method === 'GET' && path === '/') return req.origin === 'A' ? demo() : PAGE;
    // Browsers ask for it on every page; a 404 would put an error in the demo's DevTools console.
    if (path === '/favicon.ico') return NO_CONTENT;
    const m = SCENARIO_PATH.exec(path);
    if (!m) return NOT_FOUND;
    const [, scenarioId = '', runId = '', step = ''] = m;
    Object.assign(req, { scenarioId, runId, step });
    const stepSpec = byId.get(scenarioId)?.server[step];
    if (!stepSpec) return NOT_FOUND;
    const template = req.method === 'OPTIONS' ? (stepSpec.preflight ?? NO_PREFLIGHT) : stepSpec.actual;
    const ctx = {
      origins,
      run: `/s/${scenarioId}/${runId}`,
      origin: headerValue(req.headers, 'origin'),
      acrm: headerValue(req.headers, 'access-control-request-method'),
      acrh: headerValue(req.headers, 'access-control-request-headers'),
    };
    return {
      ...template,
      headers: template.headers.map(([n, v]) => [n, substitute(v, ctx)] as const),
    };
  }

  const sockets = new Set<net.Socket>();

  function onConnection(origin: OriginKey, socket: net.Socket): void {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buf = Buffer.alloc(0);
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      let parsed: RawRequest | null;
      try {
        parsed = parseRequest(buf);
      } catch {
        socket.end(serializeResponse({ status: 400, headers: [] }));
        return;
      }
      if (!parsed) return;
      socket.removeAllListeners('data');
      const req: LabRequest = { ...parsed, origin, receivedAt: Date.now() };
      requests.push(req);
      const res = answer(req);
      req.response = res;
      socket.end(serializeResponse(res, { omitBody: req.method === 'HEAD' }));
    });
  }

  async function listen(origin: OriginKey, host: string, port = 0): Promise<number> {
    const server = net.createServer((s) => onConnection(origin, s));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port }, () => resolve());
    });
    servers.push(server);
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    return address.port;
  }

  origins.A = `http://127.0.0.1:${await listen('A', '127.0.0.1')}`;
  origins.B = `http://127.0.0.1:${await listen('B', '127.0.0.1')}`;
  const portC = await listen('C', '127.0.0.1');
  // `localhost` may resolve to ::1 first; answer there too when the port is free (best effort).
  await listen('C', '::1', portC).catch(() => undefined);
  origins.C = `http://localhost:${portC}`;

  return {
    originA: origins.A,
    originB: origins.B,
    originC: origins.C,
    origins,
    requests,
    requestsFor: (scenarioId, runId) => requests.filter((r) => r.scenarioId === scenarioId && r.runId === runId),
    close: async () => {
      const closed = servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve())));
      for (const socket of sockets) socket.destroy();
      await Promise.all(closed);
    },
  };
}
