/**
 * What the Caddy and HAProxy tests share about hostile values: printable ASCII strings, strings mixed
 * from a target's nasty pieces, and the plain plan a hostile plan's snippet is compared with.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import type { FixPlan } from '../../../src/shared/cors';
import type { Snippet } from '../../../src/shared/fixes/types';
import { corsValues, originRefusal } from '../../../src/shared/fixes/values';
import { TOKEN } from './plans';

export const PRINTABLE = /^[\x20-\x7e]*$/;
export const printable = fc.string({ unit: 'binary-ascii', maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, ''));

/** Up to five parts joined: any UTF-16 units, printable ASCII, or the target's nasty pieces. */
export function mixedWith(nasty: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.array(fc.oneof(fc.string({ unit: 'binary', maxLength: 20 }), printable, nasty), { maxLength: 5 }).map((p) => p.join(''));
}

/** The same plan with every legal value replaced by a plain one and every illegal one by another illegal one. */
export function reference(p: FixPlan, more: string): [FixPlan, string] {
  let n = 0;
  const swap = (v: string) => (TOKEN.test(v) ? `x${n++}` : `bad\n${n++}`);
  // A refused origin becomes another refused one, the same for the same value (refusals are listed once each).
  const refused = new Map<string, string>();
  const o = (v: string) => (originRefusal(v) === null ? v : refused.get(v) ?? (refused.set(v, `bad\n${n++}`), refused.get(v) as string));
  return [{ ...p, origin: o(p.origin), methods: p.methods.map(swap), requestHeaders: p.requestHeaders.map(swap), exposeHeaders: p.exposeHeaders.map(swap) }, o(more)];
}

/**
 * A hostile plan's snippet (with one more origin) checked against the snippet of its plain reference:
 * printable, the same structure as `shape` reads it, and one "# Left out" line per refused value.
 * Returns both snippets and the values the snippet must carry.
 */
export function checkAgainstReference(render: (p: FixPlan, more: string[]) => Snippet, shape: (code: string) => unknown, p: FixPlan, more: string) {
  const s = render(p, [more]);
  const [refPlan, refMore] = reference(p, more);
  const ref = render(refPlan, [refMore]);
  expect(s.code).toMatch(/^[\x20-\x7e\n]*$/);
  expect(shape(s.code)).toEqual(shape(ref.code));
  const v = corsValues(p, { moreOrigins: [more] });
  expect(s.code.split('\n').filter((l) => l.startsWith('# Left out ')).length).toBe(v.refused.length);
  return { s, ref, v };
}
