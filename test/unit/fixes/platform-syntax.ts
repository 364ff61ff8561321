/**
 * Readers for the platform targets' syntaxes, written from each language's specification, so the
 * tests check what the compiler, the CLI or the platform would really read: Java (JLS 3) and C#
 * (C# spec 6.4) tokens with string literals decoded, the shell script around the JSON (a quoted
 * here-document, then plain commands), the CloudFormation rule in its comment, Netlify's `_headers`
 * lines, and the Cloudflare Worker compiled and run on Node's own Request/Response.
 */
import vm from 'node:vm';
import ts from 'typescript';

export interface Token {
  kind: 'ident' | 'string' | 'char' | 'number' | 'punct';
  /** Decoded for string and char literals. */
  value: string;
}

const HEX = /^[0-9a-fA-F]$/;

/**
 * JLS 3.3: `\uXXXX` (any number of `u`) becomes the character before anything else is read, in
 * comments and string literals alike. A backslash begins one only after an even number of
 * contiguous raw backslashes, and a character produced this way never begins another.
 */
export function javaUnicodeTranslate(src: string): string {
  let out = '';
  let run = 0;
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (c === '\\' && run % 2 === 0 && src[i + 1] === 'u') {
      let j = i + 1;
      while (src[j] === 'u') j++;
      const digits = src.slice(j, j + 4);
      if (digits.length !== 4 || ![...digits].every((d) => HEX.test(d))) throw new Error(`java: illegal unicode escape at ${i}`);
      out += String.fromCharCode(parseInt(digits, 16));
      i = j + 4;
      run = 0;
    } else {
      out += c;
      run = c === '\\' ? run + 1 : 0;
      i++;
    }
  }
  return out;
}

function lexer(src: string, lang: 'java' | 'csharp'): Token[] {
  const lineBreak = lang === 'java' ? /[\r\n]/ : /[\r\n\u0085\u2028\u2029]/;
  const out: Token[] = [];
  let i = 0;
  const literal = (quote: string): string => {
    let value = '';
    i++;
    for (;;) {
      const c = src[i];
      if (c === undefined || lineBreak.test(c)) throw new Error(`${lang}: unterminated literal`);
      if (c === quote) {
        i++;
        return value;
      }
      if (c !== '\\') {
        value += c;
        i++;
        continue;
      }
      const e = src[i + 1] as string;
      const simple: Record<string, string> =
        lang === 'java'
          ? { b: '\b', s: ' ', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', "'": "'", '\\': '\\' }
          : { "'": "'", '"': '"', '\\': '\\', '0': '\0', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
      if (simple[e] !== undefined && !(lang === 'java' && /[0-7]/.test(e))) {
        value += simple[e];
        i += 2;
      } else if (lang === 'java' && /[0-7]/.test(e)) {
        // OctalEscape: \d, \dd, or \[0-3]dd.
        const max = /[0-3]/.test(e) ? 3 : 2;
        let j = i + 1;
        while (j < i + 1 + max && /[0-7]/.test(src[j] ?? '')) j++;
        value += String.fromCharCode(parseInt(src.slice(i + 1, j), 8));
        i = j;
      } else if (lang === 'csharp' && (e === 'u' || e === 'U')) {
        const n = e === 'u' ? 4 : 8;
        const digits = src.slice(i + 2, i + 2 + n);
        if (digits.length !== n || ![...digits].every((d) => HEX.test(d))) throw new Error('csharp: bad unicode escape');
        value += String.fromCodePoint(parseInt(digits, 16));
        i += 2 + n;
      } else if (lang === 'csharp' && e === 'x') {
        let j = i + 2;
        while (j < i + 6 && HEX.test(src[j] ?? '')) j++;
        if (j === i + 2) throw new Error('csharp: bad \\x escape');
        value += String.fromCharCode(parseInt(src.slice(i + 2, j), 16));
        i = j;
      } else {
        throw new Error(`${lang}: invalid escape \\${e}`);
      }
    }
  };
  while (i < src.length) {
    const c = src[i] as string;
    const next = src[i + 1];
    if (c === ' ' || c === '\t' || c === '\f' || (lang === 'csharp' && c === '\v') || lineBreak.test(c)) {
      i++;
    } else if (c === '/' && next === '/') {
      while (i < src.length && !lineBreak.test(src[i] as string)) i++;
    } else if (c === '/' && next === '*') {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) throw new Error(`${lang}: unterminated comment`);
      i = end + 2;
    } else if (c === '"') {
      if (src.startsWith('"""', i)) throw new Error(`${lang}: text blocks and raw strings are not read here`);
      out.push({ kind: 'string', value: literal('"') });
    } else if (c === "'") {
      const value = literal("'");
      if ([...value].length !== 1) throw new Error(`${lang}: a char literal holds one character`);
      out.push({ kind: 'char', value });
    } else if (lang === 'csharp' && (c === '@' || c === '$') && next === '"') {
      throw new Error('csharp: verbatim and interpolated strings are not read here');
    } else if (/[A-Za-z_$]/.test(c) && !(lang === 'csharp' && c === '$')) {
      let j = i + 1;
      while (j < src.length && /[A-Za-z0-9_$]/.test(src[j] as string)) j++;
      out.push({ kind: 'ident', value: src.slice(i, j) });
      i = j;
    } else if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < src.length && /[0-9A-Za-z_.]/.test(src[j] as string)) j++;
      out.push({ kind: 'number', value: src.slice(i, j) });
      i = j;
    } else if ('()[]{};,.@=<>!~?:+-*/&|^%'.includes(c)) {
      out.push({ kind: 'punct', value: c });
      i++;
    } else {
      throw new Error(`${lang}: unexpected character U+${c.charCodeAt(0).toString(16)} at ${i}`);
    }
  }
  return out;
}

/** Java tokens, after Unicode-escape translation (JLS 3.3 to 3.10). */
export function javaTokens(code: string): Token[] {
  return lexer(javaUnicodeTranslate(code), 'java');
}

/** C# tokens (C# spec 6.4: no source-wide escape translation; five line terminators). */
export function csharpTokens(code: string): Token[] {
  return lexer(code, 'csharp');
}

/** Throws unless (), [] and {} nest properly. */
export function assertBalanced(tokens: Token[]): void {
  const stack: string[] = [];
  const pairs: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
  for (const t of tokens) {
    if (t.kind !== 'punct') continue;
    if ('([{'.includes(t.value)) stack.push(t.value);
    else if (pairs[t.value] !== undefined && stack.pop() !== pairs[t.value]) throw new Error(`unbalanced ${t.value}`);
  }
  if (stack.length > 0) throw new Error(`unclosed ${stack.join('')}`);
}

const same = (t: Token | undefined, kind: Token['kind'], value?: string) => t !== undefined && t.kind === kind && (value === undefined || t.value === value);

/** The string arguments `"a", "b"` from tokens[i] to the closing `)`, which is at the returned index. */
function stringArgs(tokens: Token[], i: number): { values: string[]; end: number } {
  const values: string[] = [];
  let j = i;
  if (same(tokens[j], 'punct', ')')) return { values, end: j };
  for (;;) {
    if (!same(tokens[j], 'string')) throw new Error(`expected a string literal, got ${JSON.stringify(tokens[j])}`);
    values.push((tokens[j] as Token).value);
    j++;
    if (same(tokens[j], 'punct', ')')) return { values, end: j };
    if (!same(tokens[j], 'punct', ',')) throw new Error(`expected "," or ")", got ${JSON.stringify(tokens[j])}`);
    j++;
  }
}

function find(tokens: Token[], seq: Array<[Token['kind'], string]>): number[] {
  const out: number[] = [];
  for (let i = 0; i + seq.length <= tokens.length; i++) if (seq.every(([k, v], n) => same(tokens[i + n], k, v))) out.push(i);
  return out;
}

/** Every `NAME(List.of("a", ...))` call in Java tokens: the lists of strings, in order. */
export function javaListCalls(tokens: Token[], name: string): string[][] {
  return find(tokens, [['ident', name], ['punct', '('], ['ident', 'List'], ['punct', '.'], ['ident', 'of'], ['punct', '(']]).map((i) => {
    const { values, end } = stringArgs(tokens, i + 6);
    if (!same(tokens[end + 1], 'punct', ')')) throw new Error(`${name}: expected ")"`);
    return values;
  });
}

/** Every `NAME(args)` call: the tokens between the parentheses (no nesting needed here but allowed). */
export function calls(tokens: Token[], name: string): Token[][] {
  return find(tokens, [['ident', name], ['punct', '(']]).map((i) => {
    let depth = 0;
    for (let j = i + 1; j < tokens.length; j++) {
      const t = tokens[j] as Token;
      if (same(t, 'punct', '(')) depth++;
      if (same(t, 'punct', ')') && --depth === 0) return tokens.slice(i + 2, j);
    }
    throw new Error(`${name}: unclosed call`);
  });
}

/** Every `.NAME("a", ...)` call in C# tokens: the lists of strings, in order. */
export function csharpStringCalls(tokens: Token[], name: string): string[][] {
  return find(tokens, [['punct', '.'], ['ident', name], ['punct', '(']]).map((i) => stringArgs(tokens, i + 3).values);
}

export const text = (tokens: Token[]) => tokens.map((t) => (t.kind === 'string' ? JSON.stringify(t.value) : t.value)).join(' ');

export interface ShellScript {
  comments: string[];
  /** Files written by `cat > NAME <<'DELIM'`, as the shell writes them (a quoted delimiter expands nothing). */
  files: Record<string, string>;
  /** Other lines: plain words only (no quote, `$`, backquote, `;`, `|`, `&`, redirection), split on spaces. */
  commands: string[][];
}

/** The shell scripts the S3 and API Gateway snippets are: comments, quoted here-documents, plain commands. */
export function readShell(code: string): ShellScript {
  const out: ShellScript = { comments: [], files: {}, commands: [] };
  const lines = code.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const doc = /^cat > ([A-Za-z0-9_.-]+) <<'([A-Za-z_]+)'$/.exec(line);
    if (line === '') continue;
    if (line.startsWith('#')) {
      out.comments.push(line);
    } else if (doc) {
      const end = lines.indexOf(doc[2] as string, i + 1);
      if (end < 0) throw new Error('shell: here-document never ends');
      out.files[doc[1] as string] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (/^[A-Za-z0-9_./:=-]+(?: [A-Za-z0-9_./:=-]+)*$/.test(line)) {
      out.commands.push(line.split(' '));
    } else {
      throw new Error(`shell: not a plain command: ${line}`);
    }
  }
  return out;
}

/** The CloudFormation rule the S3 snippet shows in comments, read back: `{ CorsRules: [rule] }`. */
export function readCloudFormationComment(code: string): unknown {
  const lines = code.split('\n');
  const start = lines.indexOf('#   CorsConfiguration:');
  if (start < 0 || lines[start + 1] !== '#     CorsRules:') throw new Error('cfn: no CorsConfiguration block');
  const rule: Record<string, unknown> = {};
  for (const [n, line] of lines.slice(start + 2).entries()) {
    const m = /^# {7}(- | {2})([A-Za-z]+): (.*)$/.exec(line);
    if (!m || (n === 0) !== (m[1] === '- ')) throw new Error(`cfn: unexpected line ${line}`);
    rule[m[2] as string] = JSON.parse(m[3] as string);
  }
  return { CorsRules: [rule] };
}

export interface NetlifyRule {
  path: string;
  headers: Array<[string, string]>;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * `_headers` as documented (https://docs.netlify.com/manage/routing/headers/#syntax-for-the-headers-file),
 * strictly: `#` comment lines, a path line (starts with `/`, nothing before it), then indented
 * `Name: value` lines, Name an RFC 9110 token, value not empty. Anything else throws.
 */
export function readNetlifyHeaders(code: string): { comments: string[]; rules: NetlifyRule[] } {
  const comments: string[] = [];
  const rules: NetlifyRule[] = [];
  for (const line of code.split('\n')) {
    if (/[^\x20-\x7e]/.test(line)) throw new Error(`_headers: unexpected character in ${JSON.stringify(line)}`);
    const t = line.trim();
    if (t === '') continue;
    if (t.startsWith('#')) {
      comments.push(t);
    } else if (line.startsWith('/')) {
      if (/\s/.test(t)) throw new Error(`_headers: space in a path line: ${line}`);
      rules.push({ path: t, headers: [] });
    } else {
      const m = /^[ \t]+([^:\s]+):[ \t]*(\S.*)$/.exec(line);
      if (!m || !TOKEN.test(m[1] as string)) throw new Error(`_headers: not a "Name: value" line: ${line}`);
      const rule = rules[rules.length - 1];
      if (!rule) throw new Error('_headers: a header before any path');
      rule.headers.push([m[1] as string, (m[2] as string).trim()]);
    }
  }
  return { comments, rules };
}

/**
 * The headers Netlify applies, per path, read the way its own parser does (netlify/build's
 * headers-parser: lines trimmed; blank and `#` lines skipped; a line starting with `/` is a path;
 * other lines split at the first `:`, lines without one ignored; a name repeated in a rule joined
 * with ", "; then values normalised, `\s*,\s*` to ",").
 */
export function netlifyApplied(code: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  let current: Record<string, string> | null = null;
  for (const raw of code.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('/')) {
      current = out[line] = {};
      continue;
    }
    if (!line.includes(':')) continue;
    if (!current) throw new Error('Path should come before header');
    const [rawName, ...rest] = line.split(':');
    const name = (rawName as string).trim();
    const value = rest.join(':').trim();
    if (name === '' || value === '') throw new Error('Missing header name or value');
    current[name] = current[name] === undefined ? value : `${current[name]}, ${value}`;
  }
  for (const values of Object.values(out)) for (const k of Object.keys(values)) values[k] = (values[k] as string).split(/\s*,\s*/).join(',');
  return out;
}

export type Upstream = (request: Request) => Promise<Response>;
export interface Worker {
  fetch(request: Request, env: unknown, ctx: unknown): Promise<Response>;
}

/**
 * The Cloudflare Worker module, checked by TypeScript's parser as JavaScript (module syntax), then
 * compiled to CommonJS and run in a fresh context with Node's Request, Response and Headers (the
 * same Fetch standard Workers implement); `fetch` is `upstream`.
 */
export function loadWorker(code: string, upstream: Upstream): Worker {
  const out = ts.transpileModule(code, {
    fileName: 'worker.js',
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, allowJs: true },
  });
  const errors = (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  if (errors.length > 0) throw new Error(`worker: ${errors.join('; ')}`);
  const module = { exports: {} as { default?: Worker } };
  const context = vm.createContext({ module, exports: module.exports, Request, Response, Headers, console: { error: () => undefined, log: () => undefined }, fetch: upstream });
  new vm.Script(out.outputText, { filename: 'worker.js' }).runInContext(context);
  const worker = module.exports.default;
  if (!worker || typeof worker.fetch !== 'function') throw new Error('worker: no default export with fetch()');
  return worker;
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export async function ask(worker: Worker, init: { method: string; origin?: string; headers?: Record<string, string> }): Promise<Answer> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.origin !== undefined) headers.Origin = init.origin;
  const res = await worker.fetch(new Request('https://api.example/things/1', { method: init.method, headers }), {}, {});
  return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
}
