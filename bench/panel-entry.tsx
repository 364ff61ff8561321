/**
 * The bench's page (bundled by bench/panel-render.ts): the real panel App, with a host that answers the
 * subscribe with a snapshot of the entries the bench handed over. Exposes two timed actions on window.
 */
import { render } from 'preact';
import { App } from '../src/panel/components/app';
import type { PanelHost } from '../src/panel/host';
import type { PackedExchange } from '../src/shared/capture/packed';
import { PROTOCOL_VERSION } from '../src/shared/protocol';

declare global {
  interface Window {
    /** The snapshot's entries, packed as the background sends them, as JSON text: Chromium's ports carry JSON, so parsing it is part of the cost. */
    benchJson: string;
    benchFirstRender(): Promise<number>;
    benchFilter(text: string): Promise<number>;
  }
}

const painted = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));

function host(json: string): PanelHost {
  return {
    tabId: 1,
    theme: null,
    verifiedAvailable: false,
    version: 'bench',
    connect(onMessage) {
      // The background's answer arrives as a port message: asynchronously, after the first render.
      queueMicrotask(() => onMessage({ v: PROTOCOL_VERSION, type: 'snapshot', tabId: 1, entries: (JSON.parse(json) as PackedExchange[]), dropped: 0, preserveLog: false }));
      return { send: () => undefined, close: () => undefined };
    },
    reloadInspected: () => undefined,
    hasCapturePermission: () => Promise.resolve(true),
    requestCapturePermission: () => Promise.resolve(true),
    health: () => Promise.resolve({ ok: true, name: 'corsight', version: 'bench', context: 'service_worker' }),
  };
}

const root = document.getElementById('app')!;

window.benchFirstRender = async () => {
  render(null, root);
  await painted();
  const t0 = performance.now();
  render(<App host={host(window.benchJson)} copy={() => Promise.resolve(true)} download={() => undefined} />, root);
  while (!root.querySelector('[data-testid="request-row"]')) await new Promise((r) => setTimeout(r, 0));
  await painted();
  return performance.now() - t0;
};

window.benchFilter = async (text: string) => {
  const search = root.querySelector<HTMLInputElement>('[data-testid="search"]')!;
  const before = root.querySelector('[data-testid="request-list"]')?.getAttribute('data-rows');
  const t0 = performance.now();
  search.value = text;
  search.dispatchEvent(new Event('input', { bubbles: true }));
  const until = t0 + 5000;
  while (root.querySelector('[data-testid="request-list"]')?.getAttribute('data-rows') === before && performance.now() < until) await new Promise((r) => setTimeout(r, 0));
  await painted();
  return performance.now() - t0;
};
