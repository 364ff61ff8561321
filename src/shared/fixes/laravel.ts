/**
 * Laravel's `config/cors.php`, read by the HandleCors middleware (Laravel 9.2 and later; it uses
 * fruitcake/php-cors, https://github.com/fruitcake/php-cors#readme).
 *
 * - HandleCors is in the global middleware stack, ahead of the route middleware (auth, auth:sanctum),
 *   and answers preflights itself (204); exceptions are turned into responses inside it, so a 401
 *   or 500 comes back through it and gets the headers.
 * - It does nothing for a path that `paths` does not cover: the most common reason a Laravel API
 *   sends no CORS headers at all.
 * - `allowed_origins` with exact strings; `allowed_origins_patterns` stays empty (a pattern is a
 *   regex, easy to leave unanchored). `*` in an origin is a wildcard (values.ts never lets one in).
 * - With one allowed origin php-cors sends it on every response (it is then the same for every
 *   request, so nothing varies); with several it compares the Origin and adds `Vary: Origin`.
 */
import type { FixPlan } from '../cors/types';
import { phpCommentText, phpString } from './quote-go-ruby-php';
import type { FixTarget, RenderOptions, Snippet } from './types';
import { commonNotes, corsValues, refusalComments, refusalNotes } from './values';

const list = (items: string[]) => `[${items.map(phpString).join(', ')}]`;

function render(plan: FixPlan, options: RenderOptions = {}): Snippet {
  const v = corsValues(plan, options);
  const code = ['<?php', '', ...refusalComments(v, '//').map(phpCommentText)];
  code.push(
    '// config/cors.php (Laravel 11+: php artisan config:publish cors). HandleCors, in the global',
    '// middleware, reads it and runs before route middleware such as auth and auth:sanctum.',
    'return [',
    '',
    '    // Every path your pages call: HandleCors does nothing for the others.',
    "    'paths' => ['api/*'],",
    '',
  );
  if (v.preflight) {
    code.push(
      `    'allowed_methods' => ${list(v.methods)},${v.methods.length === 0 ? ' // none needed: GET, HEAD and POST are always allowed' : ''}`,
      '',
    );
  } else {
    code.push("    // No preflight: the methods and headers lists are not used.", "    'allowed_methods' => [],", '');
  }
  code.push(
    '    // The allowed origins, exact strings: add one per origin. Never \'*\'.',
    `    'allowed_origins' => ${list(v.origins)},`,
    '',
    '    // Regexes; left empty on purpose (an unanchored one lets other sites in).',
    "    'allowed_origins_patterns' => [],",
    '',
    `    'allowed_headers' => ${list(v.allowHeaders)},`,
    '',
    `    'exposed_headers' => ${list(v.exposeHeaders)},`,
    '',
    `    'max_age' => ${v.preflight ? v.maxAge : 0},`,
    '',
    `    'supports_credentials' => ${v.credentials ? 'true' : 'false'},`,
    '',
    '];',
  );

  const notes = [...refusalNotes(v), ...commonNotes(v)];
  notes.push("`paths` must cover every route the pages call (Laravel's default is `api/*` only); with Sanctum's SPA login add `sanctum/csrf-cookie`, `login` and `logout`. For a path it does not cover HandleCors adds nothing, and a preflight reaches the router.");
  notes.push('With a cached configuration (`php artisan config:cache`, usual in production) a change to config/cors.php does nothing until `php artisan config:clear` or a new `config:cache`.');
  notes.push('Keep `\\Illuminate\\Http\\Middleware\\HandleCors` in the global middleware (it is by default; Laravel 11+ in bootstrap/app.php): in a route group it runs after routing, and preflights get 405 or 401.');
  notes.push('Do not also add CORS headers in a controller, a custom middleware, or the web server (nginx, Apache): the browser refuses two Access-Control-Allow-Origin values.');
  if (v.credentials) notes.push("`'allowed_origins' => ['*']` with `'supports_credentials' => true` makes php-cors send back any Origin: never combine them.");
  if (v.methods.some((m) => m !== m.toUpperCase())) {
    notes.push('php-cors upper-cases `allowed_methods`, and browsers compare the method case-sensitively: a page that sends a method in lower case (fetch sends `patch` as written) is refused. Send it in upper case.');
  }
  return {
    code: code.join('\n'),
    language: 'php',
    notes,
    docs: ['https://laravel.com/docs/routing#cors', 'https://github.com/fruitcake/php-cors#readme'],
  };
}

export const laravelTarget: FixTarget = { id: 'laravel', label: 'Laravel (config/cors.php)', render };
