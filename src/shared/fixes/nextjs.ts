/**
 * Next.js (App Router): `proxy.ts`, called `middleware.ts` up to Next.js 15
 * (https://nextjs.org/docs/app/api-reference/file-conventions/proxy).
 *
 * - One function in front of every API route: it compares Origin with a Set of exact origins (no
 *   reflection), answers preflights with 204 itself, before any route handler (and the
 *   authentication in them) runs, and sets the headers of every other response on
 *   `NextResponse.next()`. Next.js copies those onto the route's response before the route runs, so
 *   a route that throws still answers with them; headers a route handler adds to its own Response are
 *   lost when it throws, which is why they are not put in each handler.
 * - `config.matcher` must cover the API's paths, and must be a literal (Next.js reads it at build).
 * - next.config.js `headers()` cannot do this: its values are fixed per path, so it cannot send back
 *   the one listed origin that matched, nor answer a preflight.
 * Proven against Next.js 16 from npm (`next build`, `next start`) in test/e2e/fixes/nextjs.test.ts.
 */
import type { FixPlan } from '../cors/types';
import { jsString } from './quote';
import type { FixTarget, RenderOptions, Snippet } from './types';
import { commonNotes, corsValues, refusalComments, refusalNotes } from './values';

function render(plan: FixPlan, options: RenderOptions = {}): Snippet {
  const v = corsValues(plan, options);
  const set = (name: string, value: string) => `headers.set(${jsString(name)}, ${value});`;
  const code = [...refusalComments(v, '//')];
  code.push('// proxy.ts, next to the app/ folder (in src/ if you use one). Next.js 15 and earlier: name the file');
  code.push('// middleware.ts and the function `middleware`.');
  code.push('import { NextResponse, type NextRequest } from "next/server";', '');
  code.push('// The allowed origins, exact strings: add one per origin. Never send back an Origin not listed.');
  code.push(`const CORS_ORIGINS = new Set<string>([${v.origins.map(jsString).join(', ')}]);`, '');
  code.push('export function proxy(request: NextRequest) {');
  code.push('  const origin = request.headers.get("origin");', '  const allowed = origin !== null && CORS_ORIGINS.has(origin);');
  code.push('  // The answer depends on Origin, allowed or not: caches must keep one copy per origin.', '  const headers = new Headers({ Vary: "Origin" });');
  code.push('  if (allowed) {', `    ${set('Access-Control-Allow-Origin', 'origin')}`);
  if (v.credentials) code.push(`    ${set('Access-Control-Allow-Credentials', jsString('true'))}`);
  code.push('  }');
  if (v.preflight) {
    code.push('  // Preflight: answered here, before any route handler and the authentication in it.');
    code.push('  if (request.method === "OPTIONS" && request.headers.has("access-control-request-method")) {');
    code.push('    if (allowed) {');
    if (v.methods.length > 0) code.push(`      ${set('Access-Control-Allow-Methods', jsString(v.methods.join(', ')))}`);
    if (v.allowHeaders.length > 0) code.push(`      ${set('Access-Control-Allow-Headers', jsString(v.allowHeaders.join(', ')))}`);
    code.push(`      ${set('Access-Control-Max-Age', jsString(String(v.maxAge)))}`, '    }');
    code.push('    return new NextResponse(null, { status: 204, headers });', '  }');
  }
  if (v.exposeHeaders.length > 0) code.push(`  if (allowed) ${set('Access-Control-Expose-Headers', jsString(v.exposeHeaders.join(', ')))}`);
  code.push('  // Headers on NextResponse.next() go on the route\'s response, errors (a handler that throws) included.');
  code.push('  const response = NextResponse.next();', '  headers.forEach((value, name) => response.headers.set(name, value));', '  return response;', '}', '');
  code.push('// The paths the proxy runs on: every API path the pages call (a literal: Next.js reads it at build).');
  code.push('export const config = {', '  matcher: "/api/:path*",', '};');

  const notes = [...refusalNotes(v), ...commonNotes(v)];
  notes.push('Next.js 16 calls this file proxy.ts and the function `proxy`; Next.js 12.2 to 15 call them middleware.ts and `middleware` (16 still runs middleware.ts, deprecated). Only one of the two files may exist.');
  notes.push('`config.matcher` must match every API path the pages call ("/api/:path*" here): a path it misses gets no CORS headers and no preflight answer. It must be a literal, which Next.js reads at build time.');
  if (v.preflight) notes.push('If the proxy also does authentication (Auth.js, Clerk, a session check), the preflight branch must come first: a preflight carries no cookie or Authorization header, and a 401 or redirect to it fails as a CORS error.');
  notes.push('Next.js sets its own Vary on the 404 page it renders for a path no route answers (measured in Next.js 16.4): that answer keeps the Access-Control-* headers but loses `Vary: Origin`. It matters only if a shared cache stores 404s.');
  notes.push('Keep the headers in the proxy rather than in each route handler: a handler that throws is answered by Next.js with its own 500, without the headers the handler meant to add; those set on NextResponse.next() are already on the response.');
  notes.push('next.config.js `headers()` cannot do this: its values are fixed per path, so it cannot send back the one listed origin that matched (only one origin, or *), and it does not answer the preflight. Do not set CORS headers there (or in vercel.json) as well, or the browser sees two values.');
  if (v.preflight) notes.push('Without a proxy, each route.ts needs `export async function OPTIONS()` returning 204 with the preflight headers, and every handler must add the headers to each response, error paths included.');
  return {
    code: code.join('\n'),
    language: 'typescript',
    notes,
    docs: [
      'https://nextjs.org/docs/app/api-reference/file-conventions/proxy',
      'https://nextjs.org/docs/app/api-reference/file-conventions/route',
      'https://nextjs.org/docs/app/api-reference/config/next-config-js/headers',
    ],
  };
}

export const nextjsTarget: FixTarget = { id: 'nextjs', label: 'Next.js (proxy / middleware)', render };
