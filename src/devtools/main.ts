// Creates the "CORS" panel, and tells the background that a DevTools window is open: the capture listens
// only while one is (src/background/listening.ts). Paths start with '/' so that both browsers resolve them
// against the extension root (Firefox resolves relative paths against this page's URL, Chromium against
// the root).
import { DEVTOOLS_PORT } from '../shared/protocol';
import { ext } from './ext';

export const PANEL_TITLE = 'CORS';
export const PANEL_PAGE = '/src/panel/index.html';
export const PANEL_ICON = '/icons/icon-32.png';

ext.devtools.panels.create(PANEL_TITLE, PANEL_ICON, PANEL_PAGE).catch((error: unknown) => {
  console.error('[corsight] could not create the DevTools panel', error);
});

/**
 * Connected for as long as this DevTools window is open. When the background's worker is stopped the port
 * drops; connecting again wakes a new worker. After the extension was reloaded or removed there is no
 * background to reach (runtime.id is gone), so it stops trying.
 */
function stayConnected(): void {
  if (!ext.runtime.id) return;
  let port;
  try {
    port = ext.runtime.connect({ name: DEVTOOLS_PORT });
  } catch {
    return;
  }
  port.onDisconnect.addListener(() => setTimeout(stayConnected, 100));
}
stayConnected();
