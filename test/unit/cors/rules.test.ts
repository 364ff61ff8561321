import { describe, expect, it } from 'vitest';
import { diagnose, type AdvisoryCode, type FailureCode } from '../../../src/shared/cors';
import { FAILURES } from '../../../src/shared/cors/failures';
import { ex } from './build';
import { TABLES, type Row } from './cases';

for (const [group, rows] of Object.entries(TABLES)) {
  describe(group, () => {
    it.each(rows.map((r) => [r.name, r] as const))('%s', (_name, row: Row) => {
      const d = diagnose(ex(row.spec));
      expect(d.verdict).toBe(row.verdict);
      if (row.code !== undefined) expect(d.failure?.code ?? null).toBe(row.code);
      if (row.chromium !== undefined) expect(d.chromiumError).toBe(row.chromium);
      if (row.firefox !== undefined) expect(d.firefoxReason).toBe(row.firefox);
      if (row.param !== undefined) expect(d.failedParameter).toBe(row.param);
      if (row.advisories !== undefined) expect(d.advisories.map((a) => a.code).sort()).toEqual([...row.advisories].sort());
      if (row.verdict === 'blocked' && d.failure) {
        // Every blocked request is explained and, where a header cures it, the plan names that header.
        expect(d.explanation.summary).not.toMatch(/\{\w+\}/);
        expect(d.explanation.fix.join(' ')).not.toMatch(/\{\w+\}/);
        if (d.failure.header && d.failure.header !== 'Location') {
          expect(d.fix?.lines.some((l) => l.header === d.failure?.header && l.change !== 'keep')).toBe(true);
        }
      }
    });
  });
}

describe('coverage of the tables', () => {
  const rows = Object.values(TABLES).flat();
  it('has a row for every failure code', () => {
    const covered = new Set(rows.map((r) => r.code).filter(Boolean));
    const missing = (Object.keys(FAILURES) as FailureCode[]).filter((c) => !covered.has(c));
    expect(missing).toEqual([]);
  });
  it('has a row for every advisory', () => {
    const all: AdvisoryCode[] = ['authorization-covered-by-wildcard', 'origin-reflected-with-credentials', 'null-origin-allowed', 'missing-vary-origin', 'unexposed-response-headers', 'max-age-missing', 'max-age-short', 'max-age-capped', 'browsers-disagree'];
    const covered = new Set(rows.flatMap((r) => r.advisories ?? []));
    expect(all.filter((c) => !covered.has(c))).toEqual([]);
  });
  it('puts a passing twin beside every failing group', () => {
    for (const [group, list] of Object.entries(TABLES)) {
      expect(list.some((r) => r.verdict === 'allowed' || r.verdict === 'same-origin'), group).toBe(true);
    }
  });
});
