/**
 * Flask (Flask-CORS): the golden snippet, what Python reads in it (the hooks in the right order, the
 * arguments CORS gets), what the plan switches on and off, and hostile values, checked with Python's
 * own parser.
 */
import { describe, expect, it } from 'vitest';
import { targetById } from '../../../src/shared/fixes';
import { A } from '../cors/build';
import { plan, realisticPlan } from './plans';
import { checkHostile, parsePython, type Parsed } from './python-syntax';

const flask = targetById('flask');
if (!flask) throw new Error('the flask target is not registered');
const render = (p = plan(), more: string[] = []) => flask.render(p, { moreOrigins: more });
const parse = (code: string): Parsed => {
  const [p] = parsePython([code]);
  if (!p || p.error) throw new Error(`does not compile: ${p?.error}\n${code}`);
  return p;
};
const corsCall = (p: Parsed) => {
  expect(p.calls.map((c) => c.name)).toEqual(['CORS']);
  expect(p.calls[0]?.args).toEqual([{ name: 'app' }]);
  return p.calls[0]?.kwargs as Record<string, unknown>;
};

const GOLDEN = `# Flask-CORS 3.0 (pip install flask-cors; on Debian: apt install python3-flask-cors).
# Paste right after \`app = Flask(__name__)\`, before your own before_request hooks
# (authentication): Flask runs them in the order they were registered.
import re

from flask import request
from flask_cors import CORS

# The allowed origins, exact strings: add one per origin. Never "*" or a pattern.
CORS_ORIGINS = ["https://app.example"]


def cors_exact(values):
    # Flask-CORS 3 reads a string holding any of * \\ ] ? $ ^ [ ( ) as a regex matched from the
    # start only ("[::1]" is a character class; "https://a\\.example" also matches
    # "https://a.example.evil.test"). Escaped and anchored with \\Z, each value matches only itself.
    return [re.compile(re.escape(value) + r"\\Z", re.IGNORECASE) for value in values]


@app.before_request
def cors_preflight():
    # Preflight: it never carries cookies or Authorization, so it is answered here, before
    # authentication. Flask-CORS adds the headers to this empty 204 when the origin is allowed.
    if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
        return "", 204
    return None


@app.after_request
def cors_vary(response):
    # The answer depends on Origin, allowed or not: caches must keep one copy per origin.
    # (Flask-CORS adds Vary: Origin only to the responses for an allowed origin.)
    response.vary.add("Origin")
    return response


# Flask-CORS adds the headers in an after_request hook: to every response, errors included.
CORS(
    app,
    origins=cors_exact(CORS_ORIGINS),
    supports_credentials=True,
    methods=["GET", "PUT"],
    # Left out, Flask-CORS would allow any requested header.
    allow_headers=cors_exact(["authorization", "content-type", "x-api-key"]),
    expose_headers=["x-request-id"],
    max_age=7200,
)`;

describe('flask', () => {
  it('is registered with its label, language, notes and docs', () => {
    const s = flask.render(realisticPlan());
    expect([flask.id, flask.label, s.language]).toEqual(['flask', 'Flask (Flask-CORS)', 'python']);
    expect(s.docs).toEqual([
      'https://flask-cors.readthedocs.io/en/3.0.10/api.html',
      'https://flask.palletsprojects.com/en/2.2.x/api/#flask.Flask.before_request',
      'https://flask.palletsprojects.com/en/2.2.x/api/#flask.Flask.after_request',
    ]);
    const notes = s.notes.join('\n');
    expect(notes).toMatch(/before_request hooks in the order they were registered/);
    expect(notes).toMatch(/regular expression matched with re\.match, from the start only/);
    expect(notes).toMatch(/Never combine supports_credentials=True with origins="\*"/);
    expect(notes).toMatch(/Keep `allow_headers`/);
  });

  it('golden snippet for the realistic plan', () => {
    expect(flask.render(realisticPlan()).code).toBe(GOLDEN);
  });

  it('reads in Python as: the preflight hook, the Vary hook, then CORS with the plan', () => {
    const p = parse(GOLDEN);
    expect(p.imports).toEqual(['re', 'flask.request', 'flask_cors.CORS']);
    expect(p.functions).toEqual([
      { name: 'cors_exact', decorators: [] },
      { name: 'cors_preflight', decorators: ['app.before_request'] },
      { name: 'cors_vary', decorators: ['app.after_request'] },
    ]);
    expect(p.assigns).toEqual({ CORS_ORIGINS: [A] });
    expect(corsCall(p)).toEqual({
      origins: { call: 'cors_exact', args: [{ name: 'CORS_ORIGINS' }] },
      supports_credentials: true,
      methods: ['GET', 'PUT'],
      allow_headers: { call: 'cors_exact', args: [['authorization', 'content-type', 'x-api-key']] },
      expose_headers: ['x-request-id'],
      max_age: 7200,
    });
    // cors_vary is registered before CORS(app): after_request hooks run in reverse order, so it runs
    // after Flask-CORS's and sees the Vary it added.
    expect(GOLDEN.indexOf('def cors_vary')).toBeLessThan(GOLDEN.indexOf('CORS(\n'));
  });

  it('credentials only when the plan has them', () => {
    expect(corsCall(parse(render().code)).supports_credentials).toBe(true);
    expect(corsCall(parse(render(plan({ credentials: false })).code))).not.toHaveProperty('supports_credentials');
    expect(render(plan({ credentials: false })).notes.join('\n')).not.toMatch(/supports_credentials/);
  });

  it('the preflight parts only when there is a preflight', () => {
    const s = render(plan({ preflight: false, maxAge: null }));
    const p = parse(s.code);
    expect(p.functions.map((f) => f.name)).toEqual(['cors_exact', 'cors_vary']);
    expect(Object.keys(corsCall(p))).toEqual(['origins', 'supports_credentials', 'expose_headers']);
    expect(s.code).not.toMatch(/OPTIONS|Preflight|204/);
    expect(s.notes.join('\n')).not.toMatch(/Keep `allow_headers`/);
  });

  it('Expose-Headers only when there are headers to expose', () => {
    expect(corsCall(parse(render(plan({ exposeHeaders: [] })).code))).not.toHaveProperty('expose_headers');
  });

  it('the plan max-age, or 7200', () => {
    expect(corsCall(parse(render(plan({ maxAge: 600 })).code)).max_age).toBe(600);
    expect(corsCall(parse(render(plan({ maxAge: null })).code)).max_age).toBe(7200);
  });

  it('lists the safelisted methods when the plan needs none (Flask-CORS answers no preflight for a method not listed)', () => {
    const s = render(plan({ methods: [], requestHeaders: [] }));
    expect(corsCall(parse(s.code))).toMatchObject({ methods: ['GET', 'HEAD', 'POST'], allow_headers: { call: 'cors_exact', args: [[]] } });
    expect(s.code).toMatch(/methods=\["GET", "HEAD", "POST"\], {2}# listed: Flask-CORS answers no preflight for a method not listed/);
  });

  it('more origins: each listed exactly, the request\'s first', () => {
    const p = parse(render(plan(), ['http://localhost:3000', 'http://[::1]:8080', A]).code);
    expect(p.assigns.CORS_ORIGINS).toEqual([A, 'http://localhost:3000', 'http://[::1]:8080']);
  });

  it('a refused origin allows none, and says so', () => {
    const s = render(plan({ origin: 'null' }));
    expect(s.code).toMatch(/^# Left out origin "null": the request was sent with `Origin: null`/);
    expect(s.notes[0]).toMatch(/^No origin is allowed by this snippet/);
    expect(parse(s.code).assigns.CORS_ORIGINS).toEqual([]);
  });

  it('hostile values: printable, compiles, same Python as without them, exactly the legal values', () => {
    checkHostile(flask, 300, (p, legal, plan) => {
      expect(p.assigns.CORS_ORIGINS).toEqual(legal.origins);
      expect(p.functions.map((f) => f.name)).toEqual(plan.preflight ? ['cors_exact', 'cors_preflight', 'cors_vary'] : ['cors_exact', 'cors_vary']);
      expect(corsCall(p)).toEqual({
        origins: { call: 'cors_exact', args: [{ name: 'CORS_ORIGINS' }] },
        ...(plan.credentials ? { supports_credentials: true } : {}),
        ...(plan.preflight ? { methods: legal.methods.length > 0 ? legal.methods : ['GET', 'HEAD', 'POST'], allow_headers: { call: 'cors_exact', args: [legal.allowHeaders] } } : {}),
        ...(legal.exposeHeaders.length > 0 ? { expose_headers: legal.exposeHeaders } : {}),
        ...(plan.preflight ? { max_age: legal.maxAge } : {}),
      });
    });
  });
});
