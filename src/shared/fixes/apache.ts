/**
 * Apache httpd 2.4, for the <VirtualHost> itself.
 *
 * - `SetEnvIf Origin "^...$" CORS_ORIGIN=$0`: one anchored, escaped regex per origin, so an origin is
 *   matched literally; `$0` is then exactly that listed origin, never an arbitrary one. Server-level
 *   SetEnvIf runs when the request is read, before anything else.
 * - `Header always set`: the "always" table is the one Apache sends on every response, errors
 *   included; the default ("onsuccess") table is dropped on 4xx and 5xx.
 * - The preflight gets 204 from `RewriteRule ^ - [R=204,L]`: in server context mod_rewrite runs at
 *   URL translation, before authentication; in .htaccess or <Directory> it would run after.
 * https://httpd.apache.org/docs/2.4/mod/mod_headers.html#header
 */
import type { FixPlan } from '../cors/types';
import { apacheExactRegex, apacheHeaderValue } from './quote';
import type { FixTarget, RenderOptions, Snippet } from './types';
import { commonNotes, corsValues, refusalComments, refusalNotes } from './values';

function render(plan: FixPlan, options: RenderOptions = {}): Snippet {
  const v = corsValues(plan, options);
  const header = (name: string, value: string) => `Header always set ${name} ${apacheHeaderValue(value)} env=CORS_ORIGIN`;
  const code = [...refusalComments(v, '#')];
  code.push('# In the <VirtualHost> itself, not in .htaccess, <Directory> or <Location>: there mod_rewrite');
  code.push('# runs after authentication. Needs mod_headers, mod_setenvif and mod_rewrite.', '');
  code.push('# The allowed origins, one line each, matched exactly (anchored, dots escaped). Any other');
  code.push('# Origin leaves CORS_ORIGIN unset and gets no CORS headers.');
  for (const o of v.origins) code.push(`SetEnvIf Origin ${apacheExactRegex(o)} CORS_ORIGIN=$0`);
  code.push('', '# "always": on every response, errors (4xx, 5xx) included.');
  // Written as a mod_headers format tag on purpose: %{NAME}e is the variable's value.
  code.push('Header always set Access-Control-Allow-Origin "%{CORS_ORIGIN}e" env=CORS_ORIGIN');
  if (v.credentials) code.push(header('Access-Control-Allow-Credentials', 'true'));
  if (v.preflight) {
    if (v.methods.length > 0) code.push(header('Access-Control-Allow-Methods', v.methods.join(', ')));
    if (v.allowHeaders.length > 0) code.push(header('Access-Control-Allow-Headers', v.allowHeaders.join(', ')));
    code.push(header('Access-Control-Max-Age', String(v.maxAge)));
  }
  if (v.exposeHeaders.length > 0) code.push(header('Access-Control-Expose-Headers', v.exposeHeaders.join(', ')));
  code.push('Header always merge Vary Origin');
  if (v.preflight) {
    code.push('', '# Preflight: answered 204 here, before authentication and before the application.');
    code.push('RewriteEngine On', 'RewriteCond %{REQUEST_METHOD} =OPTIONS', 'RewriteRule ^ - [R=204,L]');
  }

  const notes = [...refusalNotes(v), ...commonNotes(v)];
  notes.push('Put it in the <VirtualHost> (or server config), not in .htaccess, <Directory> or <Location>: there mod_rewrite runs after authentication, so the preflight would get a 401.');
  notes.push('Enable the modules it uses: a2enmod headers setenvif rewrite (Debian, Ubuntu), or LoadModule lines for mod_headers, mod_setenvif and mod_rewrite.');
  notes.push('Keep `always`: `Header set` without it adds nothing to 4xx and 5xx responses, and the page sees a CORS error instead of the real status.');
  notes.push('Keep each SetEnvIf pattern anchored with ^ and $ and its dots escaped: without them https://app.example would also match https://app.example.evil.test.');
  if (v.preflight) notes.push('Every OPTIONS request to this host is answered 204 by Apache and never reaches the application.');
  notes.push('If the application or a proxied backend sets CORS headers too, remove them there (or `Header onsuccess unset Access-Control-Allow-Origin`, and so on): the browser rejects two values.');
  return {
    code: code.join('\n'),
    language: 'apache',
    notes,
    docs: [
      'https://httpd.apache.org/docs/2.4/mod/mod_headers.html#header',
      'https://httpd.apache.org/docs/2.4/mod/mod_setenvif.html#setenvif',
      'https://httpd.apache.org/docs/2.4/rewrite/flags.html#flag_r',
    ],
  };
}

export const apacheTarget: FixTarget = { id: 'apache', label: 'Apache httpd', render };
