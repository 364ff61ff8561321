/**
 * The port protocol between the panel and the background. One port per inspected tab, named PANEL_PORT.
 *
 *   panel                               background
 *   connect(PANEL_PORT) ─────────────▶
 *   subscribe {tabId} ────────────────▶  snapshot {entries, dropped, preserveLog}   (always first)
 *                      ◀────────────────  added {entries}     as exchanges finish
 *                      ◀────────────────  evicted {firstSeq, dropped}   when the cap drops the oldest
 *                      ◀────────────────  cleared {reason}    navigation (without preserve log) or Clear
 *                      ◀────────────────  updated {entries}   browser-verified mode added Chromium's verdict
 *   clear / set-preserve-log ─────────▶  (clear is answered by cleared)
 *   set-verified {on} ────────────────▶  verified {on, error?}
 *
 * When the service worker or event page is unloaded the port disconnects; the panel connects again and
 * re-subscribes, and the snapshot (read from storage.session) makes that idempotent.
 * Every message carries `v`: a panel and a background of different versions (an extension update while
 * DevTools is open) see it and ask the user to reopen DevTools instead of misreading each other.
 */
import type { StoredExchange } from './capture/log';
import type { PackedExchange } from './capture/packed';

export const PROTOCOL_VERSION = 1;
export const PANEL_PORT = 'corsight-panel';
/**
 * The devtools page connects this port as long as its DevTools window is open: the capture listens only
 * while someone looks (src/background/listening.ts). It sends nothing; connecting is the message, and the
 * background answers `listening` once its listeners are registered.
 */
export const DEVTOOLS_PORT = 'corsight-devtools';

export type PanelMessage =
  | { v: number; type: 'subscribe'; tabId: number }
  | { v: number; type: 'clear'; tabId: number }
  | { v: number; type: 'set-preserve-log'; tabId: number; on: boolean }
  /** Browser-verified mode (Chromium): attach chrome.debugger to the tab, or detach. The panel asks for
   * the optional `debugger` permission first (only a user's click in an extension page may). */
  | { v: number; type: 'set-verified'; tabId: number; on: boolean };

export type BackgroundMessage =
  /** Entries packed (capture/packed.ts): the list's fields, the exchange as JSON text parsed when needed. */
  | { v: number; type: 'snapshot'; tabId: number; entries: PackedExchange[]; dropped: number; preserveLog: boolean }
  | { v: number; type: 'added'; tabId: number; entries: StoredExchange[] }
  | { v: number; type: 'evicted'; tabId: number; firstSeq: number; dropped: number }
  | { v: number; type: 'cleared'; tabId: number; reason: 'navigation' | 'user' }
  /** Stored exchanges that changed (browser-verified mode added Chromium's own verdict). */
  | { v: number; type: 'updated'; tabId: number; entries: StoredExchange[] }
  /** Whether browser-verified mode is on for the tab; `error` says why it could not be switched. */
  | { v: number; type: 'verified'; tabId: number; on: boolean; error?: string }
  /** On DEVTOOLS_PORT: the capture's listeners are registered (the window may now reload its page). */
  | { v: number; type: 'listening' }
  | { v: number; type: 'error'; message: string };

/** Browser-verified mode's state for a tab, with why it could not be switched when it could not. */
export function verifiedMessage(tabId: number, on: boolean, error?: string): BackgroundMessage {
  return { v: PROTOCOL_VERSION, type: 'verified', tabId, on, ...(error ? { error } : {}) };
}

const PANEL_TYPES: Record<PanelMessage['type'], true> = { subscribe: true, clear: true, 'set-preserve-log': true, 'set-verified': true };
const BACKGROUND_TYPES: Record<BackgroundMessage['type'], true> = { snapshot: true, added: true, evicted: true, cleared: true, updated: true, verified: true, listening: true, error: true };

function isObject(m: unknown): m is Record<string, unknown> {
  return typeof m === 'object' && m !== null;
}

/** Runtime guard: ports carry whatever the other side sent. */
export function isPanelMessage(m: unknown): m is PanelMessage {
  if (!isObject(m) || typeof m.type !== 'string' || !(m.type in PANEL_TYPES) || typeof m.v !== 'number') return false;
  if (typeof m.tabId !== 'number' || !Number.isInteger(m.tabId) || m.tabId < 0) return false;
  return (m.type !== 'set-preserve-log' && m.type !== 'set-verified') || typeof m.on === 'boolean';
}

export function isBackgroundMessage(m: unknown): m is BackgroundMessage {
  return isObject(m) && typeof m.type === 'string' && m.type in BACKGROUND_TYPES && typeof m.v === 'number';
}

/** A one-shot runtime message (not on the port) that returns a tab's stored log: used by tests and the demo. */
export const DUMP_REQUEST = 'corsight/dump' as const;
export interface DumpRequest {
  type: typeof DUMP_REQUEST;
  tabId: number;
}
export interface DumpReply {
  tabId: number;
  entries: StoredExchange[];
  dropped: number;
  ignored: number;
  inFlight: number;
}
export function isDumpRequest(m: unknown): m is DumpRequest {
  return isObject(m) && m.type === DUMP_REQUEST && typeof m.tabId === 'number';
}
