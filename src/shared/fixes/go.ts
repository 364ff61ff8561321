/**
 * Go net/http with github.com/rs/cors (https://github.com/rs/cors, v1.7 as Debian 12 ships it, and later).
 *
 * - A `withCORS` function the user wraps the outermost handler with (router, authentication and
 *   all): rs/cors answers every preflight itself (OptionsPassthrough false, the default) without
 *   calling the handler it wraps, so authentication never sees it; on other requests it sets the
 *   headers before calling the handler, so a 401 or 500 carries them too.
 * - `AllowedOrigins` lists exact strings. `*` allows every origin, and a `*` inside one is a
 *   wildcard (values.ts never lets a `*` into an origin); `AllowOriginFunc` returning true would
 *   reflect any origin.
 * - rs/cors checks the method of actual requests too (a GET from an allowed origin gets no headers
 *   if GET is not listed), and its default list (GET, POST, HEAD) is replaced by any list given: so
 *   the CORS-safelisted methods always stay in the list.
 * - `AllowedHeaders` is always given with a preflight: rs/cors refuses the preflight when a
 *   requested header is not listed. It sends `Vary: Origin` on every response itself.
 */
import type { FixPlan } from '../cors/types';
import { goString } from './quote-go-ruby-php';
import type { FixTarget, RenderOptions, Snippet } from './types';
import { commonNotes, corsValues, refusalComments, refusalNotes } from './values';

const SAFELISTED = ['GET', 'HEAD', 'POST'];

/** The methods for AllowedMethods: the plan's, then each safelisted one not there (rs/cors upper-cases them all). */
export function goMethods(methods: string[]): string[] {
  const out = [...methods];
  for (const m of SAFELISTED) if (!out.some((x) => x.toUpperCase() === m)) out.push(m);
  return out;
}

const list = (items: string[]) => `[]string{${items.map(goString).join(', ')}}`;

/** A line of the cors.Options literal: a comment, or a field and its value. */
type Field = string | [string, string];

/**
 * Fields as gofmt lays them out: within a section of consecutive key-value lines, the values line up
 * one space after the longest key. A comment line ends a section.
 */
function fields(items: Field[], indent: string): string[] {
  const out: string[] = [];
  let section: Array<[string, string]> = [];
  const flush = () => {
    const width = Math.max(0, ...section.map(([k]) => k.length));
    for (const [k, value] of section) out.push(`${indent}${`${k}:`.padEnd(width + 2)}${value},`);
    section = [];
  };
  for (const item of items) {
    if (typeof item === 'string') {
      flush();
      out.push(`${indent}${item}`);
    } else {
      section.push(item);
    }
  }
  flush();
  return out;
}

function render(plan: FixPlan, options: RenderOptions = {}): Snippet {
  const v = corsValues(plan, options);
  const code = [...refusalComments(v, '//')];
  code.push(
    '// In the file that starts your server (it imports net/http already).',
    '// go get github.com/rs/cors (Debian: golang-github-rs-cors-dev)',
    'import "github.com/rs/cors"',
    '',
    '// withCORS wraps your outermost handler, router and authentication included:',
    '//',
    '//\thttp.ListenAndServe(addr, withCORS(handler))',
    '//',
  );
  code.push(
    ...(v.preflight
      ? ['// rs/cors answers every preflight (OPTIONS) itself, before authentication, and puts the', '// headers on every other response, errors included, before your handlers run.']
      : ['// rs/cors puts the headers on every response, errors included, before your handlers run.']),
  );
  code.push('func withCORS(h http.Handler) http.Handler {', '\tc := cors.New(cors.Options{');
  const items: Field[] = [];
  if (v.origins.length > 0) {
    items.push('// The allowed origins, exact strings: add one per origin. Never "*", nor a "*" inside one.');
    items.push(['AllowedOrigins', list(v.origins)]);
  } else {
    // rs/cors reads an empty (or missing) AllowedOrigins as "every origin".
    items.push('// No origin to allow yet (see above). Not an empty AllowedOrigins: rs/cors reads it as "*".');
    items.push(['AllowOriginFunc', 'func(origin string) bool { return false }']);
  }
  if (v.credentials) items.push(['AllowCredentials', 'true']);
  if (v.preflight) {
    items.push('// rs/cors checks the method of actual requests too: GET, HEAD and POST stay listed.');
    items.push(['AllowedMethods', list(goMethods(v.methods))]);
    if (v.allowHeaders.length > 0) items.push(['AllowedHeaders', list(v.allowHeaders)]);
  }
  if (v.exposeHeaders.length > 0) items.push(['ExposedHeaders', list(v.exposeHeaders)]);
  if (v.preflight) items.push(['MaxAge', String(v.maxAge)]);
  code.push(...fields(items, '\t\t'), '\t})', '\treturn c.Handler(h)', '}');

  const notes = [...refusalNotes(v), ...commonNotes(v)];
  notes.push('Wrap the outermost handler (`http.ListenAndServe(addr, withCORS(handler))`): a handler or middleware outside it (authentication, a router\'s own OPTIONS handling) answers before rs/cors, so preflights get 401 or 405 and its errors carry no CORS headers.');
  if (v.preflight) {
    notes.push('Keep `OptionsPassthrough` false (the default): with true, preflights go on to your handlers and authentication, which must then answer them. rs/cors 1.7 (Debian 12) answers preflights 200, 1.8 and later 204 (`OptionsSuccessStatus`); browsers accept both.');
    notes.push('rs/cors refuses the whole preflight when one requested header is missing from `AllowedHeaders`: add every header your pages send. rs/cors 1.7 (Debian 12) also misreads requested header names with characters other than letters, digits, `-` and `_` (`x.trace`) and refuses them even when listed: avoid such names, or check that your version reads them.');
  }
  notes.push('rs/cors checks the method of actual requests too, so `AllowedMethods` keeps GET, HEAD and POST; a list given replaces its default (GET, POST, HEAD).');
  if (v.methods.some((m) => m !== m.toUpperCase())) {
    notes.push('rs/cors upper-cases methods, and browsers compare the method case-sensitively: a page that sends a method in lower case (fetch sends `patch` as written) is refused. Send it in upper case.');
  }
  notes.push('`AllowedOrigins: []string{"*"}` (or leaving it empty, the default) allows every origin; with `AllowCredentials` rs/cors 1.7 still sends `*`, which browsers refuse for credentialed requests. Older versions reflected the request\'s Origin, which lets any site act as the user: list origins exactly.');
  return {
    code: code.join('\n'),
    language: 'go',
    notes,
    docs: ['https://github.com/rs/cors#readme', 'https://pkg.go.dev/github.com/rs/cors#Options'],
  };
}

export const goTarget: FixTarget = { id: 'go', label: 'Go (net/http + rs/cors)', render };
