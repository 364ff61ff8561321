/**
 * Where the panel runs and what it may do there, as one object the components receive (tests pass a
 * fake). Inside DevTools the inspected tab comes from `devtools.inspectedWindow`; opened as a normal tab,
 * `?tabId=<n>` names it (standalone mode, for tests and development).
 */
import type { BackgroundMessage } from '../shared/protocol';
import type { HealthReply } from '../background/health';
import type { PanelConnection } from './connection';
import type { Connection } from './state';

export interface PanelHost {
  readonly tabId: number | null;
  /** DevTools' theme when inside DevTools; null lets prefers-color-scheme decide. */
  readonly theme: 'light' | 'dark' | null;
  /** Whether this build can attach chrome.debugger (browser-verified mode, the dist-verified build). */
  readonly verifiedAvailable: boolean;
  readonly version: string;
  connect(onMessage: (m: BackgroundMessage) => void, onConnection: (c: Connection) => void): PanelConnection;
  /** Reloads the inspected page (the empty state's button). */
  reloadInspected(): void;
  /** Whether the host permission the capture needs is granted (Firefox asks the user for it). */
  hasCapturePermission(): Promise<boolean>;
  /** Asks for it; must run inside a click handler. */
  requestCapturePermission(): Promise<boolean>;
  health(): Promise<HealthReply>;
}

/** `?tabId=<n>` → n; anything else → null (a non-integer is not guessed at). */
export function tabIdFromQuery(search: string): number | null {
  const raw = new URLSearchParams(search).get('tabId');
  if (raw === null || !/^\d{1,10}$/.test(raw)) return null;
  return Number(raw);
}
