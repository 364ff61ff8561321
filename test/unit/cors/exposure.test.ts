import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/shared/cors';
import { exposure, preflightCacheSeconds } from '../../../src/shared/cors/exposure';
import { ex, lines, ok } from './build';

describe('how long each browser reuses a preflight', () => {
  it.each([
    ['absent', null, { chromium: 5, firefox: 5 }],
    ['600', '600', { chromium: 600, firefox: 600 }],
    ['above both caps', '100000', { chromium: 7200, firefox: 86400 }],
    ['between the caps', '86400', { chromium: 7200, firefox: 86400 }],
    ['not a number: Chromium falls back to 5 s, Firefox does not cache', 'abc', { chromium: 5, firefox: 0 }],
    ['negative', '-1', { chromium: 0, firefox: 0 }],
    ['zero', '0', { chromium: 0, firefox: 0 }],
  ])('%s', (_n, value, want) => {
    expect(preflightCacheSeconds({ status: 204, headers: lines(value === null ? {} : { 'Access-Control-Max-Age': value }) })).toEqual(want);
  });

  it('is part of the diagnosis when a preflight was seen', () => {
    const d = diagnose(ex({ method: 'PUT', pre: { status: 204, headers: ok({ 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Max-Age': '86400' }) }, res: { headers: ok({ Vary: 'Origin' }) }, outcome: 'completed' }));
    expect(d.preflight.cacheSeconds).toEqual({ chromium: 7200, firefox: 86400 });
    expect(diagnose(ex({ res: { headers: ok() } })).preflight.cacheSeconds).toBeUndefined();
  });
});

describe('which response headers script can read', () => {
  const res = (extra: Record<string, string> | Array<[string, string]>) => ({ status: 200, headers: lines([['Content-Type', 'text/plain'], ['X-Request-Id', '1'], ['Set-Cookie', 'a=b'], ...(Array.isArray(extra) ? extra : Object.entries(extra))]) });
  it.each([
    ['only safelisted ones by default', {}, false, ['content-type'], ['set-cookie', 'x-request-id']],
    ['a listed one, in any case', { 'Access-Control-Expose-Headers': 'x-REQUEST-id' }, false, ['content-type', 'x-request-id'], ['access-control-expose-headers', 'set-cookie']],
    ['never Set-Cookie, even listed', { 'Access-Control-Expose-Headers': 'Set-Cookie' }, false, ['content-type'], ['access-control-expose-headers', 'set-cookie', 'x-request-id']],
    ['everything but Set-Cookie for *', { 'Access-Control-Expose-Headers': '*' }, false, ['access-control-expose-headers', 'content-type', 'x-request-id'], ['set-cookie']],
    ['* is a literal name with credentials', { 'Access-Control-Expose-Headers': '*' }, true, ['content-type'], ['access-control-expose-headers', 'set-cookie', 'x-request-id']],
    ['nothing from a malformed list', { 'Access-Control-Expose-Headers': 'X-Request-Id Content-Language' }, false, ['content-type'], ['access-control-expose-headers', 'set-cookie', 'x-request-id']],
  ] as const)('%s', (_n, extra, creds, readable, hidden) => {
    expect(exposure(res(extra), creds)).toEqual({ readable, hidden });
  });

  it('is part of the diagnosis of an allowed request only', () => {
    expect(diagnose(ex({ res: { headers: ok({ 'X-Request-Id': '1' }) }, outcome: 'completed' })).exposure?.hidden).toContain('x-request-id');
    expect(diagnose(ex({ res: { headers: {} }, outcome: 'net::ERR_FAILED' })).exposure).toBeNull();
  });
});
