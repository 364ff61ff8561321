/**
 * `triage` is what the background runs on every captured request: the diagnosis without its words and fix
 * plan (diagnose.ts). It must decide exactly what `diagnose` decides, with the explanation's title, on
 * every exchange recorded in both real browsers, on those exchanges varied at random, and on input the
 * engine cannot read.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagnose, triage, type Diagnosis, type Triage } from '../../../src/shared/cors';
import type { Exchange } from '../../../src/shared/model';
import { exchanges, varied, variation } from './varied-recordings';

/** What `diagnose` says, cut to the triage's fields. */
function cut(d: Diagnosis): Triage {
  const { fix: _fix, explanation, ...rest } = d;
  return { ...rest, title: explanation.title };
}

describe('triage decides what diagnose decides', () => {
  it('on every recorded exchange, the words and the fix plan left out', () => {
    const titles = new Set<string>();
    for (const ex of exchanges) {
      const t = triage(ex);
      expect(t).toEqual(cut(diagnose(ex)));
      expect(t).not.toHaveProperty('fix');
      expect(t).not.toHaveProperty('explanation');
      titles.add(t.title);
    }
    // The recordings cover many rules: the titles are the rules', not one default.
    expect(titles.size).toBeGreaterThan(15);
  });

  it('on recorded exchanges with their headers, statuses, credentials and outcome varied', () => {
    fc.assert(fc.property(variation, (v) => {
      const ex = varied(v);
      expect(triage(ex)).toEqual(cut(diagnose(ex)));
    }), { numRuns: 2000 });
  });

  it('on input the engine cannot read: the same "could not analyse" answer, no throw', () => {
    // A request whose URL cannot even be read: the engine's own guard catches what it throws.
    const request = { method: 'GET', headers: [] };
    Object.defineProperty(request, 'url', { enumerable: true, get: () => { throw new Error('unreadable'); } });
    const broken = { ...(exchanges[0] as Exchange), initiator: 'https://app.example', hops: [{ request }] } as unknown as Exchange;
    const d = diagnose(broken);
    expect(d.explanation.title).toBe('Could not analyse this request');
    expect(triage(broken)).toEqual(cut(d));
    for (const odd of [null, {}, { hops: [] }, { hops: [{}] }] as unknown as Exchange[]) expect(triage(odd)).toEqual(cut(diagnose(odd)));
  });
});
