/**
 * Choosing among hypotheses about what the capture cannot show (https://fetch.spec.whatwg.org/#concept-request-credentials-mode
 * is invisible to webRequest and HAR files): each hypothesis was evaluated; keep those consistent with
 * what was observed, prefer one that explains the outcome, and say which one the verdict rests on.
 */
import type { Exchange } from '../model';
import type { Block, Evaluation } from './evaluate';
import { FAILURES } from './failures';
import type { Assumption } from './types';

export type Observed = 'blocked' | 'passed' | 'error' | 'unknown';

/** One evaluation of the exchange under one credentials hypothesis. */
export interface Run {
  withCredentials: boolean;
  e: Evaluation;
}

/** True when the evaluation blocks, false when it passes, null when it cannot say (no response). */
export function isBlocking(b: Block | null): boolean | null {
  if (!b) return false;
  return b.kind === 'no-response' ? null : true;
}

/**
 * A hypothesis that blocks at a point the capture shows the browser went past is refuted: the request
 * after a redirect was made, so the redirect passed; the actual request got an answer, so its preflight
 * passed.
 */
function wentPast(ex: Exchange, b: Block | null): boolean {
  if (!b || b.kind !== 'rule') return false;
  if (ex.hops.length > b.hop + 1) return true;
  return b.rule.stage === 'preflight' && ex.hops[b.hop]?.response !== undefined;
}

function sameResult(a: Evaluation, b: Evaluation): boolean {
  const ra = a.block?.kind === 'rule' ? a.block.rule.code : a.block?.kind ?? 'pass';
  const rb = b.block?.kind === 'rule' ? b.block.rule.code : b.block?.kind ?? 'pass';
  return ra === rb;
}

function describe(e: Evaluation): string {
  if (!e.block) return 'it would be allowed';
  if (e.block.kind === 'rule') return `it would be blocked (${FAILURES[e.block.rule.code].title})`;
  return 'it would be blocked';
}

export interface CredentialsChoice {
  chosen: Run;
  /** How many hypotheses fit the observation (0: none does). */
  fits: number;
  /** Every hypothesis gives the same result: the credentials mode does not matter. */
  same: boolean;
  assumptions: Assumption[];
  undecided: string[];
}

/**
 * `known` is the credentials mode when the capture shows it (true: include). `runs` holds one run per
 * hypothesis still worth evaluating, the default (no credentials) first.
 */
export function chooseCredentials(ex: Exchange, runs: Run[], observed: Observed, known: boolean | undefined): CredentialsChoice {
  const matches = (b: boolean | null) => b !== null && (observed === 'blocked' || observed === 'passed') && b === (observed === 'blocked');
  // Hypotheses whose verdict matches the outcome come first; those that cannot say (no response) next.
  const fits = runs.filter((r) => {
    if (wentPast(ex, r.e.block)) return false;
    const b = isBlocking(r.e.block);
    return b === null || observed === 'unknown' || observed === 'error' || matches(b);
  });
  if (fits.length > 1) fits.sort((x, y) => Number(matches(isBlocking(y.e.block))) - Number(matches(isBlocking(x.e.block))));
  const undecided: string[] = [];
  const assumptions: Assumption[] = [];
  const chosen = fits[0] ?? (runs[0] as Run);
  const same = runs.every((r) => sameResult(r.e, chosen.e));
  const explains = fits.length === 1 || (fits.length > 1 && matches(isBlocking(chosen.e.block)) && !fits.slice(1).some((r) => matches(isBlocking(r.e.block))));
  const mode = chosen.withCredentials ? 'include' : 'same-origin';
  if (known !== undefined) {
    assumptions.push({ about: 'credentials', value: known ? 'include' : (ex.credentials ?? 'omit'), basis: 'observed', detail: ex.credentials ? 'The capture records the credentials mode.' : 'Cookies were sent to another origin, which only happens with credentials: "include".' });
  } else if (same) {
    assumptions.push({ about: 'credentials', value: 'same-origin', basis: 'default', detail: 'The credentials mode is not recorded, and the verdict is the same with or without credentials.' });
  } else if (explains) {
    assumptions.push({ about: 'credentials', value: mode, basis: 'fits-outcome', detail: `The credentials mode is not recorded; only ${chosen.withCredentials ? 'a request with credentials' : 'a request without credentials'} explains that the browser ${observed === 'blocked' ? 'blocked' : 'allowed'} it.` });
    if (fits.length > 1) {
      undecided.push(`Assumed ${chosen.withCredentials ? 'credentials: "include"' : 'no credentials'} because otherwise nothing in the capture explains the outcome. If the page really sent ${chosen.withCredentials ? 'no credentials' : 'credentials'}, something the capture cannot show stopped it (for instance \`redirect: "error"\`).`);
    }
  } else {
    assumptions.push({ about: 'credentials', value: mode, basis: 'default', detail: 'The credentials mode is not recorded; assumed fetch\'s default (no credentials cross-origin).' });
    const alt = runs.find((r) => r !== chosen);
    if (alt) undecided.push(`If the page sends credentials (credentials: "include" or withCredentials), the verdict changes: ${describe(alt.e)}.`);
  }
  if (fits.length === 0) {
    undecided.push(observed === 'blocked'
      ? 'The browser reported the request as blocked, but its headers pass every CORS rule. Something outside the headers decided it: a missing preflight in the capture, an extension, a service worker, or a non-CORS policy such as CORP or ORB.'
      : 'The browser reported success, but the headers fail a CORS rule. The capture may have altered headers (a proxy), or the request was not a CORS request.');
  }
  return { chosen, fits: fits.length, same, assumptions, undecided };
}
