/**
 * When the capture listens. Any webRequest listener makes Chromium route every request of the profile
 * through the extension's proxy, which cost a page 27% of its load time with one listener that did
 * nothing and 40% with the six the capture needs (bench/page-load.ts). So corsight listens only while
 * someone looks: while a DevTools window has its devtools page open (DEVTOOLS_PORT) or a panel is
 * subscribed to a tab (PANEL_PORT), as DevTools' own Network panel records only while open.
 *
 * The listeners are still registered synchronously when the background starts, so an event can wake a
 * stopped worker mid-exchange while DevTools is open. They stay for GRACE_MS after start-up and after
 * the last window closed, which is the time an open DevTools window's devtools page takes to connect
 * again after the worker restarted; then, with nobody looking, they are removed.
 */
import type { Observer } from './observer';

export const GRACE_MS = 10_000;

export interface Listening {
  /** Someone started looking (a port connected); returns a function to call when they stop. */
  watch(): () => void;
  readonly watchers: number;
}

export function createListening(observer: Observer, timers: { set(fn: () => void, ms: number): unknown; clear(h: unknown): void }): Listening {
  let watchers = 0;
  let pending: unknown;
  const later = () => {
    if (pending !== undefined) timers.clear(pending);
    pending = timers.set(() => {
      pending = undefined;
      if (watchers === 0) observer.stop();
    }, GRACE_MS);
  };
  observer.start();
  later();
  return {
    watch() {
      watchers++;
      observer.start();
      let done = false;
      return () => {
        if (done) return;
        done = true;
        watchers--;
        if (watchers === 0) later();
      };
    },
    get watchers() {
      return watchers;
    },
  };
}
