/**
 * The checks over plain HTTP every Python target gets, besides the four browser scenarios: the broken
 * app answers exactly as app-spec.ts says (status, body byte for byte, no CORS header); with the
 * snippet for a credentialed, preflighted plan the preflight is answered before authentication, the
 * error responses (401, 404, and a 500 from a route that raises) carry the headers, an origin that is
 * not listed (or only starts like a listed one) gets none; pasted where its comments say not to, the
 * preflight is refused, which is why the comments say so.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { answer, SESSION, TOKEN } from './app-spec';
import { EVIL, FULL_PREFLIGHT, ORIGIN, ORIGIN2, snippetFor } from './plans';
import { requirePython, withPythonApp, type Framework } from './python-apps';
import { send, varyOf } from './raw-http';

/** `text` with `from` replaced by `to`; fails when the snippet no longer holds `from` (so a check cannot go stale). */
export function edit(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`the snippet has no ${JSON.stringify(from)}:\n${text}`);
  return text.replace(from, to);
}

const BEARER = `Bearer ${TOKEN}`;
const JSON_PUT = { 'content-type': 'application/json' };

/** Every route, method and credential case, compared with app-spec's answer(). */
interface SpecRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  payload?: string;
}
const SPEC_REQUESTS: SpecRequest[] = [
  ...['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'].flatMap((method): SpecRequest[] => [
    { method, path: '/api/public' },
    { method, path: '/api/me' },
    { method, path: '/api/me', headers: { cookie: `sid=${SESSION}` } },
    { method, path: '/api/items/1' },
    { method, path: '/api/items/1', headers: { authorization: BEARER } },
    { method, path: '/nowhere' },
  ]),
  { method: 'GET', path: '/api/public?x=1' },
  { method: 'GET', path: '/api/me', headers: { cookie: 'sid=wrong' } },
  { method: 'GET', path: '/api/me', headers: { cookie: `a=b; sid=${SESSION}` } },
  { method: 'GET', path: '/api/me', headers: { cookie: `a=b;sid=${SESSION}; c=d` } },
  { method: 'PUT', path: '/api/items/1', headers: { authorization: 'Bearer wrong', ...JSON_PUT }, payload: '{"name":"one"}' },
  { method: 'PUT', path: '/api/items/1', headers: { authorization: BEARER, ...JSON_PUT }, payload: '{"name":"one"}' },
  { method: 'OPTIONS', path: '/api/items/1', headers: { origin: ORIGIN, ...FULL_PREFLIGHT } },
  { method: 'OPTIONS', path: '/api/me', headers: { origin: ORIGIN, 'access-control-request-method': 'GET' } },
];

export function pythonChecks(name: string, framework: Framework): void {
  describe(`${name}: the app and the snippet over plain HTTP`, () => {
    beforeAll(() => requirePython(framework));

    it('the broken app answers exactly as app-spec.ts says', async () => {
      await withPythonApp(framework, null, {}, async (port) => {
        for (const r of SPEC_REQUESTS) {
          const got = await send(port, r.method, r.path, r.headers, r.payload);
          const want = answer(r.method, r.path, { cookie: r.headers?.cookie, authorization: r.headers?.authorization });
          const what = `${r.method} ${r.path} ${JSON.stringify(r.headers ?? {})}`;
          expect({ status: got.status, body: got.body }, what).toEqual(want);
          expect(got.headers['content-type'], what).toBe('application/json');
          expect(Object.keys(got.headers).filter((h) => h.startsWith('access-control-')), `${what}: the broken app sends no CORS header`).toEqual([]);
        }
      });
    });

    it('with the snippet: preflight before authentication, headers on 401, 404 and 500, nothing for another origin', async () => {
      await withPythonApp(framework, snippetFor(framework), { boom: true }, async (port) => {
        for (const origin of [ORIGIN, ORIGIN2]) {
          const pre = await send(port, 'OPTIONS', '/api/items/1', { origin, ...FULL_PREFLIGHT });
          expect(pre.status, 'the preflight is answered, not refused by the authentication').toBeGreaterThanOrEqual(200);
          expect(pre.status).toBeLessThan(300);
          expect(pre.headers).toMatchObject({ 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', 'access-control-max-age': '600' });
          expect(String(pre.headers['access-control-allow-methods']).split(/\s*,\s*/)).toContain('PUT');
          expect(String(pre.headers['access-control-allow-headers']).toLowerCase().split(/\s*,\s*/)).toEqual(expect.arrayContaining(['authorization', 'content-type', 'x-trace']));
          expect(varyOf(pre)).toContain('origin');
        }
        const unauthorized = await send(port, 'GET', '/api/me', { origin: ORIGIN });
        expect({ status: unauthorized.status, body: unauthorized.body }).toEqual(answer('GET', '/api/me', {}));
        const missing = await send(port, 'GET', '/nowhere', { origin: ORIGIN });
        expect({ status: missing.status, body: missing.body }).toEqual(answer('GET', '/nowhere', {}));
        const failed = await send(port, 'GET', '/api/boom', { origin: ORIGIN });
        expect(failed.status).toBe(500);
        const ok = await send(port, 'PUT', '/api/items/1', { origin: ORIGIN, authorization: BEARER, ...JSON_PUT }, '{"name":"one"}');
        expect({ status: ok.status, body: ok.body }).toEqual(answer('PUT', '/api/items/1', { authorization: BEARER }));
        for (const r of [unauthorized, missing, failed, ok]) {
          expect(r.headers, `${r.status}`).toMatchObject({ 'access-control-allow-origin': ORIGIN, 'access-control-allow-credentials': 'true' });
          expect(String(r.headers['access-control-expose-headers']).toLowerCase(), `${r.status}`).toBe('x-trace');
          expect(varyOf(r), `${r.status}`).toContain('origin');
        }
        // Another origin, or one that only starts like a listed one: no Allow-Origin, on the preflight or the response.
        for (const o of [EVIL, `${ORIGIN}1`, `${ORIGIN}.evil.test`, `${ORIGIN2}0`, 'null', 'http://127.0.0.1']) {
          expect((await send(port, 'GET', '/api/public', { origin: o })).headers['access-control-allow-origin'], o).toBeUndefined();
          expect((await send(port, 'OPTIONS', '/api/items/1', { origin: o, ...FULL_PREFLIGHT })).headers['access-control-allow-origin'], o).toBeUndefined();
        }
      });
    });

    it('pasted where its comments say not to (after the authentication), the preflight gets the 401', async () => {
      await withPythonApp(framework, snippetFor(framework), { misplaced: true }, async (port) => {
        const pre = await send(port, 'OPTIONS', '/api/items/1', { origin: ORIGIN, ...FULL_PREFLIGHT });
        expect({ status: pre.status, body: pre.body }).toEqual(answer('OPTIONS', '/api/items/1', {}));
      });
    });
  });
}
