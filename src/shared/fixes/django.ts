/**
 * Django with django-cors-headers 3.14 (https://pypi.org/project/django-cors-headers/3.14.0/), pasted
 * at the end of settings.py.
 *
 * - CorsMiddleware goes first in MIDDLEWARE: Django calls middleware top-down on the way in and
 *   bottom-up on the way out, so it answers the preflight (an empty 200, process_request) before
 *   CommonMiddleware and any authentication middleware run, and it is the last to see every response,
 *   a 401 from authentication, a 404 or a 500 included (Django turns exceptions into responses inside
 *   each middleware), and adds the headers to them.
 * - CORS_ALLOWED_ORIGINS is compared exactly (scheme and host:port); no regex setting is used.
 * - CORS_ALLOW_HEADERS replaces the package's list: it extends `default_headers`, as the README shows,
 *   so the headers Django front ends send (x-csrftoken, x-requested-with) stay allowed.
 * - It sends `Vary: Origin` on every response itself (patch_vary_headers).
 */
import type { FixPlan } from '../cors/types';
import { pyList, pyMethods, pyString } from './python';
import type { FixTarget, RenderOptions, Snippet } from './types';
import { commonNotes, corsValues, refusalComments, refusalNotes } from './values';

/** corsheaders.defaults.default_headers in django-cors-headers 3.14. */
export const DJANGO_DEFAULT_HEADERS: readonly string[] = Object.freeze(['accept', 'accept-encoding', 'authorization', 'content-type', 'dnt', 'origin', 'user-agent', 'x-csrftoken', 'x-requested-with']);

function render(plan: FixPlan, options: RenderOptions = {}): Snippet {
  const v = corsValues(plan, options);
  const code = [...refusalComments(v, '#')];
  code.push(
    '# django-cors-headers 3.14 (pip install django-cors-headers;',
    '# on Debian: apt install python3-django-cors-headers). At the end of settings.py.',
  );
  if (v.preflight) code.push('from corsheaders.defaults import default_headers', '');
  code.push(
    'INSTALLED_APPS = [*INSTALLED_APPS, "corsheaders"]',
    '# First of all, above CommonMiddleware and any authentication middleware: it answers',
    v.preflight ? '# preflights before they run, and adds the headers to every response they return,' : '# last, and adds the headers to every response they return,',
    '# errors (401, 404, 500) included.',
    'MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", *MIDDLEWARE]',
    '',
    '# The allowed origins, exact strings (scheme://host[:port]): add one per origin.',
    '# Never CORS_ALLOW_ALL_ORIGINS = True, nor a loose CORS_ALLOWED_ORIGIN_REGEXES.',
    `CORS_ALLOWED_ORIGINS = ${pyList(v.origins)}`,
  );
  if (v.credentials) code.push('CORS_ALLOW_CREDENTIALS = True');
  if (v.preflight) {
    code.push(`CORS_ALLOW_METHODS = ${pyList(pyMethods(v.methods))}`);
    const defaults = new Set(DJANGO_DEFAULT_HEADERS);
    const extra = v.allowHeaders.filter((h) => !defaults.has(h.toLowerCase()));
    code.push(
      '# The package\'s defaults (accept, authorization, content-type, x-csrftoken...) and this request\'s.',
      `CORS_ALLOW_HEADERS = [*default_headers${extra.map((h) => `, ${pyString(h)}`).join('')}]`,
    );
  }
  if (v.exposeHeaders.length > 0) code.push(`CORS_EXPOSE_HEADERS = ${pyList(v.exposeHeaders)}`);
  if (v.preflight) code.push(`CORS_PREFLIGHT_MAX_AGE = ${v.maxAge}`);

  const notes = [...refusalNotes(v), ...commonNotes(v)];
  notes.push('Paste it at the end of settings.py: it adds "corsheaders" to INSTALLED_APPS (remove it if already listed: Django refuses duplicate apps) and puts CorsMiddleware first in MIDDLEWARE. If you write MIDDLEWARE yourself, keep CorsMiddleware above CommonMiddleware and every middleware that can answer on its own (authentication, redirects, WhiteNoise): whatever answers above it gets no CORS headers, and a preflight answered 401 or 301 there fails.');
  notes.push('CORS_ALLOWED_ORIGINS compares scheme and host:port exactly. CORS_ALLOWED_ORIGIN_REGEXES uses re.match, anchored at the start only: end every pattern with $ and escape its dots.');
  if (v.preflight) notes.push('CORS_ALLOW_HEADERS replaces the package\'s list: extend default_headers, as here, rather than listing only this request\'s headers.');
  if (v.credentials) {
    notes.push('Never combine CORS_ALLOW_CREDENTIALS = True with CORS_ALLOW_ALL_ORIGINS = True: django-cors-headers then sends back any Origin, so any site can act as the user.');
    notes.push('Requests with cookies still go through CsrfViewMiddleware: a POST, PUT or DELETE needs the X-CSRFToken header (allowed by default_headers), and over HTTPS the page\'s origin in CSRF_TRUSTED_ORIGINS (Django 4.0 and later: "https://app.example"; Django 3.2: the host only).');
  }
  notes.push('The settings apply to every URL; to limit them to the API, set CORS_URLS_REGEX = r"^/api/.*$".');
  return {
    code: code.join('\n'),
    language: 'python',
    notes,
    docs: [
      'https://pypi.org/project/django-cors-headers/3.14.0/',
      'https://docs.djangoproject.com/en/3.2/topics/http/middleware/#activating-middleware',
    ],
  };
}

export const djangoTarget: FixTarget = { id: 'django', label: 'Django (django-cors-headers)', render };
