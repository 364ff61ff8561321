/** Advice for requests the browser let through: they work today, but something is fragile or unsafe. */
import { plainText } from './inline-code';
import type { Exchange, ResponseRecord } from '../model';
import type { HopPlan } from './evaluate';
import { exposure, MAX_AGE_CAP, MAX_AGE_DEFAULT, preflightCacheSeconds, type Exposure } from './exposure';
import { headerLines, headerValue, joinLines, nameList, parseTokenList } from './headers';
import type { Advisory } from './types';

/** Response headers no page script plausibly wants: transport, security policy, and CORS itself. */
const NOT_INTERESTING = new Set([
  'date', 'server', 'connection', 'keep-alive', 'transfer-encoding', 'vary', 'set-cookie', 'set-cookie2',
  'content-encoding', 'alt-svc', 'strict-transport-security', 'x-content-type-options', 'x-frame-options',
  'content-security-policy', 'content-security-policy-report-only', 'referrer-policy', 'permissions-policy',
  'report-to', 'reporting-endpoints', 'nel', 'x-xss-protection', 'via', 'age', 'accept-ranges',
  'timing-allow-origin', 'x-powered-by', 'feature-policy', 'expect-ct', 'origin-agent-cluster', 'location',
]);

export interface AdvisoryInput {
  ex: Exchange;
  plans: HopPlan[];
  withCredentials: boolean;
  initiator: string;
  /** The final response's exposure, when the caller already computed it. */
  exposed?: Exposure;
}

export function advisories({ ex, plans, withCredentials, initiator, exposed }: AdvisoryInput): Advisory[] {
  const out: Advisory[] = [];
  const lastIndex = ex.hops.length - 1;
  const final = ex.hops[lastIndex]?.response;
  const plan = plans[lastIndex];
  if (final && plan?.cors) responseAdvisories(out, final, withCredentials, initiator, exposed ?? exposure(final, withCredentials));
  for (let i = 0; i < ex.hops.length; i++) {
    const res = ex.hops[i]?.preflight?.response;
    if (res) preflightAdvisories(out, res, plans[i]?.unsafeHeaders ?? [], withCredentials);
  }
  return out;
}

/** Adds an advisory unless one with its code is already there (several preflights can repeat one). */
function push(out: Advisory[], a: Advisory): void {
  for (const b of out) if (b.code === a.code) return;
  out.push(a);
}

function responseAdvisories(out: Advisory[], res: ResponseRecord, withCredentials: boolean, initiator: string, readable: Exposure): void {
  const acao = headerValue(res.headers, 'access-control-allow-origin');
  if (acao === null) return;
  if (acao === 'null') {
    push(out, {
      code: 'null-origin-allowed',
      severity: 'warning',
      title: 'The server allows the `null` origin',
      detail: 'Any sandboxed iframe, data: URL or local file sends `Origin: null`, so allowing it lets any site read this response through one. Allow named origins instead.',
      header: 'Access-Control-Allow-Origin',
      value: acao,
    });
  }
  if (acao !== '*' && acao !== 'null') {
    const vary = nameList(headerValue(res.headers, 'vary'));
    if (!vary.includes('origin') && !vary.includes('*')) {
      push(out, {
        code: 'missing-vary-origin',
        severity: 'warning',
        title: 'Vary: Origin is missing',
        detail: `The response names one origin (${plainText(acao)}) but does not say \`Vary: Origin\`, so a browser or CDN cache may serve it to a page from another origin, which then fails.`,
        header: 'Vary',
      });
    }
    if (withCredentials && acao === initiator && headerValue(res.headers, 'access-control-allow-credentials') === 'true') {
      push(out, {
        code: 'origin-reflected-with-credentials',
        severity: 'info',
        title: 'Credentials allowed for the requesting origin',
        detail: 'The server allows this origin with cookies. That is right only if it checks the Origin against an allowlist: a server that echoes any Origin lets every site read this user\'s data.',
        header: 'Access-Control-Allow-Origin',
        value: acao,
      });
    }
  }
  const exposed = nameList(headerValue(res.headers, 'access-control-expose-headers'));
  const hidden = readable.hidden.filter((n) => !NOT_INTERESTING.has(n) && !n.startsWith('access-control-'));
  if (hidden.length > 0) {
    push(out, {
      code: 'unexposed-response-headers',
      severity: 'info',
      title: 'Some response headers are hidden from the page',
      detail: `Script can read only safelisted response headers and those in Access-Control-Expose-Headers. Hidden here: ${plainText(hidden.join(', '))}.${exposed.includes('*') && withCredentials ? ' `*` does not expose anything to a request with credentials.' : ''}`,
      header: 'Access-Control-Expose-Headers',
      value: hidden.join(', '),
    });
  }
}

function preflightAdvisories(out: Advisory[], res: ResponseRecord, unsafeHeaders: string[], withCredentials: boolean): void {
  if (!withCredentials && unsafeHeaders.includes('authorization')) {
    const allowed = parseTokenList(headerValue(res.headers, 'access-control-allow-headers'));
    const names = allowed.ok ? allowed.items.map((s) => s.toLowerCase()) : [];
    if (allowed.ok && names.includes('*') && !names.includes('authorization')) {
      push(out, {
        code: 'authorization-covered-by-wildcard',
        severity: 'warning',
        title: 'Authorization is allowed only through `*`',
        detail: 'The Fetch standard says `Access-Control-Allow-Headers: *` does not cover Authorization. Chromium and Firefox still accept it with a deprecation warning and will stop: list `Authorization` by name.',
        header: 'Access-Control-Allow-Headers',
        value: allowed.items.join(', '),
      });
    }
  }
  const raw = joinLines(headerLines(res.headers, 'access-control-max-age'));
  if (raw !== null && /^\d+$/.test(raw) && Number(raw) >= 60 && Number(raw) <= MAX_AGE_CAP.chromium) return;
  const kept = preflightCacheSeconds(res);
  const reuse = `Chromium reuses this preflight for ${kept.chromium} s and Firefox for ${kept.firefox} s`;
  if (raw === null || !/^\d+$/.test(raw)) {
    push(out, {
      code: 'max-age-missing',
      severity: 'info',
      title: raw === null ? 'No Access-Control-Max-Age' : 'Access-Control-Max-Age is not a number',
      detail: `${reuse}${raw === null ? ` (the ${MAX_AGE_DEFAULT} s default)` : ''}, so most requests pay an extra round trip.`,
      header: 'Access-Control-Max-Age',
      ...(raw === null ? {} : { value: raw }),
    });
  } else if (Number(raw) < 60) {
    push(out, { code: 'max-age-short', severity: 'info', title: 'Access-Control-Max-Age is very short', detail: `${reuse}, so most requests pay an extra round trip.`, header: 'Access-Control-Max-Age', value: raw });
  } else if (Number(raw) > MAX_AGE_CAP.chromium) {
    push(out, { code: 'max-age-capped', severity: 'info', title: 'Access-Control-Max-Age is capped by the browser', detail: `${reuse}: Chromium caps it at ${MAX_AGE_CAP.chromium} s and Firefox at ${MAX_AGE_CAP.firefox} s, whatever the server asks (${raw} s here).`, header: 'Access-Control-Max-Age', value: raw });
  }
}

