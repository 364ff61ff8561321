// The background's only door to the WebExtension API. webextension-polyfill gives Chromium the promise-based
// `browser` namespace Firefox already has; Chrome 148+ ships `browser` natively, so dropping the polyfill is a
// one-line change here. The polyfill throws when imported outside an extension: unit tests must not import this
// file, or must alias 'webextension-polyfill' to a fake.
import browser from 'webextension-polyfill';

export const ext = browser;
