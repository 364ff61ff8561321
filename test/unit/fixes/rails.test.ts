/**
 * The Rails target (rack-cors), checked with Ruby itself (Debian's ruby, ruby-rack, ruby-rack-cors):
 * the Ruby literals read back by Ruby; the golden snippet; `ruby -c`; and for many plans, hostile
 * values included, each snippet run as an initializer (against the stand-in for Rails' middleware
 * configuration the real-server test uses) and requests sent through the real Rack::Cors in front of
 * an authentication middleware that answers 401.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnose, type FixPlan } from '../../../src/shared/cors';
import { targetById } from '../../../src/shared/fixes';
import { railsMethods } from '../../../src/shared/fixes/rails';
import { rubyExactRegex, rubyString, rubySymbol } from '../../../src/shared/fixes/quote-go-ruby-php';
import { corsValues } from '../../../src/shared/fixes/values';
import { RAILS_STUB, requireRuby, RUBY } from '../../e2e/fixes/ruby-app';
import { A, ex } from '../cors/build';
import { hostilePlan, nastyString } from './go-rails-laravel-plans';
import { realisticPlan } from './plans';

const render = (p: FixPlan, moreOrigins: string[] = []) => targetById('rails')?.render(p, { moreOrigins }) as { code: string; notes: string[]; docs: string[]; language: string };

/**
 * The checker, reading JSON on stdin. `literals`: evaluates each {kind, literal, value}: a string or
 * symbol gives its value; a regexp says whether it matches the value, and strings around it.
 * `check`: for each {code, requests}, runs the code as an initializer on a stack holding Auth (which
 * answers 401 to everything), builds it with Rack::Builder, and sends each request through it.
 */
const CHECKER = `require 'json'
require 'rack'
require 'rack/cors'
${RAILS_STUB}
class Auth
  def initialize(app)
    @app = app
  end

  def call(_env)
    [401, { 'Content-Type' => 'application/json' }, ['{"error":"token required"}']]
  end
end

def fresh_binding
  Object.new.instance_eval { binding }
end

input = JSON.parse($stdin.read)
out = case ARGV[0]
when 'literals'
  input.map do |item|
    value = eval(item['literal'], fresh_binding)
    case item['kind']
    when 'regexp'
      v = item['value']
      [value.match?(v), value.match?(v + 'x'), value.match?('x' + v), value.match?(v + "\\n"), value.match?("\\n" + v)]
    when 'symbol'
      value.is_a?(Symbol) ? value.to_s : nil
    else
      value
    end
  rescue StandardError, SyntaxError => e
    { 'error' => e.message }
  end
when 'check'
  input.map do |item|
    Rails.application = Rails::Application.new(Rails::Configuration.new(CorsightMiddlewareStack.new([[Auth, [], nil]])))
    eval(item['code'], fresh_binding, 'cors.rb')
    stack = Rails.application.config.middleware.entries.map { |e| e[0].name }
    app = Rails.application.config.middleware.build(->(_env) { [200, {}, ['routes']] })
    responses = item['requests'].map do |r|
      env = Rack::MockRequest.env_for('/api/items/1', method: r['method'])
      r['headers'].each { |k, v| env['HTTP_' + k.upcase.tr('-', '_')] = v }
      status, headers, _body = app.call(env)
      { 'status' => status, 'headers' => headers.to_h }
    end
    { 'stack' => stack, 'responses' => responses }
  rescue StandardError, SyntaxError => e
    { 'error' => "#{e.class}: #{e.message}" }
  end
end
puts JSON.generate(out)
`;

const run = promisify(execFile);
let dir: string;

async function ruby<T>(mode: 'literals' | 'check', input: unknown): Promise<T> {
  const child = execFile(RUBY, [join(dir, 'checker.rb'), mode], { maxBuffer: 256 * 1024 * 1024 });
  const out = new Promise<string>((resolve, reject) => {
    let text = '';
    let err = '';
    child.stdout?.on('data', (c: Buffer) => (text += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`ruby exited ${code}: ${err}`))));
  });
  child.stdin?.end(JSON.stringify(input));
  return JSON.parse(await out) as T;
}

beforeAll(() => {
  requireRuby();
  dir = mkdtempSync(join(tmpdir(), 'corsight-ruby-unit-'));
  writeFileSync(join(dir, 'checker.rb'), CHECKER);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Lone surrogates become U+FFFD, as Ruby's UTF-8 strings (and JSON) have them. */
const scalar = (s: string) => s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

describe('Ruby literals', () => {
  const values = () => [...fc.sample(fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), nastyString), 300), '', '#{1+1}', '#@x', '#$0', '\u{1f600}', '\ud800'];
  it('rubyString and rubySymbol read back as exactly the value, and are printable ASCII', async () => {
    const vs = values();
    const input = [...vs.map((value) => ({ kind: 'string', literal: rubyString(value) })), ...vs.map((value) => ({ kind: 'symbol', literal: rubySymbol(value) }))];
    for (const i of input) expect(i.literal).toMatch(/^:?"?[\x20-\x7e]*"?$/);
    const out = await ruby<unknown[]>('literals', input);
    expect(out).toEqual([...vs.map(scalar), ...vs.map(scalar)]);
  });
  it('rubyExactRegex matches the value, and nothing longer or at another line', async () => {
    const vs = [...values().filter((v) => v !== ''), A, 'chrome-extension://abcdefghijklmnop', 'http://[::1]:8080'];
    const out = await ruby<unknown[]>('literals', vs.map((value) => ({ kind: 'regexp', literal: rubyExactRegex(value), value: scalar(value) })));
    expect(out).toEqual(vs.map(() => [true, false, false, false, false]));
  });
});

describe('golden', () => {
  it('for a realistic plan', () => {
    expect(render(realisticPlan()).code).toBe(`# Gemfile: gem "rack-cors". Then config/initializers/cors.rb:

# insert_before 0: first of all middleware, ahead of authentication (Warden/Devise...), so
# preflights are answered here and every other response, errors included, gets the headers.
Rails.application.config.middleware.insert_before 0, Rack::Cors do
  allow do
    # The allowed origins, exact strings: add one per origin. Never "*"; a regexp must be
    # anchored with \\A and \\z (^ and $ match at any line break) and escape its dots.
    origins "https://app.example"
    # Your API's paths ("/api/*"), or "*" for all of them.
    # methods: lower case, GET, HEAD and POST included: rack-cors checks the preflight's method against it.
    resource "*",
      headers: ["authorization", "content-type", "x-api-key"],
      methods: [:get, :put, :head, :post],
      expose: ["x-request-id"],
      credentials: true,
      max_age: 7200
  end
end`);
  });
  it('without preflight or credentials; an extension origin as an anchored regexp', () => {
    expect(render({ ...realisticPlan(), preflight: false, credentials: false, exposeHeaders: [], lines: [] }, ['chrome-extension://abcdefghijklmnop']).code).toBe(`# Gemfile: gem "rack-cors". Then config/initializers/cors.rb:

# insert_before 0: first of all middleware, ahead of authentication (Warden/Devise...), so
# every response, errors included, gets the headers.
Rails.application.config.middleware.insert_before 0, Rack::Cors do
  allow do
    # The allowed origins, exact strings: add one per origin. Never "*"; a regexp must be
    # anchored with \\A and \\z (^ and $ match at any line break) and escape its dots.
    origins "https://app.example", /\\Achrome\\-extension:\\/\\/abcdefghijklmnop\\z/
    # Your API's paths ("/api/*"), or "*" for all of them.
    resource "*"
  end
end`);
    expect(render({ ...realisticPlan(), origin: 'null' }).code).toMatch(/^# Left out origin "null": [^\n]*\n[\s\S]*\n {4}origins \[\]\n/);
  });
  it('passes `ruby -c`', async () => {
    for (const [i, p] of [realisticPlan(), { ...realisticPlan(), preflight: false, origin: 'null' }].entries()) {
      const file = join(dir, `golden${i}.rb`);
      writeFileSync(file, render(p).code);
      expect((await run(RUBY, ['-c', file])).stdout).toBe('Syntax OK\n');
    }
  });
  it('notes and docs', () => {
    const s = render(realisticPlan());
    expect(s.language).toBe('ruby');
    expect(s.docs).toEqual(['https://github.com/cyu/rack-cors#readme', 'https://guides.rubyonrails.org/configuring.html#configuring-middleware']);
    const notes = s.notes.join('\n');
    expect(notes).toMatch(/insert_before 0/);
    expect(notes).toMatch(/\\A and \\z/);
    expect(notes).toMatch(/raises at boot/);
    expect(render({ ...realisticPlan(), credentials: false }).notes.join('\n')).not.toMatch(/raises at boot/);
    expect(render({ ...realisticPlan(), methods: ['patch'] }).notes.join('\n')).toMatch(/lower case \(fetch sends `patch`/);
    expect(notes).not.toMatch(/fetch sends `patch`/);
  });
  it('the methods: lower case, safelisted ones added once', () => {
    expect(railsMethods([])).toEqual(['get', 'head', 'post']);
    expect(railsMethods(['PUT', 'Get', 'x$y'])).toEqual(['put', 'get', 'x$y', 'head', 'post']);
  });
  it('a plain GET with credentials: no preflight options', () => {
    const d = diagnose(ex({ method: 'GET', credentials: 'include', res: { status: 200, headers: { 'Access-Control-Allow-Origin': A } }, outcome: 'net::ERR_FAILED' }));
    const code = render(d.fix as FixPlan).code;
    expect(code).toContain('credentials: true');
    expect(code).not.toMatch(/methods:|headers:|max_age|preflight/);
  });
});

interface Outcome {
  error?: string;
  stack: string[];
  responses: Array<{ status: number; headers: Record<string, string> }>;
}

describe('with the real Rack::Cors, for realistic and hostile plans', () => {
  it('runs as an initializer, goes first, and answers exactly with the checked values; only the allowed origins get headers', async () => {
    const plans: Array<{ plan: FixPlan; more: string[] }> = [
      { plan: realisticPlan(), more: ['http://localhost:3000'] },
      { plan: { ...realisticPlan(), methods: ['patch', 'DELETE'] }, more: ['chrome-extension://abcdefghijklmnop'] },
      ...fc.sample(fc.record({ plan: hostilePlan, more: fc.array(fc.constantFrom('http://localhost:3000', 'moz-extension://0a1b-2c3d', 'https://a.example"', ''), { maxLength: 2 }) }), 250),
    ];
    const inputs = plans.map(({ plan, more }) => {
      const v = corsValues(plan, { moreOrigins: more });
      const others = ['https://evil.example', `${v.origins[0] ?? A}.evil.test`, `x${v.origins[0] ?? A}`];
      const acrh = v.allowHeaders.join(', ');
      const requests: Array<{ method: string; headers: Record<string, string> }> = [
        ...[...v.origins, ...others].map((o) => ({ method: 'GET', headers: { Origin: o } })),
        ...(v.preflight
          ? [...v.origins, others[0] as string].flatMap((o) =>
              (v.methods.length > 0 ? v.methods : ['POST']).map((m) => ({
                method: 'OPTIONS',
                headers: { Origin: o, 'Access-Control-Request-Method': m, ...(acrh ? { 'Access-Control-Request-Headers': acrh } : {}) },
              })),
            )
          : []),
      ];
      return { code: render(plan, more).code, requests, v };
    });
    const outcomes = await ruby<Outcome[]>('check', inputs.map(({ code, requests }) => ({ code, requests })));
    for (const [i, { code, requests, v }] of inputs.entries()) {
      const o = outcomes[i] as Outcome;
      const where = `${code}\n`;
      expect(o.error, where).toBeUndefined();
      expect(code, where).toMatch(/^[\x20-\x7e\n]*$/);
      expect(code.split('\n').filter((l) => l.startsWith('# Left out ')).length, where).toBe(v.refused.length);
      expect(o.stack, where).toEqual(['Rack::Cors', 'Auth']);
      for (const [j, r] of requests.entries()) {
        const res = o.responses[j] as Outcome['responses'][number];
        const h = res.headers;
        const origin = r.headers.Origin as string;
        const allowed = v.origins.includes(origin);
        const what = `${where}${r.method} ${JSON.stringify(r.headers)} -> ${res.status} ${JSON.stringify(h)}`;
        expect(h['Access-Control-Allow-Origin'], what).toBe(allowed ? origin : undefined);
        expect(h['Access-Control-Allow-Credentials'], what).toBe(allowed && v.credentials ? 'true' : undefined);
        if (r.method === 'GET') {
          // Authentication's 401 comes back through Rack::Cors with the headers.
          expect(res.status, what).toBe(401);
          expect(h['Vary'], what).toBe('Origin');
          if (allowed) expect(h['Access-Control-Expose-Headers'], what).toBe(v.exposeHeaders.join(', '));
        } else {
          // Answered by Rack::Cors itself: authentication never sees the preflight.
          expect(res.status, what).toBe(200);
          if (allowed) {
            expect(h['Access-Control-Allow-Methods'], what).toBe(railsMethods(v.methods).map((m) => m.toUpperCase()).join(', '));
            expect(h['Access-Control-Allow-Headers'], what).toBe(r.headers['Access-Control-Request-Headers']);
            expect(h['Access-Control-Max-Age'], what).toBe(String(v.maxAge));
          }
        }
      }
    }
  }, 60_000);
});
