/**
 * HAR import: text → validated HAR → Exchanges the engine can diagnose. Pure (no Node or DOM APIs), so
 * the CLI and the extension's panel share it.
 */
import type { HarResult } from './errors';
import { readHar } from './normalize';
import { parseJsonText } from './read-json';
import { harToExchanges, type HarImport, type ImportOptions } from './to-exchanges';

export type { HarError, HarResult } from './errors';
export type { HarEntryFacts, HarLogFacts } from './entry-facts';
export type { CorsightEntryMeta } from './corsight-meta';
export type { HarImport, ImportedExchange, ImportOptions } from './to-exchanges';
export { readHar } from './normalize';
export { parseJsonText } from './read-json';
export { harToExchanges } from './to-exchanges';
export { pairPreflights, PREFLIGHT_WINDOW_MS } from './preflight-pairing';
export { chainRedirects, REDIRECT_WINDOW_MS } from './redirect-chains';
export { detectBrowser } from './browser';

/** Parses HAR text and imports it; never throws on bad input, returns a HarError instead. */
export function importHarText(text: string, options?: ImportOptions): HarResult<HarImport> {
  const json = parseJsonText(text);
  if (!json.ok) return json;
  return importHarValue(json.value, options);
}

/** Imports an already-parsed HAR value (e.g. from the DevTools `getHAR()` API). */
export function importHarValue(value: unknown, options?: ImportOptions): HarResult<HarImport> {
  const log = readHar(value);
  if (!log.ok) return log;
  return { ok: true, value: harToExchanges(log.value, options) };
}
