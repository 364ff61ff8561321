import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/shared/cors';
import { B, ex, ok, type Spec } from './build';

const PUT = { method: 'PUT', req: { 'X-Token': '1' } };

describe('the real cause behind a CORS error', () => {
  it.each([
    ['a 500 without CORS headers is a 500 problem', { res: { status: 500, statusText: 'Internal Server Error', headers: {} }, outcome: 'net::ERR_FAILED' }, 'http-error', /500/],
    ['a 502 from a proxy', { res: { status: 502, headers: { Server: 'nginx' } }, outcome: 'net::ERR_FAILED' }, 'http-error', /502/],
    ['a preflight rejected by auth middleware', { ...PUT, pre: { status: 401, headers: {} }, res: null, outcome: 'net::ERR_FAILED' }, 'preflight-auth', /authentication ran before CORS/],
    ['a preflight 403', { ...PUT, pre: { status: 403, headers: ok() }, res: null, outcome: 'net::ERR_FAILED' }, 'preflight-auth', /403/],
    ['no OPTIONS route', { ...PUT, pre: { status: 404, headers: {} }, res: null, outcome: 'net::ERR_FAILED' }, 'preflight-route-missing', /OPTIONS/],
    ['a 405 to OPTIONS', { ...PUT, pre: { status: 405, headers: ok() }, res: null, outcome: 'net::ERR_FAILED' }, 'preflight-route-missing', /405/],
    ['a redirect to a login page', { res: { status: 302, headers: { Location: 'https://sso.example/login?next=/api' } }, next: [{ url: 'https://sso.example/login?next=/api', res: { headers: {} } }], outcome: 'net::ERR_FAILED' }, 'login-redirect', /login page/],
    ['a 302 to login, whose page then lacks CORS headers', { res: { status: 302, headers: ok({ Location: '/login?next=/api' }) }, next: [{ url: 'https://api.example/login?next=/api', res: { headers: {} } }], outcome: 'net::ERR_FAILED' }, 'login-redirect', /login page/],
    ['mixed content', { url: 'http://api.example/data', res: null, outcome: 'net::ERR_FAILED' }, 'mixed-content', /mixed content/],
    ['connection refused', { res: null, outcome: 'net::ERR_CONNECTION_REFUSED' }, 'network-error', /ERR_CONNECTION_REFUSED/],
  ] as Array<[string, Spec, string, RegExp]>)('%s', (_n, spec, kind, text) => {
    const d = diagnose(ex(spec));
    // A network failure was not decided by CORS: the verdict says so and the real cause says what happened.
    expect(d.verdict).toBe(kind === 'network-error' ? 'not-cors' : 'blocked');
    expect(d.realCause?.kind).toBe(kind);
    expect(d.realCause?.detail).toMatch(text);
    expect([d.explanation.summary, ...d.explanation.why].join(' ')).toMatch(text);
  });

  it.each([
    ['a 404 with CORS headers is just a 404', { res: { status: 404, headers: ok() }, outcome: 'completed' }],
    ['a plain missing ACAO on a 200', { res: { status: 200, headers: {} }, outcome: 'net::ERR_FAILED' }],
    ['a redirect to another API path', { res: { status: 302, headers: { Location: `${B}/v2/items` } }, next: [{ url: `${B}/v2/items`, res: { headers: {} } }], outcome: 'net::ERR_FAILED' }],
  ] as Array<[string, Spec]>)('no real cause for %s', (_n, spec) => {
    expect(diagnose(ex(spec)).realCause).toBeNull();
  });
});
