/** The panels' ports: one per inspected tab (see src/shared/protocol.ts for the protocol). */
import type { Runtime } from 'webextension-polyfill';
import { DEVTOOLS_PORT, isPanelMessage, PANEL_PORT, PROTOCOL_VERSION, verifiedMessage, type BackgroundMessage } from '../shared/protocol';
import type { Capture } from './capture';
import type { Listening } from './listening';

/** What a panel's messages act on. */
export interface PortHandlers {
  capture: Capture;
  setVerified(tabId: number, on: boolean): Promise<{ on: boolean; error?: string }>;
  isVerified(tabId: number): boolean;
  listening: Listening;
}

export interface Ports {
  notify(tabId: number, message: BackgroundMessage): void;
  accept(port: Runtime.Port, handlers: PortHandlers): void;
}

export function createPorts(): Ports {
  const byTab = new Map<number, Set<Runtime.Port>>();
  const post = (port: Runtime.Port, message: BackgroundMessage) => {
    try {
      port.postMessage(message);
    } catch {
      // The panel went away between our check and the post: its onDisconnect cleans up.
    }
  };
  return {
    notify(tabId, message) {
      for (const port of byTab.get(tabId) ?? []) post(port, message);
    },
    accept(port, { capture, setVerified, isVerified, listening }) {
      if (port.name === DEVTOOLS_PORT) {
        // An open DevTools window: listen while it stays open.
        port.onDisconnect.addListener(listening.watch());
        post(port, { v: PROTOCOL_VERSION, type: 'listening' });
        return;
      }
      if (port.name !== PANEL_PORT) return;
      let subscribed: number | null = null;
      let unwatch: (() => void) | null = null;
      port.onDisconnect.addListener(() => {
        if (subscribed !== null) byTab.get(subscribed)?.delete(port);
        unwatch?.();
      });
      port.onMessage.addListener((message: unknown) => {
        if (!isPanelMessage(message)) {
          post(port, { v: PROTOCOL_VERSION, type: 'error', message: 'unrecognised message' });
          return;
        }
        if (message.v !== PROTOCOL_VERSION) {
          post(port, { v: PROTOCOL_VERSION, type: 'error', message: `protocol ${message.v} is not ${PROTOCOL_VERSION}: reopen DevTools` });
          return;
        }
        const tabId = message.tabId;
        switch (message.type) {
          case 'subscribe': {
            if (subscribed !== null) byTab.get(subscribed)?.delete(port);
            subscribed = tabId;
            // A panel looking at a tab (also the standalone panel page, without DevTools) keeps the capture on.
            unwatch ??= listening.watch();
            let set = byTab.get(tabId);
            if (!set) byTab.set(tabId, (set = new Set()));
            set.add(port);
            void capture.snapshot(tabId).then((snap) => {
              post(port, snap);
              post(port, verifiedMessage(tabId, isVerified(tabId)));
            });
            break;
          }
          case 'clear':
            void capture.clear(tabId, 'user');
            break;
          case 'set-preserve-log':
            void capture.setPreserveLog(tabId, message.on);
            break;
          case 'set-verified':
            void setVerified(tabId, message.on).then((r) => {
              const reply = verifiedMessage(tabId, r.on, r.error);
              for (const p of byTab.get(tabId) ?? [port]) post(p, reply);
            });
            break;
          default: {
            const never: never = message;
            void never;
          }
        }
      });
    },
  };
}
