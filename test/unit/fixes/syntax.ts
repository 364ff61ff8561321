/**
 * Readers for the snippets' syntaxes, written from the servers' own parsers, so that tests can check
 * what a server would really see: the directives, their arguments after unquoting, and the values
 * after the server's own escapes. Not general parsers: enough for what the snippets use.
 */
import vm from 'node:vm';

export interface Directive {
  name: string;
  args: string[];
  /** Nesting depth (0: top level). */
  depth: number;
  /** Ends with `{` (opens a block) rather than `;`. */
  block: boolean;
}

/**
 * nginx's ngx_conf_read_token: words separated by space, tab, CR, LF; `;` ends a directive, `{` opens
 * a block, `}` closes one, `#` at a word's start comments out the rest of the line; inside "..." or
 * '...' only the matching quote ends the word; `\"`, `\'`, `\\`, `\t`, `\r`, `\n` are unescaped, any
 * other backslash stays.
 */
export function nginxDirectives(code: string): Directive[] {
  const out: Directive[] = [];
  let words: string[] = [];
  let depth = 0;
  let i = 0;
  const unescape = (raw: string) =>
    raw.replace(/\\(.)/gs, (m, c: string) => (c === '"' || c === "'" || c === '\\' ? c : c === 't' ? '\t' : c === 'r' ? '\r' : c === 'n' ? '\n' : m));
  while (i < code.length) {
    const ch = code[i] as string;
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') {
      i++;
    } else if (ch === '#') {
      while (i < code.length && code[i] !== '\n') i++;
    } else if (ch === ';' || ch === '{') {
      if (words.length === 0) throw new Error(`nginx: "${ch}" without a directive at ${i}`);
      out.push({ name: words[0] as string, args: words.slice(1), depth, block: ch === '{' });
      words = [];
      if (ch === '{') depth++;
      i++;
    } else if (ch === '}') {
      if (words.length > 0) throw new Error(`nginx: unexpected "}" at ${i}`);
      depth--;
      if (depth < 0) throw new Error('nginx: unbalanced "}"');
      i++;
    } else if (ch === '"' || ch === "'") {
      let j = i + 1;
      while (j < code.length && code[j] !== ch) j += code[j] === '\\' ? 2 : 1;
      if (j >= code.length) throw new Error('nginx: unterminated string');
      words.push(unescape(code.slice(i + 1, j)));
      i = j + 1;
      const next = code[i];
      if (next !== undefined && !/[\s;{]/.test(next)) throw new Error(`nginx: unexpected "${next}" after a quoted string`);
    } else {
      let j = i;
      while (j < code.length && !/[\s;{]/.test(code[j] as string)) j += code[j] === '\\' ? 2 : code[j] === '$' && code[j + 1] === '{' ? 2 : 1;
      words.push(unescape(code.slice(i, j)));
      i = j;
    }
  }
  if (words.length > 0 || depth !== 0) throw new Error('nginx: unfinished directive or block');
  return out;
}

/** The value nginx computes for a parameter that takes variables, with `vars` giving their values. */
export function nginxInterpolate(value: string, vars: Record<string, string>): string {
  return value.replace(/\$(?:\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (_m, a?: string, b?: string) => {
    const name = (a ?? b) as string;
    const v = vars[name];
    if (v === undefined) throw new Error(`nginx: unknown variable $${name}`);
    return v;
  });
}

/**
 * Apache's config reader: one directive per line (a line ending in `\` continues, which the snippets
 * must never do), lines starting with `#` are comments; words as ap_getword_conf splits them: "..."
 * or '...' with only `\<quote>` and `\\` unescaped, otherwise up to the next space.
 */
export function apacheDirectives(code: string): Directive[] {
  const out: Directive[] = [];
  for (const line of code.split('\n')) {
    if (/\\$/.test(line)) throw new Error(`apache: line continues: ${line}`);
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    const words: string[] = [];
    let i = 0;
    while (i < t.length) {
      if (t[i] === ' ' || t[i] === '\t') {
        i++;
        continue;
      }
      const q = t[i];
      if (q === '"' || q === "'") {
        let j = i + 1;
        let w = '';
        while (j < t.length && t[j] !== q) {
          if (t[j] === '\\' && (t[j + 1] === q || t[j + 1] === '\\')) {
            w += t[j + 1];
            j += 2;
          } else {
            w += t[j];
            j++;
          }
        }
        if (j >= t.length) throw new Error(`apache: unterminated string: ${line}`);
        words.push(w);
        i = j + 1;
      } else {
        let j = i;
        while (j < t.length && t[j] !== ' ' && t[j] !== '\t') j++;
        words.push(t.slice(i, j));
        i = j;
      }
    }
    out.push({ name: words[0] as string, args: words.slice(1), depth: 0, block: false });
  }
  return out;
}

/**
 * A mod_headers value as mod_headers computes it (parse_format_tag, parse_misc_string): `%%` is `%`,
 * `%{NAME}e` the variable, any other `%x` a format tag (refused here: the snippets use none but `e`);
 * `\\`, `\n`, `\r`, `\t` are escapes, any other backslash stays.
 */
export function apacheHeaderValue(value: string, env: Record<string, string>): string {
  let out = '';
  for (let i = 0; i < value.length; ) {
    const c = value[i] as string;
    if (c === '%') {
      const next = value[i + 1];
      if (next === '%' || next === undefined) {
        out += '%';
        i += 2;
        continue;
      }
      const m = /^\{([^}]*)\}e/.exec(value.slice(i + 1));
      if (!m) throw new Error(`mod_headers: format tag in ${value}`);
      out += env[m[1] as string] ?? '';
      i += 1 + m[0].length;
    } else if (c === '\\') {
      const next = value[i + 1];
      const map: Record<string, string> = { '\\': '\\', n: '\n', r: '\r', t: '\t' };
      if (next !== undefined && map[next] !== undefined) {
        out += map[next];
        i += 2;
      } else {
        out += '\\';
        i++;
      }
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

export interface CorsCall {
  options: Record<string, unknown>;
}

/** Runs the express-cors snippet with stand-ins for `require('cors')` and `app`; returns the options cors got. */
export function runExpressCors(code: string): { options: Record<string, unknown>; used: number } {
  let options: Record<string, unknown> | null = null;
  let used = 0;
  const marker = () => undefined;
  const context = {
    require: (name: string) => {
      if (name !== 'cors') throw new Error(`unexpected require(${name})`);
      return (o: Record<string, unknown>) => {
        options = o;
        return marker;
      };
    },
    app: {
      use: (mw: unknown) => {
        if (mw !== marker) throw new Error('app.use with something else than cors(...)');
        used++;
      },
    },
  };
  new vm.Script(code).runInNewContext(context);
  if (!options) throw new Error('cors() was never called');
  return { options: JSON.parse(JSON.stringify(options)) as Record<string, unknown>, used };
}

export interface FakeResponse {
  status: number | null;
  headers: Record<string, string>;
  vary: string[];
  ended: boolean;
  nextCalled: boolean;
}

/** Runs the Express middleware snippet on one request; returns what it did to the response. */
export function runExpressMiddleware(code: string, req: { method: string; headers: Record<string, string> }): FakeResponse {
  let middleware: ((req: unknown, res: unknown, next: () => void) => void) | null = null;
  const context = { app: { use: (mw: typeof middleware) => (middleware = mw) } };
  new vm.Script(code).runInNewContext(context);
  if (!middleware) throw new Error('app.use was never called');
  const out: FakeResponse = { status: null, headers: {}, vary: [], ended: false, nextCalled: false };
  const res = {
    setHeader: (name: string, value: string) => {
      if (typeof value !== 'string') throw new Error(`${name}: not a string`);
      out.headers[name] = value;
    },
    vary: (field: string) => out.vary.push(field),
    status: (code: number) => {
      out.status = code;
      return res;
    },
    end: () => (out.ended = true),
  };
  (middleware as (req: unknown, res: unknown, next: () => void) => void)(req, res, () => (out.nextCalled = true));
  return out;
}
