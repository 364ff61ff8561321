/**
 * Vercel's `vercel.json` `headers` (https://vercel.com/docs/project-configuration/vercel-json#headers):
 * `source` (a path pattern) and `headers`, a list of `{ key, value }`.
 *
 * - The headers go on every response of the matching paths, static files and Functions alike, but a
 *   value is fixed: it cannot be chosen by the request's Origin. So one origin is allowed, the
 *   request's own; the notes say how to allow a list. The value never depends on Origin, so no
 *   `Vary: Origin` is needed.
 * - Vercel does not answer a preflight for a Function: the Function receives OPTIONS and must
 *   return 204 before its authentication (these headers are then added to that response).
 * - JSON has no comments: values left out are named only in the notes. `$schema` lets editors
 *   check the file against Vercel's published schema.
 */
import { plainText } from '../cors/inline-code';
import type { FixPlan } from '../cors/types';
import { cappedMaxAge, maxAgeNotes, withoutWildcards } from './platform-values';
import { type Json, jsonPretty } from './quote-platforms';
import type { FixTarget, RenderOptions, Snippet } from './types';
import { commonNotes, corsValues, refusalNotes } from './values';

export const VERCEL_SCHEMA = 'https://openapi.vercel.sh/vercel.json';

function render(plan: FixPlan, options: RenderOptions = {}): Snippet {
  const v = corsValues(plan, options);
  const w = withoutWildcards(v, 'the browser');
  const [origin, ...others] = v.origins;
  const headers: Json[] = [];
  const header = (key: string, value: string) => headers.push({ key, value });
  if (origin !== undefined) header('Access-Control-Allow-Origin', origin);
  if (v.credentials) header('Access-Control-Allow-Credentials', 'true');
  if (v.preflight) {
    if (w.methods.length > 0) header('Access-Control-Allow-Methods', w.methods.join(', '));
    if (w.allowHeaders.length > 0) header('Access-Control-Allow-Headers', w.allowHeaders.join(', '));
    header('Access-Control-Max-Age', String(cappedMaxAge(v)));
  }
  if (w.exposeHeaders.length > 0) header('Access-Control-Expose-Headers', w.exposeHeaders.join(', '));
  const code = jsonPretty({ $schema: VERCEL_SCHEMA, headers: [{ source: '/(.*)', headers }] });

  // Only the first origin is in the file: the common note must say so.
  const notes = [...refusalNotes(v), ...w.notes, ...maxAgeNotes(v), ...commonNotes({ ...v, origins: v.origins.slice(0, 1) })];
  notes.push('Merge the "headers" entry into your vercel.json, and narrow "source" to the paths the page calls (for example "/api/(.*)").');
  if (origin !== undefined) {
    notes.push(`A vercel.json header has one fixed value: it cannot compare the Origin with a list, so only ${plainText(origin)} is allowed${others.length > 0 ? ` (not ${plainText(others.join(', '))})` : ''}. For several origins, set the headers in the Function or in Routing Middleware from an exact list, with Vary: Origin.`);
  }
  notes.push('The value does not depend on the request\'s Origin, so no Vary: Origin is needed here; code that chooses from a list must send it.');
  if (v.preflight) {
    notes.push('Vercel does not answer the preflight for a Function: the Function receives the OPTIONS request. Answer it first, before any authentication, for example `if (request.method === "OPTIONS") return new Response(null, { status: 204 });`; vercel.json adds these headers to that response.');
    notes.push('With Deployment Protection (Vercel Authentication, password, trusted IPs), preflights to protected deployments are rejected before your code runs: add the paths to the OPTIONS Allowlist.');
  }
  notes.push('These headers apply to static files and to Function responses of the matching paths, error statuses included. A Function that sets Access-Control-Allow-Origin itself as well gives the browser two values: keep one.');
  notes.push('In a Next.js project, next.config.js `headers()` takes the same source/headers objects; Middleware can choose the origin from a list.');
  return {
    code,
    language: 'json',
    notes,
    docs: [
      'https://vercel.com/docs/project-configuration/vercel-json#headers',
      'https://vercel.com/guides/how-to-enable-cors',
      'https://vercel.com/docs/deployment-protection/methods-to-bypass-deployment-protection/options-allowlist',
    ],
  };
}

export const vercelTarget: FixTarget = { id: 'vercel', label: 'Vercel (vercel.json)', render };
