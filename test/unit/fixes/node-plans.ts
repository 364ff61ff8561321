/**
 * Plans for the Node framework tests (Fastify, Koa, Hono, Next.js): a credentialed GET/PUT allowed
 * for two origins, and hostile plans from the pieces that matter in JavaScript or TypeScript.
 */
import type fc from 'fast-check';
import type { FixPlan } from '../../../src/shared/cors';
import { A, hostileValues } from './plans';

export { A };
export const B = 'https://admin.example';

/** A credentialed GET/PUT with Authorization, Content-Type and X-Api-Key that reads X-Request-Id, for A and B. */
export const PLAN: FixPlan = {
  origin: A, credentials: true, preflight: true, methods: ['GET', 'PUT'], requestHeaders: ['authorization', 'content-type', 'x-api-key'],
  exposeHeaders: ['x-request-id'], maxAge: 7200, lines: [], serverSteps: [],
};
export const plan = (p: Partial<FixPlan> = {}): FixPlan => ({ ...PLAN, ...p });

/** Hostile origins and plans from a framework's nasty pieces; the origins are plain web ones (no extension origins). */
export const nodeHostile = (nasty: fc.Arbitrary<string>) =>
  hostileValues({ nasty, origins: [A, 'http://localhost:3000', 'http://[::1]:8080', '', 'null'], prefixes: [A] });
