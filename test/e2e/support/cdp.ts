// A CDP session on a target Playwright does not expose (the DevTools front-end and the extension panel iframe
// inside it), through the browser session: non-flattened Target.attachToTarget + Target.sendMessageToTarget.
import type { CDPSession } from 'playwright-core';

export interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

export interface RawSession {
  evaluate<T>(expression: string): Promise<T>;
  detach(): Promise<void>;
}

export async function listTargets(browserSession: CDPSession): Promise<TargetInfo[]> {
  const { targetInfos } = await browserSession.send('Target.getTargets');
  return targetInfos;
}

export async function waitForTarget(
  browserSession: CDPSession,
  predicate: (t: TargetInfo) => boolean,
  timeoutMs = 15_000,
): Promise<TargetInfo> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = (await listTargets(browserSession)).find(predicate);
    if (found) return found;
    if (Date.now() > until) throw new Error('timed out waiting for a CDP target');
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function attachRaw(browserSession: CDPSession, targetId: string): Promise<RawSession> {
  const { sessionId } = await browserSession.send('Target.attachToTarget', { targetId, flatten: false });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  const onMessage = (event: { sessionId: string; message: string }) => {
    if (event.sessionId !== sessionId) return;
    const msg = JSON.parse(event.message) as { id?: number; result?: unknown; error?: { message: string } };
    if (msg.id === undefined) return;
    const waiter = pending.get(msg.id);
    if (!waiter) return;
    pending.delete(msg.id);
    if (msg.error) waiter.reject(new Error(msg.error.message));
    else waiter.resolve(msg.result);
  };
  browserSession.on('Target.receivedMessageFromTarget', onMessage);

  const send = (method: string, params: object) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      browserSession
        .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) })
        .catch(reject);
    });

  return {
    async evaluate<T>(expression: string): Promise<T> {
      const result = (await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true })) as {
        result: { value?: unknown };
        exceptionDetails?: { text: string; exception?: { description?: string } };
      };
      if (result.exceptionDetails) {
        throw new Error(result.exceptionDetails.exception?.description ?? result.exceptionDetails.text);
      }
      return result.result.value as T;
    },
    async detach() {
      browserSession.off('Target.receivedMessageFromTarget', onMessage);
      await browserSession.send('Target.detachFromTarget', { sessionId }).catch(() => {});
    },
  };
}
