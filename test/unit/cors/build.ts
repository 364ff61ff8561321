/** Compact builders for engine inputs, so that each table row reads like the traffic it stands for. */
import type { Browser, CredentialsMode, Exchange, HeaderLine, Hop, RequestMode } from '../../../src/shared/model';

export const A = 'https://app.example';
export const B = 'https://api.example';
export const C = 'https://cdn.example';

export type H = Record<string, string> | Array<[string, string]>;
export function lines(h: H = {}): HeaderLine[] {
  return (Array.isArray(h) ? h : Object.entries(h)).map(([name, value]) => ({ name, value }));
}

export interface Res { status?: number; statusText?: string; headers?: H }
export interface Spec {
  method?: string;
  url?: string;
  /** Headers the page set (Origin is added). */
  req?: H;
  /** The preflight's response; its request is derived from the actual request unless `acrh` is given. */
  pre?: Res;
  acrh?: string;
  preRequest?: H;
  preError?: string;
  /** The actual response; null for "never answered". */
  res?: Res | null;
  /** Further hops after a redirect in `res`. */
  next?: Array<{ url: string; res?: Res | null; pre?: Res; origin?: string; preOrigin?: string }>;
  credentials?: CredentialsMode;
  outcome?: 'completed' | 'unknown' | string;
  browser?: Browser;
  mode?: RequestMode;
  initiator?: string | null;
  resourceType?: string;
  preflightCached?: boolean;
}

function preflightFor(url: string, method: string, origin: string, s: Spec, res: Res | undefined, error?: string): Hop['preflight'] {
  const names = Object.keys(Object.fromEntries(Array.isArray(s.req) ? s.req : Object.entries(s.req ?? {}))).map((n) => n.toLowerCase()).sort();
  const acrh = s.acrh ?? names.join(',');
  const headers = lines(s.preRequest ?? { Origin: origin, 'Access-Control-Request-Method': method, ...(acrh ? { 'Access-Control-Request-Headers': acrh } : {}) });
  return { request: { method: 'OPTIONS', url, headers }, ...(res ? { response: { status: res.status ?? 204, headers: lines(res.headers) } } : {}), ...(error ? { error } : {}) };
}

export function ex(s: Spec = {}): Exchange {
  const method = s.method ?? 'GET';
  const url = s.url ?? `${B}/data`;
  const initiator = s.initiator === null ? undefined : (s.initiator ?? A);
  const origin = initiator ?? A;
  const reqHeaders = lines([...(initiator === undefined ? [] : [['Origin', origin] as [string, string]]), ...(Array.isArray(s.req) ? s.req : Object.entries(s.req ?? {}))]);
  const res = s.res === null ? undefined : { status: s.res?.status ?? 200, statusText: s.res?.statusText ?? '', headers: lines(s.res?.headers) };
  const first: Hop = { request: { method, url, headers: reqHeaders }, ...(res ? { response: res } : {}) };
  if (s.pre || s.preError) first.preflight = preflightFor(url, method, origin, s, s.pre, s.preError);
  const hops: Hop[] = [first];
  for (const n of s.next ?? []) {
    const hop: Hop = { request: { method, url: n.url, headers: lines([['Origin', n.origin ?? origin], ...(Array.isArray(s.req) ? s.req : Object.entries(s.req ?? {}))]) } };
    if (n.res !== null) hop.response = { status: n.res?.status ?? 200, headers: lines(n.res?.headers) };
    // The preflight after a redirect carries `preOrigin` (Firefox: the page's), the request `origin`.
    if (n.pre) hop.preflight = preflightFor(n.url, method, n.preOrigin ?? n.origin ?? origin, s, n.pre);
    hops.push(hop);
  }
  const o = s.outcome ?? 'unknown';
  const e: Exchange = {
    id: 'x',
    browser: s.browser ?? 'chromium',
    hops,
    outcome: o === 'completed' ? { kind: 'completed' } : o === 'unknown' ? { kind: 'unknown' } : { kind: 'failed', error: o },
  };
  if (initiator !== undefined) e.initiator = initiator;
  if (s.credentials) e.credentials = s.credentials;
  if (s.mode) e.mode = s.mode;
  if (s.resourceType) e.resourceType = s.resourceType;
  if (s.preflightCached !== undefined) e.preflightCached = s.preflightCached;
  return e;
}

/** A passing CORS response for `origin`, to which a row adds or overrides headers. */
export const ok = (extra: Record<string, string> = {}, origin = A): Record<string, string> => ({ 'Access-Control-Allow-Origin': origin, ...extra });
