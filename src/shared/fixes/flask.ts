/**
 * Flask with Flask-CORS 3.0 (https://flask-cors.readthedocs.io/en/3.0.10/api.html), pasted right after
 * `app = Flask(__name__)`.
 *
 * - Preflight before authentication: Flask runs every before_request hook before the view, so an
 *   authentication hook answers a preflight 401 before Flask's automatic OPTIONS response, and
 *   Flask-CORS (an after_request hook) only adds headers to that 401, which the browser rejects. The
 *   snippet's own before_request hook, registered first, answers the preflight with an empty 204;
 *   Flask-CORS then adds the headers to it.
 * - Exact origins: Flask-CORS 3 treats a string holding any of `* \ ] ? $ ^ [ ( )` as a regex and
 *   matches it with re.match, anchored at the start only (core.py probably_regex, try_match_pattern).
 *   A plain "https://app.example" is compared exactly, but "http://[::1]:8080" becomes a character
 *   class, and an escaped "https://app\.example" also matches https://app.example.evil.test. Each
 *   origin (and header name) is passed as re.escape(value) + \Z: exact, whatever it holds.
 * - `allow_headers` is always given with a preflight: its default "*" allows any requested header.
 *   `methods` is never empty: Flask-CORS adds no header to a preflight whose method is not listed,
 *   GET included.
 * - Vary: Flask-CORS adds `Vary: Origin` only to responses for an allowed origin; a small
 *   after_request hook adds it to every response.
 * - Errors: Flask runs after_request hooks on error responses too (a 401 from a hook, Flask's 404
 *   and 500), and Flask-CORS also wraps the error handlers (intercept_exceptions).
 */
import type { FixPlan } from '../cors/types';
import { pyCorsCallEnd, pyList, pyMethods } from './python';
import type { FixTarget, RenderOptions, Snippet } from './types';
import { commonNotes, corsValues, refusalComments, refusalNotes } from './values';

function render(plan: FixPlan, options: RenderOptions = {}): Snippet {
  const v = corsValues(plan, options);
  const code = [...refusalComments(v, '#')];
  code.push(
    '# Flask-CORS 3.0 (pip install flask-cors; on Debian: apt install python3-flask-cors).',
    '# Paste right after `app = Flask(__name__)`, before your own before_request hooks',
    '# (authentication): Flask runs them in the order they were registered.',
    'import re',
    '',
    'from flask import request',
    'from flask_cors import CORS',
    '',
    '# The allowed origins, exact strings: add one per origin. Never "*" or a pattern.',
    `CORS_ORIGINS = ${pyList(v.origins)}`,
    '',
    '',
    'def cors_exact(values):',
    '    # Flask-CORS 3 reads a string holding any of * \\ ] ? $ ^ [ ( ) as a regex matched from the',
    '    # start only ("[::1]" is a character class; "https://a\\.example" also matches',
    '    # "https://a.example.evil.test"). Escaped and anchored with \\Z, each value matches only itself.',
    '    return [re.compile(re.escape(value) + r"\\Z", re.IGNORECASE) for value in values]',
    '',
    '',
  );
  if (v.preflight) {
    code.push(
      '@app.before_request',
      'def cors_preflight():',
      '    # Preflight: it never carries cookies or Authorization, so it is answered here, before',
      '    # authentication. Flask-CORS adds the headers to this empty 204 when the origin is allowed.',
      '    if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:',
      '        return "", 204',
      '    return None',
      '',
      '',
    );
  }
  code.push(
    '@app.after_request',
    'def cors_vary(response):',
    '    # The answer depends on Origin, allowed or not: caches must keep one copy per origin.',
    '    # (Flask-CORS adds Vary: Origin only to the responses for an allowed origin.)',
    '    response.vary.add("Origin")',
    '    return response',
    '',
    '',
    '# Flask-CORS adds the headers in an after_request hook: to every response, errors included.',
    'CORS(',
    '    app,',
    '    origins=cors_exact(CORS_ORIGINS),',
  );
  if (v.credentials) code.push('    supports_credentials=True,');
  if (v.preflight) {
    code.push(`    methods=${pyList(pyMethods(v.methods))},${v.methods.length === 0 ? '  # listed: Flask-CORS answers no preflight for a method not listed' : ''}`);
    code.push(`    # Left out, Flask-CORS would allow any requested header.`, `    allow_headers=cors_exact(${pyList(v.allowHeaders)}),`);
  }
  code.push(...pyCorsCallEnd(v));

  const notes = [...refusalNotes(v), ...commonNotes(v)];
  notes.push(
    v.preflight
      ? 'Paste it right after `app = Flask(__name__)`: Flask runs before_request hooks in the order they were registered (the application\'s before any blueprint\'s), and an authentication hook that runs before `cors_preflight` answers the preflight 401, which the browser rejects even with CORS headers. A hook registered earlier, or a WSGI middleware around the app, must let OPTIONS through itself.'
      : 'Paste it right after `app = Flask(__name__)`, so that its after_request hooks see every response.',
  );
  notes.push('Flask-CORS 3 reads an origin or header string holding any of * \\ ] ? $ ^ [ ( ) as a regular expression matched with re.match, from the start only: "https://app\\.example" also accepts https://app.example.evil.test. The snippet passes each value through cors_exact (escaped, anchored with \\Z); anchor any pattern of your own the same way.');
  if (v.preflight) {
    notes.push('Keep `allow_headers`: its default "*" allows any header a preflight asks for. Keep `methods` listing every method your pages send with a preflight, GET included: Flask-CORS adds no CORS header to a preflight whose method is not listed.');
  }
  if (v.credentials) notes.push('Never combine supports_credentials=True with origins="*" (the default): Flask-CORS then sends back any Origin with Access-Control-Allow-Credentials, so any site can act as the user. Cross-site requests with cookies also need CSRF protection.');
  notes.push('Flask-CORS adds `Vary: Origin` only to the responses for an allowed origin; `cors_vary` adds it to every response, so that a shared cache keeps one copy per origin.');
  notes.push('A response produced outside Flask (a WSGI middleware, or the server in front) gets no CORS headers from Flask-CORS.');
  return {
    code: code.join('\n'),
    language: 'python',
    notes,
    docs: [
      'https://flask-cors.readthedocs.io/en/3.0.10/api.html',
      'https://flask.palletsprojects.com/en/2.2.x/api/#flask.Flask.before_request',
      'https://flask.palletsprojects.com/en/2.2.x/api/#flask.Flask.after_request',
    ],
  };
}

export const flaskTarget: FixTarget = { id: 'flask', label: 'Flask (Flask-CORS)', render };
