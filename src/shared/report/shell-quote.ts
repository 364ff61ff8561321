/**
 * Quoting for POSIX sh, for commands built from values a hostile server or page chose (URLs, header
 * values). Two properties hold for every input:
 *
 * - Nothing breaks out: the quoted text is one shell word whose value is the input, whatever quotes,
 *   `$(...)`, backticks or backslashes it holds.
 * - Nothing hides: a character that acts rather than prints is written as a visible escape, so what the
 *   user reads before pasting is what runs. That is why such words use ANSI-C quoting (`$'...'`: bash,
 *   zsh and ksh93, and POSIX sh since its 2024 edition, though not yet dash) instead of raw bytes
 *   inside `'...'`. Words without such characters use plain single quotes, which every sh reads.
 */

/**
 * Characters shown as escapes: C0 controls (CR/LF would show as a new command line, ESC starts terminal
 * sequences), DEL, C1 controls (U+009B is a one-character CSI), the Arabic letter mark and the other
 * bidirectional marks, embeddings, overrides and isolates (they reorder what is seen), zero-width
 * characters, word joiners and the BOM (they hide inside a name), line and paragraph separators, Unicode
 * tag characters (invisible text), lone surrogates (not encodable) and U+FFFD (it stands for a NUL, see
 * argumentText). A superset of what neutralize.ts escapes for reports: a shell is a worse place to be
 * misled than a report.
 */
const HIDDEN =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufffd\u{e0000}-\u{e007f}\ud800-\udfff]/u;
const ESCAPED = new RegExp(`[\\\\']|${HIDDEN.source}`, 'gu');

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\\': '\\\\', "'": "\\'" };

const utf8 = new TextEncoder();

/**
 * `\xHH` per UTF-8 byte: the bytes the argument gets do not depend on the shell's locale (bash turns
 * `\uHHHH` into the locale's charset, or leaves it unconverted in a C locale).
 */
function byteEscapes(c: string): string {
  let out = '';
  for (const b of utf8.encode(c)) out += `\\x${b.toString(16).padStart(2, '0')}`;
  return out;
}

/**
 * The value the shell word will carry. A NUL cannot be part of an argument (argv strings end at the
 * first NUL, and bash cuts `$'a\x00b'` to `a`), and a lone surrogate has no UTF-8 form, so each becomes
 * U+FFFD, which the quoted word shows as its escape where the odd character was.
 */
export function argumentText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u0000|[\ud800-\udfff]/gu, '\ufffd');
}

/** One shell word whose value is `argumentText(s)`. */
export function shellQuote(s: string): string {
  const text = argumentText(s);
  if (!HIDDEN.test(text)) {
    // Inside single quotes every character is literal except `'` itself, which closes, is escaped
    // outside the quotes, and reopens.
    return `'${text.replace(/'/g, `'\\''`)}'`;
  }
  // Inside $'...' only backslash and `'` are special; `$`, backticks and `"` are literal.
  return `$'${text.replace(ESCAPED, (c) => NAMED[c] ?? byteEscapes(c))}'`;
}
