import { describe, expect, it } from 'vitest';
import { agrees, closestMatch, createCdpTracker, trackCdpEvent } from '../../../src/shared/capture/verified';
import type { VerdictSummary } from '../../../src/shared/capture/log';

const start = (requestId: string, url: string, wallTime: number, initiator = 'script') => ({ requestId, request: { url, method: 'PUT' }, initiator: { type: initiator }, wallTime });

describe('CDP tracker', () => {
  it('reports a request when it ends, with Chromium\'s CORS error and the empty parameter as null', () => {
    const t = createCdpTracker();
    expect(trackCdpEvent(t, 'Network.requestWillBeSent', start('1', 'http://b/x', 10))).toBeNull();
    expect(trackCdpEvent(t, 'Network.loadingFailed', { requestId: '1', errorText: 'net::ERR_FAILED', corsErrorStatus: { corsError: 'MissingAllowOriginHeader', failedParameter: '' } })).toEqual({
      url: 'http://b/x', method: 'PUT', t: 10_000, verdict: { corsError: 'MissingAllowOriginHeader', failedParameter: null, netError: 'net::ERR_FAILED' },
    });
    expect(t.started.size).toBe(0);
  });

  it('skips preflights, keeps the first start of a redirected request, and ignores unknown ids', () => {
    const t = createCdpTracker();
    trackCdpEvent(t, 'Network.requestWillBeSent', start('p', 'http://b/x', 10, 'preflight'));
    expect(t.started.has('p')).toBe(false);
    trackCdpEvent(t, 'Network.requestWillBeSent', start('1', 'http://b/x', 10));
    trackCdpEvent(t, 'Network.requestWillBeSent', start('1', 'http://c/y', 11));
    expect(trackCdpEvent(t, 'Network.loadingFinished', { requestId: '1' })).toMatchObject({ url: 'http://b/x', verdict: { corsError: null, netError: null } });
    expect(trackCdpEvent(t, 'Network.loadingFinished', { requestId: 'nope' })).toBeNull();
    expect(trackCdpEvent(t, 'Network.loadingFailed', null)).toBeNull();
  });
});

describe('matching and agreement', () => {
  it('matches by URL and method, closest in time, within the window', () => {
    const c = [{ url: 'u', method: 'PUT', t: 0, n: 1 }, { url: 'u', method: 'PUT', t: 900, n: 2 }, { url: 'u', method: 'GET', t: 1000, n: 3 }];
    expect(closestMatch({ url: 'u', method: 'PUT', t: 1000 }, c)?.n).toBe(2);
    expect(closestMatch({ url: 'u', method: 'PUT', t: 10_000 }, c)).toBeUndefined();
    expect(closestMatch({ url: 'v', method: 'PUT', t: 0 }, c)).toBeUndefined();
  });

  const summary = (chromiumError: string | null, failedParameter: string | null, failedValues?: string[]): VerdictSummary => ({
    verdict: chromiumError ? 'blocked' : 'allowed', title: '', code: null, stage: null, chromiumError, firefoxReason: null, failedParameter, realCause: null, advisories: [], ...(failedValues ? { failedValues } : {}),
  });
  it('agrees on the same error and value; any listed disallowed header counts', () => {
    expect(agrees(summary(null, null), { corsError: null, failedParameter: null, netError: null })).toBe(true);
    expect(agrees(summary('AllowOriginMismatch', 'http://x'), { corsError: 'AllowOriginMismatch', failedParameter: 'http://x', netError: 'net::ERR_FAILED' })).toBe(true);
    expect(agrees(summary('AllowOriginMismatch', 'http://x'), { corsError: 'AllowOriginMismatch', failedParameter: 'http://y', netError: null })).toBe(false);
    expect(agrees(summary(null, null), { corsError: 'MissingAllowOriginHeader', failedParameter: null, netError: null })).toBe(false);
    expect(agrees(summary('HeaderDisallowedByPreflightResponse', 'x-a', ['x-a', 'x-b']), { corsError: 'HeaderDisallowedByPreflightResponse', failedParameter: 'x-b', netError: null })).toBe(true);
  });
});
