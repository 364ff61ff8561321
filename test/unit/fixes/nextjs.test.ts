/**
 * Next.js (proxy.ts / middleware.ts). Next.js is not installed and cannot run here, so the snippet
 * is checked three ways: a reviewed golden; TypeScript (no syntax error, and a strict type check
 * against a declaration of the parts of "next/server" it uses: NextRequest, NextResponse and
 * NextResponse.next(), as Next.js types them); and its logic run on real Fetch API Requests, with a
 * NextResponse that is a Response (as Next.js's is) and NextResponse.next() marked the way Next.js
 * marks it (x-middleware-next: 1).
 */
import vm from 'node:vm';
import fc from 'fast-check';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import type { FixPlan } from '../../../src/shared/cors';
import { targetById } from '../../../src/shared/fixes';
import { corsValues, originRefusal } from '../../../src/shared/fixes/values';
import { A, B, nodeHostile, plan, PLAN } from './node-plans';
import { TOKEN } from './plans';

const render = (p: FixPlan, moreOrigins: string[] = []) => {
  const t = targetById('nextjs');
  if (!t) throw new Error('no nextjs target');
  return t.render(p, { moreOrigins });
};

const GOLDEN = `// proxy.ts, next to the app/ folder (in src/ if you use one). Next.js 15 and earlier: name the file
// middleware.ts and the function \`middleware\`.
import { NextResponse, type NextRequest } from "next/server";

// The allowed origins, exact strings: add one per origin. Never send back an Origin not listed.
const CORS_ORIGINS = new Set<string>(["https://app.example", "https://admin.example"]);

export function proxy(request: NextRequest) {
  const origin = request.headers.get("origin");
  const allowed = origin !== null && CORS_ORIGINS.has(origin);
  // The answer depends on Origin, allowed or not: caches must keep one copy per origin.
  const headers = new Headers({ Vary: "Origin" });
  if (allowed) {
    headers.set("Access-Control-Allow-Origin", origin);
    headers.set("Access-Control-Allow-Credentials", "true");
  }
  // Preflight: answered here, before any route handler and the authentication in it.
  if (request.method === "OPTIONS" && request.headers.has("access-control-request-method")) {
    if (allowed) {
      headers.set("Access-Control-Allow-Methods", "GET, PUT");
      headers.set("Access-Control-Allow-Headers", "authorization, content-type, x-api-key");
      headers.set("Access-Control-Max-Age", "7200");
    }
    return new NextResponse(null, { status: 204, headers });
  }
  if (allowed) headers.set("Access-Control-Expose-Headers", "x-request-id");
  // Headers on NextResponse.next() go on the route's response, errors (a handler that throws) included.
  const response = NextResponse.next();
  headers.forEach((value, name) => response.headers.set(name, value));
  return response;
}

// The paths the proxy runs on: every API path the pages call (a literal: Next.js reads it at build).
export const config = {
  matcher: "/api/:path*",
};`;

/** Syntax errors only (what any TypeScript compiler would refuse before looking at types). */
function syntaxErrors(code: string): string[] {
  const out = ts.transpileModule(code, { reportDiagnostics: true, fileName: 'proxy.ts', compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS } });
  return (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** The parts of "next/server" the snippet uses, typed as Next.js types them (next/dist/server/web/spec-extension). */
const NEXT_SERVER = `declare module "next/server" {
  export class NextRequest extends Request {
    readonly nextUrl: URL;
  }
  export class NextResponse<Body = unknown> extends Response {
    constructor(body?: BodyInit | null, init?: ResponseInit);
    static next(init?: { headers?: HeadersInit; request?: { headers?: Headers } }): NextResponse;
    static json<JsonBody>(body: JsonBody, init?: ResponseInit): NextResponse<JsonBody>;
  }
}
`;

const TS_OPTIONS: ts.CompilerOptions = {
  strict: true, noEmit: true, noUnusedLocals: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, skipLibCheck: true,
  moduleResolution: ts.ModuleResolutionKind.Bundler, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'], types: [], isolatedModules: true,
};
/** TypeScript's own lib files, parsed once for every check. */
const libFiles = new Map<string, ts.SourceFile | undefined>();

/** A strict type check of the snippet as proxy.ts, with DOM's Fetch types and the declaration above. */
function typeErrors(code: string): string[] {
  const options = TS_OPTIONS;
  const files: Record<string, string> = { '/app/proxy.ts': code, '/app/next-server.d.ts': NEXT_SERVER };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, version, ...rest) => {
    const text = files[fileName];
    if (text !== undefined) return ts.createSourceFile(fileName, text, version);
    if (!libFiles.has(fileName)) libFiles.set(fileName, getSourceFile(fileName, version, ...rest));
    return libFiles.get(fileName);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (f) => f in files || fileExists(f);
  const readFile = host.readFile.bind(host);
  host.readFile = (f) => files[f] ?? readFile(f);
  const program = ts.createProgram(Object.keys(files), options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}

/** NextResponse as Next.js has it: a Response; next() is marked with x-middleware-next: 1. */
class NextResponse extends Response {
  static next(): NextResponse {
    return new NextResponse(null, { headers: { 'x-middleware-next': '1' } });
  }
}

interface Outcome {
  /** NextResponse.next(): the request goes on to the route, with these headers on its response. */
  next: boolean;
  status: number;
  headers: Record<string, string>;
}

/** Loads the snippet (TypeScript transpiled to CommonJS) and runs its proxy on one request. */
function load(code: string): { proxy: (r: Request) => Outcome; config: unknown } {
  const js = ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS } }).outputText;
  const module = { exports: {} as Record<string, unknown> };
  const require = (name: string) => {
    if (name !== 'next/server') throw new Error(`unexpected import of ${name}`);
    return { NextResponse };
  };
  vm.runInNewContext(js, { module, exports: module.exports, require, Headers, Response, Set });
  const proxy = module.exports.proxy as (r: Request) => Response;
  if (typeof proxy !== 'function') throw new Error('no exported proxy function');
  return {
    config: JSON.parse(JSON.stringify(module.exports.config)),
    proxy: (r) => {
      const res = proxy(r);
      expect(res).toBeInstanceOf(NextResponse);
      const headers: Record<string, string> = {};
      res.headers.forEach((value, name) => (headers[name] = value));
      const next = headers['x-middleware-next'] === '1';
      delete headers['x-middleware-next'];
      return { next, status: res.status, headers };
    },
  };
}

const request = (method: string, headers: Record<string, string>) => new Request('https://api.example/api/items/1', { method, headers });
const preflight = (origin: string) => request('OPTIONS', { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization' });

describe('golden snippet', () => {
  it('for a realistic plan and two origins', () => {
    expect(render(PLAN, [B]).code).toBe(GOLDEN);
    const s = render(PLAN);
    expect(s.language).toBe('typescript');
    expect(s.docs).toEqual([
      'https://nextjs.org/docs/app/api-reference/file-conventions/proxy',
      'https://nextjs.org/docs/app/api-reference/file-conventions/route',
      'https://nextjs.org/docs/app/api-reference/config/next-config-js/headers',
    ]);
  });
  it('is TypeScript without a syntax error, and type-checks strictly against next/server', () => {
    expect(syntaxErrors(GOLDEN)).toEqual([]);
    expect(typeErrors(GOLDEN)).toEqual([]);
    // The check can fail: a header set to a value that may be null, or a misspelt API, is refused.
    expect(typeErrors(GOLDEN.replace('headers.set("Access-Control-Allow-Origin", origin);', 'headers.set("Access-Control-Allow-Origin", request.headers.get("origin"));')).join('\n')).toMatch(/null/);
    expect(typeErrors(GOLDEN.replace('= NextResponse.next()', '= NextResponse.continue()')).join('\n')).toMatch(/continue/);
    expect(syntaxErrors(GOLDEN.replace('return response;', 'return response;;}'))).not.toEqual([]);
  }, 60_000); // The first check parses TypeScript's DOM declarations: seconds on a busy machine.
  it('answers the preflight itself with 204 and the preflight headers, for the listed origins only', () => {
    const { proxy } = load(GOLDEN);
    for (const origin of [A, B]) {
      expect(proxy(preflight(origin))).toEqual({
        next: false, status: 204,
        headers: {
          'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', 'access-control-allow-methods': 'GET, PUT',
          'access-control-allow-headers': 'authorization, content-type, x-api-key', 'access-control-max-age': '7200', vary: 'Origin',
        },
      });
    }
    for (const origin of ['https://evil.example', `${A}.evil.test`, 'null', 'https://APP.example']) {
      expect(proxy(preflight(origin))).toEqual({ next: false, status: 204, headers: { vary: 'Origin' } });
    }
  });
  it('lets every other request go on to the route, with the headers on its response (errors included)', () => {
    const { proxy, config } = load(GOLDEN);
    expect(proxy(request('PUT', { origin: A, authorization: 'Bearer t' }))).toEqual({
      next: true, status: 200,
      headers: { 'access-control-allow-origin': A, 'access-control-allow-credentials': 'true', 'access-control-expose-headers': 'x-request-id', vary: 'Origin' },
    });
    expect(proxy(request('GET', { origin: 'https://evil.example' }))).toEqual({ next: true, status: 200, headers: { vary: 'Origin' } });
    expect(proxy(request('GET', {}))).toEqual({ next: true, status: 200, headers: { vary: 'Origin' } });
    // An OPTIONS that is not a preflight goes on to the route too.
    expect(proxy(request('OPTIONS', { origin: A })).next).toBe(true);
    expect(config).toEqual({ matcher: '/api/:path*' });
  });
  it('states its pitfalls', () => {
    const notes = render(PLAN).notes.join('\n');
    expect(notes).toMatch(/Next\.js 16 calls this file proxy\.ts/);
    expect(notes).toMatch(/middleware\.ts and `middleware`/);
    expect(notes).toMatch(/`config\.matcher` must match every API path/);
    expect(notes).toMatch(/a handler that throws is answered by Next\.js with its own 500/);
    expect(notes).toMatch(/next\.config\.js `headers\(\)` cannot do this/);
    expect(notes).toMatch(/preflight branch must come first/);
    expect(notes).toMatch(/export async function OPTIONS\(\)/);
  });
});

describe('what the plan switches on and off', () => {
  const allHeaders = (p: FixPlan) => {
    const { proxy } = load(render(p).code);
    return { pre: proxy(preflight(A)), actual: proxy(request('PUT', { origin: A })) };
  };
  it('credentials only when the plan has them', () => {
    expect(allHeaders(plan()).actual.headers['access-control-allow-credentials']).toBe('true');
    const off = allHeaders(plan({ credentials: false }));
    expect(off.pre.headers).not.toHaveProperty('access-control-allow-credentials');
    expect(off.actual.headers).not.toHaveProperty('access-control-allow-credentials');
  });
  it('no preflight branch without a preflight: OPTIONS goes on to the route', () => {
    const code = render(plan({ preflight: false, maxAge: null })).code;
    expect(code).not.toMatch(/OPTIONS|Preflight|204|Max-Age|Allow-Methods|Allow-Headers/);
    expect(load(code).proxy(preflight(A))).toEqual({ next: true, status: 200, headers: { 'access-control-allow-origin': A, 'access-control-allow-credentials': 'true', 'access-control-expose-headers': 'x-request-id', vary: 'Origin' } });
    expect(typeErrors(code)).toEqual([]);
  }, 60_000);
  it('Expose-Headers only when the page reads some', () => {
    expect(allHeaders(plan({ exposeHeaders: [] })).actual.headers).not.toHaveProperty('access-control-expose-headers');
  });
  it('the plan max-age, or 7200', () => {
    expect(allHeaders(plan({ maxAge: 600 })).pre.headers['access-control-max-age']).toBe('600');
    expect(allHeaders(plan({ maxAge: null })).pre.headers['access-control-max-age']).toBe('7200');
  });
  it('no Allow-Methods or Allow-Headers when nothing needs listing', () => {
    const { pre } = allHeaders(plan({ methods: [], requestHeaders: [] }));
    expect(pre.headers).toEqual({ 'access-control-allow-origin': A, 'access-control-allow-credentials': 'true', 'access-control-max-age': '7200', vary: 'Origin' });
  });
  it('a refused origin allows none, says so, and still type-checks', () => {
    const s = render(plan({ origin: 'null' }));
    expect(s.code).toMatch(/^\/\/ Left out origin "null": the request was sent with `Origin: null`/);
    expect(s.code).toContain('new Set<string>([])');
    expect(s.notes[0]).toMatch(/^No origin is allowed by this snippet/);
    expect(load(s.code).proxy(request('GET', { origin: 'null' })).headers).toEqual({ vary: 'Origin' });
    expect(typeErrors(s.code)).toEqual([]);
  }, 60_000);
});

const nasty = fc.constantFrom('"', "'", '\\', '\n', '\r', '\u2028', '\u2029', '\u202e', '\x00', '`', '${x}', '*/', '</script>', '");process.exit(1);("', '\\"', 'x\\', '<string>');
const { plan: hostilePlan } = nodeHostile(nasty);

describe('hostile plan values', () => {
  it('stay TypeScript without a syntax error, set exactly the legal values for the legal origin only, and name each value left out', () => {
    fc.assert(
      fc.property(hostilePlan, fc.string({ maxLength: 30 }), (p, other) => {
        const s = render(p);
        expect(s.code).toMatch(/^[\x20-\x7e\n]*$/);
        for (const note of s.notes) expect(note).toMatch(/^[\x20-\x7e]*$/);
        expect(syntaxErrors(s.code)).toEqual([]);
        const v = corsValues(p);
        expect(s.code.split('\n').filter((l) => l.startsWith('// Left out ')).length).toBe(v.refused.length);
        const { proxy } = load(s.code);
        const legal = originRefusal(p.origin) === null ? p.origin : null;
        const o = legal ?? A;
        const pre = proxy(request('OPTIONS', { origin: o, 'access-control-request-method': 'PUT' }));
        const actual = proxy(request('GET', { origin: o }));
        const list = (xs: string[]) => (xs.length > 0 ? xs.join(', ') : undefined);
        const allowed = legal !== null ? { 'access-control-allow-origin': legal, ...(p.credentials ? { 'access-control-allow-credentials': 'true' } : {}) } : {};
        expect(pre).toEqual(
          p.preflight
            ? {
                next: false, status: 204,
                headers: JSON.parse(JSON.stringify({
                  ...allowed, vary: 'Origin',
                  ...(legal !== null ? { 'access-control-allow-methods': list(v.methods), 'access-control-allow-headers': list(v.allowHeaders), 'access-control-max-age': String(v.maxAge) } : {}),
                })),
              }
            : { next: true, status: 200, headers: JSON.parse(JSON.stringify({ ...allowed, vary: 'Origin', 'access-control-expose-headers': legal !== null ? list(v.exposeHeaders) : undefined })) },
        );
        expect(actual.headers).toEqual(JSON.parse(JSON.stringify({ ...allowed, vary: 'Origin', 'access-control-expose-headers': legal !== null ? list(v.exposeHeaders) : undefined })));
        for (const n of [...v.methods, ...v.allowHeaders, ...v.exposeHeaders]) expect(n).toMatch(TOKEN);
        if (other !== legal) {
          let r: Request | null = null;
          try {
            r = request('GET', { origin: other });
          } catch {
            // Not a value a Headers object accepts: no browser could send it either.
          }
          if (r) expect(proxy(r).headers).toEqual({ vary: 'Origin' });
        }
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
