/**
 * The checks without a browser that the Go and Rack::Cors apps share (each built or run from one
 * source file): the broken app answers exactly as app-spec.ts says, with no CORS header; and the
 * snippet for a bare preflighted PUT, then the variants of it a pitfall names, each answering that
 * preflight with its own status and Allow-Origin. Requests go through fetch.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixPlan } from '../../../src/shared/cors';
import { targetById } from '../../../src/shared/fixes';
import { answer, SESSION, TOKEN } from './app-spec';
import { freePort, type RunningServer } from './harness';

/** A preflight variant: the snippet code to run, and the status and Allow-Origin its preflight gets. */
export type PreflightVariant = [code: string, status: number, allowOrigin: string | null];

export interface BuiltAppChecks {
  /** The describe block's title. */
  title: string;
  /** The fix target whose snippet is rendered. */
  target: string;
  /** Fails with the install hint when the toolchain is missing. */
  requires: () => void;
  /** Starts the app with the snippet's code pasted in (null: the broken app). */
  start: (port: number, code: string | null) => Promise<RunningServer>;
  /** The pitfall test: its title, a line the rendered snippet must hold, and the variants to run (`origin`: the one the plan allows). */
  pitfall: { title: string; holds: string; variants: (code: string, origin: string) => PreflightVariant[] };
}

export function builtAppChecks({ title, target, requires, start, pitfall }: BuiltAppChecks): void {
  describe(title, () => {
    beforeAll(() => requires());
    let server: RunningServer | null = null;
    afterAll(async () => server?.stop());

    it('the broken app answers exactly as app-spec.ts says', async () => {
      const port = await freePort();
      server = await start(port, null);
      const cases: Array<[string, string, Record<string, string>]> = [
        ['GET', '/api/public', {}], ['POST', '/api/public', {}], ['GET', '/api/me', {}], ['GET', '/api/me', { cookie: `a=1; sid=${SESSION}` }],
        ['POST', '/api/me', { cookie: `sid=${SESSION}` }], ['OPTIONS', '/api/me', {}], ['PUT', '/api/items/1', {}], ['OPTIONS', '/api/items/1', {}],
        ['PUT', '/api/items/1', { authorization: `Bearer ${TOKEN}` }], ['DELETE', '/api/items/1', { authorization: `Bearer ${TOKEN}` }],
        ['GET', '/api/items/1', { authorization: `Bearer ${TOKEN}` }], ['GET', '/elsewhere', {}],
      ];
      for (const [method, path, headers] of cases) {
        const res = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers });
        expect({ status: res.status, body: await res.text() }, `${method} ${path}`).toEqual(answer(method, path, headers));
        expect(res.headers.get('access-control-allow-origin')).toBeNull();
      }
      await server.stop();
      server = null;
    });

    it(pitfall.title, async () => {
      const origin = 'http://127.0.0.1:9';
      const plan: FixPlan = { origin, credentials: false, preflight: true, methods: ['PUT'], requestHeaders: ['authorization'], exposeHeaders: [], maxAge: null, lines: [], serverSteps: [] };
      const code = targetById(target)?.render(plan).code as string;
      expect(code).toContain(pitfall.holds);
      const preflight = { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization' } };
      for (const [variant, status, allowOrigin] of pitfall.variants(code, origin)) {
        const port = await freePort();
        server = await start(port, variant);
        const res = await fetch(`http://127.0.0.1:${port}/api/items/1`, preflight);
        expect(res.status).toBe(status);
        expect(res.headers.get('access-control-allow-origin')).toBe(allowOrigin);
        await server.stop();
        server = null;
      }
    });
  });
}
