// Background entry: Chromium runs it as the MV3 service worker, Firefox as the MV3 event page (same file,
// see public/manifest.json). Listeners are registered synchronously at top level, so that an event wakes the
// worker / event page after it was unloaded. Nothing is kept in memory here: captured traffic will live in
// storage.session (a later issue).
import { ext } from './ext';
import { healthReply, isHealthPing } from './health';

const isServiceWorker = typeof (globalThis as { ServiceWorkerGlobalScope?: unknown }).ServiceWorkerGlobalScope === 'function';

ext.runtime.onInstalled.addListener((details) => {
  console.info(`[corsight] installed (${details.reason})`);
});

ext.runtime.onMessage.addListener((message: unknown) => {
  if (isHealthPing(message)) return Promise.resolve(healthReply(ext.runtime.getManifest(), isServiceWorker));
  // Not ours: returning undefined lets other listeners answer.
  return undefined;
});
