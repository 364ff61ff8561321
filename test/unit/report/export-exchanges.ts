/**
 * Exchanges for the export tests: every lab recording (what Chromium's and Firefox's webRequest saw for
 * each conformance scenario) and a few built ones for what the lab does not produce (secrets, a
 * request that got no answer, a preflight that failed on the network).
 */
import { readFileSync } from 'node:fs';
import type { Exchange } from '../../../src/shared/model';
import { B, C, ex, ok } from '../cors/build';

function recorded(name: 'chromium' | 'firefox'): Exchange[] {
  const file = new URL(`../../conformance/recordings/${name}.json`, import.meta.url);
  const r = JSON.parse(readFileSync(file, 'utf8')) as { scenarios: Array<{ exchange: Exchange | null }> };
  // An exchange without hops (Firefox recorded two) has no request to export.
  return r.scenarios.flatMap((s) => (s.exchange && s.exchange.hops.length > 0 ? [s.exchange] : []));
}

export const RECORDED = { chromium: recorded('chromium'), firefox: recorded('firefox') };

/** The secret values in `withSecrets`: none may appear in a redacted export. */
export const SECRETS = ['SECRET-QUERY', 'SECRET-BEARER', 'SECRET-COOKIE', 'SECRET-SETCOOKIE', 'SECRET-CODE'];

/** A credentialed POST, preflighted, redirected (307, Location with an OAuth code), then blocked. */
export const withSecrets: Exchange = {
  ...ex({
    method: 'POST',
    url: `${B}/orders?access_token=SECRET-QUERY&page=2`,
    req: { Authorization: 'Bearer SECRET-BEARER', Cookie: 'sid=SECRET-COOKIE; theme=dark', 'Content-Type': 'application/json' },
    acrh: 'authorization,content-type',
    pre: {
      status: 204,
      headers: ok({ 'Access-Control-Allow-Methods': 'POST', 'Access-Control-Allow-Headers': 'authorization, content-type', 'Access-Control-Allow-Credentials': 'true' }),
    },
    res: {
      status: 307,
      headers: ok({ 'Access-Control-Allow-Credentials': 'true', Location: `${C}/login?code=SECRET-CODE`, 'Set-Cookie': 'sid=SECRET-SETCOOKIE; Path=/; HttpOnly' }),
    },
    next: [{ url: `${C}/login?code=SECRET-CODE`, origin: 'null', res: { status: 200, headers: { 'Content-Type': 'text/html' } } }],
    credentials: 'include',
    outcome: 'net::ERR_FAILED',
  }),
  id: 'secrets',
  startedAt: Date.UTC(2025, 5, 12, 13, 0, 0),
};

/** The server refused the connection: no HTTP answer at all. */
export const noAnswer: Exchange = { ...ex({ url: `${B}/down`, res: null, outcome: 'net::ERR_CONNECTION_REFUSED' }), id: 'no-answer', startedAt: Date.UTC(2025, 5, 12, 13, 0, 1) };

/** The preflight itself got no answer, so the PUT was never sent. */
export const preflightFailed: Exchange = {
  ...ex({ method: 'PUT', url: `${B}/items/1`, req: { 'X-Trace': '1' }, preError: 'net::ERR_CONNECTION_RESET', res: null, outcome: 'net::ERR_FAILED' }),
  id: 'preflight-failed',
  startedAt: Date.UTC(2025, 5, 12, 13, 0, 2),
};

/** A plain allowed GET. */
export const allowed: Exchange = {
  ...ex({ url: `${B}/feed`, res: { status: 200, headers: ok({ 'Content-Type': 'application/json' }) }, outcome: 'completed' }),
  id: 'allowed',
  startedAt: Date.UTC(2025, 5, 12, 13, 0, 3),
};

export const BUILT: Exchange[] = [withSecrets, noAnswer, preflightFailed, allowed];
