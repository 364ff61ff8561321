/**
 * The Go target (net/http + rs/cors), checked with Go itself (Debian's golang-go and
 * golang-github-rs-cors-dev): goString read back by strconv.Unquote; the golden snippet exactly as
 * gofmt lays it out and clean under `go vet` inside the app; and for many plans, hostile values
 * included, a small Go program that parses each snippet with go/parser, checks its shape, builds
 * cors.Options from the literal it finds and runs requests through the real rs/cors.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diagnose, type FixPlan } from '../../../src/shared/cors';
import { targetById } from '../../../src/shared/fixes';
import { goMethods } from '../../../src/shared/fixes/go';
import { goString } from '../../../src/shared/fixes/quote-go-ruby-php';
import { corsValues } from '../../../src/shared/fixes/values';
import { go, goAppSource, GOFMT, goEnv, requireGo } from '../../e2e/fixes/go-app';
import { A, ex } from '../cors/build';
import { hostilePlan, nastyString } from './go-rails-laravel-plans';
import { realisticPlan } from './plans';

const render = (p: FixPlan, moreOrigins: string[] = []) => targetById('go')?.render(p, { moreOrigins }) as { code: string; notes: string[]; docs: string[]; language: string };

/**
 * The checker. `unquote`: reads a JSON array of Go string literals, prints their values. `check`:
 * reads a JSON array of {code, requests}; parses each code (after `package main`) with go/parser,
 * reports the top-level declarations and withCORS's statements, evaluates the cors.Options literal
 * (only []string of string literals, true, integers and `func(origin string) bool { return false }`
 * are accepted), and runs each request through cors.New(options).Handler(h), where h answers 401
 * as authentication would.
 */
const CHECKER = `package main

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"

	"github.com/rs/cors"
)

type request struct {
	Method  string            \`json:"method"\`
	Headers map[string]string \`json:"headers"\`
}

type input struct {
	Code     string    \`json:"code"\`
	Requests []request \`json:"requests"\`
}

type response struct {
	Status  int                 \`json:"status"\`
	Headers map[string][]string \`json:"headers"\`
}

type output struct {
	Error     string                 \`json:"error,omitempty"\`
	Decls     []string               \`json:"decls"\`
	Body      []string               \`json:"body"\`
	Fields    map[string]interface{} \`json:"fields"\`
	Responses []response             \`json:"responses"\`
}

func strings(e ast.Expr) ([]string, error) {
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		return nil, fmt.Errorf("not a composite literal")
	}
	if t, ok := lit.Type.(*ast.ArrayType); !ok || t.Len != nil || fmt.Sprint(t.Elt) != "string" {
		return nil, fmt.Errorf("not []string")
	}
	out := []string{}
	for _, el := range lit.Elts {
		b, ok := el.(*ast.BasicLit)
		if !ok || b.Kind != token.STRING {
			return nil, fmt.Errorf("not a string literal")
		}
		s, err := strconv.Unquote(b.Value)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

func check(in input) (out output) {
	out.Fields = map[string]interface{}{}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "snippet.go", "package main\\n\\n"+in.Code, parser.ParseComments)
	if err != nil {
		out.Error = err.Error()
		return
	}
	var options *ast.CompositeLit
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			for _, s := range d.Specs {
				if imp, ok := s.(*ast.ImportSpec); ok {
					out.Decls = append(out.Decls, "import "+imp.Path.Value)
				} else {
					out.Decls = append(out.Decls, d.Tok.String())
				}
			}
		case *ast.FuncDecl:
			out.Decls = append(out.Decls, "func "+d.Name.Name)
			for _, s := range d.Body.List {
				out.Body = append(out.Body, fmt.Sprintf("%T", s))
			}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		if lit, ok := n.(*ast.CompositeLit); ok {
			if sel, ok := lit.Type.(*ast.SelectorExpr); ok && fmt.Sprint(sel.X) == "cors" && sel.Sel.Name == "Options" {
				if options != nil {
					out.Error = "two cors.Options literals"
				}
				options = lit
			}
		}
		return true
	})
	if options == nil {
		out.Error = "no cors.Options literal"
		return
	}
	opts := cors.Options{}
	for _, el := range options.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			out.Error = "not a key: value field"
			return
		}
		key := fmt.Sprint(kv.Key)
		var err error
		switch key {
		case "AllowedOrigins", "AllowedMethods", "AllowedHeaders", "ExposedHeaders":
			var list []string
			list, err = strings(kv.Value)
			out.Fields[key] = list
			switch key {
			case "AllowedOrigins":
				opts.AllowedOrigins = list
			case "AllowedMethods":
				opts.AllowedMethods = list
			case "AllowedHeaders":
				opts.AllowedHeaders = list
			case "ExposedHeaders":
				opts.ExposedHeaders = list
			}
		case "AllowCredentials":
			if id, ok := kv.Value.(*ast.Ident); !ok || id.Name != "true" {
				err = fmt.Errorf("AllowCredentials is not true")
			}
			opts.AllowCredentials = true
			out.Fields[key] = true
		case "MaxAge":
			b, ok := kv.Value.(*ast.BasicLit)
			if !ok || b.Kind != token.INT {
				err = fmt.Errorf("MaxAge is not an integer")
				break
			}
			opts.MaxAge, err = strconv.Atoi(b.Value)
			out.Fields[key] = opts.MaxAge
		case "AllowOriginFunc":
			fn, ok := kv.Value.(*ast.FuncLit)
			if !ok || len(fn.Body.List) != 1 {
				err = fmt.Errorf("AllowOriginFunc is not a one-line function")
				break
			}
			ret, ok := fn.Body.List[0].(*ast.ReturnStmt)
			if !ok || len(ret.Results) != 1 || fmt.Sprint(ret.Results[0]) != "false" {
				err = fmt.Errorf("AllowOriginFunc does not return false")
				break
			}
			opts.AllowOriginFunc = func(string) bool { return false }
			out.Fields[key] = "false"
		default:
			err = fmt.Errorf("unexpected field %s", key)
		}
		if err != nil {
			out.Error = err.Error()
			return
		}
	}
	auth := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(401) })
	h := cors.New(opts).Handler(auth)
	for _, r := range in.Requests {
		req := httptest.NewRequest(r.Method, "/api/items/1", nil)
		for k, v := range r.Headers {
			req.Header.Set(k, v)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		out.Responses = append(out.Responses, response{rec.Code, rec.Header()})
	}
	return
}

func main() {
	dec := json.NewDecoder(os.Stdin)
	enc := json.NewEncoder(os.Stdout)
	switch os.Args[1] {
	case "unquote":
		var lits []string
		if err := dec.Decode(&lits); err != nil {
			panic(err)
		}
		out := []interface{}{}
		for _, l := range lits {
			s, err := strconv.Unquote(l)
			if err != nil {
				out = append(out, map[string]string{"error": err.Error()})
			} else {
				out = append(out, s)
			}
		}
		enc.Encode(out)
	case "check":
		var ins []input
		if err := dec.Decode(&ins); err != nil {
			panic(err)
		}
		outs := []output{}
		for _, in := range ins {
			outs = append(outs, check(in))
		}
		enc.Encode(outs)
	}
}
`;

const run = promisify(execFile);
let dir: string;
let checker: string;

async function checkerRun<T>(mode: 'unquote' | 'check', input: unknown): Promise<T> {
  const child = execFile(checker, [mode], { maxBuffer: 256 * 1024 * 1024 });
  const out = new Promise<string>((resolve, reject) => {
    let text = '';
    let err = '';
    child.stdout?.on('data', (c: Buffer) => (text += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (err += c.toString()));
    child.on('close', (code) => (code === 0 ? resolve(text) : reject(new Error(`checker exited ${code}: ${err}`))));
  });
  child.stdin?.end(JSON.stringify(input));
  return JSON.parse(await out) as T;
}

beforeAll(async () => {
  requireGo();
  dir = mkdtempSync(join(tmpdir(), 'corsight-go-unit-'));
  mkdirSync(join(dir, 'checker'));
  writeFileSync(join(dir, 'checker', 'main.go'), CHECKER);
  await go(join(dir, 'checker'), ['build', '-o', 'checker', 'main.go']);
  checker = join(dir, 'checker', 'checker');
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Lone surrogates become U+FFFD, as Go's (and JSON's) UTF-8 conversion does. */
const scalar = (s: string) => s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

describe('goString', () => {
  it('is a Go string literal of exactly the value, in printable ASCII', async () => {
    const values = [...fc.sample(fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), nastyString), 400), '', '"', '\\', '\u{1f600}', '\ud800', 'a\udc00b', '\x7f', '\u0085'];
    const lits = values.map(goString);
    for (const l of lits) expect(l).toMatch(/^"[\x20-\x7e]*"$/);
    expect(await checkerRun<unknown[]>('unquote', lits)).toEqual(values.map(scalar));
  });
});

describe('golden', () => {
  it('for a realistic plan', () => {
    expect(render(realisticPlan()).code).toBe(`// In the file that starts your server (it imports net/http already).
// go get github.com/rs/cors (Debian: golang-github-rs-cors-dev)
import "github.com/rs/cors"

// withCORS wraps your outermost handler, router and authentication included:
//
//\thttp.ListenAndServe(addr, withCORS(handler))
//
// rs/cors answers every preflight (OPTIONS) itself, before authentication, and puts the
// headers on every other response, errors included, before your handlers run.
func withCORS(h http.Handler) http.Handler {
\tc := cors.New(cors.Options{
\t\t// The allowed origins, exact strings: add one per origin. Never "*", nor a "*" inside one.
\t\tAllowedOrigins:   []string{"https://app.example"},
\t\tAllowCredentials: true,
\t\t// rs/cors checks the method of actual requests too: GET, HEAD and POST stay listed.
\t\tAllowedMethods: []string{"GET", "PUT", "HEAD", "POST"},
\t\tAllowedHeaders: []string{"authorization", "content-type", "x-api-key"},
\t\tExposedHeaders: []string{"x-request-id"},
\t\tMaxAge:         7200,
\t})
\treturn c.Handler(h)
}`);
  });
  it('without preflight or credentials, and with no origin left', () => {
    expect(render({ ...realisticPlan(), preflight: false, credentials: false, origin: 'null' }).code).toBe(`// Left out origin "null": the request was sent with \`Origin: null\` (after a cross-origin redirect, or from a sandboxed or file: document); allowing \`null\` would let any sandboxed page in, so call the final URL directly and allow the page's real origin.
// In the file that starts your server (it imports net/http already).
// go get github.com/rs/cors (Debian: golang-github-rs-cors-dev)
import "github.com/rs/cors"

// withCORS wraps your outermost handler, router and authentication included:
//
//\thttp.ListenAndServe(addr, withCORS(handler))
//
// rs/cors puts the headers on every response, errors included, before your handlers run.
func withCORS(h http.Handler) http.Handler {
\tc := cors.New(cors.Options{
\t\t// No origin to allow yet (see above). Not an empty AllowedOrigins: rs/cors reads it as "*".
\t\tAllowOriginFunc: func(origin string) bool { return false },
\t\tExposedHeaders:  []string{"x-request-id"},
\t})
\treturn c.Handler(h)
}`);
  });
  it('is laid out as gofmt lays it out, and `go vet` finds nothing in the app it is pasted into', async () => {
    const plans = [realisticPlan(), { ...realisticPlan(), preflight: false, credentials: false, origin: 'null' }];
    const vet = join(dir, 'vet');
    for (const [i, p] of plans.entries()) {
      mkdirSync(join(vet, String(i)), { recursive: true });
      writeFileSync(join(vet, String(i), 'snippet.go'), `package main\n\n${render(p).code}\n`);
      writeFileSync(join(vet, String(i), 'main.go'), goAppSource(render(p).code));
    }
    const { stdout } = await run(GOFMT, ['-l', '-e', vet], { env: goEnv() });
    expect(stdout).toBe('');
    for (const i of plans.keys()) await go(join(vet, String(i)), ['vet', 'main.go']);
  }, 60_000);
  it('notes and docs', () => {
    const s = render(realisticPlan());
    expect(s.language).toBe('go');
    expect(s.docs).toEqual(['https://github.com/rs/cors#readme', 'https://pkg.go.dev/github.com/rs/cors#Options']);
    const notes = s.notes.join('\n');
    expect(notes).toMatch(/outermost handler/);
    expect(notes).toMatch(/OptionsPassthrough/);
    expect(notes).toMatch(/GET, HEAD and POST/);
    expect(notes).not.toMatch(/lower case/);
    expect(render({ ...realisticPlan(), methods: ['patch'] }).notes.join('\n')).toMatch(/lower case/);
    expect(render({ ...realisticPlan(), preflight: false }).notes.join('\n')).not.toMatch(/OptionsPassthrough/);
  });
  it('keeps the safelisted methods, once, whatever their case', () => {
    expect(goMethods([])).toEqual(['GET', 'HEAD', 'POST']);
    expect(goMethods(['PUT', 'get', 'Post'])).toEqual(['PUT', 'get', 'Post', 'HEAD']);
  });
});

interface Outcome {
  error?: string;
  decls: string[] | null;
  body: string[] | null;
  fields: Record<string, unknown>;
  responses: Array<{ status: number; headers: Record<string, string[]> | null }>;
}

/** What rs/cors 1.7 can read back from Access-Control-Request-Headers (see the note on `x.trace`). */
const readable = (h: string) => /^[A-Za-z0-9_-]+$/.test(h);

describe('with the real rs/cors, for realistic and hostile plans', () => {
  it('parses, keeps its shape, and gives rs/cors exactly the checked values; only the allowed origins get headers', async () => {
    const plans: Array<{ plan: FixPlan; more: string[] }> = [
      { plan: realisticPlan(), more: ['http://localhost:3000'] },
      { plan: { ...realisticPlan(), origin: 'chrome-extension://abcdefghijklmnop', methods: ['patch', 'DELETE'] }, more: [] },
      ...fc.sample(fc.record({ plan: hostilePlan, more: fc.array(fc.constantFrom('http://localhost:3000', 'http://[::1]:8080', 'https://a.example"', ''), { maxLength: 2 }) }), 250),
    ];
    const inputs = plans.map(({ plan, more }) => {
      const v = corsValues(plan, { moreOrigins: more });
      const from = (origin: string) => ({ Origin: origin });
      const requests = [
        ...[...v.origins, 'https://evil.example', `${v.origins[0] ?? A}.evil.test`].map((o) => ({ method: 'GET', headers: from(o) })),
        ...(v.preflight
          ? [...v.origins, 'https://evil.example'].flatMap((o) =>
              (v.methods.length > 0 ? v.methods : ['POST']).map((m) => ({
                method: 'OPTIONS',
                headers: { ...from(o), 'Access-Control-Request-Method': m, ...(v.allowHeaders.some(readable) ? { 'Access-Control-Request-Headers': v.allowHeaders.filter(readable).join(',') } : {}) },
              })),
            )
          : []),
      ];
      return { code: render(plan, more).code, requests, v };
    });
    const outcomes = await checkerRun<Outcome[]>('check', inputs.map(({ code, requests }) => ({ code, requests })));
    const gofmtDir = join(dir, 'hostile');
    mkdirSync(gofmtDir, { recursive: true });
    for (const [i, { code }] of inputs.entries()) writeFileSync(join(gofmtDir, `s${i}.go`), `package main\n\n${code}\n`);
    expect((await run(GOFMT, ['-l', '-e', gofmtDir], { env: goEnv() })).stdout).toBe('');

    for (const [i, { code, requests, v }] of inputs.entries()) {
      const o = outcomes[i] as Outcome;
      const where = `${code}\n`;
      expect(o.error, where).toBeUndefined();
      expect(code, where).toMatch(/^[\x20-\x7e\n\t]*$/);
      expect(code.split('\n').filter((l) => l.startsWith('// Left out ')).length, where).toBe(v.refused.length);
      expect(o.decls, where).toEqual(['import "github.com/rs/cors"', 'func withCORS']);
      expect(o.body, where).toEqual(['*ast.AssignStmt', '*ast.ReturnStmt']);
      expect(o.fields, where).toEqual({
        ...(v.origins.length > 0 ? { AllowedOrigins: v.origins } : { AllowOriginFunc: 'false' }),
        ...(v.credentials ? { AllowCredentials: true } : {}),
        ...(v.preflight ? { AllowedMethods: goMethods(v.methods), MaxAge: v.maxAge } : {}),
        ...(v.preflight && v.allowHeaders.length > 0 ? { AllowedHeaders: v.allowHeaders } : {}),
        ...(v.exposeHeaders.length > 0 ? { ExposedHeaders: v.exposeHeaders } : {}),
      });
      for (const [j, r] of requests.entries()) {
        const res = o.responses[j] as Outcome['responses'][number];
        const h = res.headers ?? {};
        const origin = r.headers.Origin;
        const allowed = v.origins.includes(origin);
        const what = `${where}${r.method} ${JSON.stringify(r.headers)} -> ${res.status} ${JSON.stringify(h)}`;
        expect(h['Vary'] ?? [], what).toContain('Origin');
        expect(h['Access-Control-Allow-Origin'], what).toEqual(allowed ? [origin] : undefined);
        expect(h['Access-Control-Allow-Credentials'], what).toEqual(allowed && v.credentials ? ['true'] : undefined);
        if (r.method === 'GET') {
          // The application's 401 comes back with the headers: rs/cors set them before calling it.
          expect(res.status, what).toBe(401);
          const exposed = h['Access-Control-Expose-Headers']?.[0]?.split(', ').map((x) => x.toLowerCase());
          expect(exposed, what).toEqual(allowed && v.exposeHeaders.length > 0 ? v.exposeHeaders.map((x) => x.toLowerCase()) : undefined);
        } else {
          // The preflight is answered by rs/cors itself: authentication never runs.
          expect(res.status, what).toBe(200);
          if (allowed) expect(h['Access-Control-Max-Age'], what).toEqual(v.maxAge > 0 ? [String(v.maxAge)] : undefined);
        }
      }
    }
  }, 60_000);
});

describe('the pitfalls the notes name, shown with the real rs/cors', () => {
  it('rs/cors 1.7 refuses a preflight asking for a header name with a dot, even when it is listed', async () => {
    const plan: FixPlan = { ...realisticPlan(), requestHeaders: ['x.trace', 'x_trace'], lines: [] };
    const code = render(plan).code;
    expect(code).toContain('AllowedHeaders: []string{"x.trace", "x_trace"}');
    const preflight = (acrh: string) => ({ method: 'OPTIONS', headers: { Origin: A, 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': acrh } });
    const [o] = await checkerRun<Outcome[]>('check', [{ code, requests: [preflight('x_trace'), preflight('x.trace')] }]);
    expect(o?.responses.map((r) => r.headers?.['Access-Control-Allow-Origin'])).toEqual([[A], undefined]);
    expect(render(plan).notes.join('\n')).toMatch(/`x\.trace`/);
  });
});

describe('the plan switches', () => {
  it('credentials, preflight and expose turn their fields on and off', () => {
    const d = diagnose(ex({ method: 'GET', credentials: 'include', res: { status: 200, headers: { 'Access-Control-Allow-Origin': A } }, outcome: 'net::ERR_FAILED' }));
    const code = render(d.fix as FixPlan).code;
    expect(code).toContain('AllowCredentials: true');
    expect(code).not.toMatch(/AllowedMethods|AllowedHeaders|MaxAge|preflight/);
    expect(render({ ...realisticPlan(), credentials: false }).code).not.toContain('AllowCredentials');
    expect(render({ ...realisticPlan(), exposeHeaders: [], lines: [] }).code).not.toContain('ExposedHeaders');
    expect(render({ ...realisticPlan(), maxAge: 600 }).code).toMatch(/MaxAge: +600,/);
    expect(render(realisticPlan(), ['http://localhost:3000']).code).toContain('AllowedOrigins:   []string{"https://app.example", "http://localhost:3000"},');
  });
});
