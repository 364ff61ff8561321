import { describe, expect, it } from 'vitest';
import { createListening, GRACE_MS } from '../../../src/background/listening';
import type { Observer } from '../../../src/background/observer';

function setup() {
  const calls: string[] = [];
  let on = false;
  const observer: Observer = {
    start() {
      if (!on) calls.push('start');
      on = true;
    },
    stop() {
      if (on) calls.push('stop');
      on = false;
    },
    get listening() {
      return on;
    },
  };
  let now = 0;
  const timers: Array<{ at: number; fn: () => void }> = [];
  const listening = createListening(observer, {
    set: (fn, ms) => {
      const t = { at: now + ms, fn };
      timers.push(t);
      return t;
    },
    clear: (h) => void timers.splice(timers.indexOf(h as (typeof timers)[number]), 1),
  });
  const advance = (ms: number) => {
    now += ms;
    for (const t of timers.filter((x) => x.at <= now)) {
      timers.splice(timers.indexOf(t), 1);
      t.fn();
    }
  };
  return { observer, listening, advance, calls };
}

describe('when the capture listens', () => {
  it('listens from start-up, and stops after the grace period when nobody looks', () => {
    const { observer, advance, calls } = setup();
    expect(observer.listening).toBe(true);
    advance(GRACE_MS - 1);
    expect(observer.listening).toBe(true);
    advance(1);
    expect(observer.listening).toBe(false);
    expect(calls).toEqual(['start', 'stop']);
  });

  it('keeps listening while a window looks, and a grace period after the last one went', () => {
    const { observer, listening, advance } = setup();
    const a = listening.watch();
    const b = listening.watch();
    advance(GRACE_MS * 3);
    expect(observer.listening).toBe(true);
    a();
    a(); // releasing twice counts once
    advance(GRACE_MS * 3);
    expect(observer.listening).toBe(true);
    b();
    advance(GRACE_MS - 1);
    expect(observer.listening).toBe(true);
    advance(1);
    expect(observer.listening).toBe(false);
  });

  it('starts again at once when a window opens after it stopped, and a reconnect within the grace keeps it on', () => {
    const { observer, listening, advance } = setup();
    advance(GRACE_MS);
    expect(observer.listening).toBe(false);
    const release = listening.watch();
    expect(observer.listening).toBe(true);
    release();
    advance(GRACE_MS / 2);
    const again = listening.watch();
    advance(GRACE_MS * 2);
    expect(observer.listening).toBe(true);
    again();
  });
});
