/**
 * Django 3.2 with django-cors-headers 3.14 (Debian's python3-django, python3-django-cors-headers), run
 * with `runserver --noreload`, whose system checks (django-cors-headers' included) refuse bad
 * settings: the snippet goes at the end of settings.py, as its comments say, after a MIDDLEWARE that
 * has CommonMiddleware and an authentication middleware. Also proves, in the real package, the
 * pitfall its notes name: CORS_ALLOW_ALL_ORIGINS with credentials sends back any origin.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { EVIL, snippetFor } from './plans';
import { proveSnippets } from './proof-suite';
import { pythonRig, requirePython, withPythonApp } from './python-apps';
import { pythonChecks } from './python-checks';
import { send, varyOf } from './raw-http';

proveSnippets('Django (django-cors-headers)', pythonRig('django'), { before: async () => requirePython('django') });
pythonChecks('Django (django-cors-headers)', 'django');

describe('django-cors-headers pitfalls, shown in the real package', () => {
  beforeAll(() => requirePython('django'));

  it('Vary: Origin on every response, for an origin it refuses too', async () => {
    await withPythonApp('django', snippetFor('django'), {}, async (port) => {
      const r = await send(port, 'GET', '/api/public', { origin: EVIL });
      expect(r.headers['access-control-allow-origin']).toBeUndefined();
      expect(varyOf(r)).toEqual(['origin']);
    });
  });

  it('CORS_ALLOW_ALL_ORIGINS = True with credentials: any origin is sent back, with credentials', async () => {
    await withPythonApp('django', `${snippetFor('django')}\nCORS_ALLOW_ALL_ORIGINS = True`, {}, async (port) => {
      const r = await send(port, 'GET', '/api/public', { origin: EVIL });
      expect(r.headers).toMatchObject({ 'access-control-allow-origin': EVIL, 'access-control-allow-credentials': 'true' });
    });
  });
});
