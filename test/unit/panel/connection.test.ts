import { describe, expect, it } from 'vitest';
import { connectPanel, type PortLike, type RuntimeLike } from '../../../src/panel/connection';
import { PROTOCOL_VERSION, type BackgroundMessage } from '../../../src/shared/protocol';
import type { Connection } from '../../../src/panel/state';

/** A runtime whose ports the test drives: deliver a message, drop the port, reload the extension. */
function fakeRuntime() {
  const ports: Array<PortLike & { sent: unknown[]; deliver(m: unknown): void; drop(): void }> = [];
  const runtime: RuntimeLike & { id: string | undefined } = {
    id: 'ext',
    connect() {
      if (!runtime.id) throw new Error('Extension context invalidated.');
      let onMessage: (m: unknown) => void = () => undefined;
      let onDisconnect: () => void = () => undefined;
      const port = {
        sent: [] as unknown[],
        postMessage(m: unknown) {
          port.sent.push(m);
        },
        disconnect() {},
        onMessage: { addListener: (cb: (m: unknown) => void) => (onMessage = cb) },
        onDisconnect: { addListener: (cb: () => void) => (onDisconnect = cb) },
        deliver: (m: unknown) => onMessage(m),
        drop: () => onDisconnect(),
      };
      ports.push(port);
      return port;
    },
  };
  const timers: Array<() => void> = [];
  return { runtime, ports, timers, scheduler: { set: (fn: () => void) => timers.push(fn) } };
}

const snapshot: BackgroundMessage = { v: PROTOCOL_VERSION, type: 'snapshot', tabId: 7, entries: [], dropped: 0, preserveLog: false };

describe('the panel\'s port', () => {
  it('subscribes to its tab on connect and passes background messages on', () => {
    const f = fakeRuntime();
    const got: BackgroundMessage[] = [];
    connectPanel(f.runtime, 7, (m) => got.push(m), () => undefined, f.scheduler);
    expect(f.ports[0]!.sent).toEqual([{ v: PROTOCOL_VERSION, type: 'subscribe', tabId: 7 }]);
    f.ports[0]!.deliver(snapshot);
    f.ports[0]!.deliver({ nonsense: true });
    expect(got).toEqual([snapshot]);
  });

  it('reconnects and re-subscribes by itself when the background is unloaded', () => {
    const f = fakeRuntime();
    const states: Connection[] = [];
    connectPanel(f.runtime, 7, () => undefined, (c) => states.push(c), f.scheduler);
    f.ports[0]!.drop();
    expect(states).toEqual(['reconnecting']);
    f.timers.shift()!();
    expect(f.ports).toHaveLength(2);
    expect(f.ports[1]!.sent).toEqual([{ v: PROTOCOL_VERSION, type: 'subscribe', tabId: 7 }]);
  });

  it('says "reloaded" when the extension was reloaded under it, and stops trying', () => {
    const f = fakeRuntime();
    const states: Connection[] = [];
    connectPanel(f.runtime, 7, () => undefined, (c) => states.push(c), f.scheduler);
    f.runtime.id = undefined;
    f.ports[0]!.drop();
    expect(states).toEqual(['reloaded']);
    expect(f.timers).toHaveLength(0);
  });

  it('treats a background speaking another protocol version as a reloaded extension', () => {
    const f = fakeRuntime();
    const states: Connection[] = [];
    const got: unknown[] = [];
    connectPanel(f.runtime, 7, (m) => got.push(m), (c) => states.push(c), f.scheduler);
    f.ports[0]!.deliver({ ...snapshot, v: PROTOCOL_VERSION + 1 });
    expect(states).toEqual(['reloaded']);
    expect(got).toEqual([]);
  });

  it('close() stops reconnecting', () => {
    const f = fakeRuntime();
    const c = connectPanel(f.runtime, 7, () => undefined, () => undefined, f.scheduler);
    c.close();
    f.ports[0]!.drop();
    expect(f.timers).toHaveLength(0);
  });
});
