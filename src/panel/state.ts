/**
 * The panel's state and the one reducer that changes it: background messages (src/shared/protocol.ts)
 * and the user's actions. Pure, so every transition is unit-tested without a browser.
 *
 * The entries are the background's stored log for the inspected tab, in seq order (newest last). The
 * list's rows are derived from them (rows.ts); nothing here re-sorts or re-groups.
 */
import type { StoredExchange } from '../shared/capture/log';
import { unpack } from '../shared/capture/packed';
import type { BackgroundMessage } from '../shared/protocol';

export type Connection =
  /** Waiting for the first snapshot. */
  | 'connecting'
  | 'live'
  /** The port dropped (the service worker or event page was unloaded); connecting again by itself. */
  | 'reconnecting'
  /** The extension was reloaded or updated under this panel: only reopening DevTools helps. */
  | 'reloaded'
  /** The page was opened without an inspected tab (no DevTools, no `?tabId=`). */
  | 'no-tab';

export interface PanelState {
  connection: Connection;
  entries: StoredExchange[];
  /** Exchanges the background's cap evicted since the log was last cleared. */
  dropped: number;
  preserveLog: boolean;
  /** Browser-verified mode (Chromium with the debugger permission). */
  verified: { on: boolean; error: string | null };
  /** The last error the background reported (an unrecognised message, a protocol mismatch). */
  error: string | null;
  /** When the list was last emptied and why: the empty state says "cleared on navigation". */
  cleared: 'navigation' | 'user' | null;
  failingOnly: boolean;
  search: string;
  /** The selected row's key (rows.ts), kept across updates so the selection never jumps. */
  selected: string | null;
  /** Whether the detail view of the selected row is open. */
  open: boolean;
}

export type Action =
  | { type: 'message'; message: BackgroundMessage }
  | { type: 'connection'; connection: Connection }
  | { type: 'failing-only'; on: boolean }
  | { type: 'search'; text: string }
  | { type: 'select'; key: string | null }
  | { type: 'open'; key: string }
  | { type: 'close' };

export function initialState(connection: Connection = 'connecting'): PanelState {
  return {
    connection,
    entries: [],
    dropped: 0,
    preserveLog: false,
    verified: { on: false, error: null },
    error: null,
    cleared: null,
    failingOnly: false,
    search: '',
    selected: null,
    open: false,
  };
}

/** Merges entries into a seq-ordered list; an entry with a seq already present replaces it (idempotent). */
function merge(entries: StoredExchange[], incoming: readonly StoredExchange[]): StoredExchange[] {
  if (incoming.length === 0) return entries;
  const last = entries[entries.length - 1];
  const sorted = incoming.length > 1 ? [...incoming].sort((a, b) => a.seq - b.seq) : incoming;
  // The common case: new exchanges, newer than everything shown. Append without scanning.
  if (!last || sorted[0]!.seq > last.seq) return entries.concat(sorted);
  const bySeq = new Map(entries.map((e) => [e.seq, e]));
  for (const e of sorted) bySeq.set(e.seq, e);
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

function onMessage(state: PanelState, m: BackgroundMessage): PanelState {
  switch (m.type) {
    case 'snapshot':
      return {
        ...state,
        connection: 'live',
        entries: m.entries.map(unpack).sort((a, b) => a.seq - b.seq),
        dropped: m.dropped,
        preserveLog: m.preserveLog,
        error: null,
      };
    case 'added':
      return { ...state, entries: merge(state.entries, m.entries), cleared: null };
    case 'updated': {
      const bySeq = new Map(m.entries.map((e) => [e.seq, e]));
      return { ...state, entries: state.entries.map((e) => bySeq.get(e.seq) ?? e) };
    }
    case 'evicted':
      return { ...state, entries: state.entries.filter((e) => e.seq >= m.firstSeq), dropped: m.dropped };
    case 'cleared':
      return { ...state, entries: [], dropped: 0, cleared: m.reason, selected: null, open: false };
    case 'verified':
      return { ...state, verified: { on: m.on, error: m.error ?? null } };
    case 'error':
      return { ...state, error: m.message };
    case 'listening':
      return state;
    default: {
      const never: never = m;
      return never;
    }
  }
}

export function reduce(state: PanelState, action: Action): PanelState {
  switch (action.type) {
    case 'message':
      return onMessage(state, action.message);
    case 'connection':
      // A reloaded extension stays reloaded: nothing can bring this page's port back.
      if (state.connection === 'reloaded') return state;
      return { ...state, connection: action.connection };
    case 'failing-only':
      return { ...state, failingOnly: action.on };
    case 'search':
      return { ...state, search: action.text };
    case 'select':
      return { ...state, selected: action.key };
    case 'open':
      return { ...state, selected: action.key, open: true };
    case 'close':
      return { ...state, open: false };
    default: {
      const never: never = action;
      return never;
    }
  }
}
