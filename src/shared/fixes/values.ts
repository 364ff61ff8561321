/**
 * The values a snippet may carry, checked. A plan's origin, methods and header names can come from a
 * hostile HAR or page; a snippet is pasted into a server's configuration, where a line break or a
 * quote in a value could add a directive nobody reviewed. So every value must be one a browser could
 * really send: a serialised origin, an RFC 9110 token. Anything else is left out of the configuration
 * itself, and shown only in a comment and a note (escaped by `shown`) that say why.
 */
import { codeSpan, plainText } from '../cors/inline-code';
import { RECOMMENDED_MAX_AGE } from '../cors/fix';
import { commaItems, isToken } from '../cors/headers';
import { OPAQUE, originOf } from '../cors/origin';
import type { FixPlan } from '../cors/types';
import type { RenderOptions } from './types';
import { shown, shownInNote } from './quote';

export type ValueKind = 'origin' | 'method' | 'request header' | 'response header';

export interface Refusal {
  kind: ValueKind;
  value: string;
  why: string;
}

/** A fix plan's values, each one legal where it goes. */
export interface CorsValues {
  /** The origins to allow, the request's own first; empty when every one was refused (the snippet then allows none). */
  origins: string[];
  credentials: boolean;
  preflight: boolean;
  /** For Access-Control-Allow-Methods; empty when only CORS-safelisted methods are used. */
  methods: string[];
  /** For Access-Control-Allow-Headers; empty when the request sets no unsafelisted header. */
  allowHeaders: string[];
  /** For Access-Control-Expose-Headers; empty when the page reads no hidden response header. */
  exposeHeaders: string[];
  /** For Access-Control-Max-Age, in seconds. */
  maxAge: number;
  refused: Refusal[];
}

// What a browser sends in Origin, restricted to hosts that resolve: DNS labels (`_` too, which
// browsers accept), IPv4 or a bracketed IPv6, and an optional port. The URL standard also lets
// `$ ; " ' { }` and more into a host; no real origin has them, and they matter in every target's
// syntax, so they are refused. Schemes with a special default port must also be in canonical form
// (lower case, default port dropped, IDN in punycode); others are extension pages
// (chrome-extension://id, moz-extension://uuid...).
const ORIGIN = /^([a-z][a-z0-9+.-]*):\/\/(?:[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;
const SPECIAL = /^(?:https?|wss?|ftp)$/;

const LINE_BREAK = /[\r\n\u0085\u2028\u2029]/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

function brokenWhy(value: string): string | null {
  if (LINE_BREAK.test(value)) return 'it contains a line break';
  if (CONTROL.test(value)) return 'it contains a control character';
  return null;
}

/** Why an origin cannot be put in a snippet, or null when it can. */
export function originRefusal(origin: string): string | null {
  if (origin === '') return 'the plan names no origin (no server header cures this failure)';
  if (origin === OPAQUE) {
    return 'the request was sent with `Origin: null` (after a cross-origin redirect, or from a sandboxed or file: document); allowing `null` would let any sandboxed page in, so call the final URL directly and allow the page\'s real origin';
  }
  const broken = brokenWhy(origin);
  if (broken) return broken;
  const m = ORIGIN.exec(origin);
  const serialised = m !== null && (!SPECIAL.test(m[1] as string) || originOf(origin) === origin);
  return serialised ? null : 'it is not a serialised origin as browsers send it (scheme://host[:port], lower case, no path; host of letters, digits, dots and hyphens)';
}

// Marked as code like the rest of the engine's texts: the list holds a backtick of its own.
const TOKEN_WHY = `it is not an RFC 9110 token (only letters, digits and ${codeSpan("!#$%&'*+-.^_`|~")})`;

/** Why a method or header name cannot be put in a snippet, or null when it can. */
export function tokenRefusal(name: string): string | null {
  if (isToken(name)) return null;
  return brokenWhy(name) ?? (name === '' ? 'it is empty' : TOKEN_WHY);
}

function lineItems(plan: FixPlan, header: string): string[] {
  const out: string[] = [];
  for (const l of plan.lines) if (l.header.toLowerCase() === header) out.push(...commaItems(l.value));
  return out;
}

/**
 * The plan's values, checked. The plan's lines come first: they keep what the server allows now (its
 * other methods and headers, in its order) plus what this request needs, so a pasted snippet does
 * not take away what other pages use.
 */
export function corsValues(plan: FixPlan, options: RenderOptions = {}): CorsValues {
  const refused: Refusal[] = [];
  const refuse = (kind: ValueKind, value: string, why: string) => {
    if (!refused.some((r) => r.kind === kind && r.value === value)) refused.push({ kind, value, why });
  };
  const names = (kind: ValueKind, lists: string[][], caseInsensitive: boolean): string[] => {
    const out: string[] = [];
    const seen = new Set<string>();
    for (const list of lists) {
      for (const name of list) {
        const why = tokenRefusal(name);
        if (why) {
          refuse(kind, name, why);
          continue;
        }
        const key = caseInsensitive ? name.toLowerCase() : name;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(name);
      }
    }
    return out;
  };

  const origins: string[] = [];
  for (const o of [plan.origin, ...(options.moreOrigins ?? [])]) {
    const why = originRefusal(o);
    if (why) refuse('origin', o, why);
    else if (!origins.includes(o)) origins.push(o);
  }
  const preflight = plan.preflight;
  const methods = preflight ? names('method', [lineItems(plan, 'access-control-allow-methods'), plan.methods], false) : [];
  const allowHeaders = preflight ? names('request header', [lineItems(plan, 'access-control-allow-headers'), plan.requestHeaders], true) : [];
  const exposeHeaders = names('response header', [lineItems(plan, 'access-control-expose-headers'), plan.exposeHeaders], true);
  const maxAge = plan.maxAge !== null && Number.isSafeInteger(plan.maxAge) && plan.maxAge >= 0 ? plan.maxAge : RECOMMENDED_MAX_AGE;
  return {
    origins,
    credentials: plan.credentials,
    preflight,
    methods,
    allowHeaders,
    exposeHeaders,
    maxAge,
    refused,
  };
}

/** One comment line per refused value, in the target's comment syntax. */
export function refusalComments(v: CorsValues, prefix: string): string[] {
  return v.refused.map((r) => `${prefix} Left out ${r.kind} ${shown(r.value)}: ${r.why}.`);
}

/** One note per refused value. */
export function refusalNotes(v: CorsValues): string[] {
  return v.refused.map((r) =>
    r.kind === 'origin' && (r.value === '' || r.value === OPAQUE)
      ? `No origin is allowed by this snippet: ${r.why}.`
      : `The ${r.kind} ${shownInNote(r.value)} was left out: ${r.why}. A browser never sends such a value; check where the capture or HAR came from.`,
  );
}

/** Notes every target shares. */
export function commonNotes(v: CorsValues): string[] {
  const notes: string[] = [];
  if (v.origins.length > 0) {
    notes.push(`Allows ${plainText(v.origins.join(', '))} only. To allow more origins, list each one exactly; never send back whatever Origin arrives (with credentials that lets any site act as the user).`);
  }
  notes.push('Only one layer should add CORS headers: if a proxy and the application both do, the browser sees two Access-Control-Allow-Origin values and blocks the response.');
  return notes;
}
