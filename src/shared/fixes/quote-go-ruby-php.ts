/**
 * String literals for the Go, Ruby and PHP targets. Like quote.ts, a second line of defence: what
 * reaches them has passed values.ts (printable ASCII, no quote, no backslash, no space). Each
 * literal is exact for any string of Unicode scalar values and is printable ASCII itself, so it can
 * never end the string, the line or the comment it sits in. A lone surrogate (a JS string can hold
 * one, UTF-8 cannot) is written as U+FFFD, which is what Go, Ruby and PHP make of it when they
 * convert it to UTF-8.
 */

const PRINTABLE = /^[\x20-\x7e]*$/;

/** Each code point of `value`, lone surrogates as U+FFFD. */
function codePoints(value: string): number[] {
  const out: number[] = [];
  for (const ch of value) {
    const c = ch.codePointAt(0) as number;
    out.push(c >= 0xd800 && c <= 0xdfff ? 0xfffd : c);
  }
  return out;
}

const hex = (c: number, width: number) => c.toString(16).padStart(width, '0');

/**
 * A Go interpreted string literal ("..."), as the Go spec reads it: `\"`, `\\`, `\n`, `\r`, `\t`;
 * other ASCII controls as `\xNN` (a byte, the same as the code point below 0x80); anything above
 * as `\uNNNN` or `\UNNNNNNNN` (a code point: `\x` above 0x7f would be a raw byte, not UTF-8).
 * https://go.dev/ref/spec#String_literals
 */
export function goString(value: string): string {
  let out = '';
  for (const c of codePoints(value)) {
    const ch = String.fromCodePoint(c);
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c >= 0x20 && c <= 0x7e) out += ch;
    else if (c < 0x80) out += `\\x${hex(c, 2)}`;
    else if (c <= 0xffff) out += `\\u${hex(c, 4)}`;
    else out += `\\U${hex(c, 8)}`;
  }
  return `"${out}"`;
}

function rubyEscapes(value: string, special: RegExp): string {
  let out = '';
  for (const c of codePoints(value)) {
    const ch = String.fromCodePoint(c);
    if (special.test(ch)) out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c >= 0x20 && c <= 0x7e) out += ch;
    else out += `\\u{${c.toString(16)}}`;
  }
  return out;
}

/**
 * A Ruby double-quoted string literal. `"` and `\` are escaped, and so is every `#`: in a
 * double-quoted string `#{...}`, `#@var` and `#$var` interpolate (run code); `\#` is a plain `#`.
 * Everything outside printable ASCII is `\u{...}` (a code point; `\xNN` above 0x7f is a raw byte).
 * https://docs.ruby-lang.org/en/3.3/syntax/literals_rdoc.html#label-Strings
 */
export function rubyString(value: string): string {
  return `"${rubyEscapes(value, /["\\#]/)}"`;
}

/**
 * A Ruby symbol: `:get` when the value is a plain lower-case identifier, else a double-quoted symbol
 * (`:"x-y"`), which reads its contents exactly as a double-quoted string.
 */
export function rubySymbol(value: string): string {
  return /^[a-z_][a-z0-9_]*$/.test(value) ? `:${value}` : `:${rubyString(value)}`;
}

/**
 * A Ruby regexp literal matching exactly `value`: `\A...\z` (`^` and `$` would match at any line
 * break), every metacharacter Regexp.escape escapes escaped, and `/` (the delimiter) and `#`
 * (interpolation works in a regexp literal too) as well.
 * https://docs.ruby-lang.org/en/3.3/Regexp.html#class-Regexp-label-Anchors
 */
export function rubyExactRegex(value: string): string {
  return `/\\A${rubyEscapes(value, /[[\]{}()|\-*.\\?+^$#/ ]/)}\\z/`;
}

/**
 * A PHP string literal. Printable ASCII goes in single quotes (Laravel's style), where only `\\`
 * and `\'` are escapes. Anything else needs double quotes, where `$` starts an interpolation and is
 * escaped, as are `"` and `\`; controls are `\xNN` (always two digits, so a following hex digit is
 * not read into it) and the rest `\u{...}` (PHP 7+).
 * https://www.php.net/manual/en/language.types.string.php
 */
export function phpString(value: string): string {
  if (PRINTABLE.test(value)) return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`;
  let out = '';
  for (const c of codePoints(value)) {
    const ch = String.fromCodePoint(c);
    if (ch === '"' || ch === '\\' || ch === '$') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c >= 0x20 && c <= 0x7e) out += ch;
    else if (c < 0x80) out += `\\x${hex(c, 2)}`;
    else out += `\\u{${c.toString(16)}}`;
  }
  return `"${out}"`;
}

/**
 * Text for a PHP `//` comment. Such a comment ends at the line break or at `?>`, whichever comes
 * first: after `?>` the rest of the file is output, not code, and a `<?php` later in the line would
 * start code again. So `?>` is written `?\x3e` (the visible escape `shown` uses; a backslash from
 * the value itself is shown doubled, so this one cannot be mistaken for it).
 * https://www.php.net/manual/en/language.basic-syntax.comments.php
 */
export function phpCommentText(text: string): string {
  return text.replace(/\?>/g, '?\\x3e');
}
