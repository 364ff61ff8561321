/**
 * Quoting for the Caddyfile and HAProxy's configuration, in the spirit of quote.ts: what reaches these
 * helpers has passed values.ts (RFC 9110 tokens and serialised origins), so they are a second line of
 * defence. Each keeps a value inside one word whatever it holds, and carries every printable ASCII
 * character exactly except those its syntax cannot carry safely, which become visible text (`\x7b`)
 * instead of syntax; anything outside printable ASCII is visible text too, never the raw character.
 */

const NON_PRINTABLE = /[^\x20-\x7e]/g;

function hex(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * A double-quoted Caddyfile token whose value is `value`, for arguments that Caddy also runs through
 * its placeholder replacer (header values, matcher values).
 *
 * - The lexer (caddyconfig/caddyfile/lexer.go) ends the token only at an unescaped `"`; inside, `\"`
 *   is a quote and any other backslash stays as it is. So `"` is written `\"`; a `\` cannot be
 *   written before a `"` or at the end at all, so every `\` is written as the visible `\x5c`.
 * - `{` and `}`: the replacer reads `{name}` as a placeholder (`\{` would escape it), but before
 *   lexing Caddy 2.6 replaces every `{$NAME}` in the whole file, quotes and comments included, with
 *   the environment variable's value, escaped or not. Both braces are written `\x7b`, `\x7d`.
 * - Always quoted: an unquoted token starting with `<<` opens a heredoc (Caddy 2.7+), and `#`
 *   starts a comment.
 * https://caddyserver.com/docs/caddyfile/concepts#tokens-and-quotes
 */
export function caddyString(value: string): string {
  const escaped = value.replace(/[\\{}]/g, hex).replace(/"/g, '\\"');
  return `"${escaped.replace(NON_PRINTABLE, hex)}"`;
}

/**
 * A comment line's text for a Caddyfile (already shown() or plain): braces become `\x7b`/`\x7d`,
 * since Caddy expands `{$NAME}` even inside comments, and an environment variable holding a line
 * break would turn the rest into directives.
 */
export function caddyCommentText(text: string): string {
  return text.replace(/[{}]/g, hex).replace(NON_PRINTABLE, hex);
}

/**
 * A weakly quoted ("...") HAProxy word whose value is `value` (configuration.txt, 2.2 "Quoting and
 * escaping"): inside double quotes `\` escapes and `$` starts an environment variable (`"${HOME}"`),
 * so `\`, `"` and `$` are escaped with a backslash; `#`, `'` and spaces are plain there. HAProxy
 * turns `\n`, `\r`, `\t` and `\xNN` into the character itself, so a character outside printable
 * ASCII is written with its backslash doubled: HAProxy then reads the visible text `\x0a`, never
 * a line break.
 */
export function haproxyWord(value: string): string {
  const escaped = value.replace(/[\\"$]/g, (c) => `\\${c}`);
  return `"${escaped.replace(NON_PRINTABLE, (c) => `\\${hex(c)}`)}"`;
}

/**
 * A log-format value (`http-after-response set-header NAME FMT`) as a quoted word: in log-format
 * `%` starts a variable or a sample (`%[...]`, `%ci`); `%%` is a literal `%`. RFC 9110 tokens may
 * contain `%`.
 */
export function haproxyFormat(value: string): string {
  return haproxyWord(value.replace(/%/g, '%%'));
}
