// Creates the "CORS" panel and nothing else. Paths start with '/' so that both browsers resolve them against
// the extension root (Firefox resolves relative paths against this page's URL, Chromium against the root).
import { ext } from './ext';

export const PANEL_TITLE = 'CORS';
export const PANEL_PAGE = '/src/panel/index.html';
export const PANEL_ICON = '/icons/icon-32.png';

ext.devtools.panels.create(PANEL_TITLE, PANEL_ICON, PANEL_PAGE).catch((error: unknown) => {
  console.error('[corsight] could not create the DevTools panel', error);
});
