/**
 * Recordings of the raw webRequest `details` the real browsers deliver, per lab scenario, replayed by the
 * pairing reducer's unit tests (test/unit/capture). Written by record-chromium-events.ts and
 * record-firefox-events.ts.
 */
import type { NetEventKind, WebRequestDetails } from '../../src/shared/capture/events';
import type { Origins } from '../lab/placeholders';

export interface RawEvent {
  kind: NetEventKind;
  details: WebRequestDetails;
}

export interface RecordedRun {
  id: string;
  runPath: string;
  events: RawEvent[];
  /** The browser's own verdict for the run (Chromium: from CDP; Firefox: from its console). */
  verdict: unknown;
}

export interface EventRecording {
  browser: 'chromium' | 'firefox';
  version: string;
  recordedAt: string;
  origins: Origins;
  scenarios: RecordedRun[];
}

/** The details fields the capture reads, and no more (recordings stay small and carry no noise). */
export const RECORDED_FIELDS = ['requestId', 'tabId', 'timeStamp', 'method', 'url', 'type', 'initiator', 'originUrl', 'requestHeaders', 'responseHeaders', 'statusCode', 'statusLine', 'redirectUrl', 'ip', 'fromCache', 'error'] as const;
