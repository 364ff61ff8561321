/**
 * The panel's port to the background, which reconnects by itself: when the service worker (Chromium) or
 * event page (Firefox) is unloaded the port drops, and connecting again wakes a new one, which answers
 * the re-sent subscribe with a fresh snapshot (src/shared/protocol.ts). When the extension itself was
 * reloaded or updated, this page belongs to a dead extension context: `runtime.id` is gone and connect
 * throws ("Extension context invalidated"), and only reopening DevTools helps.
 */
import { isBackgroundMessage, PANEL_PORT, PROTOCOL_VERSION, type BackgroundMessage, type PanelMessage } from '../shared/protocol';
import type { Connection } from './state';

/** The slice of the WebExtension runtime API this file needs (a fake in unit tests). */
export interface RuntimeLike {
  readonly id: string | undefined;
  connect(info: { name: string }): PortLike;
}
export interface PortLike {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(cb: (message: unknown) => void): void };
  onDisconnect: { addListener(cb: () => void): void };
}

export interface Scheduler {
  set(fn: () => void, ms: number): unknown;
}

export interface PanelConnection {
  send(message: PanelMessage): void;
  close(): void;
}

/** Delays between reconnect attempts: quick first (a worker restart takes ~100 ms), then calmer. */
export const RECONNECT_DELAYS_MS = [50, 200, 500, 1000, 2000];

export function connectPanel(
  runtime: RuntimeLike,
  tabId: number,
  onMessage: (m: BackgroundMessage) => void,
  onConnection: (c: Connection) => void,
  timers: Scheduler = { set: (fn, ms) => setTimeout(fn, ms) },
): PanelConnection {
  let port: PortLike | null = null;
  let closed = false;
  let attempts = 0;

  const open = (): void => {
    if (closed) return;
    if (!runtime.id) {
      onConnection('reloaded');
      return;
    }
    let p: PortLike;
    try {
      p = runtime.connect({ name: PANEL_PORT });
    } catch {
      onConnection('reloaded');
      return;
    }
    port = p;
    p.onMessage.addListener((m) => {
      if (!isBackgroundMessage(m)) return;
      if (m.v !== PROTOCOL_VERSION) {
        // A background of another version (the extension was updated while DevTools stayed open).
        onConnection('reloaded');
        return;
      }
      if (m.type === 'snapshot') attempts = 0;
      onMessage(m);
    });
    p.onDisconnect.addListener(() => {
      if (port !== p) return;
      port = null;
      if (closed) return;
      if (!runtime.id) {
        onConnection('reloaded');
        return;
      }
      onConnection('reconnecting');
      const delay = RECONNECT_DELAYS_MS[Math.min(attempts++, RECONNECT_DELAYS_MS.length - 1)]!;
      timers.set(open, delay);
    });
    p.postMessage({ v: PROTOCOL_VERSION, type: 'subscribe', tabId } satisfies PanelMessage);
  };
  open();

  return {
    send(message) {
      try {
        port?.postMessage(message);
      } catch {
        // The port died between the check and the post; onDisconnect reconnects and re-subscribes.
      }
    },
    close() {
      closed = true;
      port?.disconnect();
      port = null;
    },
  };
}
