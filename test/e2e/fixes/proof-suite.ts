/**
 * The four scenarios as one describe block for a rig: each test fails with the server's broken setup,
 * then passes in Chromium with the target's snippet pasted in. Every real-server test file calls it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPECTED_BODY, Lab, type Rig, type ScenarioId } from './harness';

const IDS: ScenarioId[] = ['simple-get', 'credentialed-get', 'preflighted-put', 'origin-list'];

export function proveSnippets(name: string, rig: () => Rig, { before, after }: { before?: () => Promise<void>; after?: () => Promise<void> } = {}): void {
  describe(`${name}: the snippet makes a failing request pass in Chromium`, () => {
    let lab: Lab;
    beforeAll(async () => {
      await before?.();
      lab = await Lab.start();
    });
    afterAll(async () => {
      await lab?.close();
      await after?.();
    });
    for (const id of IDS) {
      it(id, async () => {
        const p = await lab.prove(rig(), id);
        expect(p.before.ok, 'the broken setup must fail in the browser').toBe(false);
        expect(p.diagnosis.verdict).toBe('blocked');
        expect(p.after, `with the snippet:\n${p.snippet.code}`).toEqual({ ok: true, status: 200, body: EXPECTED_BODY[id] });
        if (id === 'origin-list') {
          expect(p.second, 'the second allowed origin').toEqual({ ok: true, status: 200, body: EXPECTED_BODY[id] });
          expect(p.third?.ok, 'a third origin must stay refused').toBe(false);
        }
      });
    }
  });
}
