/**
 * The list's rows, derived from the stored entries: identical failures (same method, same endpoint, same
 * rule) fold into one row with a count, kept where the first of them appeared so that the list never
 * reorders as requests stream in. Passing requests are one row each. Pure and linear in the entries:
 * the panel re-derives rows on every change, and 10,000 entries must stay well under a frame's budget.
 */
import type { StoredExchange } from '../shared/capture/log';
import { inlinePlain } from '../shared/cors/inline-code';
import { rowHead, type ListedExchange, type RowHead } from '../shared/capture/packed';

export type RowVerdict = 'blocked' | 'failed' | 'advisory' | 'passed';

export interface Row {
  /** Stable across updates: the first entry's seq for a group, `s<seq>` for a single request. */
  key: string;
  method: string;
  url: string;
  /** "200", "OPTIONS 401", "302→(failed)", "(failed)". */
  status: string;
  verdict: RowVerdict;
  /** The rule, or the real cause, in a few words. */
  rule: string;
  /** How many requests the row stands for. */
  count: number;
  /** The newest entry of the row: the one the detail view shows. */
  latest: StoredExchange;
}

export interface RowFilter {
  failingOnly: boolean;
  search: string;
}

export function rowVerdict(e: StoredExchange): RowVerdict {
  const s = e.summary;
  if (s.verdict === 'blocked') return 'blocked';
  if (s.verdict === 'not-cors') return 'failed';
  return s.warning !== undefined ? 'advisory' : 'passed';
}

export const isFailing = (v: RowVerdict): boolean => v === 'blocked' || v === 'failed';

/**
 * The list's fields of an entry: carried by the snapshot (capture/packed.ts), so the first paint parses
 * no exchange; computed once for entries that came whole (`added`, `updated`).
 */
const heads = new WeakMap<StoredExchange, RowHead>();
export function headOf(e: StoredExchange): RowHead {
  const carried = (e as Partial<ListedExchange>).head;
  if (carried) return carried;
  let h = heads.get(e);
  if (!h) heads.set(e, (h = rowHead(e)));
  return h;
}

/** Method, origin and path: query strings differ between calls to the same endpoint. */
function endpoint(method: string, url: string): string {
  const q = url.search(/[?#]/);
  return `${method} ${q === -1 ? url : url.slice(0, q)}`;
}

function toRow(e: StoredExchange, key: string, count: number): Row {
  const { method, url, status } = headOf(e);
  const verdict = rowVerdict(e);
  // Engine titles mark values with backticks; the list shows them plain. A warning names itself.
  const rule = inlinePlain(e.summary.warning ?? e.summary.title);
  return { key, method, url, status, verdict, rule, count, latest: e };
}

/**
 * Lower-cased text the search matches against, made on the first search and kept per row content:
 * the first paint of 10,000 rows does not pay for it, and each later keystroke reuses it.
 */
const haystacks = new WeakMap<StoredExchange, string>();
function haystackOf(r: Row): string {
  let h = haystacks.get(r.latest);
  if (h === undefined) haystacks.set(r.latest, (h = `${r.method} ${r.url} ${r.status} ${r.rule} ${r.latest.summary.code ?? ''}`.toLowerCase()));
  return h;
}

/** The URL as the list shows it: the path first (what tells rows apart), then the host. Only rows in view pay for the parse. */
export function splitUrl(url: string): { path: string; host: string } {
  try {
    const u = new URL(url);
    return { path: `${u.pathname}${u.search}`, host: u.protocol === 'https:' ? u.host : `${u.protocol}//${u.host}` };
  } catch {
    return { path: url, host: '' };
  }
}

/** Groups and filters in one pass over the entries (seq order in, row order out). */
export function buildRows(entries: readonly StoredExchange[], filter: RowFilter): Row[] {
  const needle = filter.search.trim().toLowerCase();
  const groups = new Map<string, { index: number; count: number; latest: StoredExchange; key: string }>();
  const rows: Array<Row | { group: string }> = [];
  for (const e of entries) {
    const verdict = rowVerdict(e);
    if (filter.failingOnly && !isFailing(verdict)) continue;
    if (!isFailing(verdict)) {
      rows.push(toRow(e, `s${e.seq}`, 1));
      continue;
    }
    const head = headOf(e);
    const groupKey = `${endpoint(head.method, head.url)}\n${e.summary.code ?? e.summary.realCause ?? e.summary.title}`;
    const g = groups.get(groupKey);
    if (g) {
      g.count++;
      g.latest = e;
    } else {
      groups.set(groupKey, { index: rows.length, count: 1, latest: e, key: `g${e.seq}` });
      rows.push({ group: groupKey });
    }
  }
  const out: Row[] = [];
  for (const r of rows) {
    const row = 'group' in r ? groupRow(groups.get(r.group)!) : r;
    if (needle === '' || haystackOf(row).includes(needle)) out.push(row);
  }
  return out;
}

function groupRow(g: { count: number; latest: StoredExchange; key: string }): Row {
  return toRow(g.latest, g.key, g.count);
}

/** Counts for the toolbar. */
export function countVerdicts(entries: readonly StoredExchange[]): { total: number; failing: number } {
  let failing = 0;
  for (const e of entries) if (isFailing(rowVerdict(e))) failing++;
  return { total: entries.length, failing };
}
