// The devtools page's only door to the WebExtension API (see src/background/ext.ts).
import browser from 'webextension-polyfill';

export const ext = browser;
