/**
 * Registers the webRequest listeners (synchronously, at the background's top level: an event then wakes
 * an unloaded service worker / event page) and forwards each event, normalised, to `sink`. Observes only:
 * no listener is blocking, nothing is modified.
 */
import { fromWebRequest, WEB_REQUEST_EVENTS, type NetEvent, type NetEventKind, type WebRequestDetails } from '../shared/capture/events';

/** The shape of a webRequest event object (chrome.webRequest / browser.webRequest). */
interface WebRequestEvent {
  addListener(cb: (details: WebRequestDetails) => void, filter: { urls: string[] }, extraInfoSpec?: string[]): void;
  removeListener(cb: (details: WebRequestDetails) => void): void;
}
export type WebRequestApi = Record<(typeof WEB_REQUEST_EVENTS)[NetEventKind], WebRequestEvent>;

/**
 * Chromium shows preflights, and the Origin and Cookie request headers, only to a listener that asks for
 * `extraHeaders` (https://developer.chrome.com/docs/extensions/reference/api/webRequest#concepts:
 * "CORS preflight requests are not shown unless extraHeaders is specified"). Firefox shows them anyway
 * and throws on the unknown option, so it is used only where the browser lists it.
 */
export function supportsExtraHeaders(enums: { OnSendHeadersOptions?: Record<string, string> } | undefined): boolean {
  return !!enums?.OnSendHeadersOptions && 'EXTRA_HEADERS' in enums.OnSendHeadersOptions;
}

/**
 * Headers are asked for only where they are read: request headers when sent, response headers when
 * received (every hop, redirects included). The redirect and end events carry none: copying header lists
 * into every event is work the browser does per request, on the page's time (see bench/page-load.ts).
 */
const SPECS: Record<NetEventKind, string[]> = {
  request: [],
  'send-headers': ['requestHeaders'],
  response: ['responseHeaders'],
  redirect: [],
  completed: [],
  error: [],
};

/** `extraHeaders` where headers are read (Chromium hides Origin, Cookie and preflights otherwise). */
const NEEDS_EXTRA: ReadonlySet<NetEventKind> = new Set(['send-headers', 'response']);

/** The options each listener is registered with (also used by the recorder in test/capture). */
export function listenerOptions(kind: NetEventKind, extraHeaders: boolean): string[] {
  return [...SPECS[kind], ...(extraHeaders && NEEDS_EXTRA.has(kind) ? ['extraHeaders'] : [])];
}

/** Adds or removes every listener at once (see src/background/listening.ts for when). */
export interface Observer {
  start(): void;
  stop(): void;
  readonly listening: boolean;
}

export function observe(api: WebRequestApi, extraHeaders: boolean, sink: (e: NetEvent) => void, warn: (m: string) => void): Observer {
  const filter = { urls: ['<all_urls>'] };
  const added: Array<() => void> = [];
  const adders: Array<() => void> = [];
  for (const kind of Object.keys(WEB_REQUEST_EVENTS) as NetEventKind[]) {
    const event = api[WEB_REQUEST_EVENTS[kind]];
    const spec = listenerOptions(kind, extraHeaders);
    const listener = (details: WebRequestDetails) => {
      try {
        const e = fromWebRequest(kind, details);
        if (e) sink(e);
      } catch (err) {
        warn(`${WEB_REQUEST_EVENTS[kind]}: ${err instanceof Error ? err.message : String(err)}`);
      }
    };
    // No third argument when there is no option: Firefox rejects an explicit `undefined` for the events
    // that take none (onErrorOccurred: "Incorrect argument types"), and a throw here would stop the whole
    // background script before its other listeners are registered.
    const add = (s: string[]) => (s.length > 0 ? event.addListener(listener, filter, s) : event.addListener(listener, filter));
    adders.push(() => {
      try {
        add(spec);
      } catch (err) {
        // An option this browser does not know: listen without the extras rather than not at all.
        warn(`${WEB_REQUEST_EVENTS[kind]} with ${spec.join(', ')}: ${err instanceof Error ? err.message : String(err)}`);
        try {
          add(SPECS[kind]);
        } catch (err2) {
          warn(`${WEB_REQUEST_EVENTS[kind]}: ${err2 instanceof Error ? err2.message : String(err2)}`);
          return;
        }
      }
      added.push(() => event.removeListener(listener));
    });
  }
  let on = false;
  return {
    start() {
      if (on) return;
      on = true;
      for (const a of adders) a();
    },
    stop() {
      if (!on) return;
      on = false;
      for (const remove of added.splice(0)) remove();
    },
    get listening() {
      return on;
    },
  };
}
