/**
 * Django (django-cors-headers): the golden settings, what Python reads in them (CorsMiddleware first,
 * the settings' values), what the plan switches on and off, and hostile values, checked with Python's
 * own parser.
 */
import { describe, expect, it } from 'vitest';
import { targetById } from '../../../src/shared/fixes';
import { DJANGO_DEFAULT_HEADERS } from '../../../src/shared/fixes/django';
import { A } from '../cors/build';
import { plan, realisticPlan } from './plans';
import { checkHostile, parsePython, type Parsed } from './python-syntax';

const django = targetById('django');
if (!django) throw new Error('the django target is not registered');
const render = (p = plan(), more: string[] = []) => django.render(p, { moreOrigins: more });
const parse = (code: string): Parsed => {
  const [p] = parsePython([code]);
  if (!p || p.error) throw new Error(`does not compile: ${p?.error}\n${code}`);
  return p;
};

const GOLDEN = `# django-cors-headers 3.14 (pip install django-cors-headers;
# on Debian: apt install python3-django-cors-headers). At the end of settings.py.
from corsheaders.defaults import default_headers

INSTALLED_APPS = [*INSTALLED_APPS, "corsheaders"]
# First of all, above CommonMiddleware and any authentication middleware: it answers
# preflights before they run, and adds the headers to every response they return,
# errors (401, 404, 500) included.
MIDDLEWARE = ["corsheaders.middleware.CorsMiddleware", *MIDDLEWARE]

# The allowed origins, exact strings (scheme://host[:port]): add one per origin.
# Never CORS_ALLOW_ALL_ORIGINS = True, nor a loose CORS_ALLOWED_ORIGIN_REGEXES.
CORS_ALLOWED_ORIGINS = ["https://app.example"]
CORS_ALLOW_CREDENTIALS = True
CORS_ALLOW_METHODS = ["GET", "PUT"]
# The package's defaults (accept, authorization, content-type, x-csrftoken...) and this request's.
CORS_ALLOW_HEADERS = [*default_headers, "x-api-key"]
CORS_EXPOSE_HEADERS = ["x-request-id"]
CORS_PREFLIGHT_MAX_AGE = 7200`;

const APPS_AND_MIDDLEWARE = {
  INSTALLED_APPS: [{ starred: 'INSTALLED_APPS' }, 'corsheaders'],
  MIDDLEWARE: ['corsheaders.middleware.CorsMiddleware', { starred: 'MIDDLEWARE' }],
};

describe('django', () => {
  it('is registered with its label, language, notes and docs', () => {
    const s = django.render(realisticPlan());
    expect([django.id, django.label, s.language]).toEqual(['django', 'Django (django-cors-headers)', 'python']);
    expect(s.docs).toEqual(['https://pypi.org/project/django-cors-headers/3.14.0/', 'https://docs.djangoproject.com/en/3.2/topics/http/middleware/#activating-middleware']);
    const notes = s.notes.join('\n');
    expect(notes).toMatch(/keep CorsMiddleware above CommonMiddleware/);
    expect(notes).toMatch(/CORS_ALLOWED_ORIGIN_REGEXES uses re\.match/);
    expect(notes).toMatch(/CsrfViewMiddleware/);
    expect(notes).toMatch(/Never combine CORS_ALLOW_CREDENTIALS = True with CORS_ALLOW_ALL_ORIGINS = True/);
  });

  it('golden snippet for the realistic plan', () => {
    expect(django.render(realisticPlan()).code).toBe(GOLDEN);
  });

  it('reads in Python as: the app installed, CorsMiddleware first, the plan\'s settings', () => {
    const p = parse(GOLDEN);
    expect(p.imports).toEqual(['corsheaders.defaults.default_headers']);
    expect(p.assigns).toEqual({
      ...APPS_AND_MIDDLEWARE,
      CORS_ALLOWED_ORIGINS: [A],
      CORS_ALLOW_CREDENTIALS: true,
      CORS_ALLOW_METHODS: ['GET', 'PUT'],
      CORS_ALLOW_HEADERS: [{ starred: 'default_headers' }, 'x-api-key'],
      CORS_EXPOSE_HEADERS: ['x-request-id'],
      CORS_PREFLIGHT_MAX_AGE: 7200,
    });
  });

  it('credentials only when the plan has them', () => {
    expect(parse(render(plan({ credentials: false })).code).assigns).not.toHaveProperty('CORS_ALLOW_CREDENTIALS');
    expect(render(plan({ credentials: false })).notes.join('\n')).not.toMatch(/CsrfViewMiddleware|CORS_ALLOW_ALL_ORIGINS/);
  });

  it('the preflight parts only when there is a preflight', () => {
    const s = render(plan({ preflight: false, maxAge: null }));
    const p = parse(s.code);
    expect(Object.keys(p.assigns)).toEqual(['INSTALLED_APPS', 'MIDDLEWARE', 'CORS_ALLOWED_ORIGINS', 'CORS_ALLOW_CREDENTIALS', 'CORS_EXPOSE_HEADERS']);
    expect(p.imports).toEqual([]);
    expect(s.code).not.toMatch(/OPTIONS|PREFLIGHT|preflight/i);
  });

  it('Expose-Headers only when there are headers to expose', () => {
    expect(parse(render(plan({ exposeHeaders: [] })).code).assigns).not.toHaveProperty('CORS_EXPOSE_HEADERS');
  });

  it('the plan max-age, or 7200', () => {
    expect(parse(render(plan({ maxAge: 600 })).code).assigns.CORS_PREFLIGHT_MAX_AGE).toBe(600);
    expect(parse(render(plan({ maxAge: null })).code).assigns.CORS_PREFLIGHT_MAX_AGE).toBe(7200);
  });

  it('extends default_headers with the headers it lacks only (compared without case)', () => {
    const p = parse(render(plan({ requestHeaders: ['Authorization', 'X-Trace', 'content-type', 'x-csrftoken', 'X-Api-Key'] })).code);
    expect(p.assigns.CORS_ALLOW_HEADERS).toEqual([{ starred: 'default_headers' }, 'X-Trace', 'X-Api-Key']);
    expect(parse(render(plan({ requestHeaders: [] })).code).assigns.CORS_ALLOW_HEADERS).toEqual([{ starred: 'default_headers' }]);
  });

  it('knows django-cors-headers 3.14\'s default_headers', () => {
    // corsheaders/defaults.py, 3.14.0.
    expect(DJANGO_DEFAULT_HEADERS).toEqual(['accept', 'accept-encoding', 'authorization', 'content-type', 'dnt', 'origin', 'user-agent', 'x-csrftoken', 'x-requested-with']);
  });

  it('lists the safelisted methods when the plan needs none', () => {
    expect(parse(render(plan({ methods: [] })).code).assigns.CORS_ALLOW_METHODS).toEqual(['GET', 'HEAD', 'POST']);
  });

  it('more origins: each listed exactly, the request\'s first', () => {
    expect(parse(render(plan(), ['http://localhost:3000', 'http://[::1]:8080']).code).assigns.CORS_ALLOWED_ORIGINS).toEqual([A, 'http://localhost:3000', 'http://[::1]:8080']);
  });

  it('a refused origin allows none, and says so', () => {
    const s = render(plan({ origin: 'null' }));
    expect(s.code).toMatch(/^# Left out origin "null": the request was sent with `Origin: null`/);
    expect(s.notes[0]).toMatch(/^No origin is allowed by this snippet/);
    expect(parse(s.code).assigns.CORS_ALLOWED_ORIGINS).toEqual([]);
  });

  it('hostile values: printable, compiles, same Python as without them, exactly the legal values', () => {
    const defaults = new Set(DJANGO_DEFAULT_HEADERS);
    checkHostile(django, 300, (p, legal, plan) => {
      expect(p.assigns).toEqual({
        ...APPS_AND_MIDDLEWARE,
        CORS_ALLOWED_ORIGINS: legal.origins,
        ...(plan.credentials ? { CORS_ALLOW_CREDENTIALS: true } : {}),
        ...(plan.preflight
          ? {
              CORS_ALLOW_METHODS: legal.methods.length > 0 ? legal.methods : ['GET', 'HEAD', 'POST'],
              CORS_ALLOW_HEADERS: [{ starred: 'default_headers' }, ...legal.allowHeaders.filter((h) => !defaults.has(h.toLowerCase()))],
            }
          : {}),
        ...(legal.exposeHeaders.length > 0 ? { CORS_EXPOSE_HEADERS: legal.exposeHeaders } : {}),
        ...(plan.preflight ? { CORS_PREFLIGHT_MAX_AGE: legal.maxAge } : {}),
      });
    });
  });
});
