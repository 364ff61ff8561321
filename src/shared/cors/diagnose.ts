/**
 * The engine's entry point. Given what a browser saw for one request, re-derives the browser's verdict
 * from the raw headers, names the rule, explains it, and plans the fix. Pure: no browser APIs, no clock.
 *
 * Unknowns (credentials mode, preflight cache) are evaluated as hypotheses; the ones consistent with the
 * observed outcome (blocked or not, cookies sent or not) are kept, and the verdict says which it rests on.
 */
import { codeSpan, plainText } from './inline-code';
import type { Exchange } from '../model';
import { advisories as adviseOn } from './advisories';
import { evaluate, requestShape, resolveMode, type Block, type Evaluation, type HopPlan } from './evaluate';
import { chooseCredentials, isBlocking, type Observed, type Run } from './hypotheses';
import { explain, NOT_CORS_SUMMARY, SAME_ORIGIN_SUMMARY, titleOf } from './explain';
import { chromiumName, FAILURES } from './failures';
import { fixPlan } from './fix';
import { headerValue } from './headers';
import { normaliseOrigin, OPAQUE, originOf } from './origin';
import { exposure, preflightCacheSeconds } from './exposure';
import { realCause } from './real-cause';
import { isRedirect, type Flavor } from './checks';
import type { Advisory, Diagnosis, Failure, PreflightInfo, Triage, Verdict } from './types';

// Malformed input must never take the caller down: each entry point says what could not be decided instead.

export function diagnose(ex: Exchange): Diagnosis {
  try {
    return inWords(decide(ex, true));
  } catch (err) {
    return inWords(unreadable(err));
  }
}

/**
 * The diagnosis without its words and fix plan: the verdict, the rule and its codes, the advisories and a
 * title. What the background keeps for every captured request (src/shared/capture/log.ts); the panel works
 * out the words and the fix for the one request it shows. Writing them is a third of a diagnosis's cost
 * (`npm run bench`), spent on text nobody would read. Equal field by field to `diagnose`
 * (test/unit/cors/triage.test.ts).
 */
export function triage(ex: Exchange): Triage {
  try {
    return titled(decide(ex, true));
  } catch (err) {
    return titled(unreadable(err));
  }
}

/**
 * The same diagnosis with every run evaluated in full, none skipped because its result is known: for the
 * test that proves the skips change nothing (test/unit/cors/shortcuts.test.ts).
 */
export function diagnoseInFull(ex: Exchange): Diagnosis {
  try {
    return inWords(decide(ex, false));
  } catch (err) {
    return inWords(unreadable(err));
  }
}

function unreadable(err: unknown): Decision {
  return bare('blocked', [`The request could not be analysed: ${plainText(err instanceof Error ? err.message : String(err))}.`], 'Could not analyse this request');
}

/** What the browser's own report says, as far as it can be trusted for this browser. */
function observedOutcome(ex: Exchange): Observed {
  const o = ex.outcome;
  if (o.kind === 'failed') return /ERR_FAILED$|NS_ERROR_DOM_BAD_URI|CORS/i.test(o.error) ? 'blocked' : 'error';
  // Firefox ends a simple request blocked for its Access-Control-Allow-Origin in onCompleted(200), and
  // a proxy or HAR from an unknown tool cannot see the browser's decision: only Chromium's success counts.
  if (o.kind === 'completed' && ex.browser === 'chromium') return 'passed';
  return 'unknown';
}


/** What a diagnosis and a triage share: everything but the words, the fix plan and the title. */
type Core = Omit<Triage, 'title'>;

/**
 * Everything a diagnosis decides, and what its words need: fixed texts for the requests decided before any
 * CORS rule (same-origin, not CORS, unreadable), else the exchange and the run the verdict rests on. Each
 * entry point completes `core` in place (`titled`, `inWords`) rather than copying it: copied with object
 * spread and rest, the page mix's triage counted more instructions than its diagnosis (32,346 to 25,495).
 */
type Decision = { core: Core } & (
  | { bare: { title: string; summary: string } }
  | { ex: Exchange; plans: HopPlan[]; withCredentials: boolean; origin: string }
);

function decide(ex: Exchange, shortcuts: boolean): Decision {
  if (!ex || !Array.isArray(ex.hops) || ex.hops.length === 0 || !ex.hops[0]?.request) {
    return bare('not-cors', ['The exchange has no request in it.'], 'Nothing to analyse');
  }
  const first = ex.hops[0];
  const rawInitiator = ex.initiator ?? headerValue(first.request.headers, 'origin');
  if (rawInitiator === null || rawInitiator === undefined || rawInitiator === '') {
    return bare('not-cors', ['Which page made this request is not recorded (no initiator and no Origin header), so whether it was cross-origin cannot be decided.'], 'Origin of the page unknown');
  }
  const initiator = normaliseOrigin(rawInitiator);
  if (initiator !== OPAQUE && originOf(initiator) !== initiator) {
    return bare('not-cors', [`The page's origin was recorded as ${codeSpan(rawInitiator.slice(0, 80))}, which is not an origin, so the request cannot be checked.`], 'Origin of the page invalid');
  }
  const hopOrigins = ex.hops.map((h) => originOf(h.request.url));
  // The page's own loads, navigations included, are same-origin whatever their mode.
  if (initiator !== OPAQUE && hopOrigins.every((o) => o === initiator)) {
    return bare('same-origin', [], 'Same-origin request', initiator);
  }
  // Each hop's request and preflight header lists, read once for every rule and run below.
  const shapes = ex.hops.map(requestShape);
  const mode = resolveMode(ex, initiator, shapes[0]);
  if (mode === 'navigate' || mode === 'no-cors') {
    return bare('not-cors', [], 'Not a CORS request', initiator);
  }
  const flavor: Flavor = ex.browser === 'firefox' ? 'firefox' : 'chromium';
  const other: Flavor = flavor === 'firefox' ? 'chromium' : 'firefox';

  // Credentials: observed when the source says, or when cookies went to another origin (only
  // credentials mode "include" sends them cross-origin). Otherwise both are hypotheses.
  const cookie = shapes.some((s, i) => hopOrigins[i] !== initiator && s.cookie);
  const known = ex.credentials !== undefined ? ex.credentials === 'include' : cookie ? true : undefined;
  const candidates = known === undefined ? [false, true] : [known];
  const preflightLists = ex.hops.map(() => ({}));
  const run = (f: Flavor, withCredentials: boolean): Evaluation =>
    evaluate(ex, { flavor: f, withCredentials, initiator, mode, preflightCached: ex.preflightCached, hopOrigins, shapes, preflightLists });
  const runs: Run[] = [{ withCredentials: candidates[0] as boolean, e: run(flavor, candidates[0] as boolean) }];
  // A second hypothesis cannot change a failure of the very first check (see credentialsCannotMatter).
  if (candidates.length > 1 && !(shortcuts && credentialsCannotMatter(ex, (runs[0] as Run).e))) runs.push({ withCredentials: candidates[1] as boolean, e: run(flavor, candidates[1] as boolean) });

  if (!runs[0]?.e.hops.some((h) => h.cors) && !runs[0]?.e.block) {
    return bare('same-origin', [], 'Same-origin request', initiator);
  }

  const observed = observedOutcome(ex);
  // Chromium let it through although every hypothesis fails a CORS rule: without a recorded mode, it was
  // a no-cors request (an <img>, a script, fetch with mode: "no-cors"), which CORS does not govern.
  const choice = chooseCredentials(ex, runs, observed, known);
  if (choice.fits === 0 && observed === 'passed' && !ex.mode) {
    return bare('not-cors', [], 'Not a CORS request', initiator);
  }
  const { chosen, same, assumptions, undecided } = choice;

  const e = chosen.e;
  const withCredentials = chosen.withCredentials;
  const otherRun = shortcuts && sameForFirefox(flavor, e) ? e : run(other, withCredentials);
  const firstCors = e.hops.find((h) => h.cors) ?? e.hops[0];
  const preflight: PreflightInfo = {
    needed: !!firstCors?.needsPreflight,
    reasons: firstCors?.reasons ?? [],
    observed: firstCors?.preflight ?? 'not-needed',
  };
  const preflightResponse = firstCors ? ex.hops[firstCors.index]?.preflight?.response : undefined;
  if (preflightResponse) preflight.cacheSeconds = preflightCacheSeconds(preflightResponse);
  if (e.hops.some((h) => h.preflight === 'cached')) {
    assumptions.push({
      about: 'preflight-cache',
      value: 'hit',
      basis: ex.preflightCached === true ? 'observed' : 'fits-outcome',
      detail: ex.preflightCached === true
        ? 'The browser answered the preflight from its cache.'
        : 'A preflight was needed and none is in the capture, yet the request went out: either the browser reused a cached preflight, or the capture does not record preflights (Playwright\'s HAR never does).',
    });
  }

  const failure = toFailure(e.block, otherRun.block, flavor);
  const cause = realCause(ex, e.block);
  // A request that failed for a non-CORS reason (refused connection, too many redirects, aborted) was not
  // decided by CORS: `not-cors`, with the real cause saying what happened.
  const verdict: Verdict = isBlocking(e.block) || observed === 'blocked' ? 'blocked' : observed === 'error' ? 'not-cors' : 'allowed';
  if (e.block?.kind === 'preflight-unseen') {
    undecided.push('A preflight was needed but is not in the capture, and the request got no response: the preflight most likely failed, but which rule it broke cannot be decided without its response.');
  }
  if (e.block?.kind === 'no-response' && !cause) {
    undecided.push(ex.outcome.kind === 'failed' ? `The request failed (${plainText(ex.outcome.error)}) and no response headers were recorded, so which CORS rule failed cannot be decided.` : 'No response was recorded, so the CORS headers could not be checked.');
  }
  if (verdict === 'blocked' && ex.outcome.kind === 'failed' && !failure && !cause && undecided.length === 0) {
    undecided.push('The browser blocked the request, and the recorded headers do not show why.');
  }
  if (failure?.code === 'allow-origin-multiple' && flavor === 'firefox' && failure.firefoxReason === 'CORSAllowOriginNotMatchingOrigin') {
    // Measured in Firefox ESR 153: its webRequest joins repeated response header lines into one.
    undecided.push('Firefox names a comma list in one Access-Control-Allow-Origin line CORSAllowOriginNotMatchingOrigin, but two separate lines CORSMultipleAllowOriginNotAllowed; a capture that joins repeated lines (Firefox\'s webRequest does) cannot tell which the server sent.');
  }
  if (ex.outcome.kind === 'failed' && /ERR_ABORTED/.test(ex.outcome.error) && isRedirect(ex.hops[ex.hops.length - 1]?.response)) {
    // Measured in Chromium 156: webRequest ends fetch(..., { redirect: "error" }) at the redirect with
    // net::ERR_ABORTED (CDP says net::ERR_FAILED), as it does `redirect: "manual"` and a page's abort.
    undecided.push('The request stopped at a redirect (net::ERR_ABORTED): the page asked for `redirect: "manual"` or `redirect: "error"`, or cancelled it. Which one is not in the capture.');
  }
  // Last: the least telling of the notes.
  if (first.request.headersComplete === false) {
    undecided.push('The capture does not include every request header (a request that was never sent shows at most the headers the page set; Chromium shows none, and the Access-Control-Request-Headers of its preflight names them), so the reasons for a preflight are inferred.');
  }
  const lastResponse = ex.hops[ex.hops.length - 1]?.response;
  const exposed = verdict === 'allowed' && lastResponse ? exposure(lastResponse, withCredentials) : null;
  const adv: Advisory[] = verdict === 'allowed' ? adviseOn({ ex, plans: e.hops, withCredentials, initiator, ...(exposed ? { exposed } : {}) }) : [];
  const disagree = observed === 'error' ? null : browsersDisagree(e.block, otherRun.block, flavor);
  if (disagree) adv.push(disagree);
  // After a cross-origin redirect the failing hop was sent with `Origin: null`: its words must say so.
  const origin = (failure ? e.hops[failure.hop]?.requestOrigin : undefined) ?? firstCors?.requestOrigin ?? initiator;
  return {
    core: {
      verdict,
      failure,
      chromiumError: failure?.chromiumError ?? null,
      firefoxReason: failure?.firefoxReason ?? null,
      failedParameter: failure?.failedParameter ?? null,
      preflight,
      realCause: cause,
      advisories: adv,
      assumptions,
      credentials: known === undefined && same ? 'unknown' : withCredentials ? 'include' : (ex.credentials ?? 'same-origin'),
      undecided,
      exposure: verdict === 'allowed' ? exposed : null,
    },
    ex,
    plans: e.hops,
    withCredentials,
    origin,
  };
}

function titled(d: Decision): Triage {
  const t = d.core as Triage;
  t.title = 'bare' in d ? d.bare.title : titleOf(t.verdict, t.failure, t.realCause);
  return t;
}

/** The decision with its fix plan and words. */
function inWords(d: Decision): Diagnosis {
  const t = d.core as Diagnosis;
  if ('bare' in d) {
    t.fix = null;
    t.explanation = { title: d.bare.title, summary: d.bare.summary, why: [], fix: [] };
    return t;
  }
  t.fix = fixPlan({ ex: d.ex, plans: d.plans, failure: t.failure, advisories: t.advisories, realCause: t.realCause, withCredentials: d.withCredentials });
  t.explanation = explain({ ex: d.ex, verdict: t.verdict, failure: t.failure, realCause: t.realCause, preflight: t.preflight, fix: t.fix, origin: d.origin, undecided: t.undecided });
  return t;
}

/**
 * When the Chromium run's result holds for Firefox too, Firefox's run is skipped (it was a third of the
 * engine's time). Firefox differs from Chromium only in the order of the preflight checks (the CORS check
 * before the redirect check, and Allow-Methods matched before Allow-Headers is parsed), in how it splits a
 * bad Access-Control-Allow-Origin, in Local Network Access (Chromium's alone), and in refusing non-HTTP
 * redirects that Chromium fails as a network error (no block). So a pass in Chromium is a pass in
 * Firefox, and so is every hop before a failure; a failure of one of these codes is the same failure
 * there. The conformance recordings of both browsers check this (test/unit/cors/recordings.test.ts).
 */
const SAME_IN_FIREFOX = new Set(['allow-origin-missing', 'allow-origin-mismatch', 'allow-origin-invalid', 'allow-origin-wildcard-with-credentials', 'allow-credentials-invalid', 'redirect-contains-credentials', 'disallowed-by-mode', 'scheme-not-supported']);
/**
 * On a preflight: Chromium failing one of these had already passed the redirect check, so Firefox's
 * CORS check comes first to the same result; and it had parsed both lists, so Firefox's method match
 * sees what Chromium's saw. Not `preflight-redirect` (Firefox runs the CORS check first) nor
 * `allow-headers-invalid` (Firefox matches the method first).
 */
const SAME_ON_PREFLIGHT = new Set([...SAME_IN_FIREFOX, 'preflight-network-error', 'preflight-status', 'private-network-allow-missing', 'private-network-allow-invalid', 'allow-methods-invalid', 'method-not-allowed', 'header-not-allowed']);
function sameForFirefox(flavor: Flavor, e: Evaluation): boolean {
  if (flavor !== 'chromium') return false;
  const b = e.block;
  if (b === null || b.kind === 'mixed-content' || b.kind === 'preflight-unseen') return true;
  if (b.kind !== 'rule') return false;
  return (b.rule.stage === 'preflight' ? SAME_ON_PREFLIGHT : SAME_IN_FIREFOX).has(b.rule.code);
}

/**
 * Credentials change only the `*` and Access-Control-Allow-Credentials parts of a check (and `*` in the
 * preflight's lists). When the first check of the exchange already failed on the Allow-Origin value itself
 * (missing, another origin, invalid, several), nothing passed before it, so a credentialed request fails
 * identically and its run is skipped.
 */
const ORIGIN_VALUE_FAILURES = new Set(['allow-origin-missing', 'allow-origin-mismatch', 'allow-origin-invalid', 'allow-origin-multiple']);
function credentialsCannotMatter(ex: Exchange, e: Evaluation): boolean {
  const b = e.block;
  if (!b || b.kind !== 'rule' || b.hop !== 0 || !ORIGIN_VALUE_FAILURES.has(b.rule.code)) return false;
  return b.rule.stage === 'preflight' || !ex.hops[0]?.preflight;
}

function toFailure(block: Block | null, otherBlock: Block | null, flavor: Flavor): Failure | null {
  if (!block || block.kind !== 'rule') return null;
  const { rule } = block;
  const other = otherBlock?.kind === 'rule' ? otherBlock.rule : null;
  const chromiumRule = flavor === 'chromium' ? rule : other;
  const firefoxRule = flavor === 'firefox' ? rule : other;
  const failure: Failure = {
    code: rule.code,
    stage: rule.stage,
    hop: block.hop,
    failedParameter: rule.failedParameter,
    header: FAILURES[rule.code].header,
    chromiumError: chromiumRule ? chromiumName(chromiumRule.code, chromiumRule.stage) : null,
    firefoxReason: firefoxRule ? (firefoxRule.firefoxReason ?? FAILURES[firefoxRule.code].firefox) : null,
  };
  // Object spread is slow on this path; set the optional field only when there is one.
  if (rule.values && rule.values.length > 1) failure.values = rule.values;
  return failure;
}

function browsersDisagree(mine: Block | null, theirs: Block | null, flavor: Flavor): Advisory | null {
  // A hop with no response (a network failure) counts as "not blocked by CORS" here.
  const a = isBlocking(mine) ?? false;
  const b = isBlocking(theirs) ?? false;
  if (a === b) return null;
  const blocker = a ? flavor : flavor === 'chromium' ? 'firefox' : 'chromium';
  const name = blocker === 'chromium' ? 'Chromium' : 'Firefox';
  const rule = (a ? mine : theirs) as Block;
  const what = rule.kind === 'rule' ? FAILURES[rule.rule.code].title : 'a rule';
  return {
    code: 'browsers-disagree',
    severity: 'warning',
    title: `Only ${name} blocks this request`,
    detail: `${name} blocks it (${what}); the other browser lets it through. Fix it for both.`,
  };
}

function bare(verdict: Verdict, undecided: string[], title: string, origin = ''): Decision {
  const summary = verdict === 'same-origin'
    ? SAME_ORIGIN_SUMMARY
    : verdict === 'not-cors' && undecided.length === 0
      ? NOT_CORS_SUMMARY
      : (undecided[0] ?? title);
  return {
    core: {
      verdict,
      failure: null,
      chromiumError: null,
      firefoxReason: null,
      failedParameter: null,
      preflight: { needed: false, reasons: [], observed: 'not-needed' },
      realCause: null,
      advisories: [],
      assumptions: origin === OPAQUE ? [{ about: 'initiator', value: OPAQUE, basis: 'observed', detail: 'The page has an opaque origin.' }] : [],
      credentials: 'unknown',
      undecided,
      exposure: null,
    },
    bare: { title, summary },
  };
}
