/**
 * Caddy (Debian's 2.6), proxying to the Node app: the snippet goes into the site block in place of the
 * broken setup's bare `reverse_proxy`, which moves into the snippet's `route` where its comment says
 * "your directives". Then, over plain HTTP: the headers on the backend's errors and on Caddy's own
 * (a 401 from basicauth, a 502 with the backend down), awkward but legal names reaching the client
 * exactly, other origins refused, and the pitfall the snippet's route avoids (a site-level `respond`
 * runs after basicauth).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FixPlan } from '../../../src/shared/cors';
import { targetById, type Snippet } from '../../../src/shared/fixes';
import { corsValues } from '../../../src/shared/fixes/values';
import { waitForPort, withServer, type Rig, type RunningServer } from './harness';
import { ORIGIN, ORIGIN2 } from './plans';
import { proveSnippets } from './proof-suite';
import { childServer, requireCommand } from './processes';
import { expectBackendDown, expectExactValues, expectOwn401, proxiedBackend, proxyPlan, proxyPreflight, send } from './proxy-checks';

const CADDY = '/usr/bin/caddy';
// A bcrypt hash (caddy hash-password) for basicauth: the tests never log in, they only need auth in the way.
const HASH = '$2a$14$jZiH/f6aTjetDKETYOf2NenD6jZLwdKnEXpgZSGnCeaaSeVQ.Vjv6';

/** The snippet with its "your directives" comment replaced by `directives`, as a user pastes it into the site block. */
export function caddySite(snippet: Snippet, directives: string[]): string {
  const lines = snippet.code.split('\n');
  const at = lines.findIndex((l) => l.trim().startsWith('# ... your directives'));
  if (at === -1) throw new Error(`the Caddy snippet has no place for the site's directives:\n${snippet.code}`);
  const indent = /^\s*/.exec(lines[at] as string)?.[0] ?? '';
  return [...lines.slice(0, at), ...directives.map((d) => indent + d), ...lines.slice(at + 1)].join('\n');
}

/** Starts Caddy with `site` as the body of the site block for http://127.0.0.1:port. */
async function startCaddy(port: number, site: string): Promise<RunningServer> {
  const dir = mkdtempSync(join(tmpdir(), 'corsight-caddy-'));
  // No admin endpoint (it would take port 2019), plain HTTP (no certificates), $HOME and XDG dirs in the temp dir.
  const config = `{\n\tadmin off\n}\n\nhttp://127.0.0.1:${port} {\n${site}\n}\n`;
  writeFileSync(join(dir, 'Caddyfile'), config);
  const env = { ...process.env, HOME: dir, XDG_CONFIG_HOME: join(dir, 'config'), XDG_DATA_HOME: join(dir, 'data') };
  const child: ChildProcess = spawn(CADDY, ['run', '--config', join(dir, 'Caddyfile'), '--adapter', 'caddyfile'], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
  try {
    await waitForPort(port, 15_000, child);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${(e as Error).message}\nCaddyfile:\n${config}`);
  }
  return childServer(child, dir);
}

const rig = (upstream: () => string): Rig => ({
  target: 'caddy',
  start: (port, snippet) => startCaddy(port, snippet ? caddySite(snippet, [`reverse_proxy ${upstream()}`]) : `\treverse_proxy ${upstream()}`),
});

const backend = proxiedBackend(CADDY, 'caddy');
proveSnippets('Caddy', () => rig(backend.hostPort), backend);

describe('Caddy: the snippet over plain HTTP', () => {
  const app = proxiedBackend(CADDY, 'caddy');
  const snippet = () => targetById('caddy')?.render(proxyPlan(), { moreOrigins: [ORIGIN2] }) as Snippet;
  const upstream = app.hostPort;
  beforeAll(app.before);
  afterAll(app.after);

  const withCaddy = (site: string, f: (port: number) => Promise<void>) => withServer((port) => startCaddy(port, site), f);

  it('answers the preflight with the exact values, puts the headers on errors, refuses other origins', async () => {
    await withCaddy(caddySite(snippet(), [`reverse_proxy ${upstream()}`]), (port) => expectExactValues(port, { plainOptionsReachesApp: true }));
  });

  it("Caddy's own errors carry the headers: a 401 from basicauth in the route, a 502 with the backend down", async () => {
    const site = caddySite(snippet(), ['basicauth {', `\tuser ${HASH}`, '}', 'reverse_proxy 127.0.0.1:9']);
    // The preflight comes before basicauth in the route.
    await withCaddy(site, (port) => expectOwn401(port));
    await withCaddy(caddySite(snippet(), ['reverse_proxy 127.0.0.1:9']), (port) => expectBackendDown(port, 502));
  });

  it('without its route (the pitfall its notes name), the preflight gets basicauth\'s 401', async () => {
    // The same directives at the site level: Caddy sorts them, basicauth before respond.
    const flat = caddySite(snippet(), ['basicauth {', `\tuser ${HASH}`, '}', `reverse_proxy ${upstream()}`]).replace(/^route \{$/m, '').replace(/\}\s*$/, '');
    await withCaddy(flat, async (port) => {
      const pre = await send(port, 'OPTIONS', '/api/items/1', { origin: ORIGIN, ...proxyPreflight() });
      expect(pre.status).toBe(401);
      // `header` is early in Caddy's order, so the refused preflight still names the origin: it is the 401 that fails it.
      expect(pre.headers['access-control-allow-origin']).toBe(ORIGIN);
    });
  });
});

/** Every object in Caddy's adapted JSON, depth first. */
function* objects(x: unknown): Generator<Record<string, unknown>> {
  if (Array.isArray(x)) for (const y of x) yield* objects(y);
  else if (x !== null && typeof x === 'object') {
    yield x as Record<string, unknown>;
    for (const y of Object.values(x)) yield* objects(y);
  }
}

describe("Caddy's own parser (caddy adapt) on hostile plans", () => {
  const word = fc.oneof(
    fc.stringMatching(/^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,10}$/),
    fc.constantFrom('{$CORSIGHT_EVIL}', 'a"b', 'x\\', '`', '{http.request.header.Cookie}', '<<EOF', '#', 'a\nrespond 200', '\\"', 'x y', '{', '}'),
  );
  const origin = fc.oneof(fc.constantFrom(ORIGIN, ORIGIN2, 'null', '', `${ORIGIN}{$CORSIGHT_EVIL}`, `${ORIGIN}"`, `${ORIGIN}\nrespond 200`), fc.webUrl().map((u) => new URL(u).origin));
  const plans = fc.record({
    origin, credentials: fc.boolean(), preflight: fc.boolean(), methods: fc.array(word, { maxLength: 3 }), requestHeaders: fc.uniqueArray(word, { maxLength: 3, selector: (x) => x.toLowerCase() }),
    exposeHeaders: fc.uniqueArray(word, { maxLength: 3, selector: (x) => x.toLowerCase() }), maxAge: fc.constantFrom(null, 0, 600), lines: fc.constant([]), serverSteps: fc.constant([]),
  }) as fc.Arbitrary<FixPlan>;

  it('reads the same handlers, matchers and exact values as the unit tests\' reader, whatever the plan holds', () => {
    requireCommand(CADDY, 'caddy');
    const dir = mkdtempSync(join(tmpdir(), 'corsight-caddy-adapt-'));
    // Caddy 2.6 replaces {$NAME} everywhere in the file, comments included: a variable holding a line break would add a directive.
    const env = { ...process.env, HOME: dir, XDG_CONFIG_HOME: dir, XDG_DATA_HOME: dir, CORSIGHT_EVIL: '\nrespond 200\n' };
    try {
      for (const [i, p] of fc.sample(plans, { numRuns: 25, seed: 5 }).entries()) {
        const s = targetById('caddy')?.render(p, { moreOrigins: [ORIGIN2] }) as Snippet;
        const file = join(dir, `Caddyfile${i}`);
        writeFileSync(file, `http://127.0.0.1:1 {\n${caddySite(s, [])}\n}\n`);
        const json: unknown = JSON.parse(execFileSync(CADDY, ['adapt', '--config', file, '--adapter', 'caddyfile'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
        const v = corsValues(p, { moreOrigins: [ORIGIN2] });
        const all = [...objects(json)];
        const handlers = all.filter((o) => typeof o.handler === 'string').map((o) => o.handler as string);
        expect(handlers.filter((h) => h !== 'subroute'), s.code).toEqual(['headers', 'headers', ...(p.preflight ? ['static_response'] : [])]);
        const statics = all.filter((o) => o.handler === 'static_response');
        for (const o of statics) expect(o).toEqual({ handler: 'static_response', status_code: 204 });
        const set = all.find((o) => o.handler === 'headers' && (o.response as { set?: unknown })?.set)?.response as { set: Record<string, string[]> };
        const want: Record<string, string[]> = { 'Access-Control-Allow-Origin': ['{http.request.header.Origin}'] };
        if (p.credentials) want['Access-Control-Allow-Credentials'] = ['true'];
        if (p.preflight) {
          if (v.methods.length > 0) want['Access-Control-Allow-Methods'] = [v.methods.join(', ')];
          if (v.allowHeaders.length > 0) want['Access-Control-Allow-Headers'] = [v.allowHeaders.join(', ')];
          want['Access-Control-Max-Age'] = [String(v.maxAge)];
        }
        if (v.exposeHeaders.length > 0) want['Access-Control-Expose-Headers'] = [v.exposeHeaders.join(', ')];
        expect(set.set, s.code).toEqual(want);
        // The origin matcher: exactly the allowed origins, or a matcher that matches nothing.
        const originMatch = all.find((o) => (o.header as Record<string, unknown> | undefined)?.Origin !== undefined || o.expression !== undefined);
        expect(originMatch, s.code).toEqual(v.origins.length > 0 ? { header: { Origin: v.origins } } : { expression: 'false' });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
