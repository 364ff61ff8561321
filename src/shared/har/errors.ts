/**
 * Why a file could not be read as a HAR. The reason is one line a user can act on, meant to be printed
 * after the file name (`corsight: capture.har: not a HAR file (missing log.entries)`); it never carries
 * a stack or a raw TypeError.
 */
export interface HarError {
  kind: 'empty' | 'not-json' | 'not-har' | 'invalid-entry';
  reason: string;
}

export type HarResult<T> = { ok: true; value: T } | { ok: false; error: HarError };

export function fail(kind: HarError['kind'], reason: string): { ok: false; error: HarError } {
  return { ok: false, error: { kind, reason } };
}
