/**
 * The fix plan: the exact header lines that make this request pass, with values computed from the
 * request itself (its real origin, method and header names), each tied to what it cures. Never `*`
 * with credentials; Authorization always by name; `Vary: Origin` whenever one origin is named.
 */
import type { Exchange, ResponseRecord } from '../model';
import type { HopPlan } from './evaluate';
import { FAILURES } from './failures';
import { commaItems, headerLines, headerValue, joinLines, nameList, parseTokenList } from './headers';
import { MAX_AGE_CAP } from './exposure';
import { isSafelistedMethod } from './safelist';
import { OPAQUE } from './origin';
import type { Advisory, Failure, FixLine, FixPlan, RealCause } from './types';

/** Max-Age we recommend: Chromium's cap, so neither browser re-asks more often than it must. */
export const RECOMMENDED_MAX_AGE = MAX_AGE_CAP.chromium;

export interface FixInput {
  ex: Exchange;
  plans: HopPlan[];
  failure: Failure | null;
  advisories: Advisory[];
  realCause: RealCause | null;
  withCredentials: boolean;
}

const NONE: string[] = [];

function current(res: ResponseRecord | undefined, name: string): string | null {
  return res ? headerValue(res.headers, name) : null;
}

export function fixPlan(i: FixInput): FixPlan | null {
  const { ex, plans, failure, advisories, withCredentials } = i;
  const hopIndex = failure?.hop ?? lastCorsHop(plans);
  const plan = plans[hopIndex];
  if (!plan || !plan.cors) return clientOnlyPlan(i);
  const hop = ex.hops[hopIndex];
  const pre = hop?.preflight?.response;
  const res = hop?.response;
  const preflight = plans.some((p) => p.needsPreflight);
  const origin = plan.requestOrigin;
  const lines: FixLine[] = [];
  const failing = failure?.header ?? null;
  // On every failing diagnosis's path: no per-line closures, spreads or Sets (lists here are 1 to 5 items).
  const add = (header: string, value: string, on: FixLine['on'], ok: (cur: string | null) => boolean, why: string, extra: FixLine['cures'] | null = null) => {
    const source = on === 'preflight' ? pre : failure?.stage === 'preflight' ? pre : (res ?? pre);
    const raw = source ? headerLines(source.headers, header) : NONE;
    const cur = joinLines(raw);
    const good = raw.length <= 1 && ok(cur);
    const cures: FixLine['cures'] = [];
    if (!good) {
      if (failure && failing === header) cures.push(failure.code);
      if (extra) for (const c of extra) cures.push(c);
    }
    lines.push({ header, value: good && cur !== null ? cur : value, on, change: good ? 'keep' : cur === null ? 'add' : 'replace', current: cur, cures, why });
  };

  const both = preflight ? 'both' : 'actual';
  // After a cross-origin redirect only `null` or `*` can match. `null` also admits every sandboxed frame
  // (the null-origin-allowed advisory), so it is offered only when credentials rule `*` out.
  add('Access-Control-Allow-Origin', origin === OPAQUE && !withCredentials ? '*' : origin, both, (c) => c === origin || (c === '*' && !withCredentials),
    origin === OPAQUE
      ? withCredentials
        ? 'After a cross-origin redirect the browser sends `Origin: null`; with credentials only `null` can match it, and `null` also admits any sandboxed frame. Better: avoid the redirect.'
        : 'After a cross-origin redirect the browser sends `Origin: null`; `*` matches it (safe here: no credentials). Better: avoid the redirect.'
      : `Names the page's origin. To allow several origins, compare the request's Origin with an allowlist and echo the match.`);
  if (withCredentials) {
    add('Access-Control-Allow-Credentials', 'true', both, (c) => c === 'true', 'The request is sent with credentials (cookies or HTTP auth).');
  }
  if (preflight) {
    const method = plan.method;
    if (!isSafelistedMethod(method)) {
      const have = parseTokenList(current(pre, 'access-control-allow-methods'));
      const list = merge(have.ok ? have.items.filter((m) => m !== '*' || !withCredentials) : [], [method]);
      add('Access-Control-Allow-Methods', joinLines(list) ?? '', 'preflight', () => have.ok && (have.items.includes(method) || (!withCredentials && have.items.includes('*'))), `Lists ${method} (case-sensitive).`);
    }
    if (plan.unsafeHeaders.length > 0) {
      const have = parseTokenList(current(pre, 'access-control-allow-headers'));
      const keep = have.ok ? have.items.filter((h) => h !== '*') : [];
      const list = merge(keep, plan.unsafeHeaders, true);
      add('Access-Control-Allow-Headers', joinLines(list) ?? '', 'preflight', () => {
        if (!have.ok) return false;
        const allowed = have.items.map((h) => h.toLowerCase());
        const star = !withCredentials && allowed.includes('*');
        return plan.unsafeHeaders.every((h) => allowed.includes(h) || (star && h !== 'authorization'));
      }, 'Names every request header the page sets that is not CORS-safelisted' + (plan.unsafeHeaders.includes('authorization') ? ', with Authorization by name (`*` does not cover it).' : '.'), hasAdvisory(advisories, 'authorization-covered-by-wildcard') ? ['authorization-covered-by-wildcard'] : null);
    }
    add('Access-Control-Max-Age', String(RECOMMENDED_MAX_AGE), 'preflight', (c) => c !== null && /^\d+$/.test(c) && Number(c) >= 60,
      `Lets the browser reuse the preflight (Chromium caps it at ${MAX_AGE_CAP.chromium} s, Firefox at ${MAX_AGE_CAP.firefox} s).`,
      maxAgeAdvisories(advisories));
    if (failure?.code === 'private-network-allow-missing' || failure?.code === 'private-network-allow-invalid') {
      add('Access-Control-Allow-Private-Network', 'true', 'preflight', (c) => c === 'true', 'Agrees to be reached from a public site.');
    }
  }
  if (origin !== OPAQUE) {
    const vary = commaItems(current(res ?? pre, 'vary'));
    add('Vary', joinLines(merge(vary, ['Origin'], true)) ?? 'Origin', both,
      (c) => {
        const names = nameList(c);
        return names.includes('origin') || names.includes('*');
      },
      'Tells caches that the answer depends on the Origin header.',
      hasAdvisory(advisories, 'missing-vary-origin') ? ['missing-vary-origin'] : null);
  }
  const hidden = advisories.find((a) => a.code === 'unexposed-response-headers');
  if (hidden?.value) {
    const list = merge(nameList(current(res, 'access-control-expose-headers')).filter((h) => h !== '*'), hidden.value.split(', '));
    add('Access-Control-Expose-Headers', joinLines(list) ?? '', 'actual', () => false, 'Lets script read these response headers (only if the page needs them).', ['unexposed-response-headers']);
  }
  return {
    origin,
    credentials: withCredentials,
    preflight,
    methods: preflight && !isSafelistedMethod(plan.method) ? [plan.method] : [],
    requestHeaders: preflight ? plan.unsafeHeaders : [],
    exposeHeaders: hidden?.value ? hidden.value.split(', ') : [],
    maxAge: preflight ? RECOMMENDED_MAX_AGE : null,
    lines,
    serverSteps: serverSteps(i, plan, preflight),
  };
}

function lastCorsHop(plans: HopPlan[]): number {
  for (let k = plans.length - 1; k >= 0; k--) if (plans[k]?.cors) return k;
  return plans.length - 1;
}

/** Failures no server header can cure still get a plan, with only the steps to take. */
function clientOnlyPlan(i: FixInput): FixPlan | null {
  if (!i.failure && !i.realCause) return null;
  return { origin: '', credentials: i.withCredentials, preflight: false, methods: [], requestHeaders: [], exposeHeaders: [], maxAge: null, lines: [], serverSteps: serverSteps(i, undefined, false) };
}

function serverSteps(i: FixInput, plan: HopPlan | undefined, preflight: boolean): string[] {
  const steps: string[] = [];
  const f = i.failure;
  const cause = i.realCause;
  if (cause?.kind === 'http-error' && cause.status) steps.push(`Fix the ${cause.status} error itself (see the server logs), and make sure CORS headers are sent on error responses too.`);
  if (cause?.kind === 'preflight-auth') steps.push('Answer OPTIONS before authentication: preflights never carry cookies or Authorization.');
  if (cause?.kind === 'preflight-route-missing') steps.push('Add a handler that answers OPTIONS on this route (usually the CORS middleware does it for every route).');
  if (cause?.kind === 'login-redirect') steps.push('Send the credentials the API expects (the session or token seems missing or expired); answer API calls with 401 instead of a redirect to a login page.');
  if (cause?.kind === 'mixed-content') steps.push('Serve the API over https.');
  if (f?.code === 'preflight-status' && !cause) steps.push('Answer OPTIONS with 204 No Content (any 2xx works).');
  if (f?.code === 'preflight-redirect') steps.push('Do not redirect OPTIONS: have the page call the final URL (check http→https and trailing-slash redirects).');
  if (f?.code === 'allow-origin-multiple') steps.push('Only one layer (proxy or application) should add CORS headers: remove them from the other.');
  if (plan?.requestOrigin === OPAQUE) steps.push('A redirect to another origin made the browser send `Origin: null`. Call the final URL directly so the real origin is checked.');
  if (preflight && !steps.some((s) => s.includes('OPTIONS'))) steps.push('Make sure OPTIONS requests reach the CORS handler before authentication and are answered with 204.');
  if (f && !FAILURES[f.code].header && steps.length === 0) steps.push(...FAILURES[f.code].fix);
  return steps;
}

/** Union keeping the server's existing items first; case-insensitive for header names. */
function merge(have: string[], need: readonly string[], caseInsensitive = false): string[] {
  const out = have.slice();
  const keys = caseInsensitive ? have.map((s) => s.toLowerCase()) : out;
  for (const n of need) {
    const k = caseInsensitive ? n.toLowerCase() : n;
    if (keys.includes(k)) continue;
    out.push(n);
    if (caseInsensitive) keys.push(k);
  }
  return out;
}

function hasAdvisory(advisories: Advisory[], code: Advisory['code']): boolean {
  for (const a of advisories) if (a.code === code) return true;
  return false;
}

function maxAgeAdvisories(advisories: Advisory[]): FixLine['cures'] | null {
  let out: FixLine['cures'] | null = null;
  for (const a of advisories) if (a.code === 'max-age-missing' || a.code === 'max-age-short') (out ??= []).push(a.code);
  return out;
}
