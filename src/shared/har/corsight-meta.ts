import type { Browser, CredentialsMode, Outcome, RequestMode } from '../model';

/**
 * What corsight's own HAR export adds to an entry, under `_corsight`. The extension observed these
 * facts directly (webRequest/CDP know the initiator, the credentials mode, which entry is whose
 * preflight), so they replace the guesses a plain HAR forces on the import. Every field is optional
 * and read tolerantly: a field of the wrong type is ignored, never an error, because the file may come
 * from an older or newer corsight.
 */
export interface CorsightEntryMeta {
  /** Entries that belong to one Exchange share it. */
  exchangeId?: string;
  /** Index of the hop this entry is (or is the preflight of). */
  hop?: number;
  role?: 'request' | 'preflight';
  browser?: Browser;
  initiator?: string;
  mode?: RequestMode;
  credentials?: CredentialsMode;
  preflightCached?: boolean;
  outcome?: Outcome;
  headersComplete?: boolean;
}

const BROWSERS: readonly string[] = ['chromium', 'firefox', 'unknown'];
const MODES: readonly string[] = ['cors', 'no-cors', 'same-origin', 'navigate'];
const CREDENTIALS: readonly string[] = ['omit', 'same-origin', 'include'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readOutcome(v: unknown): Outcome | undefined {
  if (!isRecord(v)) return undefined;
  if (v.kind === 'completed' || v.kind === 'unknown') return { kind: v.kind };
  if (v.kind === 'failed' && typeof v.error === 'string') return { kind: 'failed', error: v.error };
  return undefined;
}

export function readCorsightMeta(raw: unknown): CorsightEntryMeta | undefined {
  if (!isRecord(raw)) return undefined;
  const meta: CorsightEntryMeta = {};
  if (typeof raw.exchangeId === 'string' && raw.exchangeId !== '') meta.exchangeId = raw.exchangeId;
  if (typeof raw.hop === 'number' && Number.isInteger(raw.hop) && raw.hop >= 0) meta.hop = raw.hop;
  if (raw.role === 'request' || raw.role === 'preflight') meta.role = raw.role;
  if (typeof raw.browser === 'string' && BROWSERS.includes(raw.browser)) meta.browser = raw.browser as Browser;
  if (typeof raw.initiator === 'string' && raw.initiator !== '') meta.initiator = raw.initiator;
  if (typeof raw.mode === 'string' && MODES.includes(raw.mode)) meta.mode = raw.mode as RequestMode;
  if (typeof raw.credentials === 'string' && CREDENTIALS.includes(raw.credentials)) {
    meta.credentials = raw.credentials as CredentialsMode;
  }
  if (typeof raw.preflightCached === 'boolean') meta.preflightCached = raw.preflightCached;
  if (typeof raw.headersComplete === 'boolean') meta.headersComplete = raw.headersComplete;
  const outcome = readOutcome(raw.outcome);
  if (outcome) meta.outcome = outcome;
  return Object.keys(meta).length > 0 ? meta : undefined;
}
