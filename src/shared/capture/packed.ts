/**
 * A stored exchange as a panel's snapshot carries it: what the list shows (method, URL, status, the
 * verdict summary), and the exchange itself as JSON text, parsed only when the panel opens or exports
 * it. Why: Chromium's ports carry JSON, parsed on the panel's main thread before it can paint, and a
 * log's exchanges are most of a snapshot's bytes (13 MB for 10,000); a string inside the message costs
 * a scan, not an object per header. Measured with `npm run bench`.
 */
import type { Exchange } from '../model';
import type { StoredExchange, VerdictSummary } from './log';

/** What the list needs of an exchange. */
export interface RowHead {
  method: string;
  url: string;
  /** "200", "OPTIONS 401" (the preflight was the end of it), "302→200", "(failed)". */
  status: string;
}

export interface PackedExchange {
  seq: number;
  summary: VerdictSummary;
  browser?: StoredExchange['browser'];
  head: RowHead;
  /** JSON.stringify of the Exchange. */
  exchangeJson: string;
}

/** The status column: every hop's status; the preflight's when the preflight was the end of it. */
export function statusOf(exchange: Exchange, summary: VerdictSummary): string {
  const parts: string[] = [];
  for (const hop of exchange.hops) {
    if (hop.response) parts.push(String(hop.response.status));
    else if (hop.preflight && summary.stage === 'preflight') {
      const pre = hop.preflight.response;
      parts.push(pre ? `OPTIONS ${pre.status}` : 'OPTIONS (failed)');
    } else parts.push(exchange.outcome.kind === 'failed' ? '(failed)' : '(pending)');
  }
  return parts.join('→');
}

export function rowHead(e: Pick<StoredExchange, 'exchange' | 'summary'>): RowHead {
  const first = e.exchange.hops[0]?.request;
  return { method: first?.method ?? '', url: first?.url ?? '', status: statusOf(e.exchange, e.summary) };
}

export function pack(e: StoredExchange): PackedExchange {
  const p: PackedExchange = { seq: e.seq, summary: e.summary, head: rowHead(e), exchangeJson: JSON.stringify(e.exchange) };
  if (e.browser) p.browser = e.browser;
  return p;
}

/** A stored exchange whose `exchange` is parsed on first read, and its row head known without parsing. */
export type ListedExchange = StoredExchange & { head: RowHead };

export function unpack(p: PackedExchange): ListedExchange {
  const e = { seq: p.seq, summary: p.summary, head: p.head } as ListedExchange;
  if (p.browser) e.browser = p.browser;
  let parsed: Exchange | undefined;
  Object.defineProperty(e, 'exchange', {
    enumerable: true,
    get: () => (parsed ??= JSON.parse(p.exchangeJson) as Exchange),
  });
  return e;
}
