import { describe, expect, it } from 'vitest';
import { buildRows, countVerdicts, headOf } from '../../../src/panel/rows';
import type { StoredExchange } from '../../../src/shared/capture/log';
import { missingAcao, passing, stored } from './entries';

const all = { failingOnly: false, search: '' };

const statusOf = (e: StoredExchange) => headOf(e).status;

describe('list rows', () => {
  it('one row per request, newest last, with method, URL, status, verdict and rule', () => {
    const rows = buildRows([stored(1, passing()), stored(2, missingAcao())], all);
    expect(rows.map((r) => [r.method, r.url, r.status, r.verdict])).toEqual([
      ['GET', 'https://api.example/ok', '200', 'passed'],
      ['GET', 'https://api.example/data', '200', 'blocked'],
    ]);
    expect(rows[1]!.rule).toMatch(/Access-Control-Allow-Origin/);
  });

  it('identical failures (same endpoint, same rule) fold into one row with a count, where the first appeared', () => {
    const entries = [stored(1, missingAcao('https://api.example/a?n=1')), stored(2, passing()), stored(3, missingAcao('https://api.example/a?n=2')), stored(4, missingAcao('https://api.example/b'))];
    const rows = buildRows(entries, all);
    expect(rows.map((r) => [r.key, r.count])).toEqual([['g1', 2], ['s2', 1], ['g4', 1]]);
    // The row shows (and opens) the newest of the group.
    expect(rows[0]!.latest.seq).toBe(3);
  });

  it('a different rule on the same endpoint is a different row', () => {
    const wrongOrigin = missingAcao('https://api.example/a', { res: { status: 200, headers: { 'Access-Control-Allow-Origin': 'https://other.example' } } });
    const rows = buildRows([stored(1, missingAcao('https://api.example/a')), stored(2, wrongOrigin)], all);
    expect(rows).toHaveLength(2);
  });

  it('passing requests are never grouped', () => {
    expect(buildRows([stored(1, passing()), stored(2, passing())], all)).toHaveLength(2);
  });

  it('failing only hides passing requests; the search matches URL, status and rule, case-insensitively', () => {
    const entries = [stored(1, passing()), stored(2, missingAcao('https://api.example/Users'))];
    expect(buildRows(entries, { failingOnly: true, search: '' }).map((r) => r.key)).toEqual(['g2']);
    expect(buildRows(entries, { failingOnly: false, search: 'users' }).map((r) => r.key)).toEqual(['g2']);
    expect(buildRows(entries, { failingOnly: false, search: 'allow-origin' }).map((r) => r.key)).toEqual(['g2']);
    expect(buildRows(entries, { failingOnly: false, search: 'nothing like it' })).toEqual([]);
  });

  it('a request stopped at its preflight shows the preflight\'s status', () => {
    const e = stored(1, { method: 'PUT', pre: { status: 401 }, res: null, outcome: 'net::ERR_FAILED' });
    expect(statusOf(e)).toBe('OPTIONS 401');
    expect(buildRows([e], all)[0]!.verdict).toBe('blocked');
  });

  it('a redirect chain shows every hop\'s status', () => {
    const e = stored(1, { res: { status: 302, headers: { Location: 'https://api.example/next', 'Access-Control-Allow-Origin': 'https://app.example' } }, next: [{ url: 'https://api.example/next', res: { status: 200, headers: { 'Access-Control-Allow-Origin': 'https://app.example' } } }] });
    expect(statusOf(e)).toBe('302→200');
  });

  it('counts failing requests for the toolbar', () => {
    expect(countVerdicts([stored(1, passing()), stored(2, missingAcao()), stored(3, missingAcao())])).toEqual({ total: 3, failing: 2 });
  });
});

describe('advisories in the list', () => {
  it('a passing request with a warning (an echoed origin without Vary: Origin) is marked, not failing', () => {
    const e = stored(1, { res: { status: 200, headers: { 'Access-Control-Allow-Origin': 'https://app.example' } } });
    const [row] = buildRows([e], all);
    expect(row!.verdict).toBe('advisory');
    expect(buildRows([e], { failingOnly: true, search: '' })).toEqual([]);
  });
});
