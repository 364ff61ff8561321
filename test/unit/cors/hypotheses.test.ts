import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/shared/cors';
import { A, ex, ok } from './build';

describe('unknown credentials mode', () => {
  const star = { res: { headers: { 'Access-Control-Allow-Origin': '*' } } };
  it('a * response that Chromium blocked can only have been credentialed', () => {
    const d = diagnose(ex({ ...star, outcome: 'net::ERR_FAILED' }));
    expect(d.verdict).toBe('blocked');
    expect(d.chromiumError).toBe('WildcardOriginNotAllowed');
    expect(d.assumptions).toContainEqual(expect.objectContaining({ about: 'credentials', value: 'include', basis: 'fits-outcome' }));
  });
  it('the same response that Chromium let through was not credentialed', () => {
    const d = diagnose(ex({ ...star, outcome: 'completed' }));
    expect(d.verdict).toBe('allowed');
    expect(d.assumptions).toContainEqual(expect.objectContaining({ about: 'credentials', value: 'same-origin', basis: 'fits-outcome' }));
  });
  it('when the outcome cannot tell, assumes the default and says what would change', () => {
    const d = diagnose(ex({ ...star, browser: 'firefox', outcome: 'completed' }));
    expect(d.verdict).toBe('allowed');
    expect(d.assumptions[0]?.basis).toBe('default');
    expect(d.undecided.join(' ')).toMatch(/credentials.*blocked/);
  });
  it('cookies sent to another origin prove credentials', () => {
    const d = diagnose(ex({ req: { Cookie: 'sid=1' }, ...star, browser: 'firefox' }));
    expect(d.chromiumError).toBe('WildcardOriginNotAllowed');
    expect(d.assumptions[0]).toMatchObject({ value: 'include', basis: 'observed' });
  });
  it('says credentials do not matter when both hypotheses agree', () => {
    const d = diagnose(ex({ res: { headers: {} }, outcome: 'net::ERR_FAILED' }));
    expect(d.credentials).toBe('unknown');
    expect(d.undecided).toEqual([]);
  });
  it('flags an outcome no hypothesis explains', () => {
    // Passes with and without credentials, yet Chromium said ERR_FAILED.
    const d = diagnose(ex({ res: { headers: ok({ Vary: 'Origin', 'Access-Control-Allow-Credentials': 'true' }) }, outcome: 'net::ERR_FAILED' }));
    expect(d.verdict).toBe('blocked');
    expect(d.failure).toBeNull();
    expect(d.undecided.join(' ')).toMatch(/pass every CORS rule/);
  });
});

describe('what the capture shows the browser did', () => {
  it('a redirect followed by the next request passed: no hypothesis may fail it', () => {
    // Without credentials the redirect passes and the final hop is unanswered; with credentials the redirect
    // would fail, but then the browser would not have made the next request.
    const d = diagnose(ex({ res: { status: 302, headers: ok({ Location: 'https://api.example/final' }) }, next: [{ url: 'https://api.example/final', res: null }], outcome: 'net::ERR_FAILED' }));
    expect(d.verdict).toBe('blocked');
    expect(d.chromiumError).toBeNull();
    expect(d.undecided.join(' ')).toMatch(/cannot be decided/);
  });
  it('an answered request proves its preflight passed', () => {
    const d = diagnose(ex({ method: 'PUT', pre: { status: 204, headers: ok({ 'Access-Control-Allow-Methods': 'PUT' }) }, res: { status: 200, headers: {} }, outcome: 'net::ERR_FAILED' }));
    // With credentials the preflight itself would fail (no ACAC), but the request went out: only the
    // missing ACAO on the response explains the block.
    expect(d.chromiumError).toBe('MissingAllowOriginHeader');
  });
});

describe('what a Firefox capture cannot tell', () => {
  it('a comma list in ACAO may have been two lines joined by webRequest', () => {
    const d = diagnose(ex({ browser: 'firefox', res: { headers: ok({}, 'https://app.example, https://cdn.example') }, outcome: 'completed' }));
    expect(d.firefoxReason).toBe('CORSAllowOriginNotMatchingOrigin');
    expect(d.undecided.join(' ')).toMatch(/CORSMultipleAllowOriginNotAllowed/);
  });
  it('two separate lines are not ambiguous', () => {
    const d = diagnose(ex({ browser: 'firefox', res: { headers: [['Access-Control-Allow-Origin', 'https://app.example'], ['Access-Control-Allow-Origin', 'https://cdn.example']] }, outcome: 'completed' }));
    expect(d.firefoxReason).toBe('CORSMultipleAllowOriginNotAllowed');
    expect(d.undecided.join(' ')).not.toMatch(/cannot tell which the server sent/);
  });
});

describe('unknown preflight cache', () => {
  const put = { method: 'PUT', req: { 'X-Token': '1' } };
  it('a needed preflight missing from the capture, with a response, was a cache hit', () => {
    const d = diagnose(ex({ ...put, res: { headers: ok({ Vary: 'Origin' }) }, outcome: 'completed' }));
    expect(d.verdict).toBe('allowed');
    expect(d.preflight).toMatchObject({ needed: true, observed: 'cached' });
    expect(d.assumptions).toContainEqual(expect.objectContaining({ about: 'preflight-cache', value: 'hit' }));
  });
  it('a needed preflight missing from the capture, without a response, is undecided', () => {
    const d = diagnose(ex({ ...put, res: null, outcome: 'net::ERR_FAILED' }));
    expect(d.verdict).toBe('blocked');
    expect(d.chromiumError).toBeNull();
    expect(d.preflight.observed).toBe('missing');
    expect(d.undecided.join(' ')).toMatch(/preflight was needed but is not in the capture/);
  });
  it('a known cache hit still runs the checks on the actual response', () => {
    const d = diagnose(ex({ ...put, preflightCached: true, res: { headers: {} }, outcome: 'net::ERR_FAILED' }));
    expect(d.chromiumError).toBe('MissingAllowOriginHeader');
  });
});

describe('never throws', () => {
  it.each([
    ['no hops', { id: 'x', browser: 'chromium', hops: [], outcome: { kind: 'unknown' } }],
    ['null headers', { id: 'x', browser: 'chromium', initiator: A, hops: [{ request: { method: 'GET', url: 'https://api.example/', headers: null } }], outcome: { kind: 'unknown' } }],
    ['garbage', null],
    ['a URL that is not one', { id: 'x', browser: 'chromium', initiator: A, hops: [{ request: { method: 'GET', url: '::::', headers: [] }, response: { status: 200, headers: [] } }], outcome: { kind: 'completed' } }],
  ])('%s', (_n, input) => {
    const d = diagnose(input as never);
    expect(['allowed', 'blocked', 'same-origin', 'not-cors']).toContain(d.verdict);
    expect(d.explanation.title.length).toBeGreaterThan(0);
  });
});
