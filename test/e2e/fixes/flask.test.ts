/**
 * Flask with Flask-CORS 3.0 (Debian's python3-flask, python3-flask-cors), run with werkzeug's
 * run_simple: the snippet goes right after `app = Flask(__name__)`, before the authentication hook, as
 * its comments say. Also proves the pitfalls its comments and notes name, in the real Flask-CORS:
 * origins as regexes (a plain string holding `[` is a character class; an escaped one matches from the
 * start only), origins="*" with credentials, and Flask-CORS's own Vary.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { EVIL, FULL_PLAN, ORIGIN, snippetFor } from './plans';
import { proveSnippets } from './proof-suite';
import { pythonRig, requirePython, withPythonApp } from './python-apps';
import { edit, pythonChecks } from './python-checks';
import { send, varyOf } from './raw-http';

proveSnippets('Flask (Flask-CORS)', pythonRig('flask'), { before: async () => requirePython('flask') });
pythonChecks('Flask (Flask-CORS)', 'flask');

const allowed = async (port: number, origin: string) => (await send(port, 'GET', '/api/public', { origin })).headers['access-control-allow-origin'];

describe('Flask-CORS pitfalls the snippet avoids, shown in the real Flask-CORS', () => {
  beforeAll(() => requirePython('flask'));

  const IPV6 = 'http://[::1]:4102';
  const snippet = snippetFor('flask', FULL_PLAN, [IPV6]);
  const plain = edit(snippet, 'origins=cors_exact(CORS_ORIGINS)', 'origins=CORS_ORIGINS');
  const escaped = edit(snippet, 'origins=cors_exact(CORS_ORIGINS)', 'origins=[re.escape(o) for o in CORS_ORIGINS]');

  it('the snippet: each origin exactly, whatever characters it holds', async () => {
    await withPythonApp('flask', snippet, {}, async (port) => {
      expect(await allowed(port, ORIGIN)).toBe(ORIGIN);
      expect(await allowed(port, IPV6)).toBe(IPV6);
      for (const o of ['http://1:4102', 'http://::4102', `${ORIGIN}1`, `${ORIGIN}.evil.test`]) expect(await allowed(port, o), o).toBeUndefined();
    });
  });

  it('plain strings: "[::1]" is read as a character class, so http://1:4102 is allowed', async () => {
    await withPythonApp('flask', plain, {}, async (port) => {
      expect(await allowed(port, 'http://1:4102')).toBe('http://1:4102');
      // A plain origin without those characters is compared exactly.
      expect(await allowed(port, `${ORIGIN}1`)).toBeUndefined();
    });
  });

  it('escaped but not anchored: matched from the start only, so a longer origin is allowed', async () => {
    await withPythonApp('flask', escaped, {}, async (port) => {
      expect(await allowed(port, `${ORIGIN}1`)).toBe(`${ORIGIN}1`);
      expect(await allowed(port, `${ORIGIN}.evil.test`)).toBe(`${ORIGIN}.evil.test`);
    });
  });

  it('header names are matched exactly too, even those a regex would read as patterns (x-a* is a legal name)', async () => {
    const odd = snippetFor('flask', { ...FULL_PLAN, requestHeaders: ['x-a*', 'x-b.c'] }, []);
    const asked = async (port: number, header: string) =>
      (await send(port, 'OPTIONS', '/api/items/1', { origin: ORIGIN, 'access-control-request-method': 'PUT', 'access-control-request-headers': header })).headers['access-control-allow-headers'];
    await withPythonApp('flask', odd, {}, async (port) => {
      expect(await asked(port, 'x-a*')).toBe('x-a*');
      expect(await asked(port, 'x-b.c')).toBe('x-b.c');
      for (const h of ['x-aaaa', 'x-', 'x-bxc', 'x-b.cd']) expect(await asked(port, h), h).toBeUndefined();
    });
    // Plain strings: "x-a*" is a regex, and lets any header starting with "x-" through.
    await withPythonApp('flask', edit(odd, 'allow_headers=cors_exact(["x-a*", "x-b.c"])', 'allow_headers=["x-a*", "x-b.c"]'), {}, async (port) => {
      expect(await asked(port, 'x-anything')).toBe('x-anything');
    });
  });

  it('origins="*" with supports_credentials: any origin is sent back, with credentials', async () => {
    await withPythonApp('flask', edit(snippet, 'origins=cors_exact(CORS_ORIGINS)', 'origins="*"'), {}, async (port) => {
      const r = await send(port, 'GET', '/api/public', { origin: EVIL });
      expect(r.headers).toMatchObject({ 'access-control-allow-origin': EVIL, 'access-control-allow-credentials': 'true' });
    });
  });

  it('without cors_vary, Flask-CORS sends no Vary: Origin to an origin it refuses', async () => {
    const noVary = edit(snippet, '    response.vary.add("Origin")\n', '');
    await withPythonApp('flask', noVary, {}, async (port) => {
      expect(varyOf(await send(port, 'GET', '/api/public', { origin: EVIL }))).not.toContain('origin');
    });
    await withPythonApp('flask', snippet, {}, async (port) => {
      expect(varyOf(await send(port, 'GET', '/api/public', { origin: EVIL }))).toEqual(['origin']);
    });
  });
});
