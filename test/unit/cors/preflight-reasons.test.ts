import { describe, expect, it } from 'vitest';
import { diagnose, type PreflightReason } from '../../../src/shared/cors';
import { unsafeRequestHeaders } from '../../../src/shared/cors/safelist';
import { ex, lines, ok } from './build';

const reasons = (method: string, req: Record<string, string> | Array<[string, string]>): PreflightReason[] =>
  diagnose(ex({ method, req, res: { headers: ok({ Vary: 'Origin' }) }, outcome: 'completed' })).preflight.reasons;

describe('why a preflight was needed', () => {
  it.each([
    ['GET without headers', 'GET', {}, []],
    ['POST text/plain', 'POST', { 'Content-Type': 'text/plain;charset=UTF-8' }, []],
    ['POST form-urlencoded', 'POST', { 'Content-Type': 'application/x-www-form-urlencoded' }, []],
    ['POST multipart', 'POST', { 'Content-Type': 'multipart/form-data; boundary=x' }, []],
    ['safelisted Accept and Accept-Language', 'GET', { Accept: 'application/json', 'Accept-Language': 'en-GB,en;q=0.9' }, []],
  ] as const)('%s needs none', (_n, method, req, want) => {
    expect(reasons(method, req)).toEqual(want);
  });

  it.each([
    ['PUT', 'PUT', {}, [{ kind: 'method', method: 'PUT' }]],
    ['DELETE', 'DELETE', {}, [{ kind: 'method', method: 'DELETE' }]],
    ['lowercase patch', 'patch', {}, [{ kind: 'method', method: 'patch' }]],
    ['a custom header', 'GET', { 'X-Requested-With': 'XMLHttpRequest' }, [{ kind: 'header', name: 'x-requested-with' }]],
    ['Authorization', 'GET', { Authorization: 'Bearer x' }, [{ kind: 'header', name: 'authorization' }]],
    ['JSON content type', 'POST', { 'Content-Type': 'application/json' }, [{ kind: 'content-type', value: 'application/json' }]],
    ['text/plain with an unsafe byte', 'POST', { 'Content-Type': 'text/plain; charset="utf-8"' }, [{ kind: 'content-type', value: 'text/plain; charset="utf-8"' }]],
    ['Accept over 128 bytes', 'GET', { Accept: 'a'.repeat(129) }, [{ kind: 'header-value-too-long', name: 'accept', length: 129 }]],
    ['Content-Language with a forbidden character', 'GET', { 'Content-Language': 'en/gb' }, [{ kind: 'header', name: 'content-language' }]],
  ] as const)('%s', (_n, method, req, want) => {
    expect(reasons(method, req)).toEqual(want);
  });

  it('safelisted values totalling over 1024 bytes preflight them all', () => {
    const req: Array<[string, string]> = [['Accept', 'a'.repeat(120)], ['Accept-Language', 'b'.repeat(120)], ['Content-Language', 'c'.repeat(120)]];
    for (let i = 0; i < 7; i++) req.push(['Accept', 'd'.repeat(120)]);
    const r = reasons('GET', req);
    expect(r).toContainEqual({ kind: 'safelisted-total-too-long', total: 1200 });
    expect(unsafeRequestHeaders(lines(req)).names).toEqual(['accept', 'accept-language', 'content-language']);
  });

  it('ignores what the browser adds by itself, including DevTools "Disable cache"', () => {
    const req = { 'User-Agent': 'x', 'Sec-Fetch-Mode': 'cors', Referer: 'https://app.example/', 'Accept-Encoding': 'gzip', 'Cache-Control': 'no-cache', Pragma: 'no-cache', Cookie: 'a=b', Priority: 'u=1' };
    expect(unsafeRequestHeaders(lines(req)).names).toEqual([]);
  });

  it('counts Cache-Control set by the page', () => {
    expect(unsafeRequestHeaders(lines({ 'Cache-Control': 'max-age=0' })).names).toEqual(['cache-control']);
  });

  it('trusts the preflight\'s Access-Control-Request-Headers when the actual request was never sent', () => {
    const d = diagnose(ex({ method: 'POST', req: {}, acrh: 'content-type,x-api-key', pre: { status: 204, headers: ok({ 'Access-Control-Allow-Headers': 'content-type' }) }, res: null, outcome: 'net::ERR_FAILED' }));
    expect(d.failure?.code).toBe('header-not-allowed');
    expect(d.failedParameter).toBe('x-api-key');
    expect(d.preflight.reasons).toEqual([{ kind: 'header', name: 'content-type' }, { kind: 'header', name: 'x-api-key' }]);
    expect(d.explanation.why.join(' ')).toContain('x-api-key');
  });
});
