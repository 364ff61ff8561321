/**
 * Fastify 5 with `@fastify/cors` (https://github.com/fastify/fastify-cors#readme).
 *
 * - `origin` is always an array of exact strings, even for one origin: @fastify/cors then sends back
 *   the request's Origin only when it equals an item, and adds `Vary: Origin`. A plain string is sent
 *   to every origin, without Vary; `true` reflects any Origin.
 * - `allowedHeaders` is always given with a preflight: without it @fastify/cors reflects whatever
 *   Access-Control-Request-Headers asks for.
 * - The plugin's hook is `onRequest` (its default, kept): the first stage of Fastify's lifecycle.
 *   Hooks of one stage run in the order they are added, so the plugin must be registered before any
 *   authentication hook; it then answers every preflight with 204 itself. Headers set there stay on
 *   error replies: Fastify's error handler drops only Content-Type and Content-Length.
 * - `strictPreflight` (default true) answers an OPTIONS without Origin or Access-Control-Request-Method
 *   with 400: said in the notes, since health checks sometimes send such requests.
 * https://fastify.dev/docs/latest/Reference/Hooks/, https://fastify.dev/docs/latest/Reference/Lifecycle/
 */
import type { FixPlan } from '../cors/types';
import { jsString } from './quote';
import type { FixTarget, RenderOptions, Snippet } from './types';
import { commonNotes, corsValues, refusalComments, refusalNotes } from './values';

const list = (items: string[]) => `[${items.map(jsString).join(', ')}]`;

function render(plan: FixPlan, options: RenderOptions = {}): Snippet {
  const v = corsValues(plan, options);
  const code = [...refusalComments(v, '//')];
  code.push('// npm install @fastify/cors. In an ES module: import cors from "@fastify/cors";', 'const cors = require("@fastify/cors");', '');
  code.push('const corsOptions = {');
  code.push('  // The allowed origins, exact strings, as an array even for one (a plain string is sent to every');
  code.push('  // origin, without Vary: Origin). Add one per origin. Never `true`, which reflects any Origin.');
  code.push(`  origin: ${list(v.origins)},`);
  if (v.credentials) code.push('  credentials: true,');
  if (v.preflight) {
    code.push(`  methods: ${list(v.methods)},${v.methods.length === 0 ? ' // none needed: GET, HEAD and POST are always allowed' : ''}`);
    code.push(`  allowedHeaders: ${list(v.allowHeaders)},${v.allowHeaders.length === 0 ? ' // none needed; left out, @fastify/cors would reflect any requested header' : ''}`);
  }
  if (v.exposeHeaders.length > 0) code.push(`  exposedHeaders: ${list(v.exposeHeaders)},`);
  if (v.preflight) code.push(`  maxAge: ${v.maxAge},`);
  code.push('  // The default, kept: the first hook of every request, before preHandler and body parsing.', '  hook: "onRequest",');
  code.push('};', '');
  code.push(
    ...(v.preflight
      ? [
          '// Before your authentication hooks and routes: hooks run in the order they are added, so the',
          '// plugin answers every preflight (OPTIONS) with 204 before any authentication hook sees it.',
        ]
      : ['// Before your authentication hooks and routes: hooks run in the order they are added, so the', '// headers are set before any hook or handler can fail.']),
  );
  code.push('fastify.register(cors, corsOptions); // In an ES module: await fastify.register(cors, corsOptions);');

  const notes = [...refusalNotes(v), ...commonNotes(v)];
  notes.push('`fastify` is your Fastify instance. Register @fastify/cors before any `addHook("onRequest", ...)` or `addHook("preHandler", ...)` that authenticates, and before plugins that add such hooks: hooks of one stage run in the order they are added, and one added first would answer the preflight 401.');
  notes.push('Keep `hook: "onRequest"`: with "preHandler" or "preValidation" the preflight goes through every onRequest hook (authentication included) and body parsing first, and their errors reach the page without CORS headers.');
  notes.push('Keep `origin` an array: a single string is sent as Access-Control-Allow-Origin to every origin and without `Vary: Origin`, and `true` (or a function that always agrees) reflects any Origin.');
  if (v.preflight) notes.push('Keep `allowedHeaders`: without it @fastify/cors reflects any header the preflight asks for.');
  notes.push('@fastify/cors adds an `OPTIONS *` route and answers every OPTIONS itself; with `strictPreflight` (the default) an OPTIONS without Origin or Access-Control-Request-Method gets 400 "Invalid Preflight Request". Set `strictPreflight: false` if health checks or clients send such requests; do not declare your own `OPTIONS *` route (Fastify refuses the duplicate).');
  return {
    code: code.join('\n'),
    language: 'javascript',
    notes,
    docs: ['https://github.com/fastify/fastify-cors#readme', 'https://fastify.dev/docs/latest/Reference/Hooks/', 'https://fastify.dev/docs/latest/Reference/Lifecycle/'],
  };
}

export const fastifyTarget: FixTarget = { id: 'fastify', label: 'Fastify (@fastify/cors)', render };
