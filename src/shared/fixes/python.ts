/**
 * Python literals for the Flask, Django and FastAPI snippets. What reaches them has passed values.ts
 * (RFC 9110 tokens and serialised origins), but a token may hold `'`, and the helpers are exact for
 * any string anyway, which the unit tests check with Python's own parser
 * (https://docs.python.org/3/reference/lexical_analysis.html#escape-sequences).
 */
import type { CorsValues } from './values';

function hex(code: number): string {
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\U${code.toString(16).padStart(8, '0')}`;
}

/**
 * A double-quoted Python str literal whose value is `value`, in printable ASCII: `"` and `\` are
 * escaped; line breaks, tabs and every other character outside printable ASCII (controls, U+2028,
 * bidi overrides, astral characters, lone surrogates) are written as `\n`, `\xNN`, `\uNNNN` or
 * `\UNNNNNNNN`, so the literal can neither end early, end the line, nor show a reviewer something
 * else than it holds. A plain literal has no interpolation: `{`, `%` and `$` are ordinary characters.
 */
export function pyString(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0) as number;
    if (ch === '\\' || ch === '"') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code >= 0x20 && code <= 0x7e) out += ch;
    else out += hex(code);
  }
  return `"${out}"`;
}

/** A Python list of str literals: `["a", "b"]`. */
export function pyList(values: readonly string[]): string {
  return `[${values.map(pyString).join(', ')}]`;
}

/**
 * The CORS-safelisted methods, listed when a plan needs no other: a browser never checks them, but
 * Flask-CORS and Starlette refuse a preflight (for a GET with a custom header) whose method is not listed.
 */
export const SAFELISTED_METHODS: readonly string[] = Object.freeze(['GET', 'HEAD', 'POST']);

/** The methods a Python CORS library is handed with a preflight: the plan's, or the safelisted ones when it has none. */
export function pyMethods(methods: readonly string[]): readonly string[] {
  return methods.length > 0 ? methods : SAFELISTED_METHODS;
}

/**
 * The keyword arguments Flask-CORS's CORS(...) and Starlette's add_middleware(...) end alike with
 * (`expose_headers`, then `max_age` with a preflight), and the call's closing parenthesis.
 */
export function pyCorsCallEnd(v: Pick<CorsValues, 'exposeHeaders' | 'preflight' | 'maxAge'>): string[] {
  const out: string[] = [];
  if (v.exposeHeaders.length > 0) out.push(`    expose_headers=${pyList(v.exposeHeaders)},`);
  if (v.preflight) out.push(`    max_age=${v.maxAge},`);
  out.push(')');
  return out;
}
