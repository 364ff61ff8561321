/**
 * How an engine diagnosis is compared with a browser's own verdict: one definition, used by the live
 * suites (test/e2e/chromium, test/e2e/firefox) and by the offline replay of their recordings (unit).
 */
import type { Diagnosis } from '../../src/shared/cors';

/**
 * Chromium scenarios whose deciding fact webRequest never shows. For each, the engine's own account of
 * the gap is asserted instead of Chromium's verdict.
 */
export const UNSEEN_BY_WEBREQUEST: Record<string, { why: string; engineSays: string }> = {
  'redirect-error-mode': {
    why: 'fetch(..., { redirect: "error" }) fails at the redirect with net::ERR_FAILED and no CORS error; the redirect mode is not in webRequest, and a credentialed request failing on that redirect looks the same',
    engineSays: 'redirect: "error"',
  },
};

/**
 * Firefox scenarios whose deciding fact Firefox's webRequest does not show. The engine's reason and its
 * own account of the gap are asserted instead of Firefox's verdict.
 */
export const FIREFOX_WEBREQUEST_LIMITS: Record<string, { why: string; engineReason: string; engineSays: string }> = {
  // Measured in Firefox ESR 153 (test/capture/recordings/firefox.json): the lab sends two
  // Access-Control-Allow-Origin lines, webRequest's onHeadersReceived shows ONE line, `<A>, https://example.com`
  // (or `<A>, <A>`), the same as acao-comma-list's single line. Firefox itself logs
  // CORSMultipleAllowOriginNotAllowed for two lines and CORSAllowOriginNotMatchingOrigin for a comma list.
  'acao-two-lines': { why: 'repeated header lines arrive joined into one', engineReason: 'CORSAllowOriginNotMatchingOrigin', engineSays: 'cannot tell which the server sent' },
  'acao-two-identical-lines': { why: 'repeated header lines arrive joined into one', engineReason: 'CORSAllowOriginNotMatchingOrigin', engineSays: 'cannot tell which the server sent' },
  // The same on the preflight's response (the OPTIONS's onHeadersReceived).
  'preflight-acao-two-lines': { why: 'repeated header lines arrive joined into one', engineReason: 'CORSAllowOriginNotMatchingOrigin', engineSays: 'cannot tell which the server sent' },
};

export interface ChromiumVerdict {
  corsError: string | null;
  failedParameter: string | null;
  blocked: boolean;
}

/** The engine's answer in Chromium's terms, and Chromium's own, ready for `expect(...).toEqual(...)`. */
export function chromiumComparison(d: Diagnosis, chromium: ChromiumVerdict) {
  // CDP always sends a string, `''` when the error names no value; the engine says null for that.
  const expected = chromium.failedParameter === '' ? null : chromium.failedParameter;
  // With several disallowed headers Chromium names one, in Blink's hash-map order, which no capture shows;
  // the engine lists them all (failure.values) and must include the one Chromium named.
  const parameter = expected !== null && d.failure?.values?.includes(expected) ? expected : d.failedParameter;
  return {
    actual: { chromiumError: d.chromiumError, failedParameter: parameter, blocked: d.verdict === 'blocked' },
    expected: { chromiumError: chromium.corsError, failedParameter: expected, blocked: chromium.blocked },
  };
}

export function firefoxComparison(d: Diagnosis, firefox: { reason: string | null; blocked: boolean }) {
  return {
    actual: { firefoxReason: d.firefoxReason, blocked: d.verdict === 'blocked' },
    expected: { firefoxReason: firefox.reason, blocked: firefox.blocked },
  };
}

/**
 * Which response headers script could read, for a request the engine allows: Chromium's list (what the
 * page saw through `headers.forEach` or `getAllResponseHeaders`) against the engine's `exposure.readable`.
 * Null when it does not apply (the engine did not allow it, or the page saw no response).
 */
export function exposureComparison(d: Diagnosis, readableHeaders: string[] | undefined): { actual: string[] | null; expected: string[] } | null {
  if (readableHeaders === undefined || d.verdict !== 'allowed') return null;
  return { actual: d.exposure?.readable ?? null, expected: readableHeaders };
}
