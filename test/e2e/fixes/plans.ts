/** The origins every check without a browser uses, and the plan the Node and Python checks render snippets for. */
import type { FixPlan } from '../../../src/shared/cors';
import { targetById } from '../../../src/shared/fixes';

export const ORIGIN = 'http://127.0.0.1:4101';
export const ORIGIN2 = 'http://localhost:4102';
export const EVIL = 'http://127.0.0.1:4103';

/** A credentialed PUT with Authorization, Content-Type and X-Trace that reads X-Trace: the harshest plan. */
export const FULL_PLAN: FixPlan = {
  origin: ORIGIN,
  credentials: true,
  preflight: true,
  methods: ['PUT'],
  requestHeaders: ['authorization', 'content-type', 'x-trace'],
  exposeHeaders: ['x-trace'],
  maxAge: 600,
  lines: [],
  serverSteps: [],
};

/** The preflight of FULL_PLAN's request (add the Origin). */
export const FULL_PREFLIGHT = { 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization,content-type,x-trace' };

/** The target's snippet for FULL_PLAN (or another plan), allowing ORIGIN and ORIGIN2 (or other origins). */
export function snippetFor(target: string, plan: FixPlan = FULL_PLAN, moreOrigins: string[] = [ORIGIN2]): string {
  const t = targetById(target);
  if (!t) throw new Error(`no fix target ${target}`);
  return t.render(plan, { moreOrigins }).code;
}
