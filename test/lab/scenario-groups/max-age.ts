/**
 * Access-Control-Max-Age. These pass; each runs the same preflighted request twice so the recording
 * (and the lab's request log) shows whether the second one was preflighted again.
 */
import type { Scenario } from '../scenario-types';
import { acma, acao, at, ECHO, grantAll, ok } from './build';

function maxAge(id: string, title: string, value: string | null, note?: string): Scenario {
  const s: Scenario = {
    id, title, rule: 'max-age',
    client: { target: 'B', method: 'PUT', body: 'x', repeat: 2 },
    server: at(ok(acao(ECHO)), value === null ? grantAll() : grantAll(acma(value))),
    expect: { blocked: false },
  };
  return note ? { ...s, note } : s;
}

export const MAX_AGE: Scenario[] = [
  maxAge('max-age-missing', 'No Max-Age (Chromium caches 5 s)', null),
  maxAge('max-age-600', 'Max-Age 600', '600'),
  maxAge('max-age-zero', 'Max-Age 0 (no caching)', '0'),
  maxAge('max-age-negative', 'Max-Age -1 (not cached)', '-1'),
  maxAge('max-age-not-a-number', 'Max-Age abc', 'abc', 'Chromium ignores the bad value and caches for its default 5 s, as with no Max-Age.'),
  maxAge('max-age-over-cap', 'Max-Age 86400 (Chromium caps at 7200)', '86400'),
];
