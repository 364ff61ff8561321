/**
 * Local Network Access in Debian's real Chromium 156: a page on a PUBLIC address space fetching a loopback API.
 *
 * Every lab origin is loopback, so Chromium switches make a page look public:
 *   - `--host-resolver-rules=MAP *.test 127.0.0.1` gives the pages non-IP host names (the engine decides
 *     "public page" from the page's host name; 127.0.0.1 would look loopback to it);
 *   - `--ip-address-space-overrides=127.0.0.1:<port>=public` makes Chromium treat that page's server as public;
 *   - `--ignore-certificate-errors` lets the https page (a committed self-signed certificate) be a secure context.
 * No `--enable-features` is needed: LNA checks are on by default, and headless never grants the permission.
 * The exchange handed to the engine is what webRequest would see: the request(s), no response, the net error.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/shared/cors';
import type { Exchange, HeaderLine, Hop } from '../../../src/shared/model';
import type { CdpHeaders, LoadingFailed, RequestWillBeSent, RequestWillBeSentExtraInfo } from '../chromium/cdp-events';
import { CHROMIUM_ARGS } from '../chromium/launch';

type Server = http.Server | https.Server;

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: Server | undefined): Promise<void> {
  return new Promise((resolve) => (server?.listening ? server.close(() => resolve()) : resolve()));
}

const pageHandler: http.RequestListener = (_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end('<!doctype html><title>lna</title>');
};

/** What `/no-acao` answers (to everything): a preflight reply without Access-Control-Allow-Origin. */
const NO_ACAO_PREFLIGHT_HEADERS = { 'access-control-allow-methods': 'PUT', 'access-control-allow-headers': 'x-lna' };

/** Requests that reached the loopback API, as "METHOD path". */
const apiHits: string[] = [];
const apiHandler: http.RequestListener = (req, res) => {
  apiHits.push(`${req.method ?? ''} ${req.url ?? ''}`);
  if (req.url?.startsWith('/no-acao')) {
    res.writeHead(204, NO_ACAO_PREFLIGHT_HEADERS);
    res.end();
    return;
  }
  res.writeHead(200, {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': '*',
    'access-control-allow-headers': '*',
    'content-type': 'text/plain',
  });
  res.end('ok');
};

interface Observed {
  fetchResult: string;
  request: RequestWillBeSent;
  extraInfo?: RequestWillBeSentExtraInfo;
  failed?: LoadingFailed;
  preflight?: RequestWillBeSent;
  preflightFailed?: LoadingFailed;
  hits: string[];
}

function headerLines(h: CdpHeaders): HeaderLine[] {
  return Object.entries(h).map(([name, value]) => ({ name, value }));
}

function toExchange(pageOrigin: string, o: Observed): Exchange {
  const hop: Hop = {
    request: { method: o.request.request.method, url: o.request.request.url, headers: headerLines(o.extraInfo?.headers ?? o.request.request.headers) },
  };
  if (o.preflight) {
    hop.preflight = {
      request: { method: o.preflight.request.method, url: o.preflight.request.url, headers: headerLines(o.preflight.request.headers) },
      ...(o.preflightFailed ? { error: o.preflightFailed.errorText } : {}),
    };
  }
  return {
    id: o.request.requestId,
    browser: 'chromium',
    initiator: pageOrigin,
    hops: [hop],
    outcome: o.failed ? { kind: 'failed', error: o.failed.errorText } : { kind: 'completed' },
    mode: 'cors',
    resourceType: 'fetch',
  };
}

const SIMPLE = { method: 'GET' };
const PREFLIGHTED = { method: 'PUT', headers: { 'x-lna': '1' } };

describe('Local Network Access (Chromium, public page -> loopback API)', () => {
  const api = http.createServer(apiHandler);
  let insecurePage: http.Server | undefined;
  let securePage: https.Server | undefined;
  const localPage = http.createServer(pageHandler);
  let ports = { api: 0, insecure: 0, secure: 0, local: 0 };
  let browser: Browser | undefined;

  beforeAll(async () => {
    insecurePage = http.createServer(pageHandler);
    // A throwaway self-signed certificate for secure.test, a name that resolves only through this test's
    // --host-resolver-rules; committed so that the test needs no openssl binary.
    const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
    securePage = https.createServer({ key: fixture('secure-test.key'), cert: fixture('secure-test.crt') }, pageHandler);
    ports = { api: await listen(api), insecure: await listen(insecurePage), secure: await listen(securePage), local: await listen(localPage) };
    browser = await chromium.launch({
      executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: [
        ...CHROMIUM_ARGS,
        '--host-resolver-rules=MAP *.test 127.0.0.1',
        `--ip-address-space-overrides=127.0.0.1:${ports.insecure}=public,127.0.0.1:${ports.secure}=public`,
        '--ignore-certificate-errors',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all([close(api), close(insecurePage), close(securePage), close(localPage)]);
  });

  async function fetchFrom(pageOrigin: string, init: RequestInit, path = '/data'): Promise<Observed> {
    if (!browser) throw new Error('not started');
    const target = `http://127.0.0.1:${ports.api}${path}?from=${encodeURIComponent(pageOrigin)}&m=${init.method ?? 'GET'}`;
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      const sent: RequestWillBeSent[] = [];
      const extra: RequestWillBeSentExtraInfo[] = [];
      const failed: LoadingFailed[] = [];
      cdp.on('Network.requestWillBeSent', (e) => sent.push(e as RequestWillBeSent));
      cdp.on('Network.requestWillBeSentExtraInfo', (e) => extra.push(e as RequestWillBeSentExtraInfo));
      cdp.on('Network.loadingFailed', (e) => failed.push(e as LoadingFailed));
      await cdp.send('Network.enable');
      await page.goto(`${pageOrigin}/`);
      const hitsBefore = apiHits.length;
      const fetchResult = await page.evaluate(
        async ([url, i]) => {
          try {
            const r = await fetch(url, i);
            return `ok ${r.status}`;
          } catch (e) {
            return `error ${String(e)}`;
          }
        },
        [target, init] as const,
      );
      // loadingFailed / extraInfo may trail the promise: wait (up to 5 s on a busy machine) for the request's
      // failure when the page saw one, else for its sent headers; then a moment for the preflight's events.
      const ours = () => sent.find((e) => e.initiator.type !== 'preflight' && e.request.url === target);
      const settled = () => {
        const r = ours();
        if (!r) return false;
        return fetchResult.startsWith('error') ? failed.some((e) => e.requestId === r.requestId) : extra.some((e) => e.requestId === r.requestId);
      };
      for (const until = Date.now() + 5_000; !settled() && Date.now() < until; ) await new Promise((r) => setTimeout(r, 50));
      await new Promise((r) => setTimeout(r, 100));
      const request = ours();
      if (!request) throw new Error(`no requestWillBeSent for ${target}`);
      const preflight = sent.find((e) => e.initiator.type === 'preflight' && e.request.url === target);
      return {
        fetchResult,
        request,
        extraInfo: extra.find((e) => e.requestId === request.requestId),
        failed: failed.find((e) => e.requestId === request.requestId),
        preflight,
        preflightFailed: preflight && failed.find((e) => e.requestId === preflight.requestId),
        hits: apiHits.slice(hitsBefore),
      };
    } finally {
      await context.close();
    }
  }

  const BLOCKED: Array<[string, () => string, RequestInit, string]> = [
    ['http public page, simple GET', () => `http://public.test:${ports.insecure}`, SIMPLE, 'InsecureLocalNetwork'],
    ['http public page, preflighted PUT', () => `http://public.test:${ports.insecure}`, PREFLIGHTED, 'InsecureLocalNetwork'],
    ['https public page, simple GET', () => `https://secure.test:${ports.secure}`, SIMPLE, 'LocalNetworkAccessPermissionDenied'],
    ['https public page, preflighted PUT', () => `https://secure.test:${ports.secure}`, PREFLIGHTED, 'LocalNetworkAccessPermissionDenied'],
  ];

  it.each(BLOCKED)('%s: Chromium blocks it before it is sent, and the engine names the same error', async (_name, origin, init, expected) => {
    const o = await fetchFrom(origin(), init);
    expect(o.fetchResult).toMatch(/^error TypeError/);
    expect(o.hits).toEqual([]);
    expect(o.failed?.errorText).toBe('net::ERR_FAILED');
    expect(o.failed?.corsErrorStatus?.corsError).toBe(expected);
    if (init.method !== 'GET') {
      // The preflight is the request that is stopped; the actual request inherits its error.
      expect(o.preflight?.request.method).toBe('OPTIONS');
      expect(o.preflightFailed?.errorText).toBe('net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS');
      expect(o.preflightFailed?.corsErrorStatus?.corsError).toBe(expected);
    }
    const exchange = toExchange(origin(), o);
    expect(diagnose(exchange).chromiumError).toBe(o.failed?.corsErrorStatus?.corsError);
    if (exchange.hops[0]?.preflight) {
      // Without 'extraHeaders' webRequest does not see the preflight at all: same verdict expected.
      const { preflight: _preflight, ...hop } = exchange.hops[0];
      expect(diagnose({ ...exchange, hops: [hop] }).chromiumError).toBe(o.failed?.corsErrorStatus?.corsError);
    }
  });

  it('control: a *.test page left loopback (no override) reaches the API, and the engine reports nothing', async () => {
    const origin = `http://local.test:${ports.local}`;
    const o = await fetchFrom(origin, SIMPLE);
    expect(o.fetchResult).toBe('ok 200');
    expect(o.hits).toHaveLength(1);
    expect(o.failed).toBeUndefined();
    // A completed exchange: what webRequest sees includes the response.
    const exchange = toExchange(origin, o);
    const hop = exchange.hops[0];
    if (!hop) throw new Error('no hop');
    hop.response = { status: 200, headers: [{ name: 'access-control-allow-origin', value: '*' }, { name: 'content-type', value: 'text/plain' }] };
    expect(diagnose(exchange).chromiumError).toBeNull();
  });

  it('control: a *.test page left loopback whose preflight lacks ACAO is a CORS failure, not LNA, for both', async () => {
    const origin = `http://local.test:${ports.local}`;
    const o = await fetchFrom(origin, PREFLIGHTED, '/no-acao');
    expect(o.fetchResult).toMatch(/^error TypeError/);
    expect(o.hits.map((h) => h.split(' ')[0])).toEqual(['OPTIONS']);
    expect(o.failed?.errorText).toBe('net::ERR_FAILED');
    expect(o.failed?.corsErrorStatus?.corsError).toBe('PreflightMissingAllowOriginHeader');
    // With 'extraHeaders' webRequest sees the preflight and the answer it got.
    const exchange = toExchange(origin, o);
    const preflight = exchange.hops[0]?.preflight;
    if (!preflight) throw new Error('no preflight captured');
    preflight.response = { status: 204, headers: headerLines(NO_ACAO_PREFLIGHT_HEADERS) };
    delete preflight.error;
    expect(diagnose(exchange).chromiumError).toBe(o.failed?.corsErrorStatus?.corsError);
  });
});
