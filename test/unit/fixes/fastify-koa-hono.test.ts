/**
 * Fastify (@fastify/cors), Koa (@koa/cors) and Hono (hono/cors): one reviewed snippet each, what the
 * framework is handed when the snippet runs (with stand-ins for require() and the app), the parts the
 * plan switches on and off, and hostile plan values. The real packages are exercised by
 * test/e2e/fixes/{fastify,koa,hono}.test.ts.
 */
import vm from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FixPlan } from '../../../src/shared/cors';
import { targetById } from '../../../src/shared/fixes';
import { corsValues, originRefusal } from '../../../src/shared/fixes/values';
import { A, B, nodeHostile, plan, PLAN } from './node-plans';
import { TOKEN } from './plans';

const render = (id: string, p: FixPlan, moreOrigins: string[] = []) => {
  const t = targetById(id);
  if (!t) throw new Error(`no target ${id}`);
  return t.render(p, { moreOrigins });
};

const GOLDEN: Record<string, string> = {
  "fastify": `// npm install @fastify/cors. In an ES module: import cors from "@fastify/cors";
const cors = require("@fastify/cors");

const corsOptions = {
  // The allowed origins, exact strings, as an array even for one (a plain string is sent to every
  // origin, without Vary: Origin). Add one per origin. Never \`true\`, which reflects any Origin.
  origin: ["https://app.example", "https://admin.example"],
  credentials: true,
  methods: ["GET", "PUT"],
  allowedHeaders: ["authorization", "content-type", "x-api-key"],
  exposedHeaders: ["x-request-id"],
  maxAge: 7200,
  // The default, kept: the first hook of every request, before preHandler and body parsing.
  hook: "onRequest",
};

// Before your authentication hooks and routes: hooks run in the order they are added, so the
// plugin answers every preflight (OPTIONS) with 204 before any authentication hook sees it.
fastify.register(cors, corsOptions); // In an ES module: await fastify.register(cors, corsOptions);`,
  "koa": `// npm install @koa/cors. In an ES module: import cors from "@koa/cors";
const cors = require("@koa/cors");

// The allowed origins, exact strings: add one per origin. Never send back an Origin not listed.
const CORS_ORIGINS = new Set(["https://app.example", "https://admin.example"]);

const corsOptions = {
  // Returns the Origin only when it is listed; "" means no CORS headers. Left out, @koa/cors sends
  // "*", and with credentials it sends back whatever Origin arrives.
  origin: (ctx) => (CORS_ORIGINS.has(ctx.get("Origin")) ? ctx.get("Origin") : ""),
  credentials: true,
  allowMethods: ["GET", "PUT"],
  allowHeaders: ["authorization", "content-type", "x-api-key"],
  exposeHeaders: ["x-request-id"],
  maxAge: 7200,
  // The default, written out: errors thrown later (ctx.throw(401)...) keep the CORS headers, which
  // Koa's error handler would otherwise remove.
  keepHeadersOnError: true,
};

// First of all, before authentication and the router: cors answers every preflight (OPTIONS) with
// 204 itself, and sets the headers before anything can fail.
app.use(cors(corsOptions));`,
  "hono": `// Hono's own middleware, no package to add. In an ES module: import { cors } from "hono/cors";
const { cors } = require("hono/cors");

// First, before the authentication middleware and the routes: cors answers every preflight
// (OPTIONS) with 204 itself, and its headers stay on error responses.
// "*", or your API's path ("/api/*"): it must cover every path the authentication covers.
app.use(
  "*",
  cors({
    // The allowed origins, exact strings: add one per origin. Never a function that returns any Origin.
    origin: ["https://app.example", "https://admin.example"],
    credentials: true,
    allowMethods: ["GET", "PUT"],
    allowHeaders: ["authorization", "content-type", "x-api-key"],
    exposeHeaders: ["x-request-id"],
    maxAge: 7200,
  }),
);`,
};

type Json = Record<string, unknown>;
const json = (o: unknown) => JSON.parse(JSON.stringify(o)) as Json;

/** What a snippet did when run: the options the framework got, how often it was installed, and where. */
interface Ran {
  options: Json;
  installs: number;
  path?: unknown;
  /** Koa: the snippet's origin function, called as @koa/cors calls it (with a ctx whose Origin is `origin`). */
  origin?: (origin: string) => unknown;
}

function run(id: string, code: string): Ran {
  const marker = () => undefined;
  let got: Json | null = null;
  const ran: Ran = { options: {}, installs: 0 };
  const take = (o: Json) => {
    got = o;
    return marker;
  };
  const context: Json = {};
  if (id === 'fastify') {
    const plugin = () => undefined;
    context.require = (name: string) => {
      if (name !== '@fastify/cors') throw new Error(`unexpected require(${name})`);
      return plugin;
    };
    context.fastify = {
      register: (p: unknown, o: Json) => {
        if (p !== plugin) throw new Error('register with something else than @fastify/cors');
        got = o;
        ran.installs++;
      },
    };
  } else if (id === 'koa') {
    context.require = (name: string) => {
      if (name !== '@koa/cors') throw new Error(`unexpected require(${name})`);
      return take;
    };
    context.app = {
      use: (mw: unknown) => {
        if (mw !== marker) throw new Error('app.use with something else than cors(...)');
        ran.installs++;
      },
    };
  } else {
    context.require = (name: string) => {
      if (name !== 'hono/cors') throw new Error(`unexpected require(${name})`);
      return { cors: take };
    };
    context.app = {
      use: (path: unknown, mw: unknown) => {
        if (mw !== marker) throw new Error('app.use with something else than cors(...)');
        ran.path = path;
        ran.installs++;
      },
    };
  }
  new vm.Script(code).runInNewContext(context);
  if (!got) throw new Error(`${id}: the CORS options were never handed over`);
  const options = got as Json;
  if (typeof options.origin === 'function') {
    const fn = options.origin as (ctx: unknown) => unknown;
    ran.origin = (origin) => fn({ get: (name: string) => (name.toLowerCase() === 'origin' ? origin : '') });
  }
  ran.options = json(options);
  return ran;
}

/** The options each framework must get for a plan's legal values (the origin list is checked apart for Koa). */
function expectedOptions(id: string, p: FixPlan, moreOrigins: string[] = []): Json {
  const v = corsValues(p, { moreOrigins });
  const o: Json = {};
  if (id !== 'koa') o.origin = v.origins;
  if (v.credentials) o.credentials = true;
  if (v.preflight) {
    if (id === 'fastify') Object.assign(o, { methods: v.methods, allowedHeaders: v.allowHeaders });
    else Object.assign(o, { allowMethods: v.methods, ...(v.allowHeaders.length > 0 ? { allowHeaders: v.allowHeaders } : {}) });
  }
  if (v.exposeHeaders.length > 0) o[id === 'fastify' ? 'exposedHeaders' : 'exposeHeaders'] = v.exposeHeaders;
  if (v.preflight) o.maxAge = v.maxAge;
  if (id === 'fastify') o.hook = 'onRequest';
  if (id === 'koa') o.keepHeadersOnError = true;
  return o;
}

/** Checks a snippet's origin handling: exactly the listed origins, nothing else. */
function expectOrigins(id: string, ran: Ran, origins: string[], others: string[]) {
  if (id === 'koa') {
    expect(ran.options.origin).toBeUndefined(); // a function: JSON drops it
    for (const o of origins) expect(ran.origin?.(o)).toBe(o);
    for (const o of others) if (!origins.includes(o)) expect(ran.origin?.(o)).toBe('');
  } else {
    expect(ran.options.origin).toEqual(origins);
  }
}

const IDS = ['fastify', 'koa', 'hono'];
const OTHERS = ['', 'null', 'https://evil.example', `${A}.evil.test`, 'https://APP.example', `${A}/`, ` ${A}`, '*'];

describe('golden snippets', () => {
  it.each(IDS)('%s', (id) => {
    expect(render(id, PLAN, [B]).code).toBe(GOLDEN[id]);
  });
  it.each(IDS)('%s: the framework gets exactly the plan, once, for the two origins only', (id) => {
    const ran = run(id, GOLDEN[id] as string);
    expect(ran.installs).toBe(1);
    expect(ran.options).toEqual(expectedOptions(id, PLAN, [B]));
    expectOrigins(id, ran, [A, B], OTHERS);
    if (id === 'hono') expect(ran.path).toBe('*');
  });
  it.each(IDS)('%s: language, notes and documentation', (id) => {
    const s = render(id, PLAN);
    expect(s.language).toBe('javascript');
    for (const url of s.docs) expect(url).toMatch(/^https:\/\/[^\s]+$/);
    expect(s.notes.join('\n')).toMatch(/Allows https:\/\/app\.example only/);
  });
  it('each states its pitfalls', () => {
    const notes = (id: string, p: FixPlan = PLAN) => render(id, p).notes.join('\n');
    expect(notes('fastify')).toMatch(/before any `addHook\("onRequest", \.\.\.\)`/);
    expect(notes('fastify')).toMatch(/Keep `hook: "onRequest"`/);
    expect(notes('fastify')).toMatch(/strictPreflight/);
    expect(notes('fastify')).toMatch(/Keep `origin` an array/);
    expect(render('fastify', PLAN).docs).toContain('https://github.com/fastify/fastify-cors#readme');
    expect(notes('koa')).toMatch(/Keep `keepHeadersOnError: true`/);
    expect(notes('koa')).toMatch(/left out, @koa\/cors sends `Access-Control-Allow-Origin: \*`, and with `credentials: true` it sends back any Origin/);
    expect(notes('koa')).toMatch(/before authentication, body parsers and the router/);
    expect(notes('koa', plan({ requestHeaders: [] }))).toMatch(/no way to allow no request header/);
    expect(render('koa', PLAN).docs).toContain('https://github.com/koajs/cors#readme');
    expect(notes('hono')).toMatch(/before any authentication middleware/);
    expect(notes('hono')).toMatch(/must cover every path/);
    expect(notes('hono')).toMatch(/Keep `allowMethods`/);
    expect(notes('hono', plan({ preflight: false }))).not.toMatch(/allowMethods/);
    expect(render('hono', PLAN).docs).toContain('https://hono.dev/docs/middleware/builtin/cors');
  });
});

describe('what the plan switches on and off', () => {
  it.each(IDS)('%s: credentials only when the plan has them', (id) => {
    expect(run(id, render(id, plan()).code).options.credentials).toBe(true);
    const code = render(id, plan({ credentials: false })).code;
    expect(run(id, code).options).not.toHaveProperty('credentials');
    expect(code).not.toMatch(/credentials:/);
  });
  it.each(IDS)('%s: methods, request headers and max-age only with a preflight', (id) => {
    const code = render(id, plan({ preflight: false, maxAge: null })).code;
    const ran = run(id, code);
    expect(ran.options).toEqual(expectedOptions(id, plan({ preflight: false })));
    for (const k of ['methods', 'allowMethods', 'allowedHeaders', 'allowHeaders', 'maxAge']) expect(ran.options).not.toHaveProperty(k);
    expect(code).not.toMatch(/OPTIONS|Preflight|preflight/);
  });
  it.each(IDS)('%s: exposed headers only when the page reads some', (id) => {
    expect(Object.keys(run(id, render(id, plan({ exposeHeaders: [] })).code).options).filter((k) => /expose/i.test(k))).toEqual([]);
  });
  it.each(IDS)('%s: the plan max-age, or 7200', (id) => {
    expect(run(id, render(id, plan({ maxAge: 600 })).code).options.maxAge).toBe(600);
    expect(run(id, render(id, plan({ maxAge: null })).code).options.maxAge).toBe(7200);
  });
  it.each(IDS)('%s: nothing to list: no method allowed beyond the safelisted ones, and no request header named', (id) => {
    const p = plan({ methods: [], requestHeaders: [] });
    const ran = run(id, render(id, p).code);
    expect(ran.options).toEqual(expectedOptions(id, p));
    // An empty method list, not the package's default list of every method.
    expect(ran.options[id === 'fastify' ? 'methods' : 'allowMethods']).toEqual([]);
    // @fastify/cors takes [] as "none"; @koa/cors and Hono would reflect with [] as with nothing, so the
    // snippet leaves the key out and says so.
    if (id === 'fastify') expect(ran.options.allowedHeaders).toEqual([]);
    else expect(render(id, p).code).toMatch(/No allowHeaders: none needed\. \(Left out or empty, .* allows any header a preflight asks for\.\)/);
  });
  it.each(IDS)('%s: a refused origin allows none, and says so', (id) => {
    const s = render(id, plan({ origin: 'null' }));
    expect(s.code).toMatch(/^\/\/ Left out origin "null": the request was sent with `Origin: null`/);
    expect(s.notes[0]).toMatch(/^No origin is allowed by this snippet/);
    expectOrigins(id, run(id, s.code), [], [...OTHERS, A]);
  });
});

const nasty = fc.constantFrom('"', "'", '\\', '\n', '\r', '\u2028', '\u2029', '\u202e', '\x00', '`', '${x}', '*/', '</script>', '");require("child_process");("', '"]});app.use(evil);//', '\\"', 'x\\');
const { origin, plan: hostilePlan } = nodeHostile(nasty);

describe('hostile plan values', () => {
  it.each(IDS)('%s: parses, hands the framework exactly the legal values, and names each value left out', (id) => {
    fc.assert(
      fc.property(hostilePlan, fc.array(origin, { maxLength: 2 }), fc.string({ maxLength: 30 }), (p, more, other) => {
        const s = render(id, p, more);
        expect(s.code).toMatch(/^[\x20-\x7e\n]*$/);
        for (const note of s.notes) expect(note).toMatch(/^[\x20-\x7e]*$/);
        expect(() => new vm.Script(s.code)).not.toThrow();
        const v = corsValues(p, { moreOrigins: more });
        expect(s.code.split('\n').filter((l) => l.startsWith('// Left out ')).length).toBe(v.refused.length);
        const ran = run(id, s.code);
        expect(ran.installs).toBe(1);
        expect(ran.options).toEqual(expectedOptions(id, p, more));
        const legal = [p.origin, ...more].filter((o) => originRefusal(o) === null);
        expectOrigins(id, ran, [...new Set(legal)], [other, ...OTHERS]);
        // Every name handed over is a token the plan really had.
        for (const k of ['methods', 'allowMethods', 'allowedHeaders', 'allowHeaders', 'exposedHeaders', 'exposeHeaders']) {
          for (const n of (ran.options[k] as string[] | undefined) ?? []) expect(n).toMatch(TOKEN);
        }
      }),
      { numRuns: 200 },
    );
  }, 60_000);
});
