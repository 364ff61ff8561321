/**
 * The capture service: feeds each tab's NetEvents through the pairing reducer, diagnoses what finishes,
 * stores it, and tells the panels. Events of one tab are processed strictly in order (a per-tab promise
 * chain), because the first event after the background restarted must wait for the tab's state to be
 * read back from storage.session.
 *
 * Browser glue is injected (storage area, clock, timers, where messages go), so the logic here is unit
 * tested with fakes of our own and proven in the real browsers by test/e2e/capture.
 */
import { triage } from '../shared/cors';
import type { Browser } from '../shared/model';
import type { NetEvent } from '../shared/capture/events';
import { admit, clearLog, emptyLog, summarize, worthKeeping, type StoredExchange, type TabLog, type VerdictSummary } from '../shared/capture/log';
import { pack } from '../shared/capture/packed';
import { applyEvent, nextSettleAt, settle } from '../shared/capture/pairing';
import type { Exchange } from '../shared/model';
import { PROTOCOL_VERSION, type BackgroundMessage, type DumpReply } from '../shared/protocol';
import { agrees, type CdpRequestRecord } from '../shared/capture/verified';
import { createVerdictBook } from './verdict-book';
import { entryKey, loadEntries, loadMeta, metaKey, type SessionArea } from './session-store';

export interface CaptureDeps {
  area: SessionArea;
  browser: Browser;
  now(): number;
  /** Sends a message to every panel subscribed to the tab. */
  notify(tabId: number, message: BackgroundMessage): void;
  timers: Timers;
  /** Exchanges kept per tab (tests lower it). */
  cap?: number;
  /** Reports what could not be done (a storage write refused), without stopping the capture. */
  warn?(message: string): void;
}

export interface Capture {
  handle(e: NetEvent): Promise<void>;
  snapshot(tabId: number): Promise<BackgroundMessage>;
  dump(tabId: number): Promise<DumpReply>;
  clear(tabId: number, reason: 'navigation' | 'user'): Promise<void>;
  setPreserveLog(tabId: number, on: boolean): Promise<void>;
  tabClosed(tabId: number): Promise<void>;
  /** Browser-verified mode is on (or off) for the tab: match Chromium's verdicts to what is stored. */
  setVerifying(tabId: number, on: boolean): void;
  /** Browser-verified mode: Chromium's own verdict for a request of the tab, to put beside ours. */
  browserVerdict(tabId: number, record: CdpRequestRecord): Promise<void>;
  /** Resolves when every tab's queued work and writes are done. */
  idle(): Promise<void>;
}

/** How long events are gathered before one write (see scheduleFlush). */
export const FLUSH_MS = 25;

/** setTimeout / clearTimeout, injected so that unit tests can run a clock of their own. */
export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export function createCapture(deps: CaptureDeps): Capture {
  const logs = new Map<number, TabLog>();
  const chains = new Map<number, Promise<void>>();
  const timers = new Map<number, unknown>();
  const cap = deps.cap;
  /** Exchanges finished and not yet stored, per tab. */
  const unstored = new Map<number, Exchange[]>();
  const finishedOf = (tabId: number): Exchange[] => {
    let list = unstored.get(tabId);
    if (!list) unstored.set(tabId, (list = []));
    return list;
  };
  const verdicts = createVerdictBook();
  const flushTimers = new Map<number, unknown>();
  /** Tabs whose restored state was checked for what fell due while the background was down. */
  const restoredSettled = new Set<number>();
  const takeFinished = (tabId: number): Exchange[] => {
    const list = unstored.get(tabId) ?? [];
    unstored.delete(tabId);
    return list;
  };
  const warn = deps.warn ?? (() => {});

  /** Runs `work` after everything queued for the tab, with the tab's log loaded. */
  function queue<T>(tabId: number, work: (log: TabLog) => Promise<T> | T): Promise<T> {
    const prev = chains.get(tabId) ?? Promise.resolve();
    const run = prev.then(async () => work(await logOf(tabId)));
    const settled = run.then(
      () => undefined,
      (err: unknown) => warn(`tab ${tabId}: ${err instanceof Error ? err.message : String(err)}`),
    );
    chains.set(tabId, settled);
    void settled.then(() => {
      if (chains.get(tabId) === settled) chains.delete(tabId);
    });
    return run;
  }

  async function logOf(tabId: number): Promise<TabLog> {
    let log = logs.get(tabId);
    if (!log) {
      log = (await loadMeta(deps.area, tabId)) ?? emptyLog(tabId);
      logs.set(tabId, log);
    }
    return log;
  }

  async function saveMeta(log: TabLog): Promise<void> {
    await deps.area.set({ [metaKey(log.tabId)]: log });
  }

  /** Diagnoses finished exchanges, stores those worth showing, evicts beyond the cap, tells the panels. */
  async function store(log: TabLog, finished: Exchange[]): Promise<void> {
    if (finished.length === 0) return;
    const kept: Array<{ exchange: Exchange; summary: VerdictSummary }> = [];
    for (const exchange of finished) {
      const d = triage(exchange);
      if (worthKeeping(d)) kept.push({ exchange, summary: summarize(d) });
      else log.ignored++;
    }
    if (kept.length === 0) return;
    const { entries, evicted } = admit(log, kept, cap);
    if (verdicts.isVerifying(log.tabId)) for (const e of entries) verdicts.onStored(log.tabId, e);
    // Evicted first: it frees room, and the log no longer points at those keys whatever happens next.
    if (evicted.length > 0) await deps.area.remove(evicted.map((s) => entryKey(log.tabId, s)));
    const items: Record<string, unknown> = {};
    for (const e of entries) items[entryKey(log.tabId, e.seq)] = e;
    let stored = entries;
    try {
      await deps.area.set(items);
    } catch (err) {
      // Quota: keep the capture going, drop what could not be stored, and count it.
      log.dropped += entries.length;
      stored = [];
      warn(`could not store ${entries.length} exchange(s) for tab ${log.tabId}: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (evicted.length > 0 || stored.length < entries.length) {
      deps.notify(log.tabId, { v: PROTOCOL_VERSION, type: 'evicted', tabId: log.tabId, firstSeq: log.firstSeq, dropped: log.dropped });
    }
    if (stored.length > 0) deps.notify(log.tabId, { v: PROTOCOL_VERSION, type: 'added', tabId: log.tabId, entries: stored });
  }

  /**
   * Writes are coalesced per tab: the events of FLUSH_MS are applied in memory, then one write stores what
   * finished and the requests still in flight. Writing after every event made a busy page measurably
   * slower (bench/page-load.ts: the worker serialised the in-flight state thousands of times a second on
   * the page's cores). The price: a worker killed outright loses at most the last FLUSH_MS of events;
   * Chromium and Firefox stop only an idle worker, after its writes are done.
   */
  function scheduleFlush(tabId: number): void {
    if (flushTimers.has(tabId)) return;
    flushTimers.set(tabId, deps.timers.set(() => void flushNow(tabId), FLUSH_MS));
  }

  function flushNow(tabId: number): Promise<void> {
    const t = flushTimers.get(tabId);
    if (t === undefined) return Promise.resolve();
    flushTimers.delete(tabId);
    deps.timers.clear(t);
    return queue(tabId, async (log) => {
      await store(log, takeFinished(log.tabId));
      await saveMeta(log);
      armSettle(log);
    });
  }

  /**
   * Applies one event to the tab's state in memory, keeping what it finished for the next write. True
   * when it was a navigation that clears the log (which needs storage, so the caller queues it).
   */
  function applyNow(log: TabLog, e: NetEvent): boolean {
    const { finished, navigated } = applyEvent(log.capture, e, { browser: deps.browser });
    const done = finishedOf(log.tabId);
    for (const x of finished) done.push(x);
    if (!restoredSettled.has(log.tabId)) {
      // A restarted background has no timers: what fell due while it was down is settled now.
      restoredSettled.add(log.tabId);
      for (const x of settle(log.capture, e.t || deps.now(), { browser: deps.browser })) done.push(x);
    }
    return navigated && !log.preserveLog;
  }

  /** A navigation clears the log: what finished before it is stored first, then cleared with the rest. */
  async function clearAfterNavigation(log: TabLog): Promise<void> {
    await store(log, takeFinished(log.tabId));
    await clearNow(log, 'navigation');
    scheduleFlush(log.tabId);
  }

  async function clearNow(log: TabLog, reason: 'navigation' | 'user'): Promise<void> {
    const removed = clearLog(log);
    if (removed.length > 0) await deps.area.remove(removed.map((s) => entryKey(log.tabId, s)));
    await saveMeta(log);
    deps.notify(log.tabId, { v: PROTOCOL_VERSION, type: 'cleared', tabId: log.tabId, reason });
  }

  /** A request whose end was never reported (see pairing.ts): settle it once its preflight is over. */
  function armSettle(log: TabLog): void {
    const at = nextSettleAt(log.capture);
    const old = timers.get(log.tabId);
    if (old !== undefined) deps.timers.clear(old);
    timers.delete(log.tabId);
    if (at === null) return;
    timers.set(
      log.tabId,
      deps.timers.set(() => {
        timers.delete(log.tabId);
        void queue(log.tabId, async (l) => {
          await store(l, settle(l.capture, deps.now(), { browser: deps.browser }));
          await saveMeta(l);
          armSettle(l);
        });
      }, Math.max(0, at - deps.now()) + 50),
    );
  }

  return {
    handle(e) {
      // The usual case, by far: the tab's state is in memory and nothing is queued before this event, so
      // it is applied at once, without a promise chain per event (the page pays for the worker's CPU).
      const loaded = logs.get(e.tabId);
      if (loaded && !chains.has(e.tabId)) {
        if (applyNow(loaded, e)) return queue(e.tabId, clearAfterNavigation);
        scheduleFlush(e.tabId);
        return Promise.resolve();
      }
      // The state must be read back from storage first (a restarted background), or events are queued.
      return queue(e.tabId, async (log) => {
        if (applyNow(log, e)) await clearAfterNavigation(log);
        else scheduleFlush(log.tabId);
      });
    },
    async snapshot(tabId) {
      await flushNow(tabId);
      return queue(tabId, async (log) => ({
        v: PROTOCOL_VERSION,
        type: 'snapshot' as const,
        tabId,
        entries: (await loadEntries(deps.area, log)).map(pack),
        dropped: log.dropped,
        preserveLog: log.preserveLog,
      }));
    },
    async dump(tabId) {
      await flushNow(tabId);
      return queue(tabId, async (log) => ({
        tabId,
        entries: await loadEntries(deps.area, log),
        dropped: log.dropped,
        ignored: log.ignored,
        inFlight: Object.keys(log.capture.requests).length,
      }));
    },
    clear(tabId, reason) {
      return queue(tabId, (log) => clearNow(log, reason));
    },
    setPreserveLog(tabId, on) {
      return queue(tabId, async (log) => {
        log.preserveLog = on;
        await saveMeta(log);
      });
    },
    tabClosed(tabId) {
      return queue(tabId, async (log) => {
        const keys = [metaKey(tabId)];
        for (let s = log.firstSeq; s < log.nextSeq; s++) keys.push(entryKey(tabId, s));
        await deps.area.remove(keys);
        logs.delete(tabId);
        const t = timers.get(tabId);
        if (t !== undefined) deps.timers.clear(t);
        timers.delete(tabId);
      });
    },
    setVerifying: verdicts.setVerifying,
    browserVerdict(tabId, record) {
      return queue(tabId, async (log) => {
        const seq = verdicts.onVerdict(tabId, record, log.firstSeq);
        if (seq === null) return;
        const key = entryKey(tabId, seq);
        const entry = (await deps.area.get(key))[key] as StoredExchange | undefined;
        if (!entry) return;
        entry.browser = { ...record.verdict, agrees: agrees(entry.summary, record.verdict) };
        await deps.area.set({ [key]: entry });
        deps.notify(tabId, { v: PROTOCOL_VERSION, type: 'updated', tabId, entries: [entry] });
      });
    },
    async idle() {
      for (;;) {
        await Promise.all([...flushTimers.keys()].map(flushNow));
        const pending = [...chains.values()];
        if (pending.length === 0 && flushTimers.size === 0) return;
        await Promise.all(pending);
      }
    },
  };
}
