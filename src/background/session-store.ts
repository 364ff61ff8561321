/**
 * Where a tab's log lives: storage.session, which survives the service worker / event page being unloaded
 * (and is gone when the browser closes). One key for the tab's metadata and in-flight requests, one per
 * stored exchange, so that a new exchange is one small write and eviction a remove, never a rewrite of
 * the whole log.
 *
 *   t:<tabId>          TabLog (seqs, dropped count, preserve-log flag, requests in flight)
 *   x:<tabId>:<seq>    StoredExchange
 */
import type { StoredExchange, TabLog } from '../shared/capture/log';

/** The part of storage.session used here (injected, so unit tests can pass a Map-backed area). */
export interface SessionArea {
  get(keys: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export const metaKey = (tabId: number) => `t:${tabId}`;
export const entryKey = (tabId: number, seq: number) => `x:${tabId}:${seq}`;

export async function loadMeta(area: SessionArea, tabId: number): Promise<TabLog | null> {
  const got = await area.get(metaKey(tabId));
  const meta = got[metaKey(tabId)] as TabLog | undefined;
  return meta && typeof meta.nextSeq === 'number' ? meta : null;
}

export async function loadEntries(area: SessionArea, log: TabLog): Promise<StoredExchange[]> {
  const keys: string[] = [];
  for (let s = log.firstSeq; s < log.nextSeq; s++) keys.push(entryKey(log.tabId, s));
  if (keys.length === 0) return [];
  const got = await area.get(keys);
  // A key may be missing if a write was lost (quota): the log shows what is there.
  return keys.map((k) => got[k] as StoredExchange | undefined).filter((e): e is StoredExchange => !!e);
}
