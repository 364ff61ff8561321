/**
 * One tab's log as the background keeps it: the exchanges worth showing, each stored with a compact
 * summary of its diagnosis, under a cap with oldest-first eviction and a visible count of what was
 * dropped. Pure: the background decides where the entries live (storage.session, one key each).
 *
 * Why a summary and not the whole diagnosis: the list needs only the verdict and the rule, and a full
 * diagnosis (explanation, fix plan) is 3 to 4 times the size of the exchange; storage.session holds 10 MB
 * for the whole extension. The panel re-runs the engine (pure and fast) on the one exchange it details.
 * So the background runs only the engine's `triage`, which leaves the words and the fix plan out.
 */
import type { Exchange } from '../model';
import type { AdvisoryCode, FailureCode, Stage, Triage, Verdict } from '../cors';
import { emptyTabState, type TabCaptureState } from './pairing';
import type { BrowserVerdict } from './verified';

/** Exchanges kept per tab; older ones are dropped, and counted. */
export const MAX_EXCHANGES_PER_TAB = 1_000;

export interface VerdictSummary {
  verdict: Verdict;
  /** The rule (or real cause) in a few words: the explanation's title. */
  title: string;
  code: FailureCode | null;
  stage: Stage | null;
  chromiumError: string | null;
  firefoxReason: string | null;
  failedParameter: string | null;
  /** Every offending value when there are several (all the disallowed request headers). */
  failedValues?: string[];
  realCause: string | null;
  advisories: AdvisoryCode[];
  /** The first warning advisory's title: the list marks those requests (info-level ones show only in the detail). */
  warning?: string;
}

export interface StoredExchange {
  /** Position in the tab's log, increasing, never reused within a tab's lifetime. */
  seq: number;
  exchange: Exchange;
  summary: VerdictSummary;
  /** Browser-verified mode: Chromium's own verdict, and whether the engine named the same. */
  browser?: BrowserVerdict & { agrees: boolean };
}

export interface TabLog {
  tabId: number;
  /** The seq the next stored exchange gets. */
  nextSeq: number;
  /** The oldest seq still stored (== nextSeq when empty). */
  firstSeq: number;
  /** Exchanges evicted by the cap since the log was last cleared. */
  dropped: number;
  /** Exchanges diagnosed as same-origin or not CORS, not stored. */
  ignored: number;
  preserveLog: boolean;
  capture: TabCaptureState;
}

export function emptyLog(tabId: number): TabLog {
  return { tabId, nextSeq: 0, firstSeq: 0, dropped: 0, ignored: 0, preserveLog: false, capture: emptyTabState() };
}

export function summarize(d: Triage): VerdictSummary {
  const s: VerdictSummary = {
    verdict: d.verdict,
    title: d.title,
    code: d.failure?.code ?? null,
    stage: d.failure?.stage ?? null,
    chromiumError: d.chromiumError,
    firefoxReason: d.firefoxReason,
    failedParameter: d.failedParameter,
    realCause: d.realCause?.kind ?? null,
    advisories: d.advisories.map((a) => a.code),
  };
  if (d.failure?.values) s.failedValues = d.failure.values;
  const warning = d.advisories.find((a) => a.severity === 'warning');
  if (warning) s.warning = warning.title;
  return s;
}

/**
 * Same-origin requests, navigations and no-cors loads (images, scripts) are not CORS's business; a
 * cross-origin fetch that failed for another reason (a refused connection) is, since the page sees it as
 * "a CORS error".
 */
export function worthKeeping(d: Pick<Triage, 'verdict' | 'realCause'>): boolean {
  if (d.verdict === 'same-origin') return false;
  if (d.verdict === 'not-cors') return d.realCause !== null;
  return true;
}

export interface Admitted {
  entries: StoredExchange[];
  /** Seqs to delete, oldest first. */
  evicted: number[];
}

/** Gives new exchanges their seqs and evicts the oldest beyond the cap. Mutates the log. */
export function admit(log: TabLog, items: Array<{ exchange: Exchange; summary: VerdictSummary }>, cap = MAX_EXCHANGES_PER_TAB): Admitted {
  const entries = items.map((it) => ({ seq: log.nextSeq++, exchange: it.exchange, summary: it.summary }));
  const evicted: number[] = [];
  while (log.nextSeq - log.firstSeq > cap) {
    evicted.push(log.firstSeq++);
    log.dropped++;
  }
  // An entry evicted in the same batch it arrived in is never stored.
  return { entries: entries.filter((e) => e.seq >= log.firstSeq), evicted };
}

/** Empties the log (navigation, or the user's Clear); keeps seqs increasing and the in-flight requests. */
export function clearLog(log: TabLog): number[] {
  const removed: number[] = [];
  for (let s = log.firstSeq; s < log.nextSeq; s++) removed.push(s);
  log.firstSeq = log.nextSeq;
  log.dropped = 0;
  log.ignored = 0;
  return removed;
}
