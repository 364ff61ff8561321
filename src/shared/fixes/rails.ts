/**
 * Rails with the rack-cors gem (https://github.com/cyu/rack-cors#readme): `config/initializers/cors.rb`.
 *
 * - `insert_before 0`: Rack::Cors becomes the first middleware, ahead of Warden/Devise, Rack::Attack
 *   and the exception pages, so it answers preflights itself (they never reach authentication) and
 *   adds the headers to every response that comes back through it, errors included. With
 *   `config.middleware.use` it would sit after them.
 * - `origins` with exact strings: rack-cors compares a string that starts with http:// or https://
 *   to the Origin as is. Any other string becomes a pattern that accepts any scheme in front of it,
 *   so other origins (chrome-extension://...) are written as anchored regexps (`\A...\z`).
 *   `origins "*"` allows every origin (rack-cors raises if credentials are also on).
 * - rack-cors compares the preflight's method with its `methods` list in lower case, and the
 *   default list is [:get] alone: so the methods are lower-case symbols, safelisted ones included.
 * - `headers` is a list: `headers: :any` would accept any requested header.
 * - It adds `Vary: Origin` to every response of a path its `resource` covers.
 */
import type { FixPlan } from '../cors/types';
import { rubyExactRegex, rubyString, rubySymbol } from './quote-go-ruby-php';
import type { FixTarget, RenderOptions, Snippet } from './types';
import { commonNotes, corsValues, refusalComments, refusalNotes } from './values';

const SAFELISTED = ['get', 'head', 'post'];

/** The methods for `methods:`, lower case (how rack-cors compares them), safelisted ones added. */
export function railsMethods(methods: string[]): string[] {
  const out: string[] = [];
  for (const m of [...methods.map((x) => x.toLowerCase()), ...SAFELISTED]) if (!out.includes(m)) out.push(m);
  return out;
}

/** An origin as rack-cors reads it: http(s) strings exactly, any other origin only as an anchored regexp. */
function origin(o: string): string {
  return /^https?:\/\//.test(o) ? rubyString(o) : rubyExactRegex(o);
}

const list = (items: string[]) => `[${items.map(rubyString).join(', ')}]`;

function render(plan: FixPlan, options: RenderOptions = {}): Snippet {
  const v = corsValues(plan, options);
  const code = [...refusalComments(v, '#')];
  code.push(
    '# Gemfile: gem "rack-cors". Then config/initializers/cors.rb:',
    '',
    '# insert_before 0: first of all middleware, ahead of authentication (Warden/Devise...), so',
    ...(v.preflight
      ? ['# preflights are answered here and every other response, errors included, gets the headers.']
      : ['# every response, errors included, gets the headers.']),
    'Rails.application.config.middleware.insert_before 0, Rack::Cors do',
    '  allow do',
    '    # The allowed origins, exact strings: add one per origin. Never "*"; a regexp must be',
    '    # anchored with \\A and \\z (^ and $ match at any line break) and escape its dots.',
    `    origins ${v.origins.length > 0 ? v.origins.map(origin).join(', ') : '[]'}`,
  );
  const opts: string[] = [];
  if (v.preflight) {
    if (v.allowHeaders.length > 0) opts.push(`headers: ${list(v.allowHeaders)}`);
    opts.push(`methods: [${railsMethods(v.methods).map(rubySymbol).join(', ')}]`);
  }
  if (v.exposeHeaders.length > 0) opts.push(`expose: ${list(v.exposeHeaders)}`);
  if (v.credentials) opts.push('credentials: true');
  if (v.preflight) opts.push(`max_age: ${v.maxAge}`);
  code.push('    # Your API\'s paths ("/api/*"), or "*" for all of them.');
  if (v.preflight) code.push('    # methods: lower case, GET, HEAD and POST included: rack-cors checks the preflight\'s method against it.');
  if (opts.length === 0) code.push('    resource "*"');
  else code.push('    resource "*",', ...opts.map((o, i) => `      ${o}${i < opts.length - 1 ? ',' : ''}`));
  code.push('  end', 'end');

  const notes = [...refusalNotes(v), ...commonNotes(v)];
  notes.push('Keep `insert_before 0`: with `config.middleware.use Rack::Cors` it runs after authentication (Warden/Devise, Rack::Attack...), whose 401 or redirect answers preflights without CORS headers.');
  notes.push('In `origins`, a string starting with http:// or https:// must equal the Origin exactly (no trailing slash, no path); a regexp needs \\A and \\z and escaped dots, or `/https:\\/\\/app.example/` also lets https://app.example.evil.test in.');
  if (v.credentials) notes.push('rack-cors raises at boot if `origins "*"` and `credentials: true` are combined: list the origins.');
  if (v.preflight) {
    notes.push('rack-cors answers the preflight itself (200) and lists the request\'s headers back only when each one is in `headers` (or CORS-safelisted); `headers: :any` would accept any.');
    notes.push('rack-cors compares the preflight\'s method in lower case and its default `methods` is [:get] alone: keep the list, with every method your pages use.');
  }
  if (v.methods.some((m) => m !== m.toUpperCase())) {
    notes.push('rack-cors answers with the methods in upper case, and browsers compare the method case-sensitively: a page that sends a method in lower case (fetch sends `patch` as written) is refused. Send it in upper case.');
  }
  notes.push('Restart the server after changing an initializer (Spring: `bin/spring stop`).');
  return {
    code: code.join('\n'),
    language: 'ruby',
    notes,
    docs: ['https://github.com/cyu/rack-cors#readme', 'https://guides.rubyonrails.org/configuring.html#configuring-middleware'],
  };
}

export const railsTarget: FixTarget = { id: 'rails', label: 'Rails (rack-cors)', render };
