// A liveness check the panel (and the e2e tests) use to see that the background started and answers.
// Capture, pairing and the typed port protocol arrive in later issues; this is deliberately the only message.
export const HEALTH_PING = 'corsight/health-ping' as const;

export interface HealthPing {
  readonly type: typeof HEALTH_PING;
}

export interface HealthReply {
  readonly ok: true;
  readonly name: string;
  readonly version: string;
  /** 'service_worker' in Chromium, 'event_page' in Firefox (decided by which global the script runs in). */
  readonly context: 'service_worker' | 'event_page';
}

export function isHealthPing(message: unknown): message is HealthPing {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === HEALTH_PING;
}

export function healthReply(manifest: { name: string; version: string }, isServiceWorker: boolean): HealthReply {
  return {
    ok: true,
    name: manifest.name,
    version: manifest.version,
    context: isServiceWorker ? 'service_worker' : 'event_page',
  };
}
