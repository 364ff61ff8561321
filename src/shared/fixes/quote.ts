/**
 * Quoting for each target's syntax. What reaches these helpers has passed values.ts (RFC 9110 tokens
 * and serialised origins: printable ASCII, no quote, no backslash, no space), so they are a second
 * line of defence. Each is exact for any printable ASCII string, which the unit tests check on
 * arbitrary ones, and never lets a value end a string, start a line or a directive: a character the
 * syntax cannot carry at all is written as a visible escape (`\x0a`) rather than raw.
 */
import { plainText } from '../cors/inline-code';

const NON_PRINTABLE = /[^\x20-\x7e]/g;

function hex(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Longest part of a refused value shown in a comment; the rest is cut (the note says the same). */
const SHOWN_MAX = 60;

/**
 * A refused value as it is shown in a comment or a note: quoted, printable ASCII only (`\n`, `\x1b`,
 * `\u202e`...), so it cannot end the comment line (CR, LF, U+2028 end a JS comment), continue it
 * (Apache joins a line ending in `\`; it never ends in one here) or reorder what is seen (bidi).
 */
export function shown(value: string): string {
  const cut = value.length > SHOWN_MAX;
  const part = cut ? value.slice(0, SHOWN_MAX) : value;
  const escaped = part.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t').replace(NON_PRINTABLE, hex);
  return `"${escaped}"${cut ? '...' : ''}`;
}

/** A value as `shown` writes it, placed in a note's running text (escaped for its inline code marks). */
export function shownInNote(value: string): string {
  return plainText(shown(value));
}

/**
 * A JavaScript string literal. JSON.stringify escapes `"`, `\` and C0 controls; everything outside
 * printable ASCII is escaped too: U+2028/U+2029 (line terminators before ES2019), bidi overrides
 * (they reorder what a reviewer sees) and the rest. `<` becomes `\u003c` so the literal cannot
 * close a `<script>` element or open an HTML comment if the code ever ends up in a page.
 */
export function jsString(value: string): string {
  return JSON.stringify(value).replace(/[^\x20-\x7e]|</g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The nginx variable that holds a literal `$` (see nginxString); declared by NGINX_DOLLAR_GEO. */
export const NGINX_DOLLAR_VAR = 'corsight_dollar';
/**
 * nginx has no escape for `$` in strings that take variables: the usual way round is a variable whose
 * value is `$`, set by `geo`, whose values are never interpolated. Goes in the http block.
 */
export const NGINX_DOLLAR_GEO = `geo $${NGINX_DOLLAR_VAR} { default "$"; }`;

/**
 * An nginx double-quoted string whose value is `value`. The config reader (ngx_conf_read_token)
 * ends the string only at an unescaped `"`, so `;`, `{`, `}` and `#` are plain characters inside;
 * it turns `\"`, `\\`, `\t`, `\r` and `\n` into the character. In a parameter that takes variables
 * (`variables: true`: add_header values, map values) `$` starts a variable (`$host`, `$1`, `${x}`)
 * and cannot be escaped: it is written `${corsight_dollar}`, and the caller must then declare
 * NGINX_DOLLAR_GEO. Map keys and geo values are literal: `variables: false`.
 */
export function nginxString(value: string, variables: boolean): string {
  let out = value.replace(/[\\"]/g, (c) => `\\${c}`).replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
  if (variables) out = out.replace(/\$/g, `\${${NGINX_DOLLAR_VAR}}`);
  return `"${out.replace(NON_PRINTABLE, hex)}"`;
}

/**
 * A double-quoted Apache config word, as ap_getword_conf reads it: inside the quotes a backslash
 * escapes only `"` and `\` (any other backslash stays), so those are the only ones doubled, plus a
 * final one, which would otherwise escape the closing quote. A raw line break would end the
 * directive: never reached (values.ts refuses it), written as a visible escape if it were.
 */
export function apacheWord(value: string): string {
  const escaped = value.replace(/\\(?=["\\]|$)/g, '\\\\').replace(/"/g, '\\"');
  return `"${escaped.replace(NON_PRINTABLE, hex)}"`;
}

/**
 * A mod_headers value (`Header always set NAME VALUE`): mod_headers reads `%` as a format tag
 * (`%t`, `%D`, `%{VAR}e`; `%%` is a literal `%`) and `\\`, `\n`, `\r`, `\t` as escapes, so `%` and
 * `\` are doubled before the config quoting. RFC 9110 tokens may contain `%`.
 */
export function apacheHeaderValue(value: string): string {
  return apacheWord(value.replace(/[%\\]/g, (c) => c + c));
}

/**
 * A regular expression matching exactly `value` (anchored, every PCRE metacharacter escaped), as a
 * quoted config word, for SetEnvIf. Without `^` and `$`, `https://app.example` would also match
 * `https://app.example.evil.test`; an unescaped `.` would match any character.
 */
export function apacheExactRegex(value: string): string {
  return apacheWord(`^${value.replace(/[\\^$.|?*+()[\]{}]/g, (c) => `\\${c}`)}$`);
}
