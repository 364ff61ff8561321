/**
 * The engine skips runs whose result it already knows: Firefox's run when Chromium's result holds there
 * too, and the credentialed run when the first check failed on the Allow-Origin value itself
 * (diagnose.ts, sameForFirefox and credentialsCannotMatter). Proof that the skips change nothing: every
 * exchange recorded in both real browsers, with its response headers, statuses, credentials mode and
 * outcome varied at random, diagnoses exactly as it does with every run evaluated.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/shared/cors';
import { diagnoseInFull } from '../../../src/shared/cors/diagnose';
import { exchanges, varied, variation } from './varied-recordings';

describe('skipping runs whose result is known changes no diagnosis', () => {
  it('on every recorded exchange as it is', () => {
    for (const ex of exchanges) expect(diagnose(ex)).toEqual(diagnoseInFull(ex));
  });
  it('on recorded exchanges with their headers, statuses, credentials and outcome varied', () => {
    fc.assert(fc.property(variation, (v) => {
      const ex = varied(v);
      expect(diagnose(ex)).toEqual(diagnoseInFull(ex));
    }), { numRuns: 3000 });
  });
});
