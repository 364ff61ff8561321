/**
 * Reading a corsight-report/1 JSON back: the panel's JSON export carries each request's exchange as
 * captured (redacted unless the user kept secrets), so `corsight analyze report.json` re-diagnoses it
 * with the engine at hand, as it does a HAR. The file is untrusted input: every field is checked, and a
 * malformed exchange is an error naming the request, never a crash or a silently wrong verdict.
 */
import { fail, type HarResult } from '../har/errors';
import { importHarValue, parseJsonText, type HarImport, type ImportedExchange, type ImportOptions } from '../har';
import type { Exchange, HeaderLine, Hop, Outcome, PreflightRecord, RequestRecord, ResponseRecord } from '../model';
import { REPORT_SCHEMA } from './types';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether a parsed JSON value claims to be a corsight report (then it is read as one, or refused as one). */
export function isReportValue(v: unknown): boolean {
  return isObj(v) && v.schema === REPORT_SCHEMA;
}

class Bad extends Error {}
const bad = (what: string): never => {
  throw new Bad(what);
};

function str(v: unknown, what: string): string {
  return typeof v === 'string' ? v : bad(`${what} is not a string`);
}

function headers(v: unknown, what: string): HeaderLine[] {
  if (!Array.isArray(v)) return bad(`${what} is not a list`);
  return v.map((h, i) => (isObj(h) ? { name: str(h.name, `${what}[${i}].name`), value: str(h.value, `${what}[${i}].value`) } : bad(`${what}[${i}] is not a header`)));
}

function request(v: unknown, what: string): RequestRecord {
  if (!isObj(v)) return bad(`${what} is missing`);
  const r: RequestRecord = { method: str(v.method, `${what}.method`), url: str(v.url, `${what}.url`), headers: headers(v.headers, `${what}.headers`) };
  if (typeof v.headersComplete === 'boolean') r.headersComplete = v.headersComplete;
  return r;
}

function response(v: unknown, what: string): ResponseRecord | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObj(v) || typeof v.status !== 'number' || !Number.isInteger(v.status)) return bad(`${what}.status is not a number`);
  const r: ResponseRecord = { status: v.status, headers: headers(v.headers, `${what}.headers`) };
  if (typeof v.statusText === 'string') r.statusText = v.statusText;
  if (typeof v.remoteAddress === 'string') r.remoteAddress = v.remoteAddress;
  if (typeof v.fromCache === 'boolean') r.fromCache = v.fromCache;
  return r;
}

function preflight(v: unknown, what: string): PreflightRecord | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObj(v)) return bad(`${what} is not an object`);
  const p: PreflightRecord = { request: request(v.request, `${what}.request`) };
  const res = response(v.response, `${what}.response`);
  if (res) p.response = res;
  if (typeof v.error === 'string') p.error = v.error;
  return p;
}

function outcome(v: unknown): Outcome {
  if (isObj(v) && v.kind === 'completed') return { kind: 'completed' };
  if (isObj(v) && v.kind === 'failed' && typeof v.error === 'string') return { kind: 'failed', error: v.error };
  return { kind: 'unknown' };
}

const BROWSERS = ['chromium', 'firefox', 'unknown'] as const;
const MODES = ['cors', 'no-cors', 'same-origin', 'navigate'] as const;
const CREDENTIALS = ['omit', 'same-origin', 'include'] as const;
const oneOf = <T extends string>(v: unknown, allowed: readonly T[]): T | undefined => (allowed as readonly unknown[]).includes(v) ? (v as T) : undefined;

function exchange(v: unknown, what: string): Exchange {
  if (!isObj(v)) return bad(`${what}.exchange is missing`);
  if (!Array.isArray(v.hops) || v.hops.length === 0) return bad(`${what}.exchange.hops is not a list of hops`);
  const hops: Hop[] = v.hops.map((h, i) => {
    const where = `${what}.exchange.hops[${i}]`;
    if (!isObj(h)) return bad(`${where} is not an object`);
    const hop: Hop = { request: request(h.request, `${where}.request`) };
    const res = response(h.response, `${where}.response`);
    if (res) hop.response = res;
    const pre = preflight(h.preflight, `${where}.preflight`);
    if (pre) hop.preflight = pre;
    return hop;
  });
  const ex: Exchange = { id: str(v.id, `${what}.exchange.id`), browser: oneOf(v.browser, BROWSERS) ?? 'unknown', hops, outcome: outcome(v.outcome) };
  if (typeof v.initiator === 'string') ex.initiator = v.initiator;
  const mode = oneOf(v.mode, MODES);
  if (mode) ex.mode = mode;
  const credentials = oneOf(v.credentials, CREDENTIALS);
  if (credentials) ex.credentials = credentials;
  if (typeof v.preflightCached === 'boolean') ex.preflightCached = v.preflightCached;
  if (typeof v.resourceType === 'string') ex.resourceType = v.resourceType;
  if (typeof v.startedAt === 'number' && Number.isFinite(v.startedAt)) ex.startedAt = v.startedAt;
  return ex;
}

/** A corsight report's exchanges, ready for the engine; an error when the report carries none. */
export function importReportValue(value: unknown, options: ImportOptions = {}): HarResult<HarImport> {
  if (!isObj(value) || value.schema !== REPORT_SCHEMA) return fail('not-har', `not a ${REPORT_SCHEMA} report`);
  if (!Array.isArray(value.requests)) return fail('not-har', `not a ${REPORT_SCHEMA} report (missing requests)`);
  const exchanges: ImportedExchange[] = [];
  const prefix = options.idPrefix ?? '';
  try {
    value.requests.forEach((r: unknown, i) => {
      const what = `requests[${i}]`;
      if (!isObj(r)) bad(`${what} is not an object`);
      const req = r as Obj;
      if (req.exchange === undefined) {
        bad(`${what} has no exchange: only reports exported from the extension's panel can be analysed again (\`corsight analyze --json\` output cannot)`);
      }
      const ex = exchange(req.exchange, what);
      exchanges.push({ exchange: { ...ex, id: `${prefix}${ex.id}` }, entries: [], notes: [] });
    });
  } catch (e) {
    if (e instanceof Bad) return fail('invalid-entry', `invalid report: ${e.message}`);
    throw e;
  }
  const browsers = new Set(exchanges.map((x) => x.exchange.browser));
  const browser = browsers.size === 1 ? [...browsers][0]! : 'unknown';
  return { ok: true, value: { creator: typeof value.generatedBy === 'string' ? value.generatedBy : undefined, browser, exchanges } };
}

/** What `corsight analyze` reads: a HAR, or a report exported from the panel; told apart by `schema`. */
export function importCaptureText(text: string, options?: ImportOptions): HarResult<HarImport> {
  const json = parseJsonText(text);
  if (!json.ok) return json;
  return isReportValue(json.value) ? importReportValue(json.value, options) : importHarValue(json.value, options);
}
