/** The lab server itself: raw bytes in, raw bytes out, everything recorded. No browser needed. */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scenario } from '../../lab/scenario-types';
import { startLab, type Lab } from '../../lab/server';

const SCENARIO: Scenario = {
  id: 'raw-check',
  title: 'duplicate and odd header lines',
  rule: 'allow-origin',
  client: { target: 'B' },
  server: {
    start: {
      preflight: { status: 204, headers: [['access-control-allow-methods', '{ACRM}'], ['Access-Control-Allow-Headers', '{ACRH}']] },
      actual: {
        status: 200,
        reason: 'Fine',
        headers: [['Access-Control-Allow-Origin', '{ORIGIN}'], ['access-control-allow-origin', '{C}'], ['X-Run', '{RUN}'], ['X-Pad', 'true ']],
        body: 'ok',
      },
    },
  },
};

const NO_PREFLIGHT: Scenario = {
  id: 'no-preflight',
  title: 'a step without a scripted preflight',
  rule: 'passes',
  client: { target: 'B' },
  server: { start: { actual: { status: 200, headers: [['Access-Control-Allow-Origin', '*']] } } },
};

function raw(origin: string, request: string): Promise<string> {
  const { hostname, port } = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname === 'localhost' ? '127.0.0.1' : hostname, port: Number(port) });
    let out = '';
    socket.on('data', (d) => (out += d.toString('latin1')));
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
    socket.write(request);
  });
}

describe('lab server', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await startLab([SCENARIO, NO_PREFLIGHT]);
  });
  afterAll(async () => {
    await lab.close();
  });

  it('listens on three loopback origins', () => {
    expect(lab.originA).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(lab.originB).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(lab.originC).toMatch(/^http:\/\/localhost:\d+$/);
    expect(new Set([lab.originA, lab.originB, lab.originC]).size).toBe(3);
  });

  it('serves the blank page on A', async () => {
    const res = await raw(lab.originA, 'GET / HTTP/1.1\r\nHost: a\r\n\r\n');
    expect(res).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(res).toContain('<!doctype html>');
  });

  it('sends duplicate, lower-case and padded header lines byte for byte', async () => {
    const res = await raw(lab.originB, 'GET /s/raw-check/r1/start HTTP/1.1\r\nHost: b\r\nOrigin: http://x.test\r\n\r\n');
    expect(res).toBe(
      'HTTP/1.1 200 Fine\r\n' +
        'Access-Control-Allow-Origin: http://x.test\r\n' +
        `access-control-allow-origin: ${lab.originC}\r\n` +
        'X-Run: /s/raw-check/r1\r\n' +
        'X-Pad: true \r\n' +
        'Content-Length: 2\r\nConnection: close\r\n\r\nok',
    );
  });

  it('answers lowercase and unknown methods, echoes the preflight request, records everything', async () => {
    const res = await raw(
      lab.originC,
      'OPTIONS /s/raw-check/r2/start HTTP/1.1\r\nHost: c\r\nAccess-Control-Request-Method: patch\r\n' +
        'Access-Control-Request-Headers: x-a,x-b\r\nX-Dup: 1\r\nX-Dup: 2\r\n\r\n',
    );
    expect(res).toContain('access-control-allow-methods: patch\r\n');
    expect(res).toContain('Access-Control-Allow-Headers: x-a,x-b\r\n');
    const body = await raw(lab.originB, 'patch /s/raw-check/r2/start HTTP/1.1\r\nHost: b\r\nContent-Length: 5\r\n\r\nhello');
    expect(body).toMatch(/^HTTP\/1\.1 200 Fine/);

    const seen = lab.requestsFor('raw-check', 'r2');
    expect(seen.map((r) => [r.origin, r.method, r.step])).toEqual([
      ['C', 'OPTIONS', 'start'],
      ['B', 'patch', 'start'],
    ]);
    expect(seen[0]?.headers.filter(([n]) => n === 'X-Dup')).toEqual([
      ['X-Dup', '1'],
      ['X-Dup', '2'],
    ]);
    expect(seen[1]?.body).toBe('hello');
  });

  it('answers OPTIONS with a bare 404 when a step scripts no preflight', async () => {
    const res = await raw(lab.originB, 'OPTIONS /s/no-preflight/r3/start HTTP/1.1\r\nHost: b\r\n\r\n');
    expect(res).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
    expect(res).not.toContain('Access-Control');
  });

  it('answers unknown paths, scenarios and steps with 404', async () => {
    for (const path of ['/nowhere', '/s/unknown/r4/start', '/s/raw-check/r4/other']) {
      expect(await raw(lab.originB, `GET ${path} HTTP/1.1\r\nHost: b\r\n\r\n`)).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
    }
  });
});
