import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type BackgroundMessage } from '../../../src/shared/protocol';
import { initialState, reduce, type PanelState } from '../../../src/panel/state';
import { pack } from '../../../src/shared/capture/packed';
import { missingAcao, passing, stored } from './entries';

const v = PROTOCOL_VERSION;
const msg = (state: PanelState, message: BackgroundMessage) => reduce(state, { type: 'message', message });
const seqs = (s: PanelState) => s.entries.map((e) => e.seq);

describe('panel state', () => {
  it('a snapshot replaces everything, in seq order, and makes the connection live', () => {
    const s = msg(initialState(), { v, type: 'snapshot', tabId: 1, entries: [stored(3), stored(1), stored(2)].map(pack), dropped: 4, preserveLog: true });
    expect(seqs(s)).toEqual([1, 2, 3]);
    expect(s).toMatchObject({ connection: 'live', dropped: 4, preserveLog: true });
  });

  it('added appends newer entries and replaces a seq already shown (a re-sent batch is idempotent)', () => {
    let s = msg(initialState(), { v, type: 'snapshot', tabId: 1, entries: [stored(1)].map(pack), dropped: 0, preserveLog: false });
    s = msg(s, { v, type: 'added', tabId: 1, entries: [stored(3), stored(2)] });
    expect(seqs(s)).toEqual([1, 2, 3]);
    s = msg(s, { v, type: 'added', tabId: 1, entries: [stored(2, missingAcao())] });
    expect(seqs(s)).toEqual([1, 2, 3]);
    expect(s.entries[1]!.summary.verdict).toBe('blocked');
  });

  it('a reconnect snapshot after a restart neither duplicates nor loses entries', () => {
    let s = msg(initialState(), { v, type: 'snapshot', tabId: 1, entries: [stored(1), stored(2)].map(pack), dropped: 0, preserveLog: false });
    s = reduce(s, { type: 'connection', connection: 'reconnecting' });
    expect(s.entries).toHaveLength(2);
    s = msg(s, { v, type: 'snapshot', tabId: 1, entries: [stored(1), stored(2), stored(3)].map(pack), dropped: 0, preserveLog: false });
    expect(seqs(s)).toEqual([1, 2, 3]);
    expect(s.connection).toBe('live');
  });

  it('evicted drops entries below firstSeq and shows the dropped count', () => {
    let s = msg(initialState(), { v, type: 'snapshot', tabId: 1, entries: [stored(1), stored(2), stored(3)].map(pack), dropped: 0, preserveLog: false });
    s = msg(s, { v, type: 'evicted', tabId: 1, firstSeq: 3, dropped: 2 });
    expect(seqs(s)).toEqual([3]);
    expect(s.dropped).toBe(2);
  });

  it('cleared empties the list, closes the detail view and remembers why', () => {
    let s = msg(initialState(), { v, type: 'snapshot', tabId: 1, entries: [stored(1)].map(pack), dropped: 1, preserveLog: false });
    s = reduce(s, { type: 'open', key: 's1' });
    s = msg(s, { v, type: 'cleared', tabId: 1, reason: 'navigation' });
    expect(s).toMatchObject({ entries: [], dropped: 0, cleared: 'navigation', open: false, selected: null });
    s = msg(s, { v, type: 'added', tabId: 1, entries: [stored(2)] });
    expect(s.cleared).toBeNull();
  });

  it('updated swaps in the entries with the browser\'s verdict, in place', () => {
    let s = msg(initialState(), { v, type: 'snapshot', tabId: 1, entries: [stored(1), stored(2, passing())].map(pack), dropped: 0, preserveLog: false });
    const withBrowser = { ...stored(1), browser: { corsError: 'MissingAllowOriginHeader', failedParameter: null, netError: 'net::ERR_FAILED', agrees: true } };
    s = msg(s, { v, type: 'updated', tabId: 1, entries: [withBrowser] });
    expect(s.entries[0]!.browser?.agrees).toBe(true);
    expect(seqs(s)).toEqual([1, 2]);
  });

  it('verified mode and background errors are shown', () => {
    let s = msg(initialState(), { v, type: 'verified', tabId: 1, on: false, error: 'Another debugger is attached' });
    expect(s.verified).toEqual({ on: false, error: 'Another debugger is attached' });
    s = msg(s, { v, type: 'error', message: 'unrecognised message' });
    expect(s.error).toBe('unrecognised message');
  });

  it('once reloaded, the connection stays reloaded', () => {
    let s = reduce(initialState(), { type: 'connection', connection: 'reloaded' });
    s = reduce(s, { type: 'connection', connection: 'reconnecting' });
    expect(s.connection).toBe('reloaded');
  });

  it('select, open and close move the selection and the detail view', () => {
    let s = reduce(initialState(), { type: 'select', key: 's1' });
    expect(s).toMatchObject({ selected: 's1', open: false });
    s = reduce(s, { type: 'open', key: 's2' });
    expect(s).toMatchObject({ selected: 's2', open: true });
    s = reduce(s, { type: 'close' });
    expect(s).toMatchObject({ selected: 's2', open: false });
  });
});
