// Background entry: Chromium runs it as the MV3 service worker, Firefox as the MV3 event page (same file,
// see public/manifest.json). Every listener is registered synchronously at top level, so that an event
// wakes the worker / event page after it was unloaded. Nothing lives only in memory: each tab's log and
// its requests in flight are in storage.session (see capture.ts and session-store.ts).
import { debuggerApi, ext, isFirefox, sessionArea, webRequestApi, webRequestEnums } from './ext';
import { createCapture } from './capture';
import { healthReply, isHealthPing } from './health';
import { observe, supportsExtraHeaders } from './observer';
import { createPorts } from './ports';
import { createVerifier } from './verified';
import { createListening } from './listening';
import { isDumpRequest, verifiedMessage } from '../shared/protocol';

const isServiceWorker = typeof (globalThis as { ServiceWorkerGlobalScope?: unknown }).ServiceWorkerGlobalScope === 'function';
const warn = (m: string) => console.warn(`[corsight] ${m}`);

const timers = { set: (fn: () => void, ms: number) => setTimeout(fn, ms), clear: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>) };
const ports = createPorts();
const capture = createCapture({
  area: sessionArea,
  browser: isFirefox ? 'firefox' : 'chromium',
  now: () => Date.now(),
  notify: (tabId, message) => ports.notify(tabId, message),
  timers,
  warn,
});

const verifier = createVerifier({
  api: debuggerApi,
  onRecord: (tabId, record) => void capture.browserVerdict(tabId, record),
  onState: (tabId, on, error) => {
    capture.setVerifying(tabId, on);
    ports.notify(tabId, verifiedMessage(tabId, on, error));
  },
});

// Registered now, synchronously, so that an event can wake this worker; removed while nobody looks.
const observer = observe(webRequestApi, supportsExtraHeaders(webRequestEnums), (e) => void capture.handle(e), warn);
const listening = createListening(observer, timers);

ext.runtime.onConnect.addListener((port) =>
  ports.accept(port, {
    capture,
    async setVerified(tabId, on) {
      const r = await verifier.set(tabId, on);
      capture.setVerifying(tabId, r.on);
      return r;
    },
    isVerified: (tabId) => verifier.isOn(tabId),
    listening,
  }),
);
ext.tabs.onRemoved.addListener((tabId) => void capture.tabClosed(tabId));

// storage.session is emptied when the browser restarts and when the extension is reloaded or updated, and
// tabs.onRemoved wakes a stopped worker, so no tab's log outlives its tab.
ext.runtime.onInstalled.addListener((details) => {
  console.info(`[corsight] installed (${details.reason})`);
});

ext.runtime.onMessage.addListener((message: unknown) => {
  if (isHealthPing(message)) return Promise.resolve(healthReply(ext.runtime.getManifest(), isServiceWorker));
  if (isDumpRequest(message)) return capture.dump(message.tabId);
  // Not ours: returning undefined lets other listeners answer.
  return undefined;
});
