/**
 * Browser-verified mode (Chromium, off by default): chrome.debugger on the inspected tab, so that
 * Chromium's own CORS verdict (`Network.loadingFailed.corsErrorStatus`) is stored beside the engine's and
 * a disagreement is flagged. Attaching shows Chromium's "started debugging this browser" bar, which is why
 * it is opt-in; the `debugger` permission is optional and asked for by the panel on the user's click.
 * Detaching (or the user closing the bar) leaves nothing behind: no session, no listener state.
 */
import { createCdpTracker, trackCdpEvent, type CdpRequestRecord, type CdpTracker } from '../shared/capture/verified';

/** The part of chrome.debugger used here (absent until the optional permission is granted). */
export interface DebuggerApi {
  attach(target: { tabId: number }, version: string): Promise<void>;
  detach(target: { tabId: number }): Promise<void>;
  sendCommand(target: { tabId: number }, method: string, params?: object): Promise<unknown>;
  onEvent: { addListener(cb: (source: { tabId?: number }, method: string, params?: object) => void): void };
  onDetach: { addListener(cb: (source: { tabId?: number }, reason: string) => void): void };
}

export interface VerifierDeps {
  /** chrome.debugger, looked up each time: it appears once the permission is granted. */
  api(): DebuggerApi | undefined;
  onRecord(tabId: number, record: CdpRequestRecord): void;
  onState(tabId: number, on: boolean, error?: string): void;
}

export interface Verifier {
  set(tabId: number, on: boolean): Promise<{ on: boolean; error?: string }>;
  isOn(tabId: number): boolean;
}

export function createVerifier(deps: VerifierDeps): Verifier {
  const trackers = new Map<number, CdpTracker>();
  let listening = false;

  function listen(api: DebuggerApi): void {
    if (listening) return;
    listening = true;
    api.onEvent.addListener((source, method, params) => {
      const tracker = source.tabId === undefined ? undefined : trackers.get(source.tabId);
      if (!tracker || source.tabId === undefined) return;
      const record = trackCdpEvent(tracker, method, params);
      if (record) deps.onRecord(source.tabId, record);
    });
    api.onDetach.addListener((source, reason) => {
      if (source.tabId === undefined || !trackers.delete(source.tabId)) return;
      // The user closed the debugging bar, or DevTools' own protocol client took over.
      deps.onState(source.tabId, false, reason === 'canceled_by_user' ? 'You closed the debugging bar.' : `Chromium detached (${reason}).`);
    });
  }

  return {
    isOn: (tabId) => trackers.has(tabId),
    async set(tabId, on) {
      const api = deps.api();
      if (!api) return { on: false, error: 'The debugger permission is not granted.' };
      listen(api);
      if (!on) {
        if (!trackers.delete(tabId)) return { on: false };
        await api.detach({ tabId }).catch(() => undefined);
        return { on: false };
      }
      if (trackers.has(tabId)) return { on: true };
      try {
        await api.attach({ tabId }, '1.3');
        trackers.set(tabId, createCdpTracker());
        await api.sendCommand({ tabId }, 'Network.enable');
        return { on: true };
      } catch (err) {
        trackers.delete(tabId);
        await api.detach({ tabId }).catch(() => undefined);
        return { on: false, error: err instanceof Error ? err.message : String(err) };
      }
    },
  };
}
