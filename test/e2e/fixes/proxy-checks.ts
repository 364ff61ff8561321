/**
 * The checks over plain HTTP that Apache, Caddy and HAProxy share, in front of the Node backend
 * (backend.ts): a credentialed plan with awkward but legal names that must reach the client exactly,
 * the headers on the backend's errors and on the proxy's own (a 401 from its authentication, an error
 * with the backend down), and other origins refused. Each test file keeps what differs per proxy (how
 * the snippet is pasted, which of its own errors it sends, its pitfalls).
 */
import { expect } from 'vitest';
import type { FixPlan } from '../../../src/shared/cors';
import { answer } from './app-spec';
import { startBackend } from './backend';
import { ORIGIN, ORIGIN2 } from './plans';
import { requireCommand } from './processes';
import { send as sendRaw, varyOf, type Reply } from './raw-http';

// Every character a token may have besides letters, digits and `-`: each one special somewhere.
export const AWKWARD = "x-!#$%&'*+.^_`|~";

/** The request headers of the proxies' plan; a proxy with a quoting hazard of its own adds a name. */
export const PROXY_HEADERS = ['authorization', 'x-trace', AWKWARD];

/** The proxies' credentialed, preflighted plan (a method with `$` and `%` too), asking for `requestHeaders`. */
export function proxyPlan(requestHeaders: string[] = PROXY_HEADERS): FixPlan {
  return {
    origin: ORIGIN, credentials: true, preflight: true, methods: ['PUT', 'PURGE$%'], requestHeaders, exposeHeaders: ['x-trace'], maxAge: 600, lines: [], serverSteps: [],
  };
}

/** The preflight's request headers (add the Origin) for a plan asking for `requestHeaders`. */
export function proxyPreflight(requestHeaders: string[] = PROXY_HEADERS): Record<string, string> {
  return { 'access-control-request-method': 'PUT', 'access-control-request-headers': requestHeaders.join(',') };
}

/** One raw request on a connection of its own (Connection: close), as these proxy tests always send them. */
export function send(port: number, method: string, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return sendRaw(port, method, path, { ...headers, connection: 'close' });
}

/** The Node backend the proxy forwards to, for one describe block: started after the proxy's command is checked. */
export function proxiedBackend(command: string, pkg: string) {
  let app: Awaited<ReturnType<typeof startBackend>> | undefined;
  return {
    before: async () => {
      requireCommand(command, pkg);
      app = await startBackend();
    },
    after: async () => app?.close(),
    /** `http://127.0.0.1:port`. */
    origin: () => (app as NonNullable<typeof app>).origin,
    /** `127.0.0.1:port` (what Caddy's reverse_proxy and HAProxy's server take). */
    hostPort: () => (app as NonNullable<typeof app>).origin.replace('http://', ''),
  };
}

export interface ExactOptions {
  /** The plan's request headers (what the preflight asks for and Allow-Headers must list, in order). */
  requestHeaders?: string[];
  /** Also: no Allow-Methods on the actual responses (preflight headers only on OPTIONS). */
  preflightHeadersOnlyOnOptions?: boolean;
  /** Also: an OPTIONS that is not a preflight goes on to the application (which asks for its token). */
  plainOptionsReachesApp?: boolean;
}

/**
 * With the snippet for proxyPlan allowing ORIGIN and ORIGIN2: the preflight answered with the exact
 * values, the headers on the backend's 401 and 404, and nothing for other origins or look-alikes.
 */
export async function expectExactValues(port: number, o: ExactOptions = {}): Promise<void> {
  const requestHeaders = o.requestHeaders ?? PROXY_HEADERS;
  const preflight = proxyPreflight(requestHeaders);
  for (const origin of [ORIGIN, ORIGIN2]) {
    const pre = await send(port, 'OPTIONS', '/api/items/1', { origin, ...preflight });
    expect(pre.status).toBe(204);
    expect(pre.headers).toMatchObject({
      'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', 'access-control-allow-methods': 'PUT, PURGE$%',
      'access-control-allow-headers': requestHeaders.join(', '), 'access-control-max-age': '600',
    });
    expect(varyOf(pre)).toContain('origin');
  }
  const unauthorized = await send(port, 'GET', '/api/me', { origin: ORIGIN });
  const missing = await send(port, 'GET', '/nowhere', { origin: ORIGIN });
  expect({ status: unauthorized.status, body: unauthorized.body }).toEqual(answer('GET', '/api/me', {}));
  expect({ status: missing.status, body: missing.body }).toEqual(answer('GET', '/nowhere', {}));
  for (const r of [unauthorized, missing]) {
    expect(r.headers, `${r.status}`).toMatchObject({ 'access-control-allow-origin': ORIGIN, 'access-control-allow-credentials': 'true', 'access-control-expose-headers': 'x-trace' });
    if (o.preflightHeadersOnlyOnOptions) expect(r.headers['access-control-allow-methods'], 'preflight headers only on OPTIONS').toBeUndefined();
    expect(varyOf(r)).toContain('origin');
  }
  for (const other of ['http://127.0.0.1:4103', `${ORIGIN}1`, `${ORIGIN}.evil.test`, `${ORIGIN2}0`, 'null', `${ORIGIN}, ${ORIGIN2}`]) {
    expect((await send(port, 'GET', '/api/public', { origin: other })).headers['access-control-allow-origin'], other).toBeUndefined();
    const pre = await send(port, 'OPTIONS', '/api/items/1', { origin: other, ...preflight });
    expect(pre.headers['access-control-allow-origin'], other).toBeUndefined();
    expect(pre.headers['access-control-allow-methods'], other).toBeUndefined();
  }
  // An OPTIONS that is not a preflight goes on to the application (which asks for its token).
  if (o.plainOptionsReachesApp) expect((await send(port, 'OPTIONS', '/api/items/1', { origin: ORIGIN })).status).toBe(401);
}

/** The status of ORIGIN's preflight (`preflight`: its request headers). */
export async function preflightStatus(port: number, preflight: Record<string, string> = proxyPreflight()): Promise<number> {
  return (await send(port, 'OPTIONS', '/api/items/1', { origin: ORIGIN, ...preflight })).status;
}

/** With the proxy's own authentication in the way: the preflight still answered (204), and its 401 carrying the headers. */
export async function expectOwn401(port: number, preflight: Record<string, string> = proxyPreflight()): Promise<void> {
  expect(await preflightStatus(port, preflight)).toBe(204);
  const denied = await send(port, 'GET', '/api/public', { origin: ORIGIN });
  expect(denied.status).toBe(401);
  expect(denied.headers['access-control-allow-origin']).toBe(ORIGIN);
  expect(varyOf(denied)).toContain('origin');
}

/** With the backend down: the proxy's own error (`status`) carrying the headers. */
export async function expectBackendDown(port: number, status: number): Promise<void> {
  const down = await send(port, 'GET', '/api/public', { origin: ORIGIN });
  expect(down.status).toBe(status);
  expect(down.headers).toMatchObject({ 'access-control-allow-origin': ORIGIN, 'access-control-allow-credentials': 'true' });
}
