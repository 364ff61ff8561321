/**
 * Browser-verified mode's bookkeeping: per tab, the recent stored exchanges still waiting for Chromium's
 * verdict, and Chromium's verdicts still waiting for their exchange (either can come first: CDP and
 * webRequest report one request through two channels). In memory only: the mode is a live view, and it is
 * off again after the background restarts.
 */
import type { StoredExchange } from '../shared/capture/log';
import { agrees, closestMatch, type CdpRequestRecord } from '../shared/capture/verified';

/** How many of each a tab keeps waiting; older ones are let go. */
const RECENT = 500;

interface Waiting {
  seq: number;
  url: string;
  method: string;
  t: number;
}

export interface VerdictBook {
  setVerifying(tabId: number, on: boolean): void;
  isVerifying(tabId: number): boolean;
  /** A new entry about to be stored: gets a verdict that came first, or waits for one. */
  onStored(tabId: number, e: StoredExchange): void;
  /** A verdict: the seq of the stored entry it belongs to, or null (kept for an entry to come). */
  onVerdict(tabId: number, record: CdpRequestRecord, firstSeq: number): number | null;
}

function pushBounded<T>(map: Map<number, T[]>, tabId: number, item: T): void {
  const list = map.get(tabId) ?? [];
  list.push(item);
  if (list.length > RECENT) list.shift();
  map.set(tabId, list);
}

export function createVerdictBook(): VerdictBook {
  const verifying = new Set<number>();
  const awaiting = new Map<number, Waiting[]>();
  const unmatched = new Map<number, CdpRequestRecord[]>();
  return {
    setVerifying(tabId, on) {
      if (on) {
        verifying.add(tabId);
        return;
      }
      verifying.delete(tabId);
      awaiting.delete(tabId);
      unmatched.delete(tabId);
    },
    isVerifying: (tabId) => verifying.has(tabId),
    onStored(tabId, e) {
      const first = e.exchange.hops[0]?.request;
      if (!first) return;
      const key = { seq: e.seq, url: first.url, method: first.method, t: e.exchange.startedAt ?? 0 };
      const pending = unmatched.get(tabId) ?? [];
      const match = closestMatch(key, pending);
      if (match) {
        pending.splice(pending.indexOf(match), 1);
        e.browser = { ...match.verdict, agrees: agrees(e.summary, match.verdict) };
        return;
      }
      pushBounded(awaiting, tabId, key);
    },
    onVerdict(tabId, record, firstSeq) {
      const waiting = awaiting.get(tabId) ?? [];
      const match = closestMatch(record, waiting);
      if (!match || match.seq < firstSeq) {
        pushBounded(unmatched, tabId, record);
        return null;
      }
      waiting.splice(waiting.indexOf(match), 1);
      return match.seq;
    },
  };
}
