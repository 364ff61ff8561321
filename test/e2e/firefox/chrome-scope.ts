/**
 * What the conformance suite reads from Firefox's privileged (chrome) scope, through `chromeEval`:
 * the console messages Firefox logs for CORS failures (its own verdict), the requests its HTTP channels
 * prepared (the headers of an actual request that its preflight then stopped: the server never saw
 * them, webRequest's onSendHeaders does), the `security.properties` keys, and preferences. Needs `--remote-allow-system-access`.
 */
import type { Browser } from 'puppeteer-core';
import { chromeEval } from '../support/extension';

/** One nsIScriptError as the console service received it. */
export interface ConsoleMessage {
  /** For CORS failures: the `security.properties` key (`CORSMissingAllowOrigin2`, ...). */
  category: string;
  message: string;
  /** nsIScriptError.warningFlag set: a warning (e.g. a deprecation), not a block. */
  warning: boolean;
}

/** An `http-on-modify-request` notification for a lab scenario URL (`/s/...`). */
export interface ChannelEvent {
  url: string;
  method: string;
  /** Request header lines as the channel is about to send them. */
  requestHeaders: Array<[string, string]>;
}

export interface Drained {
  console: ConsoleMessage[];
  channels: ChannelEvent[];
}

const INSTALL = `
  if (globalThis.__corsightLab) return true;
  const state = { console: [], channels: [] };
  const consoleListener = {
    observe(m) {
      if (!(m instanceof Ci.nsIScriptError)) return;
      if (!String(m.category).startsWith('CORS')) return;
      state.console.push({ category: m.category, message: m.errorMessage, warning: (m.flags & Ci.nsIScriptError.warningFlag) !== 0 });
    },
  };
  const channelObserver = {
    observe(subject) {
      let ch;
      try { ch = subject.QueryInterface(Ci.nsIHttpChannel); } catch { return; }
      const url = ch.URI.spec;
      if (!url.includes('/s/')) return;
      const requestHeaders = [];
      ch.visitRequestHeaders({ visitHeader(n, v) { requestHeaders.push([n, v]); } });
      state.channels.push({ url, method: ch.requestMethod, requestHeaders });
    },
  };
  Services.console.registerListener(consoleListener);
  Services.obs.addObserver(channelObserver, 'http-on-modify-request');
  globalThis.__corsightLab = state;
  return true;
`;

const DRAIN = `
  const state = globalThis.__corsightLab;
  if (!state) throw new Error('the lab listeners are not installed');
  const out = { console: state.console, channels: state.channels };
  state.console = [];
  state.channels = [];
  return out;
`;

/** Registers the console listener and the HTTP observer (once per browser). */
export async function installListeners(browser: Browser): Promise<void> {
  await chromeEval<boolean>(browser, INSTALL);
}

/** Returns and forgets everything collected since the last call. */
export async function drain(browser: Browser): Promise<Drained> {
  return chromeEval<Drained>(browser, DRAIN);
}

/** The keys (and templates) of the running browser's chrome://global/locale/security/security.properties. */
export async function securityProperties(browser: Browser): Promise<Record<string, string>> {
  return chromeEval<Record<string, string>>(browser, `
    const text = await (await fetch('chrome://global/locale/security/security.properties')).text();
    const out = {};
    for (const line of text.split('\\n')) {
      const m = /^\\s*([A-Za-z0-9_.-]+)\\s*=\\s*(.*)$/.exec(line);
      if (m) out[m[1]] = m[2];
    }
    return out;
  `);
}

/** A preference's value, or null when it does not exist. */
export async function prefValue(browser: Browser, name: string): Promise<string | number | boolean | null> {
  return chromeEval<string | number | boolean | null>(browser, `
    const name = ${JSON.stringify(name)};
    switch (Services.prefs.getPrefType(name)) {
      case Services.prefs.PREF_BOOL: return Services.prefs.getBoolPref(name);
      case Services.prefs.PREF_INT: return Services.prefs.getIntPref(name);
      case Services.prefs.PREF_STRING: return Services.prefs.getStringPref(name);
      default: return null;
    }
  `);
}
