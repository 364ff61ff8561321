import { render } from 'preact';
import { App } from './app';
import { ext } from './ext';
import { HEALTH_PING, type HealthPing, type HealthReply } from '../background/health';

// Inside DevTools, follow its theme explicitly; opened as a normal tab, prefers-color-scheme decides.
const themeName = ext.devtools?.panels?.themeName;
if (themeName) document.documentElement.dataset.theme = themeName === 'dark' ? 'dark' : 'light';

const ping = (): Promise<HealthReply> => ext.runtime.sendMessage({ type: HEALTH_PING } satisfies HealthPing) as Promise<HealthReply>;

const root = document.getElementById('app');
if (root) render(<App ping={ping} />, root);
