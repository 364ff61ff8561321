/**
 * The targets: registry, one reviewed snippet per target for a realistic plan, and the parts that
 * credentials, the preflight and exposed headers switch on and off.
 */
import { describe, expect, it } from 'vitest';
import type { FixPlan } from '../../../src/shared/cors';
import { FIX_TARGETS, targetById } from '../../../src/shared/fixes';
import { A, plan, realisticPlan } from './plans';
import { apacheDirectives, nginxDirectives, runExpressCors, runExpressMiddleware } from './syntax';

const GOLDEN: Record<string, string> = {
  "headers": `# Several origins: compare the request's Origin with an exact list and send back the one that matched, never any Origin.

# Preflight response (OPTIONS), status 204, sent before any authentication:
Access-Control-Allow-Origin: https://app.example
Access-Control-Allow-Credentials: true
Access-Control-Allow-Methods: GET, PUT
Access-Control-Allow-Headers: authorization, content-type, x-api-key
Access-Control-Max-Age: 7200
Vary: Origin

# Actual response, on every status (errors included):
Access-Control-Allow-Origin: https://app.example
Access-Control-Allow-Credentials: true
Access-Control-Expose-Headers: x-request-id
Vary: Origin`,
  "nginx": `# In the http block: the allowed origins, exact strings only (no regex, no suffix match).
# Add one line per origin. Any other Origin maps to "" and gets no CORS headers.
map $http_origin $cors_origin {
    default "";
    "https://app.example" "https://app.example";
}

# In the server block: the location that serves the API (keep your own path).
location / {
    # Preflight: answered before auth_basic, auth_request and proxy_pass run.
    # add_header here replaces the location's, so every header is repeated.
    if ($request_method = OPTIONS) {
        add_header Access-Control-Allow-Origin $cors_origin always;
        add_header Access-Control-Allow-Credentials true always;
        add_header Access-Control-Allow-Methods "GET, PUT" always;
        add_header Access-Control-Allow-Headers "authorization, content-type, x-api-key" always;
        add_header Access-Control-Max-Age 7200 always;
        add_header Vary Origin always;
        return 204;
    }

    # Every other response, errors included ("always").
    add_header Access-Control-Allow-Origin $cors_origin always;
    add_header Access-Control-Allow-Credentials true always;
    add_header Access-Control-Expose-Headers "x-request-id" always;
    add_header Vary Origin always;

    # ... your directives (proxy_pass, root, auth_request...)
}`,
  "express-cors": `// npm install cors. In an ES module: import cors from "cors";
const cors = require("cors");

const corsOptions = {
  // The allowed origins, exact strings: add one per origin. Never \`true\`, which reflects any Origin.
  origin: ["https://app.example"],
  credentials: true,
  methods: ["GET", "PUT"],
  allowedHeaders: ["authorization", "content-type", "x-api-key"],
  exposedHeaders: ["x-request-id"],
  maxAge: 7200,
};

// First of all, before authentication, body parsers and routes: cors answers every preflight
// (OPTIONS) with 204 itself, and sets the headers before any handler can fail.
app.use(cors(corsOptions));
// Per route instead: app.options("/{*splat}", cors(corsOptions)) plus cors(corsOptions) on each
// route. Express 5 throws on app.options("*", ...): a wildcard needs a name.`,
  "express": `// The allowed origins, exact strings: add one per origin. Never send back an Origin not listed.
const CORS_ORIGINS = new Set(["https://app.example"]);

function corsHeaders(req, res, next) {
  const origin = req.headers.origin;
  const allowed = typeof origin === "string" && CORS_ORIGINS.has(origin);
  // The answer depends on Origin, allowed or not: caches must keep one copy per origin.
  res.vary("Origin");
  if (allowed) {
    res.setHeader("Access-Control-Allow-Origin", origin);
    res.setHeader("Access-Control-Allow-Credentials", "true");
  }
  // Preflight: answered here, before authentication (it never carries cookies or Authorization).
  if (req.method === "OPTIONS" && req.headers["access-control-request-method"] !== undefined) {
    if (allowed) {
      res.setHeader("Access-Control-Allow-Methods", "GET, PUT");
      res.setHeader("Access-Control-Allow-Headers", "authorization, content-type, x-api-key");
      res.setHeader("Access-Control-Max-Age", "7200");
    }
    res.status(204).end();
    return;
  }
  if (allowed) res.setHeader("Access-Control-Expose-Headers", "x-request-id");
  next();
}

// First of all, before authentication, body parsers and routes, so that errors carry the headers too.
app.use(corsHeaders);`,
  "apache": `# In the <VirtualHost> itself, not in .htaccess, <Directory> or <Location>: there mod_rewrite
# runs after authentication. Needs mod_headers, mod_setenvif and mod_rewrite.

# The allowed origins, one line each, matched exactly (anchored, dots escaped). Any other
# Origin leaves CORS_ORIGIN unset and gets no CORS headers.
SetEnvIf Origin "^https://app\\.example$" CORS_ORIGIN=$0

# "always": on every response, errors (4xx, 5xx) included.
Header always set Access-Control-Allow-Origin "%{CORS_ORIGIN}e" env=CORS_ORIGIN
Header always set Access-Control-Allow-Credentials "true" env=CORS_ORIGIN
Header always set Access-Control-Allow-Methods "GET, PUT" env=CORS_ORIGIN
Header always set Access-Control-Allow-Headers "authorization, content-type, x-api-key" env=CORS_ORIGIN
Header always set Access-Control-Max-Age "7200" env=CORS_ORIGIN
Header always set Access-Control-Expose-Headers "x-request-id" env=CORS_ORIGIN
Header always merge Vary Origin

# Preflight: answered 204 here, before authentication and before the application.
RewriteEngine On
RewriteCond %{REQUEST_METHOD} =OPTIONS
RewriteRule ^ - [R=204,L]`,
};

/** Every target, in picker order, with its label and snippet language. */
const REGISTRY: Array<[string, string, string]> = [
  ['headers', 'HTTP headers', 'http'],
  ['nginx', 'nginx', 'nginx'],
  ['apache', 'Apache httpd', 'apache'],
  ['caddy', 'Caddy', 'caddyfile'],
  ['haproxy', 'HAProxy', 'haproxy'],
  ['express-cors', 'Express (cors package)', 'javascript'],
  ['express', 'Express (no package)', 'javascript'],
  ['fastify', 'Fastify (@fastify/cors)', 'javascript'],
  ['koa', 'Koa (@koa/cors)', 'javascript'],
  ['hono', 'Hono (hono/cors)', 'javascript'],
  ['nextjs', 'Next.js (proxy / middleware)', 'typescript'],
  ['flask', 'Flask (Flask-CORS)', 'python'],
  ['django', 'Django (django-cors-headers)', 'python'],
  ['fastapi', 'FastAPI / Starlette (CORSMiddleware)', 'python'],
  ['go', 'Go (net/http + rs/cors)', 'go'],
  ['rails', 'Rails (rack-cors)', 'ruby'],
  ['laravel', 'Laravel (config/cors.php)', 'php'],
];

/**
 * The first five targets' goldens and switches live here; every later target has its own file
 * (caddy.test.ts, fastify-koa-hono.test.ts, flask.test.ts, go.test.ts, s3.test.ts...), written against
 * what its library really does (rack-cors always sends Allow-Methods, php-cors sends no Vary for one origin).
 */
const CORE = ['headers', 'nginx', 'express-cors', 'express', 'apache'];

describe('the registry', () => {
  it('lists the targets in picker order, each found by id', () => {
    const platforms = FIX_TARGETS.slice(REGISTRY.length).map((t) => t.id);
    expect(FIX_TARGETS.slice(0, REGISTRY.length).map((t) => [t.id, t.label, t.render(realisticPlan()).language])).toEqual(REGISTRY);
    expect(platforms).toEqual(['spring', 'aspnet', 's3', 'apigateway', 'cloudflare', 'netlify', 'vercel']);
    for (const t of FIX_TARGETS) expect(targetById(t.id)).toBe(t);
    expect(new Set(FIX_TARGETS.map((t) => t.id)).size).toBe(FIX_TARGETS.length);
    expect(targetById('iis')).toBeUndefined();
    expect(Object.isFrozen(FIX_TARGETS)).toBe(true);
  });
  it('gives each snippet notes and documentation links', () => {
    const p = realisticPlan();
    for (const t of FIX_TARGETS) {
      const s = t.render(p);
      expect(s.notes.length, t.id).toBeGreaterThan(0);
      expect(s.docs.length, t.id).toBeGreaterThan(0);
      for (const url of s.docs) expect(url).toMatch(/^https:\/\/[^\s]+$/);
    }
    expect(targetById('nginx')?.render(p).docs).toContain('https://nginx.org/en/docs/http/ngx_http_headers_module.html#add_header');
    expect(targetById('express-cors')?.render(p).docs).toEqual(['https://github.com/expressjs/cors#readme', 'https://expressjs.com/en/guide/migrating-5.html#path-syntax']);
    expect(targetById('apache')?.render(p).docs).toContain('https://httpd.apache.org/docs/2.4/mod/mod_headers.html#header');
  });
});

describe('golden snippets for a realistic plan', () => {
  it.each(CORE)('%s', (id) => {
    expect(targetById(id)?.render(realisticPlan()).code).toBe(GOLDEN[id]);
  });
  it('the nginx one reads as the intended directives', () => {
    const ds = nginxDirectives(GOLDEN.nginx as string);
    expect(ds.map((d) => `${'  '.repeat(d.depth)}${d.name} ${d.args.join(' | ')}${d.block ? ' {' : ''}`)).toEqual([
      'map $http_origin | $cors_origin {',
      '  default ',
      '  https://app.example https://app.example',
      'location / {',
      '  if ($request_method | = | OPTIONS) {',
      '    add_header Access-Control-Allow-Origin | $cors_origin | always',
      '    add_header Access-Control-Allow-Credentials | true | always',
      '    add_header Access-Control-Allow-Methods | GET, PUT | always',
      '    add_header Access-Control-Allow-Headers | authorization, content-type, x-api-key | always',
      '    add_header Access-Control-Max-Age | 7200 | always',
      '    add_header Vary | Origin | always',
      '    return 204',
      '  add_header Access-Control-Allow-Origin | $cors_origin | always',
      '  add_header Access-Control-Allow-Credentials | true | always',
      '  add_header Access-Control-Expose-Headers | x-request-id | always',
      '  add_header Vary | Origin | always',
    ]);
  });
  it('the Apache one matches the origin exactly and answers OPTIONS', () => {
    const ds = apacheDirectives(GOLDEN.apache as string);
    const setenv = ds.find((d) => d.name === 'SetEnvIf');
    const re = new RegExp(setenv?.args[1] as string);
    expect(re.test(A)).toBe(true);
    expect(re.test(`${A}.evil.test`)).toBe(false);
    expect(re.test('https://appxexample')).toBe(false);
    expect(ds.map((d) => d.name)).toEqual(['SetEnvIf', ...Array(7).fill('Header'), 'RewriteEngine', 'RewriteCond', 'RewriteRule']);
    expect(ds.find((d) => d.name === 'RewriteRule')?.args).toEqual(['^', '-', '[R=204,L]']);
  });
  it('the express-cors one gives cors the plan', () => {
    expect(runExpressCors(GOLDEN['express-cors'] as string)).toEqual({
      options: { origin: [A], credentials: true, methods: ['GET', 'PUT'], allowedHeaders: ['authorization', 'content-type', 'x-api-key'], exposedHeaders: ['x-request-id'], maxAge: 7200 },
      used: 1,
    });
  });
  it('the express one answers preflights, allows only the origin and always varies on Origin', () => {
    const code = GOLDEN.express as string;
    const pre = runExpressMiddleware(code, { method: 'OPTIONS', headers: { origin: A, 'access-control-request-method': 'PUT' } });
    expect(pre).toEqual({
      status: 204, ended: true, nextCalled: false, vary: ['Origin'],
      headers: {
        'Access-Control-Allow-Origin': A, 'Access-Control-Allow-Credentials': 'true', 'Access-Control-Allow-Methods': 'GET, PUT',
        'Access-Control-Allow-Headers': 'authorization, content-type, x-api-key', 'Access-Control-Max-Age': '7200',
      },
    });
    const actual = runExpressMiddleware(code, { method: 'PUT', headers: { origin: A } });
    expect(actual).toEqual({
      status: null, ended: false, nextCalled: true, vary: ['Origin'],
      headers: { 'Access-Control-Allow-Origin': A, 'Access-Control-Allow-Credentials': 'true', 'Access-Control-Expose-Headers': 'x-request-id' },
    });
    for (const origin of ['https://evil.example', `${A}.evil.test`, 'null']) {
      expect(runExpressMiddleware(code, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'PUT' } })).toMatchObject({ status: 204, headers: {}, vary: ['Origin'] });
      expect(runExpressMiddleware(code, { method: 'GET', headers: { origin } })).toMatchObject({ nextCalled: true, headers: {}, vary: ['Origin'] });
    }
    // An OPTIONS that is not a preflight goes on to the application.
    expect(runExpressMiddleware(code, { method: 'OPTIONS', headers: { origin: A } })).toMatchObject({ nextCalled: true, status: null });
  });
});

/** The header names a snippet sets, in order, with duplicates (preflight and actual parts). */
function headerNames(id: string, code: string): string[] {
  switch (id) {
    case 'headers':
      return code.split('\n').filter((l) => /^[A-Za-z-]+: /.test(l)).map((l) => l.slice(0, l.indexOf(':')));
    case 'nginx':
      return nginxDirectives(code).filter((d) => d.name === 'add_header').map((d) => d.args[0] as string);
    case 'apache':
      return apacheDirectives(code).filter((d) => d.name === 'Header').map((d) => d.args[2] as string);
    case 'express':
      return [...code.matchAll(/res\.setHeader\("([^"]+)"/g)].map((m) => m[1] as string).concat(code.includes('res.vary("Origin")') ? ['Vary'] : []);
    default: {
      const { options } = runExpressCors(code);
      const map: Record<string, string> = { origin: 'Access-Control-Allow-Origin', credentials: 'Access-Control-Allow-Credentials', methods: 'Access-Control-Allow-Methods', allowedHeaders: 'Access-Control-Allow-Headers', exposedHeaders: 'Access-Control-Expose-Headers', maxAge: 'Access-Control-Max-Age' };
      return Object.keys(options).map((k) => map[k] as string);
    }
  }
}

const has = (id: string, p: FixPlan, name: string) => headerNames(id, targetById(id)?.render(p).code as string).includes(name);

describe('what the plan switches on and off', () => {
  const ids = CORE;
  it.each(ids)('%s: credentials only when the plan has them', (id) => {
    expect(has(id, plan(), 'Access-Control-Allow-Credentials')).toBe(true);
    expect(has(id, plan({ credentials: false }), 'Access-Control-Allow-Credentials')).toBe(false);
  });
  it.each(ids)('%s: the preflight parts only when there is a preflight', (id) => {
    const code = targetById(id)?.render(plan({ preflight: false, maxAge: null })).code as string;
    for (const name of ['Access-Control-Allow-Methods', 'Access-Control-Allow-Headers', 'Access-Control-Max-Age']) {
      expect(headerNames(id, code)).not.toContain(name);
      expect(has(id, plan(), name)).toBe(true);
    }
    expect(code).not.toMatch(/OPTIONS|return 204|Rewrite|app\.options|Preflight/);
    expect(headerNames(id, code)).toContain('Access-Control-Allow-Origin');
  });
  it.each(ids)('%s: Expose-Headers only when there are headers to expose', (id) => {
    expect(has(id, plan(), 'Access-Control-Expose-Headers')).toBe(true);
    expect(has(id, plan({ exposeHeaders: [] }), 'Access-Control-Expose-Headers')).toBe(false);
  });
  it.each(ids)('%s: Vary: Origin always', (id) => {
    for (const p of [plan(), plan({ preflight: false, credentials: false, exposeHeaders: [] })]) {
      const code = targetById(id)?.render(p).code as string;
      // cors adds Vary: Origin itself whenever `origin` is an array.
      if (id === 'express-cors') expect(runExpressCors(code).options.origin).toEqual([A]);
      else expect(headerNames(id, code)).toContain('Vary');
    }
  });
  it.each(ids)('%s: the plan max-age, or 7200', (id) => {
    expect(targetById(id)?.render(plan({ maxAge: 600 })).code).toMatch(/\b600\b/);
    expect(targetById(id)?.render(plan({ maxAge: null })).code).toMatch(/\b7200\b/);
  });
  it.each(ids)('%s: no Allow-Methods or Allow-Headers when nothing needs listing', (id) => {
    const p = plan({ methods: [], requestHeaders: [] });
    const code = targetById(id)?.render(p).code as string;
    if (id === 'express-cors') {
      // Left out, cors would send its default methods and reflect any requested header.
      expect(runExpressCors(code).options).toMatchObject({ methods: [], allowedHeaders: [] });
    } else {
      expect(has(id, p, 'Access-Control-Allow-Methods')).toBe(false);
      expect(has(id, p, 'Access-Control-Allow-Headers')).toBe(false);
    }
    expect(has(id, p, 'Access-Control-Max-Age')).toBe(true);
  });
  it.each(ids)('%s: a refused origin allows none, and says so', (id) => {
    const s = targetById(id)?.render(plan({ origin: 'null' })) as { code: string; notes: string[] };
    expect(s.code).toMatch(/Left out origin "null": the request was sent with `Origin: null`/);
    expect(s.notes[0]).toMatch(/^No origin is allowed by this snippet/);
    if (id === 'headers') expect(headerNames(id, s.code)).not.toContain('Access-Control-Allow-Origin');
    if (id === 'nginx') {
      const ds = nginxDirectives(s.code);
      const end = ds.findIndex((d, i) => i > 0 && d.depth === 0);
      expect(ds.slice(0, end).map((d) => [d.name, d.args])).toEqual([['map', ['$http_origin', '$cors_origin']], ['default', ['']]]);
    }
    if (id === 'apache') expect(apacheDirectives(s.code).map((d) => d.name)).not.toContain('SetEnvIf');
    if (id === 'express-cors') expect(runExpressCors(s.code).options.origin).toEqual([]);
    if (id === 'express') {
      const res = runExpressMiddleware(s.code, { method: 'GET', headers: { origin: 'null' } });
      expect(res.headers).toEqual({});
    }
  });
  it('plan notes follow the plan', () => {
    const nginx = (p: FixPlan) => targetById('nginx')?.render(p).notes.join('\n') as string;
    expect(nginx(plan())).toMatch(/answered 204 by nginx/);
    expect(nginx(plan({ preflight: false }))).not.toMatch(/answered 204/);
    expect(nginx(plan({ methods: ['X$y'] }))).toMatch(/corsight_dollar/);
    expect(targetById('headers')?.render(plan()).notes.join('\n')).toMatch(/With credentials, `\*` is a wildcard nowhere/);
    expect(targetById('headers')?.render(plan({ credentials: false })).notes.join('\n')).not.toMatch(/wildcard/);
    expect(targetById('express-cors')?.render(plan()).notes.join('\n')).toMatch(/\/\{\*splat\}/);
  });
});
