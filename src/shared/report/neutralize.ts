/**
 * Header values and URLs come from untrusted servers. Before they reach a terminal or a Markdown file,
 * every character that could act rather than print is shown as an escape instead: C0 controls (ESC
 * starts terminal sequences, CR/LF fake new lines), DEL, C1 controls (U+009B is a one-character CSI on
 * some terminals), Unicode line separators and the bidirectional overrides that reorder what is seen.
 */
import { codeSpan, parseInline } from '../cors/inline-code';

// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeChar(c: string): string {
  const named = NAMED[c];
  if (named !== undefined) return named;
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** The string with every unsafe character replaced by a visible escape (`\x1b`, `\n`, `\u202e`). */
export function neutralize(s: string): string {
  return s.replace(UNSAFE, escapeChar);
}

/**
 * Inline Markdown text: neutralized, then every character that could open Markdown or HTML structure
 * (emphasis, links, code, tables, raw HTML) is escaped, and a leading block marker is escaped too.
 */
export function markdownText(s: string): string {
  const escaped = neutralize(s)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_{}[\]()#+!|~]/g, (c) => `\\${c}`);
  // "-", "=" or "1." at the start of a line would start a list or a heading underline.
  return escaped.replace(/^(\s*)([-=]|\d+[.)])/, (_m, sp: string, mark: string) => `${sp}\\${mark}`);
}

/**
 * An engine text (explanation, advisory, step) as inline Markdown: its code spans stay code spans, with a
 * fence their content cannot close, and the running text is escaped as markdownText does. A code span
 * holding `<`, `>` or `&` is written as escaped text between literal backticks instead: inside a code
 * span nothing can be escaped, and a report must not carry markup from a server even where a renderer
 * would show it as text.
 */
export function markdownInline(s: string): string {
  let out = '';
  for (const seg of parseInline(s)) {
    if (!seg.code) out += markdownText(seg.text);
    else if (/[<>&]/.test(seg.text)) out += `\\\`${markdownText(seg.text)}\\\``;
    else out += codeSpan(neutralize(seg.text));
  }
  return out;
}

/**
 * A fenced code block that its content cannot close: the fence is longer than any backtick run inside
 * (CommonMark closes a fence only with one at least as long), and each line is neutralized so content
 * cannot start a line of its own.
 */
export function markdownCodeBlock(lines: readonly string[], info = ''): string {
  const safe = lines.map(neutralize);
  let longest = 0;
  for (const line of safe) for (const run of line.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${info}`, ...safe, fence].join('\n');
}

/**
 * JSON.stringify escapes C0 controls but prints C1 controls, line separators and bidi overrides raw;
 * this escapes those too, so the JSON stays valid and safe to cat to a terminal.
 */
export function safeJsonStringify(value: unknown, indent = 2): string {
  return JSON.stringify(value, null, indent).replace(
    /[\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
