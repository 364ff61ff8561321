/**
 * nginx: a `map` for the http block and a `location` block.
 *
 * - `map $http_origin $cors_origin` with exact strings: an origin not listed maps to "", and
 *   add_header sends nothing for an empty value, so no origin is ever reflected.
 * - The preflight is answered by `return 204` inside `if ($request_method = OPTIONS)`: rewrite-phase
 *   directives run before the access phase (auth_basic, auth_request, allow/deny) and before
 *   proxy_pass, and `return` is one of the uses of `if` in a location nginx documents as safe.
 * - `always`: without it add_header acts only on 200, 201, 204, 206, 301, 302, 303, 304, 307 and 308,
 *   so a 401 or 500 would reach the page without CORS headers and show as a CORS error.
 * - add_header is inherited only by a level that has none of its own: the `if` block repeats every
 *   header, and the notes warn about the server's other add_header lines.
 * https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header
 */
import type { FixPlan } from '../cors/types';
import { NGINX_DOLLAR_GEO, nginxString } from './quote';
import type { FixTarget, RenderOptions, Snippet } from './types';
import { commonNotes, corsValues, refusalComments, refusalNotes } from './values';

const I1 = '    ';
const I2 = I1 + I1;

function render(plan: FixPlan, options: RenderOptions = {}): Snippet {
  const v = corsValues(plan, options);
  const header = (name: string, value: string) => `add_header ${name} ${value} always;`;
  const list = (items: string[]) => nginxString(items.join(', '), true);

  const both = [header('Access-Control-Allow-Origin', '$cors_origin')];
  if (v.credentials) both.push(header('Access-Control-Allow-Credentials', 'true'));
  const vary = header('Vary', 'Origin');

  const code = [...refusalComments(v, '#')];
  code.push('# In the http block: the allowed origins, exact strings only (no regex, no suffix match).');
  code.push('# Add one line per origin. Any other Origin maps to "" and gets no CORS headers.');
  code.push('map $http_origin $cors_origin {', `${I1}default "";`);
  for (const o of v.origins) code.push(`${I1}${nginxString(o, false)} ${nginxString(o, true)};`);
  code.push('}');
  const values = [...v.methods, ...v.allowHeaders, ...v.exposeHeaders];
  if (values.some((s) => s.includes('$'))) {
    code.push('# nginx cannot escape "$" in a string: this variable holds one (http block too).', NGINX_DOLLAR_GEO);
  }
  code.push('', "# In the server block: the location that serves the API (keep your own path).", 'location / {');
  if (v.preflight) {
    code.push(
      `${I1}# Preflight: answered before auth_basic, auth_request and proxy_pass run.`,
      `${I1}# add_header here replaces the location's, so every header is repeated.`,
      `${I1}if ($request_method = OPTIONS) {`,
      ...both.map((l) => I2 + l),
    );
    if (v.methods.length > 0) code.push(I2 + header('Access-Control-Allow-Methods', list(v.methods)));
    if (v.allowHeaders.length > 0) code.push(I2 + header('Access-Control-Allow-Headers', list(v.allowHeaders)));
    code.push(I2 + header('Access-Control-Max-Age', String(v.maxAge)), I2 + vary, `${I2}return 204;`, `${I1}}`, '');
  }
  code.push(`${I1}# Every ${v.preflight ? 'other ' : ''}response, errors included ("always").`, ...both.map((l) => I1 + l));
  if (v.exposeHeaders.length > 0) code.push(I1 + header('Access-Control-Expose-Headers', list(v.exposeHeaders)));
  code.push(I1 + vary, '', `${I1}# ... your directives (proxy_pass, root, auth_request...)`, '}');

  const notes = [...refusalNotes(v), ...commonNotes(v)];
  notes.push('`map` is allowed only in the http block; put it there once, outside every server block.');
  notes.push('Keep `always` on every add_header: without it nginx adds headers only to 2xx and 3xx responses, and a 401 or 500 reaches the page as a CORS error that hides the real status.');
  notes.push('add_header is inherited only by a block that has no add_header of its own: this location (and its `if`) drops every add_header of the server and http blocks (HSTS, CSP...), and any add_header in a nested location or `if` drops these. Repeat the ones you need.');
  if (v.preflight) notes.push('Every OPTIONS request to this location is answered 204 by nginx and never reaches the application or its authentication.');
  notes.push('If the upstream (proxy_pass) sets CORS headers too, hide them (`proxy_hide_header Access-Control-Allow-Origin;` and so on) or the browser sees two values.');
  if (values.some((s) => s.includes('$'))) notes.push('A name contains "$", which nginx would read as a variable: it is written ${corsight_dollar}, declared by the `geo` line in the http block.');
  return {
    code: code.join('\n'),
    language: 'nginx',
    notes,
    docs: [
      'https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header',
      'https://nginx.org/en/docs/http/ngx_http_map_module.html#map',
      'https://nginx.org/en/docs/http/ngx_http_rewrite_module.html#if',
    ],
  };
}

export const nginxTarget: FixTarget = { id: 'nginx', label: 'nginx', render };
