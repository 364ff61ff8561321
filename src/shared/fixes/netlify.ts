/**
 * Netlify's `_headers` file (https://docs.netlify.com/manage/routing/headers/): a path line, then
 * indented `Name: value` lines; `#` starts a comment line.
 *
 * - Netlify adds these headers only to the files it serves itself: not to Functions, Edge Functions
 *   (server-rendered pages included) or proxied paths, which must set their own.
 * - A rule sends the same value to every request: it cannot compare the Origin with a list. So it
 *   allows one origin, the request's own; the others are named in a comment and the notes point
 *   to an Edge Function. Since the value never depends on Origin, no `Vary: Origin` is needed.
 * - Values are RFC 9110 tokens and serialised origins (values.ts): no line break, no leading `#`,
 *   nothing the line grammar could misread.
 */
import { plainText } from '../cors/inline-code';
import type { FixPlan } from '../cors/types';
import { cappedMaxAge, maxAgeNotes, withoutWildcards } from './platform-values';
import type { FixTarget, RenderOptions, Snippet } from './types';
import { commonNotes, corsValues, refusalComments, refusalNotes } from './values';

const I1 = '  ';

function render(plan: FixPlan, options: RenderOptions = {}): Snippet {
  const v = corsValues(plan, options);
  const w = withoutWildcards(v, 'the browser');
  const [origin, ...others] = v.origins;
  const header = (name: string, value: string) => `${I1}${name}: ${value}`;

  const code = [...refusalComments(v, '#'), ...w.lines.map((l) => `# ${l}`)];
  code.push(
    '# _headers, in the publish directory. Netlify adds these only to the files it serves itself, not to',
    '# Functions, Edge Functions or proxied paths. Narrow the path to what the page fetches (/api/*...).',
    '# One origin only: a rule sends the same value to every request, it cannot choose by Origin.',
  );
  if (others.length > 0) code.push(`# Not allowed here (see the notes for a list): ${others.join(' ')}`);
  code.push('/*');
  if (origin !== undefined) code.push(header('Access-Control-Allow-Origin', origin));
  if (v.credentials) code.push(header('Access-Control-Allow-Credentials', 'true'));
  if (v.preflight) {
    if (w.methods.length > 0) code.push(header('Access-Control-Allow-Methods', w.methods.join(', ')));
    if (w.allowHeaders.length > 0) code.push(header('Access-Control-Allow-Headers', w.allowHeaders.join(', ')));
    code.push(header('Access-Control-Max-Age', String(cappedMaxAge(v))));
  }
  if (w.exposeHeaders.length > 0) code.push(header('Access-Control-Expose-Headers', w.exposeHeaders.join(', ')));

  // Only the first origin is in the file: the common note must say so.
  const notes = [...refusalNotes(v), ...w.notes, ...maxAgeNotes(v), ...commonNotes({ ...v, origins: v.origins.slice(0, 1) })];
  notes.push('`_headers` (like [[headers]] in netlify.toml) applies only to files Netlify serves from its own store. A path handled by a Function or an Edge Function (server-rendered pages too), or proxied by a redirect rule, gets none of these headers: the function, or the site proxied to, must send them' + (v.preflight ? ', and answer the OPTIONS preflight with 204 before any authentication.' : '.'));
  if (origin !== undefined) {
    notes.push(`A _headers rule sends the same value to every request: it cannot compare the Origin with a list, so only ${plainText(origin)} is allowed${others.length > 0 ? ` (not ${plainText(others.join(', '))})` : ''}. For several origins, use an Edge Function that compares the Origin with an exact list, sets the headers on context.next()'s response, and adds Vary: Origin.`);
  }
  notes.push('The value does not depend on the request\'s Origin, so no Vary: Origin is needed here; an Edge Function that chooses from a list must send it.');
  if (v.preflight) {
    const method = w.methods.find((m) => plan.methods.includes(m)) ?? 'GET';
    const asked = w.allowHeaders.length > 0 ? ` -H "Access-Control-Request-Headers: ${w.allowHeaders.join(', ')}"` : '';
    notes.push(`Check the preflight on the deployed site, for the exact path the page calls: curl -i -X OPTIONS -H "Origin: ${plainText(origin ?? 'https://your-page.example')}" -H "Access-Control-Request-Method: ${plainText(method)}"${plainText(asked)} https://your-site.netlify.app/path. It must answer 2xx with these headers.`);
  }
  notes.push('Another rule (here or in netlify.toml) that matches the same path and also sets Access-Control-Allow-Origin gives the browser two values: keep one. Netlify trims values and joins a header repeated in one rule with ", ".');
  return {
    code: code.join('\n'),
    language: 'text',
    notes,
    docs: ['https://docs.netlify.com/manage/routing/headers/', 'https://docs.netlify.com/build/edge-functions/overview/'],
  };
}

export const netlifyTarget: FixTarget = { id: 'netlify', label: 'Netlify (_headers)', render };
