/**
 * Firefox's own verdict for one scenario, read from the console messages it logged. Each CORS failure is
 * an nsIScriptError whose category is its `security.properties` key. Firefox often logs the specific
 * reason first and then a generic `CORSDidNotSucceed2 … Status code: (null)`; a redirected preflight logs
 * three (`CORSExternalRedirectNotAllowed`, `CORSPreflightDidNotSucceed3`, `CORSDidNotSucceed2`). The first
 * non-generic error is the verdict; the generic one only when it is all there is.
 */
import type { ConsoleMessage } from './chrome-scope';

const GENERIC = new Set(['CORSDidNotSucceed2', 'CORSDidNotSucceed']);

export interface FirefoxVerdict {
  /** The `security.properties` key of the verdict, null when Firefox logged no CORS error. */
  reason: string | null;
  /** Its console text. */
  message: string | null;
  /** The page's fetch rejected (or XHR fired `error`). */
  blocked: boolean;
  /** Every CORS error category logged for the scenario, in order. */
  errors: string[];
  /** CORS warnings (not blocks), e.g. `CORSAllowHeaderFromPreflightDeprecation`. */
  warnings: string[];
}

/**
 * The messages that belong to one scenario run: those naming one of its URLs (`/s/<id>/<runId>/`), and
 * those naming no lab URL at all (a redirect to `data:`): scenarios run one at a time.
 */
export function messagesFor(messages: readonly ConsoleMessage[], runPath: string): ConsoleMessage[] {
  return messages.filter((m) => m.message.includes(`${runPath}/`) || !m.message.includes('/s/'));
}

export function firefoxVerdict(messages: readonly ConsoleMessage[], blocked: boolean): FirefoxVerdict {
  const errors = messages.filter((m) => !m.warning);
  const chosen = errors.find((m) => !GENERIC.has(m.category)) ?? errors[0];
  return {
    reason: chosen?.category ?? null,
    message: chosen?.message ?? null,
    blocked,
    errors: errors.map((m) => m.category),
    warnings: messages.filter((m) => m.warning).map((m) => m.category),
  };
}

/** Whether the messages already hold an error for the run (the trailing generic one comes in the same tick). */
export function hasError(messages: readonly ConsoleMessage[]): boolean {
  return messages.some((m) => !m.warning);
}
