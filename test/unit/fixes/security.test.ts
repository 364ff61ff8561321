/**
 * Hostile plan values (from a crafted HAR or page) must never change a snippet's structure: JS still
 * parses and hands the server exactly the legal values, nginx and Apache keep their lines and
 * directives, and whatever is not a legal value is left out with a visible comment.
 */
import vm from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagnose, type FixPlan } from '../../../src/shared/cors';
import { FIX_TARGETS, targetById } from '../../../src/shared/fixes';
import { corsValues, originRefusal } from '../../../src/shared/fixes/values';
import { A, ex } from '../cors/build';
import { hostileValues, legalNames, maxAgeOf, TOKEN, tokenish } from './plans';
import { apacheDirectives, apacheHeaderValue, nginxDirectives, nginxInterpolate, runExpressCors, runExpressMiddleware, type Directive } from './syntax';

// Printable ASCII and line breaks; tabs too, for gofmt's indentation.
const SNIPPET_CHARS = /^[\x20-\x7e\n\t]*$/;

/** How each snippet language starts a comment line (JSON has none: refusals then live only in the notes). */
const COMMENT: Record<string, string | null> = {
  http: '#', nginx: '#', apache: '#', caddyfile: '#', haproxy: '#', python: '#', ruby: '#',
  shell: '#', text: '#',
  javascript: '//', typescript: '//', go: '//', php: '//', java: '//', csharp: '//', json: null,
};

const nasty = fc.constantFrom(
  '"', "'", '\\', '\n', '\r', '\r\n', '\u2028', '\u2029', '\u202e', '\u0085', '\x00', '\x1b[2J', ';', '{', '}', '#', '`', '$host', '${x}', '$1',
  '%', '%t', '%{HTTP_COOKIE}e', '</script>', '*/', '";\nadd_header X y;#', '" always;\n    return 200 "pwned', '\nHeader always set X y',
  '");require("child_process");("', '\\"', 'x\\', ' env=CORS_ORIGIN', '\nRewriteRule ^ http://evil.example [R=302]',
);
const { hostile, name, origin, plan: hostilePlan } = hostileValues({ nasty });

/** The same plan with every legal value replaced by a plain one (keeping whether it has a `$`) and every illegal one by another illegal one. */
function reference(plan: FixPlan): FixPlan {
  let n = 0;
  const swap = (v: string) => (TOKEN.test(v) ? `x${n++}${v.includes('$') ? '$' : ''}` : `bad\n${n++}`);
  return {
    ...plan,
    origin: originRefusal(plan.origin) === null ? plan.origin : '',
    methods: plan.methods.map(swap),
    requestHeaders: plan.requestHeaders.map(swap),
    exposeHeaders: plan.exposeHeaders.map(swap),
  };
}

interface Expected {
  origin: string | null;
  methods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  maxAge: number;
}

function expected(plan: FixPlan): Expected {
  return {
    origin: originRefusal(plan.origin) === null ? plan.origin : null,
    methods: plan.preflight ? legalNames(plan.methods) : [],
    allowHeaders: plan.preflight ? legalNames(plan.requestHeaders) : [],
    exposeHeaders: legalNames(plan.exposeHeaders),
    maxAge: maxAgeOf(plan),
  };
}

const shape = (ds: Directive[]) => ds.map((d) => `${d.depth}:${d.name}/${d.args.length}${d.block ? '{' : ''}`);
const lineCount = (code: string) => code.split('\n').length;
const refusedLines = (code: string, prefix: string) => code.split('\n').filter((l) => l.startsWith(`${prefix} Left out `)).length;

function headerMap(pairs: Array<[string, string]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of pairs) (out[k] ??= []).push(v);
  return out;
}

/** What every header a snippet sets must be, whatever the syntax. */
function checkHeaders(h: Record<string, string[]>, e: Expected, plan: FixPlan) {
  const one = (name: string, value: string | null) => {
    for (const v of h[name] ?? []) expect(v).toBe(value);
    if (value === null) expect(h[name]).toBeUndefined();
  };
  one('Access-Control-Allow-Methods', e.methods.length > 0 ? e.methods.join(', ') : null);
  one('Access-Control-Allow-Headers', e.allowHeaders.length > 0 ? e.allowHeaders.join(', ') : null);
  one('Access-Control-Expose-Headers', e.exposeHeaders.length > 0 ? e.exposeHeaders.join(', ') : null);
  one('Access-Control-Max-Age', plan.preflight ? String(e.maxAge) : null);
  one('Access-Control-Allow-Credentials', plan.credentials ? 'true' : null);
}

describe('hostile plan values', () => {
  it('every snippet is printable ASCII, and names each value it left out', () => {
    fc.assert(
      fc.property(hostilePlan, (plan) => {
        const refused = corsValues(plan).refused.length;
        for (const t of FIX_TARGETS) {
          const s = t.render(plan);
          expect(s.code).toMatch(SNIPPET_CHARS);
          const prefix = COMMENT[s.language];
          expect(prefix, `comment syntax of ${s.language}`).not.toBeUndefined();
          if (prefix) expect(refusedLines(s.code.replace(/^[ \t]+/gm, ''), prefix), t.id).toBe(refused);
          else expect(s.notes.filter((n) => /left out|No origin is allowed/i.test(n)).length, t.id).toBeGreaterThanOrEqual(refused > 0 ? 1 : 0);
          for (const note of s.notes) expect(note).toMatch(/^[\x20-\x7e]*$/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('headers: one "Name: value" line per header, with exactly the legal values', () => {
    fc.assert(
      fc.property(hostilePlan, (plan) => {
        const code = targetById('headers')?.render(plan).code as string;
        expect(lineCount(code)).toBe(lineCount(targetById('headers')?.render(reference(plan)).code as string));
        const fields = code.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
        for (const l of fields) expect(l).toMatch(/^(Access-Control-[A-Za-z-]+|Vary): \S/);
        const e = expected(plan);
        const h = headerMap(fields.map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]));
        checkHeaders(h, e, plan);
        for (const v of h['Access-Control-Allow-Origin'] ?? []) expect(v).toBe(e.origin);
      }),
      { numRuns: 300 },
    );
  });

  it('nginx: same lines and directives as with plain values, and the exact legal values', () => {
    fc.assert(
      fc.property(hostilePlan, (plan) => {
        const code = targetById('nginx')?.render(plan).code as string;
        const ref = targetById('nginx')?.render(reference(plan)).code as string;
        expect(lineCount(code)).toBe(lineCount(ref));
        const ds = nginxDirectives(code);
        expect(shape(ds)).toEqual(shape(nginxDirectives(ref)));
        const e = expected(plan);
        const vars = { cors_origin: e.origin ?? '', corsight_dollar: '$' };
        checkHeaders(headerMap(ds.filter((d) => d.name === 'add_header').map((d) => [d.args[0] as string, nginxInterpolate(d.args[1] as string, vars)])), e, plan);
        // The map: `default ""` and the one allowed origin, literally.
        const end = ds.findIndex((d, i) => i > 0 && d.depth === 0);
        expect(ds.slice(1, end).map((d) => [d.name, ...d.args])).toEqual([['default', ''], ...(e.origin !== null ? [[e.origin, e.origin]] : [])]);
        // Variables are only the snippet's own.
        for (const d of ds) for (const a of d.args) for (const m of a.matchAll(/\$\{?([A-Za-z0-9_]+)/g)) expect(['http_origin', 'cors_origin', 'request_method', 'corsight_dollar']).toContain(m[1]);
      }),
      { numRuns: 300 },
    );
  });

  it('Apache: same lines and directives as with plain values, and the exact legal values', () => {
    fc.assert(
      fc.property(hostilePlan, (plan) => {
        const code = targetById('apache')?.render(plan).code as string;
        const ref = targetById('apache')?.render(reference(plan)).code as string;
        expect(lineCount(code)).toBe(lineCount(ref));
        const ds = apacheDirectives(code);
        expect(shape(ds)).toEqual(shape(apacheDirectives(ref)));
        const e = expected(plan);
        const headers = ds.filter((d) => d.name === 'Header');
        for (const d of headers) expect(d.args.slice(0, 2)).toEqual(['always', d.args[1] === 'merge' ? 'merge' : 'set']);
        checkHeaders(headerMap(headers.map((d) => [d.args[2] as string, apacheHeaderValue(d.args[3] as string, { CORS_ORIGIN: e.origin ?? '' })])), e, plan);
        const setenv = ds.filter((d) => d.name === 'SetEnvIf');
        expect(setenv.length).toBe(e.origin !== null ? 1 : 0);
        for (const d of setenv) {
          const re = new RegExp(d.args[1] as string);
          expect(re.exec(e.origin as string)?.[0]).toBe(e.origin);
          expect(re.test(`${e.origin}.evil.test`)).toBe(false);
          expect(d.args[2]).toBe('CORS_ORIGIN=$0');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('express-cors: parses, and cors gets exactly the legal values', () => {
    fc.assert(
      fc.property(hostilePlan, (plan) => {
        const code = targetById('express-cors')?.render(plan).code as string;
        expect(() => new vm.Script(code)).not.toThrow();
        const e = expected(plan);
        const { options, used } = runExpressCors(code);
        expect(used).toBe(1);
        expect(options).toEqual({
          origin: e.origin !== null ? [e.origin] : [],
          ...(plan.credentials ? { credentials: true } : {}),
          ...(plan.preflight ? { methods: e.methods, allowedHeaders: e.allowHeaders } : {}),
          ...(e.exposeHeaders.length > 0 ? { exposedHeaders: e.exposeHeaders } : {}),
          ...(plan.preflight ? { maxAge: e.maxAge } : {}),
        });
      }),
      { numRuns: 300 },
    );
  });

  it('express: parses, and sets exactly the legal values for the allowed origin only', () => {
    fc.assert(
      fc.property(hostilePlan, fc.string({ maxLength: 30 }), (plan, other) => {
        const code = targetById('express')?.render(plan).code as string;
        expect(() => new vm.Script(code)).not.toThrow();
        const e = expected(plan);
        const o = e.origin ?? A;
        const pre = runExpressMiddleware(code, { method: 'OPTIONS', headers: { origin: o, 'access-control-request-method': 'PUT' } });
        const actual = runExpressMiddleware(code, { method: 'GET', headers: { origin: o } });
        for (const r of [pre, actual]) {
          expect(r.vary).toEqual(['Origin']);
          checkHeaders(headerMap(Object.entries(r.headers)), e, plan);
          expect(r.headers['Access-Control-Allow-Origin']).toBe(e.origin ?? undefined);
        }
        expect(pre.status).toBe(plan.preflight ? 204 : null);
        if (other !== e.origin) expect(runExpressMiddleware(code, { method: 'GET', headers: { origin: other } }).headers).toEqual({});
      }),
      { numRuns: 200 },
    );
  });
});

describe('hostile traffic through the engine', () => {
  const hostileHeaders = fc.dictionary(name, fc.string({ maxLength: 10 }), { maxKeys: 3 });
  it('renders every target, and each snippet still parses as its syntax', () => {
    fc.assert(
      fc.property(
        fc.oneof(tokenish, hostile), fc.oneof(origin, fc.constant(A)), hostileHeaders, fc.oneof(name, fc.constant('PUT')), hostileHeaders, fc.boolean(),
        (method, initiator, req, allowMethods, resHeaders, credentials) => {
          const d = diagnose(ex({
            method, initiator, req, credentials: credentials ? 'include' : 'same-origin',
            pre: { status: 204, headers: { 'Access-Control-Allow-Origin': initiator, 'Access-Control-Allow-Methods': allowMethods, 'Access-Control-Allow-Headers': Object.keys(req).join(', ') } },
            res: { status: 200, headers: { 'Access-Control-Allow-Origin': initiator, ...resHeaders } },
            outcome: 'unknown',
          }));
          if (!d.fix) return;
          for (const t of FIX_TARGETS) {
            const { code, language } = t.render(d.fix);
            expect(code).toMatch(SNIPPET_CHARS);
            // Module syntax (Cloudflare's `export default`) is parsed in cloudflare.test.ts.
            if (language === 'javascript' && !/^export /m.test(code)) expect(() => new vm.Script(code)).not.toThrow();
            if (t.id === 'nginx') {
              const ds = nginxDirectives(code);
              const end = ds.findIndex((x, i) => i > 0 && x.depth === 0);
              // After the map block (whose entries are origins), only the snippet's own directives.
              for (const x of ds.slice(end)) expect(['geo', 'default', 'location', 'if', 'add_header', 'return']).toContain(x.name);
            }
            if (t.id === 'apache') for (const x of apacheDirectives(code)) expect(['SetEnvIf', 'Header', 'RewriteEngine', 'RewriteCond', 'RewriteRule']).toContain(x.name);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
