/**
 * Quoting for the languages and formats of the platform targets: Java and C# string literals, JSON
 * written for people to read. Like quote.ts, a second line of defence behind values.ts (which lets
 * only RFC 9110 tokens and serialised origins through): exact for any string, printable ASCII out,
 * and never able to end the literal or the line.
 */

const PRINTABLE = /^[\x20-\x7e]$/;

function hex4(code: number): string {
  return code.toString(16).padStart(4, '0');
}

/**
 * A Java string literal (JLS 3.10.5). Java translates `\uXXXX` anywhere in the source before it
 * lexes (JLS 3.3), so `\u000a` or `\u0022` would end the literal: characters up to U+00FF are
 * written as three-digit octal escapes (`\012`; three digits, so a following digit is never read
 * into the escape), and only characters above U+00FF, none of them a Java line terminator, quote
 * or backslash, as `\uXXXX`. A backslash from the value is doubled, so it can never start a
 * Unicode escape: one is recognised only after an even number of backslashes.
 */
export function javaString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    const code = value.charCodeAt(i);
    if (c === '"' || c === '\\') out += `\\${c}`;
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (PRINTABLE.test(c)) out += c;
    else if (code <= 0xff) out += `\\${code.toString(8).padStart(3, '0')}`;
    else out += `\\u${hex4(code)}`;
  }
  return `${out}"`;
}

/**
 * A C# regular string literal (C# spec, 6.4.5.6). C# has no source-wide Unicode pre-translation:
 * `\uXXXX` (always four digits, unlike `\x`, whose length varies) is exact for every UTF-16 code
 * unit, lone surrogates included. Line breaks (CR, LF, U+0085, U+2028, U+2029) never appear raw.
 */
export function csharpString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const c = value[i] as string;
    if (c === '"' || c === '\\') out += `\\${c}`;
    else if (c === '\n') out += '\\n';
    else if (c === '\r') out += '\\r';
    else if (c === '\t') out += '\\t';
    else if (PRINTABLE.test(c)) out += c;
    else out += `\\u${hex4(value.charCodeAt(i))}`;
  }
  return `${out}"`;
}

/** A JSON string: JSON.stringify, with everything outside printable ASCII as `\uXXXX` (valid JSON and YAML). */
export function jsonString(value: string): string {
  return JSON.stringify(value).replace(/[^\x20-\x7e]/g, (c) => `\\u${hex4(c.charCodeAt(0))}`);
}

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * JSON for people: arrays of scalars and objects of scalars on one line (an origin list reads as a
 * list, a `{ "key", "value" }` pair as a pair), other objects one member per line, `indent` spaces
 * per level. Strings through jsonString. Only finite numbers.
 */
export function jsonPretty(value: Json, indent = 2, depth = 0): string {
  const pad = (d: number) => ' '.repeat(indent * d);
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('jsonPretty: not a finite number');
    return String(value);
  }
  if (typeof value === 'string') return jsonString(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    if (value.every((x) => x === null || typeof x !== 'object')) return `[${value.map((x) => jsonPretty(x, indent, depth)).join(', ')}]`;
    return `[\n${value.map((x) => pad(depth + 1) + jsonPretty(x, indent, depth + 1)).join(',\n')}\n${pad(depth)}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  if (entries.every(([, x]) => x === null || typeof x !== 'object')) return `{ ${entries.map(([k, x]) => `${jsonString(k)}: ${jsonPretty(x, indent, depth)}`).join(', ')} }`;
  return `{\n${entries.map(([k, x]) => `${pad(depth + 1)}${jsonString(k)}: ${jsonPretty(x, indent, depth + 1)}`).join(',\n')}\n${pad(depth)}}`;
}

/**
 * A file written by a shell here-document: `cat > FILE <<'EOF'`. With the delimiter quoted the shell
 * expands nothing in the body (no `$`, backquote or backslash processing), and the body ends only at
 * a line that is exactly the delimiter, which a JSON line never is (each starts with a space, a
 * brace or a bracket); a body that had one would be refused here rather than cut.
 */
export function heredoc(file: string, body: string, delimiter = 'EOF'): string[] {
  const lines = body.split('\n');
  if (lines.some((l) => l === delimiter)) throw new Error('heredoc: the body contains the delimiter line');
  return [`cat > ${file} <<'${delimiter}'`, ...lines, delimiter];
}
