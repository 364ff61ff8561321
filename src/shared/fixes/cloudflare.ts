/**
 * Cloudflare Workers, module syntax: a fetch handler that wraps the Worker's own code.
 * https://developers.cloudflare.com/workers/examples/cors-header-proxy/
 * https://developers.cloudflare.com/workers/runtime-apis/handlers/fetch/
 *
 * - An exact Set of origins: the request's Origin is sent back only when it is in it.
 * - The preflight is answered first, before the Worker's own code (authentication included).
 * - Every other response goes through the same exit, errors too: an exception becomes a 500 that
 *   carries the headers. A Response from fetch() has immutable headers, so it is copied first; the
 *   upstream's own Access-Control-* headers are dropped, so the page never sees two values.
 * - `Vary: Origin` on every response: the answer depends on Origin, for any cache after the Worker.
 * Proven in workerd, Cloudflare's runtime, through Miniflare: test/e2e/fixes/cloudflare.test.ts.
 */
import type { FixPlan } from '../cors/types';
import { cappedMaxAge, maxAgeNotes, withoutWildcards } from './platform-values';
import { jsString } from './quote';
import type { FixTarget, RenderOptions, Snippet } from './types';
import { commonNotes, corsValues, refusalComments, refusalNotes } from './values';

const I1 = '  ';
const I2 = I1 + I1;
const I3 = I2 + I1;
const I4 = I3 + I1;

function render(plan: FixPlan, options: RenderOptions = {}): Snippet {
  const v = corsValues(plan, options);
  const w = withoutWildcards(v, 'the browser');
  const set = (indent: string, name: string, value: string) => `${indent}headers.set(${jsString(name)}, ${value});`;

  const code = [...refusalComments(v, '//'), ...w.lines.map((l) => `// ${l}`)];
  code.push(
    '// The allowed origins, exact strings: add one per origin. Never send back an Origin not listed.',
    `const ALLOWED_ORIGINS = new Set([${v.origins.map(jsString).join(', ')}]);`,
    '',
    'export default {',
    `${I1}async fetch(request, env, ctx) {`,
    `${I2}const origin = request.headers.get("Origin");`,
    `${I2}const allowed = origin !== null && ALLOWED_ORIGINS.has(origin);`,
    '',
  );
  if (v.preflight) {
    code.push(
      `${I2}// Preflight: answered here, before your code and its authentication (it never carries credentials).`,
      `${I2}if (request.method === "OPTIONS" && request.headers.has("Access-Control-Request-Method")) {`,
      `${I3}const headers = new Headers({ Vary: "Origin" });`,
      `${I3}if (allowed) {`,
      set(I4, 'Access-Control-Allow-Origin', 'origin'),
    );
    if (v.credentials) code.push(set(I4, 'Access-Control-Allow-Credentials', '"true"'));
    if (w.methods.length > 0) code.push(set(I4, 'Access-Control-Allow-Methods', jsString(w.methods.join(', '))));
    if (w.allowHeaders.length > 0) code.push(set(I4, 'Access-Control-Allow-Headers', jsString(w.allowHeaders.join(', '))));
    code.push(
      set(I4, 'Access-Control-Max-Age', jsString(String(cappedMaxAge(v)))),
      `${I3}}`,
      `${I3}return new Response(null, { status: 204, headers });`,
      `${I2}}`,
      '',
    );
  }
  code.push(
    `${I2}let response;`,
    `${I2}try {`,
    `${I3}response = await handle(request, env, ctx);`,
    `${I2}} catch (err) {`,
    `${I3}console.error(err);`,
    `${I3}response = new Response("Internal Server Error", { status: 500 });`,
    `${I2}}`,
    `${I2}// WebSocket upgrades are not CORS: pass them through untouched.`,
    `${I2}if (response.status === 101) return response;`,
    `${I2}// Every ${v.preflight ? 'other ' : ''}response, errors included. A fetch() response has immutable headers: copy it.`,
    `${I2}response = new Response(response.body, response);`,
    `${I2}const headers = response.headers;`,
    `${I2}// Only this layer answers CORS: drop what the upstream sent.`,
    `${I2}for (const name of [...headers.keys()]) if (name.startsWith("access-control-")) headers.delete(name);`,
    `${I2}headers.append("Vary", "Origin");`,
    `${I2}if (allowed) {`,
    set(I3, 'Access-Control-Allow-Origin', 'origin'),
  );
  if (v.credentials) code.push(set(I3, 'Access-Control-Allow-Credentials', '"true"'));
  if (w.exposeHeaders.length > 0) code.push(set(I3, 'Access-Control-Expose-Headers', jsString(w.exposeHeaders.join(', '))));
  code.push(
    `${I2}}`,
    `${I2}return response;`,
    `${I1}},`,
    '};',
    '',
    '// Your Worker\'s own code (routes, authentication...), unchanged. Here: pass the request to the origin.',
    'async function handle(request, env, ctx) {',
    `${I1}return fetch(request);`,
    '}',
  );

  const notes = [...refusalNotes(v), ...w.notes, ...maxAgeNotes(v), ...commonNotes(v)];
  notes.push('Move your Worker\'s current fetch logic into `handle` (or call it from there): everything it returns, errors included, then goes out with the headers.');
  if (v.preflight) notes.push('The preflight is answered before `handle` runs, so authentication in your code never sees it (browsers send no cookies or Authorization with it).');
  notes.push('Responses from fetch() have immutable headers: `new Response(response.body, response)` copies them before any change (changing them in place throws a TypeError).');
  notes.push('The Access-Control-* headers the origin server sends are dropped: with two layers adding them, the browser sees two values and blocks the response.');
  notes.push('The Worker must run on every path the page calls (a route or custom domain). With Workers Static Assets, requests that match an asset are served without running the Worker unless `run_worker_first` is set in the assets configuration.');
  if (v.preflight) notes.push('If Cloudflare Access protects the route, it answers OPTIONS itself before the Worker: turn on "Bypass OPTIONS requests to origin" in the Access application\'s CORS settings.');
  notes.push('The headers are added per request, after `handle`: responses cached inside it (a fetch() through Cloudflare\'s cache) stay correct. Do not put what this wrapper returns in the Cache API under a key without the origin: Cloudflare\'s cache does not vary on Origin.');
  return {
    code: code.join('\n'),
    language: 'javascript',
    notes,
    docs: [
      'https://developers.cloudflare.com/workers/examples/cors-header-proxy/',
      'https://developers.cloudflare.com/workers/runtime-apis/handlers/fetch/',
      'https://developers.cloudflare.com/workers/runtime-apis/response/',
    ],
  };
}

export const cloudflareTarget: FixTarget = { id: 'cloudflare', label: 'Cloudflare Workers', render };
