/** Collects the Network events of one CDP session, and waits for a request to end. */
import type { CDPSession } from 'playwright-core';
import { eventsOf, mainRequestId, NETWORK_EVENTS, type NetworkEvent } from './cdp-events';

export class NetworkLog {
  events: NetworkEvent[] = [];
  private lastEventAt = Date.now();

  constructor(session: CDPSession) {
    for (const method of NETWORK_EVENTS) {
      // The session's typed `on` wants protocol types; the params are stored as the narrower local types.
      (session as unknown as { on(m: string, f: (p: unknown) => void): void }).on(method, (params) => {
        this.events.push({ method, params } as NetworkEvent);
        this.lastEventAt = Date.now();
      });
    }
  }

  clear(): void {
    this.events = [];
  }

  /**
   * Waits until the request to `url` has ended (loadingFinished or loadingFailed), and until it and its
   * preflights have one request and one response ExtraInfo event per request the server received
   * (`received()`): ExtraInfo events may trail the end of the request by a long way on a busy machine.
   * Not forever: Chromium sends no response ExtraInfo for the redirect that hit ERR_TOO_MANY_REDIRECTS,
   * so after the end it waits at most `extraInfoMs`. Then waits until no event arrived for `quietMs`.
   * Call it once the page has its answer: a request not seen within `appearMs` was never made (Blink
   * rejected it).
   */
  async settle(
    url: string,
    received: () => number,
    { timeoutMs = 5000, quietMs = 30, appearMs = 300, extraInfoMs = 1000 } = {},
  ): Promise<void> {
    const start = Date.now();
    const deadline = start + timeoutMs;
    while (mainRequestId(this.events, url) === undefined && Date.now() - start < appearMs) await sleep(5);
    const id = mainRequestId(this.events, url);
    if (id === undefined) return;
    const mine = (requestId: string) =>
      requestId === id ||
      eventsOf(this.events, 'Network.requestWillBeSent').some(
        (e) => e.requestId === requestId && e.initiator.type === 'preflight' && e.initiator.requestId === id,
      );
    const count = (method: NetworkEvent['method']) => this.events.filter((e) => e.method === method && mine(e.params.requestId)).length;
    const ended = () =>
      this.events.some((e) => (e.method === 'Network.loadingFinished' || e.method === 'Network.loadingFailed') && e.params.requestId === id);
    const complete = () => {
      const n = received();
      return count('Network.requestWillBeSentExtraInfo') >= n && count('Network.responseReceivedExtraInfo') >= n;
    };
    while (!ended() && Date.now() < deadline) await sleep(5);
    const extraDeadline = Math.min(deadline, Date.now() + extraInfoMs);
    while (!complete() && Date.now() < extraDeadline) await sleep(5);
    while (Date.now() - this.lastEventAt < quietMs && Date.now() < deadline) await sleep(5);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
