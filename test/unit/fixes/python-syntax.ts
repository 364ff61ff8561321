/**
 * Python's own parser for the Flask, Django and FastAPI snippets: one python3 process reads a batch of
 * snippets, compiles each (ast.parse, then compile(), which also refuses `return` outside a function
 * and the like) and hands back, as JSON, what the code would really hand the library: the module-level
 * assignments and the CORS(...) / add_middleware(...) calls with their arguments evaluated as literals,
 * and the AST dump, so that two snippets can be compared for structure. Only the standard library is
 * needed (any python3); Debian's is preferred.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { FixPlan } from '../../../src/shared/cors';
import type { FixTarget } from '../../../src/shared/fixes';
import { corsValues, originRefusal } from '../../../src/shared/fixes/values';
import { hostileValues, legalNames, maxAgeOf } from './plans';

const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/** A literal as the script hands it back: values, or a marker for a name, a `*name` or a call. */
export type PyValue = string | number | boolean | null | PyValue[] | { name: string } | { starred: string } | { call: string; args: PyValue[] } | { expr: string };

export interface PyCall {
  name: string;
  args: PyValue[];
  kwargs: Record<string, PyValue>;
}

export interface Parsed {
  /** Set when the snippet does not compile. */
  error?: string;
  dump: string;
  /** Module-level `NAME = value` (last one wins). */
  assigns: Record<string, PyValue>;
  /** Every call of CORS(...) or ....add_middleware(...), in order. */
  calls: PyCall[];
  /** Every function defined, with its decorators as source text. */
  functions: Array<{ name: string; decorators: string[] }>;
  /** Names imported (`from x import y` gives "x.y"). */
  imports: string[];
}

const SCRIPT = String.raw`
import ast, json, sys

def lit(node):
    if isinstance(node, ast.Call):
        name = node.func.id if isinstance(node.func, ast.Name) else ast.unparse(node.func)
        return {"call": name, "args": [lit(a) for a in node.args]}
    if isinstance(node, ast.List):
        return [{"starred": ast.unparse(e.value)} if isinstance(e, ast.Starred) else lit(e) for e in node.elts]
    if isinstance(node, ast.Name) and node.id not in ("True", "False", "None"):
        return {"name": node.id}
    try:
        return ast.literal_eval(node)
    except Exception:
        return {"expr": ast.unparse(node)}

out = []
for code in json.load(sys.stdin):
    try:
        tree = ast.parse(code, mode="exec")
        compile(code, "<snippet>", "exec")
    except (SyntaxError, ValueError) as e:
        out.append({"error": repr(e), "dump": "", "assigns": {}, "calls": [], "functions": [], "imports": []})
        continue
    assigns, calls, functions, imports = {}, [], [], []
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            assigns[node.targets[0].id] = lit(node.value)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            functions.append({"name": node.name, "decorators": [ast.unparse(d) for d in node.decorator_list]})
        if isinstance(node, ast.Import):
            imports += [a.name for a in node.names]
        if isinstance(node, ast.ImportFrom):
            imports += [node.module + "." + a.name for a in node.names]
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else None
            if name in ("CORS", "add_middleware"):
                calls.append({"name": name, "args": [lit(a) for a in node.args], "kwargs": {k.arg: lit(k.value) for k in node.keywords}})
    out.append({"dump": ast.dump(tree), "assigns": assigns, "calls": calls, "functions": functions, "imports": imports})
json.dump(out, sys.stdout)
`;

/** Parses a batch of snippets with python3 (one process for the batch). */
export function parsePython(codes: readonly string[]): Parsed[] {
  const r = spawnSync(PYTHON, ['-c', SCRIPT], { input: JSON.stringify(codes), encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error || r.status !== 0) {
    throw new Error(`${PYTHON} could not run (${r.error?.message ?? `exit ${r.status}`}): install python3 (\`node scripts/setup.mjs\` installs Debian's)\n${r.stderr ?? ''}`);
  }
  return JSON.parse(r.stdout) as Parsed[];
}

/** Python's own reading of str literals: what each literal evaluates to. */
export function evalPythonStrings(literals: readonly string[]): string[] {
  const script = 'import ast, json, sys\njson.dump([ast.literal_eval(s) for s in json.load(sys.stdin)], sys.stdout)';
  const r = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify(literals), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error || r.status !== 0) throw new Error(`${PYTHON} could not evaluate the literals: ${r.error?.message ?? r.stderr}`);
  return JSON.parse(r.stdout) as string[];
}

// ---- Hostile plans (as security.test.ts builds them, plus what matters to Python) ----

export const SNIPPET_CHARS = /^[\x20-\x7e\n]*$/;

const nasty = fc.constantFrom(
  '"', "'", '\\', '\n', '\r', '\r\n', '\u2028', '\u2029', '\u202e', '\u0085', '\x00', '\x0c', '\x1a', '\x1b[2J', ';', '{', '}', '#', '`', '$x', '%s', '{x}',
  '"""', "'''", '\\N{BULLET}', '\\x41', '\\', 'x\\', '\ud800', '\u{1f600}', '")\nimport os\nos.system("id")\n("', '"] + __import__("os").listdir() + ["',
  '", supports_credentials=True, x="', '\n    origins="*",', '\n#', '\\\n', 'r"\\Z"', '*', '.*', '^', '$', '|', '(', '[::1]',
);
const { plan: hostilePlan } = hostileValues({ nasty });

/** What a snippet must hand the library for a plan: its legal values only. */
export interface Legal {
  origins: string[];
  methods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  maxAge: number;
}

export function legalOf(p: FixPlan): Legal {
  return {
    origins: originRefusal(p.origin) === null ? [p.origin] : [],
    methods: p.preflight ? legalNames(p.methods) : [],
    allowHeaders: p.preflight ? legalNames(p.requestHeaders) : [],
    exposeHeaders: legalNames(p.exposeHeaders),
    maxAge: maxAgeOf(p),
  };
}

/** The same plan with every illegal value dropped: its snippet must be the same Python, comments aside. */
export function legalOnly(p: FixPlan): FixPlan {
  const l = legalOf(p);
  return { ...p, origin: l.origins[0] ?? '', methods: legalNames(p.methods), requestHeaders: legalNames(p.requestHeaders), exposeHeaders: l.exposeHeaders };
}

/**
 * The hostile-value property for one Python target: `runs` random plans, every snippet printable
 * ASCII with one comment line per refused value, compiling in Python, the same AST as the plan
 * without its illegal values, and (checked by `values`) handing the library exactly the legal values.
 */
export function checkHostile(target: FixTarget, runs: number, values: (parsed: Parsed, legal: Legal, p: FixPlan) => void): void {
  const plans = fc.sample(hostilePlan, runs);
  const codes = plans.map((p) => target.render(p).code);
  const refs = plans.map((p) => target.render(legalOnly(p)).code);
  const parsed = parsePython([...codes, ...refs]);
  plans.forEach((p, i) => {
    const code = codes[i] as string;
    const got = parsed[i] as Parsed;
    const ref = parsed[i + plans.length] as Parsed;
    const what = `plan ${JSON.stringify(p)}\n${code}`;
    expect(code, what).toMatch(SNIPPET_CHARS);
    expect(code.split('\n').filter((l) => l.startsWith('# Left out ')).length, what).toBe(corsValues(p).refused.length);
    expect(got.error, what).toBeUndefined();
    expect(ref.error).toBeUndefined();
    expect(got.dump, what).toBe(ref.dump);
    values(got, legalOf(p), p);
  });
}
