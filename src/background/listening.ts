/**
 * When the capture listens. Every webRequest listener makes Chromium hand each request's events to the
 * extension: on a page making 300 requests on load (bench/page-load.ts, with throw-away builds) one
 * listener that did nothing cost 27% of the load time and the six the capture needs 40%, against about
 * 10% for holding the webRequest permission with no listener (Chromium proxies every request for any
 * extension holding it: WebRequestAPI::MayHaveProxies). So corsight listens only while someone looks: while a DevTools window has its devtools page open (DEVTOOLS_PORT) or a panel is
 * subscribed to a tab (PANEL_PORT), as DevTools' own Network panel records only while open.
 *
 * The listeners are still registered synchronously when the background starts, so an event can wake a
 * stopped worker mid-exchange while DevTools is open. They stay for GRACE_MS after start-up and after
 * the last window closed, which is the time an open DevTools window's devtools page takes to connect
 * again after the worker restarted; then, with nobody looking, they are removed.
 */
import type { Timers } from './capture';
import type { Observer } from './observer';

export const GRACE_MS = 10_000;

export interface Listening {
  /** Someone started looking (a port connected); returns a function to call when they stop. */
  watch(): () => void;
  readonly watchers: number;
}

export function createListening(observer: Observer, timers: Timers): Listening {
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
