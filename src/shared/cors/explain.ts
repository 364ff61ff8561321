/** Turns a diagnosis into plain words, from the templates in failures.ts. */
import type { Exchange, ResponseRecord } from '../model';
import { FAILURES } from './failures';
import { headerValue } from './headers';
import { codeSpan, plainText } from './inline-code';
import { parseUrl } from './origin';
import type { Explanation, Failure, FixPlan, PreflightInfo, PreflightReason, RealCause, Verdict } from './types';

export interface ExplainInput {
  ex: Exchange;
  verdict: Verdict;
  failure: Failure | null;
  realCause: RealCause | null;
  preflight: PreflightInfo;
  fix: FixPlan | null;
  origin: string;
  undecided: string[];
}

/** The summaries of the verdicts no CORS rule decided; `bare` in diagnose.ts gives them too. */
export const SAME_ORIGIN_SUMMARY = 'The page and the URL share an origin, so CORS does not apply.';
export const NOT_CORS_SUMMARY = 'This was a navigation or a no-cors load (image, script, style): CORS does not apply, and script cannot read a cross-origin no-cors response.';

const STAGE_WORDS = { preflight: 'preflight response', actual: 'response', redirect: 'redirect response', request: 'request' } as const;

export function explain(i: ExplainInput): Explanation {
  const url = i.ex.hops[i.failure?.hop ?? 0]?.request.url ?? i.ex.hops[0]?.request.url ?? '';
  const why = i.preflight.reasons.length > 0 ? [preflightSentence(i.preflight)] : [];
  const title = titleOf(i.verdict, i.failure, i.realCause);
  if (i.verdict === 'same-origin') {
    return { title, summary: SAME_ORIGIN_SUMMARY, why: [], fix: [] };
  }
  if (i.verdict === 'not-cors' && i.realCause) {
    return { title, summary: i.realCause.detail, why: [...why, ...i.undecided], fix: i.fix?.serverSteps ?? [] };
  }
  if (i.verdict === 'not-cors') {
    return { title, summary: NOT_CORS_SUMMARY, why: [], fix: [] };
  }
  if (i.verdict === 'allowed') {
    return { title, summary: `The browser let ${plainText(i.origin)} read the response from ${plainText(url)}.`, why, fix: [] };
  }
  if (!i.failure) {
    const detail = i.realCause?.detail ?? i.undecided[0] ?? 'The browser blocked the request, and the capture does not show why.';
    return { title, summary: detail, why: [...why, ...i.undecided.filter((u) => u !== detail)], fix: i.fix?.serverSteps ?? [] };
  }
  const spec = FAILURES[i.failure.code];
  const hop = i.ex.hops[i.failure.hop];
  const res = i.failure.stage === 'preflight' ? hop?.preflight?.response : hop?.response;
  const ctx: FillContext = { i, f: i.failure, url, res, current: undefined };
  const whyLines: string[] = i.realCause ? [i.realCause.detail] : [];
  for (const t of spec.why) {
    const line = fill(t, ctx);
    if (line.trim() !== '') whyLines.push(line);
  }
  for (const w of why) whyLines.push(w);
  const fixLines: string[] = i.realCause && i.fix ? i.fix.serverSteps.slice() : [];
  for (const t of spec.fix) fixLines.push(fill(t, ctx));
  return { title, summary: fill(spec.summary, ctx), why: whyLines, fix: fixLines };
}

/** The explanation's title, which the capture stores without the rest of the words (`triage`). */
export function titleOf(verdict: Verdict, failure: Failure | null, realCause: RealCause | null): string {
  if (verdict === 'same-origin') return 'Same-origin request';
  if (verdict === 'not-cors') return realCause ? causeTitle(realCause) : 'Not a CORS request';
  if (verdict === 'allowed') return 'Allowed';
  if (!failure) return realCause ? causeTitle(realCause) : 'Blocked, reason not in the capture';
  return FAILURES[failure.code].title;
}

interface FillContext {
  i: ExplainInput;
  f: Failure;
  url: string;
  res: ResponseRecord | undefined;
  /** The failing header's current value, looked up on first use (undefined: not yet). */
  current: string | null | undefined;
}

function fill(template: string, ctx: FillContext): string {
  let out = '';
  for (const piece of compiled(template)) {
    if (typeof piece === 'string') out += piece;
    else if ('key' in piece) out += piece.raw ? variable(piece.key, ctx) : plainText(variable(piece.key, ctx));
    else {
      // A value inside `...` may hold backticks: the span gets a fence they cannot close (inline-code.ts).
      let text = '';
      for (const part of piece.span) text += typeof part === 'string' ? part : variable(part.key, ctx);
      out += codeSpan(text);
    }
  }
  return out;
}

/** Placeholders whose words are already marked up (their values in code spans or escaped). */
const MARKUP = new Set(['current', 'acacState', 'mismatchHint', 'stage']);

/**
 * A template, compiled: text (code spans without a placeholder included, ready), a placeholder in running
 * text (`raw` when its words are already marked up), or a code span with placeholders in it.
 */
type Piece = string | { key: string; raw: boolean } | { span: Array<string | { key: string }> };

/** Templates compiled once: filling them is on every failure's path. */
const templates = new Map<string, Piece[]>();
function compiled(template: string): Piece[] {
  let pieces = templates.get(template);
  if (!pieces) {
    pieces = [];
    // Templates are ours: backticks in them come in pairs, and never hold a backtick of their own.
    const texts = template.split('`');
    for (let i = 0; i < texts.length; i++) {
      const parts = (texts[i] as string).split(/\{(\w+)\}/).map((p, j) => (j % 2 === 1 ? { key: p } : p)).filter((p) => p !== '');
      if (i % 2 === 0) for (const p of parts) pieces.push(typeof p === 'string' ? p : { key: p.key, raw: MARKUP.has(p.key) });
      else if (parts.every((p) => typeof p === 'string')) pieces.push(codeSpan(parts.join('')));
      else pieces.push({ span: parts });
    }
    templates.set(template, pieces);
  }
  return pieces;
}

function causeTitle(c: RealCause): string {
  switch (c.kind) {
    case 'mixed-content': return 'Blocked as mixed content';
    case 'network-error': return 'Network error, not CORS';
    case 'http-error': return `The server failed with ${c.status ?? 'an error'}`;
    case 'preflight-auth': return 'Authentication rejected the preflight';
    case 'preflight-route-missing': return 'Nothing answers OPTIONS';
    case 'login-redirect': return 'Redirected to a login page';
  }
}

/** A template placeholder's value, computed only when a template uses it (mismatchHint parses URLs). */
function variable(key: string, ctx: FillContext): string {
  const { i, f, res } = ctx;
  const line = (name: string) => i.fix?.lines.find((l) => l.header === name)?.value ?? '';
  const currentHeader = () => (ctx.current === undefined ? (ctx.current = f.header && res ? headerValue(res.headers, f.header) : null) : ctx.current);
  switch (key) {
    case 'origin': return i.origin;
    case 'url': return ctx.url;
    case 'value': return f.failedParameter ?? (currentHeader() ?? '');
    case 'method': {
      const hop = i.ex.hops[f.hop];
      return hop?.preflight ? (headerValue(hop.preflight.request.headers, 'access-control-request-method') ?? hop.request.method) : (hop?.request.method ?? '');
    }
    case 'header': return f.header ?? '';
    case 'status': return res ? `${res.status}${res.statusText ? ` ${res.statusText}` : ''}` : 'no response';
    case 'stage': return STAGE_WORDS[f.stage];
    case 'allowOrigin': return line('Access-Control-Allow-Origin') || i.origin;
    case 'allowMethods': return line('Access-Control-Allow-Methods');
    case 'allowHeaders': return line('Access-Control-Allow-Headers');
    case 'current': {
      const c = currentHeader();
      return c === null ? 'absent' : codeSpan(c);
    }
    case 'acacState': {
      const acac = res ? headerValue(res.headers, 'access-control-allow-credentials') : null;
      return acac === null ? 'has no Access-Control-Allow-Credentials header' : `says ${codeSpan(`Access-Control-Allow-Credentials: ${acac}`)}`;
    }
    case 'mismatchHint': return mismatchHint(f.failedParameter ?? '', i.origin);
    default: return `{${key}}`;
  }
}

/** Names the difference between the allowed value and the real origin, which is what people miss. */
export function mismatchHint(value: string, origin: string): string {
  if (value === 'null') return 'The server allows `null`, the origin of sandboxed frames and redirected requests, not this page.';
  if (origin === 'null') return 'This request was redirected across origins, so the browser sent `Origin: null`; the header would have to say `null` or `*`.';
  if (value !== origin && value.replace(/\/+$/, '') === origin) return 'The value has a trailing slash; an origin never does.';
  if (value.toLowerCase() === origin.toLowerCase()) return 'Only the letter case differs, and the comparison is case-sensitive.';
  const a = parseUrl(value);
  const b = parseUrl(origin);
  if (a && b) {
    if (a.hostname === b.hostname && a.protocol !== b.protocol) return `The scheme differs (${a.protocol.slice(0, -1)} vs ${b.protocol.slice(0, -1)}).`;
    if (a.hostname === b.hostname && a.port !== b.port) return `The port differs (${a.port || 'default'} vs ${b.port || 'default'}).`;
    if (a.pathname !== '/' || a.search) return 'The value carries a path; an origin is only scheme, host and port.';
    return `It names a different host (${plainText(a.hostname)}), probably another environment's configuration.`;
  }
  return '';
}

/** The sentence of `why` that says why a preflight was sent (the panel lists the reasons itself). */
export function preflightSentence(p: PreflightInfo): string {
  const parts = p.reasons.map(reasonWords);
  return `A preflight was needed because ${parts.join('; ')}.`;
}

function reasonWords(r: PreflightReason): string {
  switch (r.kind) {
    case 'method': return `the method ${r.method} is not GET, HEAD or POST`;
    case 'header': return `the page sets the ${codeSpan(r.name)} header, which is not CORS-safelisted`;
    case 'content-type': return `${r.value === '' ? 'the page sets a Content-Type that is' : `Content-Type ${codeSpan(r.value)} is`} not one of text/plain, multipart/form-data or application/x-www-form-urlencoded`;
    case 'header-value-too-long': return `the ${codeSpan(r.name)} value is ${r.length} bytes, over the 128-byte limit for safelisted headers`;
    case 'safelisted-total-too-long': return `the safelisted header values total ${r.total} bytes, over the 1024-byte limit`;
  }
}
