// The background's only door to the WebExtension API. webextension-polyfill gives Chromium the promise-based
// `browser` namespace Firefox already has; Chrome 148+ ships `browser` natively, so dropping the polyfill is a
// one-line change here. The polyfill throws when imported outside an extension: unit tests must not import this
// file, or must alias 'webextension-polyfill' to a fake.
import browser from 'webextension-polyfill';
import type { SessionArea } from './session-store';
import type { WebRequestApi } from './observer';

export const ext = browser;

export const isFirefox = typeof navigator !== 'undefined' && /\bFirefox\//.test(navigator.userAgent);

/**
 * storage.session (Chrome 102+, Firefox 115+). Not in the polyfill's API table, so it is read from the
 * native namespace; both return promises in MV3.
 */
export const sessionArea = (browser.storage as unknown as { session: SessionArea }).session;

/** The raw webRequest namespace: the listeners are observers (no return value), so no promise wrapping is needed. */
const native = (globalThis as { chrome?: { webRequest?: unknown } }).chrome?.webRequest ?? browser.webRequest;
export const webRequestApi = native as unknown as WebRequestApi;
/** The enums (OnSendHeadersOptions...) the browser lists, to feature-detect `extraHeaders`. */
export const webRequestEnums = native as unknown as { OnSendHeadersOptions?: Record<string, string> };

/** chrome.debugger (Chromium; the optional `debugger` permission makes it appear once granted). */
export const debuggerApi = () => (globalThis as { chrome?: { debugger?: unknown } }).chrome?.debugger as import('./verified').DebuggerApi | undefined;
