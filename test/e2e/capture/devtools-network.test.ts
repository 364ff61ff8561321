/**
 * What `chrome.devtools.network` hands an extension that holds no permission at all, in real Chromium:
 * the evidence behind a choice the capture may face (README, Capture: "What it costs a page").
 *
 * corsight captures with webRequest, as the product asks, and holding that permission costs every page
 * in Chromium a few percent even when nobody looks (see optional-permission.test.ts). DevTools' own
 * network log, which an extension's devtools page can read while DevTools is open, needs no permission.
 * This test shows it carries what the engine needs: each preflight as its own entry (`_resourceType:
 * "preflight"`, with its Access-Control-Request-* headers and the response's headers), a request never
 * sent because its preflight failed (status 0, `net::ERR_FAILED`, the headers the page set), and a
 * blocked simple request with its real status and headers; and that the engine, through the CLI's HAR
 * import, names from those entries alone the errors Chromium itself reports over CDP.
 */
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/shared/cors';
import { importHarValue } from '../../../src/shared/har';
import { launchChromiumWithExtension, REPO_ROOT, type ChromiumWithExtension } from '../support/extension';
import { listenLoopback } from '../support/http';
import { waitForTarget } from '../support/cdp';

const PROBE = join(REPO_ROOT, 'test/fixtures/devtools-network-probe');

interface HarEntry {
  request: { method: string; url: string; headers: Array<{ name: string; value: string }> };
  response: { status: number; headers: Array<{ name: string; value: string }>; _error?: string | null };
  _resourceType?: string;
}

let servers: Server[] = [];
let chromium: ChromiumWithExtension;
let entries: HarEntry[] = [];
let api = '';
/** Chromium's CorsError per failed request (CDP Network.loadingFailed), by "METHOD /path". */
const chromiumSaid = new Map<string, string>();

beforeAll(async () => {
  let pageOrigin = '';
  const page = createServer((_q, r) => r.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>page</title>'));
  const apiServer = createServer((q, r) => {
    const path = new URL(q.url ?? '/', 'http://x').pathname;
    const cors = { 'Access-Control-Allow-Origin': pageOrigin, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'x-token' };
    if (path === '/preflight-401' && q.method === 'OPTIONS') return void r.writeHead(401).end();
    if (path === '/no-acao') return void r.writeHead(200, { 'Content-Type': 'text/plain' }).end('hidden');
    r.writeHead(q.method === 'OPTIONS' ? 204 : 200, { 'Content-Type': 'text/plain', ...cors }).end(q.method === 'OPTIONS' ? '' : 'ok');
  });
  servers = [page, apiServer];
  pageOrigin = await listenLoopback(page);
  api = await listenLoopback(apiServer);
  chromium = await launchChromiumWithExtension(PROBE, { extraArgs: ['--auto-open-devtools-for-tabs'] });
  const tab = chromium.context.pages()[0] ?? (await chromium.context.newPage());
  await tab.goto(`${pageOrigin}/`);
  // The probe's devtools page runs once DevTools opened on the tab.
  const browserSession = await chromium.context.browser()!.newBrowserCDPSession();
  await waitForTarget(browserSession, (t) => t.url === `chrome-extension://${chromium.extensionId}/devtools.html`);
  // Chromium's own verdicts, for the engine's to be compared with.
  const cdp = await chromium.context.newCDPSession(tab);
  const urls = new Map<string, string>();
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, `${e.request.method} ${new URL(e.request.url).pathname}`));
  cdp.on('Network.loadingFailed', (e) => {
    const what = urls.get(e.requestId);
    if (what && e.corsErrorStatus) chromiumSaid.set(what, e.corsErrorStatus.corsError);
  });
  await cdp.send('Network.enable');
  const results = await tab.evaluate(`(async () => {
    const api = ${JSON.stringify(api)};
    const out = [];
    for (const [url, init] of [
      [api + '/ok?simple', {}],
      [api + '/no-acao', {}],
      [api + '/ok?put', { method: 'PUT', headers: { 'X-Token': 't' } }],
      [api + '/preflight-401', { method: 'PUT', headers: { 'X-Token': 't' } }],
    ]) {
      out.push(await fetch(url, init).then((r) => r.status, () => 'failed'));
    }
    return out;
  })()`);
  expect(results).toEqual([200, 'failed', 200, 'failed']);
  // Six entries: two GETs, two PUTs and their two preflights.
  for (const until = Date.now() + 10_000; ; ) {
    entries = (await chromium.worker.evaluate<HarEntry[]>('self.entries')).filter((e) => e.request.url.startsWith(api));
    if (entries.length >= 6 || Date.now() > until) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(entries).toHaveLength(6);
}, 60_000);

afterAll(async () => {
  await chromium?.close();
  for (const s of servers) s.close();
});

const entry = (method: string, path: string) => entries.find((e) => e.request.method === method && e.request.url === `${api}${path}`);
const names = (headers: Array<{ name: string }>) => headers.map((h) => h.name.toLowerCase());

describe('chrome.devtools.network, with no permission (Chromium)', () => {
  it('gives each preflight as an entry of its own, with the Access-Control-Request-* headers and the answer', () => {
    for (const path of ['/ok?put', '/preflight-401']) {
      const pre = entry('OPTIONS', path);
      expect(pre?._resourceType, path).toBe('preflight');
      expect(names(pre?.request.headers ?? [])).toEqual(expect.arrayContaining(['origin', 'access-control-request-method', 'access-control-request-headers']));
    }
    expect(names(entry('OPTIONS', '/ok?put')?.response.headers ?? [])).toContain('access-control-allow-origin');
    expect(entry('OPTIONS', '/preflight-401')?.response.status).toBe(401);
  });

  it('gives the request its failed preflight stopped (status 0, net::ERR_FAILED, the headers the page set)', () => {
    const never = entry('PUT', '/preflight-401');
    expect(never?.response.status).toBe(0);
    expect(never?.response._error).toBe('net::ERR_FAILED');
    expect(names(never?.request.headers ?? [])).toContain('x-token');
  });

  it('gives a blocked simple request with its real status and headers, and the browser\'s error', () => {
    const blocked = entry('GET', '/no-acao');
    expect(blocked?.response.status).toBe(200);
    expect(blocked?.response._error).toBe('net::ERR_FAILED');
    expect(names(blocked?.response.headers ?? [])).not.toContain('access-control-allow-origin');
  });

  it('is enough for the engine: through the HAR import, it names the errors Chromium reported, and the real cause', () => {
    const har = importHarValue({ log: { version: '1.2', creator: { name: 'devtools.network', version: '1' }, entries } });
    if (!har.ok) throw new Error(har.error.reason);
    const verdicts = Object.fromEntries(
      har.value.exchanges.map(({ exchange }) => {
        const d = diagnose(exchange);
        return [`${exchange.hops[0]!.request.method} ${new URL(exchange.hops[0]!.request.url).pathname}`, [d.verdict, d.chromiumError, d.realCause?.kind ?? null]];
      }),
    );
    expect(verdicts).toEqual({
      'GET /ok': ['allowed', null, null],
      'GET /no-acao': ['blocked', 'MissingAllowOriginHeader', null],
      'PUT /ok': ['allowed', null, null],
      // Chromium checks the preflight's Allow-Origin before its status.
      'PUT /preflight-401': ['blocked', 'PreflightMissingAllowOriginHeader', 'preflight-auth'],
    });
    expect(Object.fromEntries(chromiumSaid)).toEqual({ 'GET /no-acao': 'MissingAllowOriginHeader', 'PUT /preflight-401': 'PreflightMissingAllowOriginHeader' });
  });
});
