/**
 * The checks over plain HTTP that every target run in front of app-spec.ts's app gets, with the snippet
 * for FULL_PLAN: the preflight answered before authentication, error responses (the authentication's
 * 401, a path no route answers) carrying the headers and Vary: Origin, and nothing for an origin not
 * listed, look-alikes included.
 */
import { expect } from 'vitest';
import { answer, TOKEN } from './app-spec';
import { EVIL, FULL_PREFLIGHT, ORIGIN, ORIGIN2 } from './plans';
import { send, varyOf, type Reply } from './raw-http';

export interface FullPlanChecks {
  /** A path no route answers (default /nowhere). */
  notFoundPath?: string;
  /**
   * False where the server's own 404 replaces Vary, as the target's notes say (Next.js): then the 404
   * must really lack Vary: Origin (if that fails, the server fixed it: drop the note).
   */
  varyOnNotFound?: boolean;
  /** More error responses that must carry the headers, fetched with the allowed Origin (a route that throws). */
  moreErrors?: Array<{ path: string; status: number }>;
}

export async function expectFullPlanOverHttp(port: number, { notFoundPath = '/nowhere', varyOnNotFound = true, moreErrors = [] }: FullPlanChecks = {}): Promise<void> {
  for (const origin of [ORIGIN, ORIGIN2]) {
    const pre = await send(port, 'OPTIONS', '/api/items/1', { origin, ...FULL_PREFLIGHT });
    expect(pre.status, 'the preflight is answered, not refused by authentication').toBe(204);
    expect(pre.headers).toMatchObject({ 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', 'access-control-max-age': '600' });
    expect(String(pre.headers['access-control-allow-methods']).split(/\s*,\s*/)).toContain('PUT');
    expect(String(pre.headers['access-control-allow-headers']).toLowerCase().split(/\s*,\s*/)).toEqual(['authorization', 'content-type', 'x-trace']);
    expect(varyOf(pre)).toContain('origin');
  }
  // Errors: the 401 of the authentication and the 404 of the app, readable by the page.
  const unauthorized = await send(port, 'GET', '/api/me', { origin: ORIGIN });
  expect({ status: unauthorized.status, body: unauthorized.body }).toEqual(answer('GET', '/api/me', {}));
  const missing = await send(port, 'GET', notFoundPath, { origin: ORIGIN });
  expect(missing.status).toBe(404);
  const errors: Reply[] = [];
  for (const e of moreErrors) {
    const r = await send(port, 'GET', e.path, { origin: ORIGIN });
    expect(r.status, e.path).toBe(e.status);
    errors.push(r);
  }
  const ok = await send(port, 'PUT', '/api/items/1', { origin: ORIGIN, authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, '{"name":"one"}');
  expect({ status: ok.status, body: ok.body }).toEqual(answer('PUT', '/api/items/1', { authorization: `Bearer ${TOKEN}` }));
  for (const r of [unauthorized, missing, ...errors, ok]) {
    expect(r.headers, `${r.status}`).toMatchObject({ 'access-control-allow-origin': ORIGIN, 'access-control-allow-credentials': 'true' });
    expect(String(r.headers['access-control-expose-headers']).toLowerCase()).toBe('x-trace');
    if (r !== missing || varyOnNotFound) expect(varyOf(r), `${r.status}`).toContain('origin');
  }
  if (!varyOnNotFound) expect(varyOf(missing)).not.toContain('origin');
  // Another origin: no Allow-Origin on the actual response nor on the preflight; Vary still there.
  const other = await send(port, 'GET', '/api/public', { origin: EVIL });
  expect(other.status).toBe(200);
  expect(other.headers['access-control-allow-origin']).toBeUndefined();
  expect(varyOf(other)).toContain('origin');
  const otherPre = await send(port, 'OPTIONS', '/api/items/1', { origin: EVIL, 'access-control-request-method': 'PUT' });
  expect(otherPre.headers['access-control-allow-origin']).toBeUndefined();
  for (const o of [`${ORIGIN}.evil.test`, 'null', ORIGIN.toUpperCase()]) {
    expect((await send(port, 'GET', '/api/public', { origin: o })).headers['access-control-allow-origin'], o).toBeUndefined();
  }
}
