/**
 * The panel's entry: builds the real host (DevTools or standalone `?tabId=`) over the WebExtension API and
 * renders the app. Everything below App receives the host, so the components never touch `ext`.
 */
import { render } from 'preact';
import { HEALTH_PING, type HealthPing, type HealthReply } from '../background/health';
import { copyText } from './clipboard';
import { App } from './components/app';
import { connectPanel, type RuntimeLike } from './connection';
import { downloadText } from './download';
import { ext } from './ext';
import { tabIdFromQuery, type PanelHost } from './host';

const ALL_SITES = { origins: ['<all_urls>'] };
const devtools = ext.devtools?.inspectedWindow ? ext.devtools : undefined;
const themeName = devtools?.panels?.themeName;
const manifest = ext.runtime.getManifest();

const host: PanelHost = {
  tabId: devtools ? devtools.inspectedWindow.tabId : tabIdFromQuery(location.search),
  theme: themeName === 'dark' ? 'dark' : themeName ? 'light' : null,
  verifiedAvailable: (manifest.permissions ?? []).includes('debugger'),
  version: manifest.version,
  connect: (onMessage, onConnection) => connectPanel(ext.runtime as unknown as RuntimeLike, host.tabId ?? 0, onMessage, onConnection),
  reloadInspected() {
    if (devtools) devtools.inspectedWindow.reload({});
    else if (host.tabId !== null) void ext.tabs.reload(host.tabId);
  },
  hasCapturePermission: () => ext.permissions.contains(ALL_SITES),
  requestCapturePermission: () => ext.permissions.request(ALL_SITES),
  health: () => ext.runtime.sendMessage({ type: HEALTH_PING } satisfies HealthPing) as Promise<HealthReply>,
};

// Inside DevTools, follow its theme explicitly; opened as a normal tab, prefers-color-scheme decides.
if (host.theme) document.documentElement.dataset.theme = host.theme;

const root = document.getElementById('app');
if (root) render(<App host={host} copy={(t) => copyText(t)} download={(t, f, m) => downloadText(t, f, m)} />, root);
