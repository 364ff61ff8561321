/**
 * The engine's texts (explanations, advisories, real causes) mark header lines and values as code the way
 * Markdown does: `Access-Control-Allow-Origin: *`. Values come from servers, and a value may itself hold a
 * backtick (a config copied from Markdown docs: `Access-Control-Allow-Origin: \`https://app.example\``),
 * which a plain split on backticks would swallow, hiding the very mistake to show.
 *
 * So the texts follow CommonMark's rules for code spans (https://spec.commonmark.org/0.31.2/#code-spans):
 * a span opened by a run of N backticks closes at the next run of exactly N; a value with backticks gets
 * a longer fence, padded with a space when it starts or ends with one. Outside code, a backtick or
 * backslash from a value is escaped with a backslash. `parseInline` reads the texts back into plain and
 * code segments for the panel; the Markdown report writes them as code spans again.
 */

/** A code span whose content is exactly `content`, whatever backticks it holds. */
export function codeSpan(content: string): string {
  // CommonMark strips one space from each end when both ends have one: pad so the content keeps its own.
  const spaced = content.length >= 2 && content.charCodeAt(0) === 32 && content.charCodeAt(content.length - 1) === 32 && content.trim() !== '';
  // The usual case, on every explanation's path: no backtick.
  if (content.indexOf('`') === -1) return spaced ? `\` ${content} \`` : `\`${content}\``;
  let longest = 0;
  for (const run of content.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = spaced || content.startsWith('`') || content.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/** A value placed in running text: backticks and backslashes escaped, so it cannot open or close code. */
export function plainText(value: string): string {
  // On every explanation's path: most values hold neither character.
  return value.indexOf('`') === -1 && value.indexOf('\\') === -1 ? value : value.replace(/[`\\]/g, '\\$&');
}

export interface InlineSegment {
  code: boolean;
  text: string;
}

/**
 * Splits an engine text into plain and code segments (the inverse of codeSpan / plainText). A backtick
 * run with no closing run of the same length is plain text, as in CommonMark.
 */
export function parseInline(text: string): InlineSegment[] {
  const out: InlineSegment[] = [];
  let plain = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '\\' && (text[i + 1] === '`' || text[i + 1] === '\\')) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (c !== '`') {
      plain += c;
      i++;
      continue;
    }
    let n = 0;
    while (text[i + n] === '`') n++;
    const close = closingRun(text, i + n, n);
    if (close < 0) {
      plain += '`'.repeat(n);
      i += n;
      continue;
    }
    if (plain) out.push({ code: false, text: plain });
    plain = '';
    let content = text.slice(i + n, close);
    if (content.length >= 2 && content.startsWith(' ') && content.endsWith(' ') && content.trim() !== '') content = content.slice(1, -1);
    out.push({ code: true, text: content });
    i = close + n;
  }
  if (plain) out.push({ code: false, text: plain });
  return out;
}

/** Index of the next run of exactly `n` backticks at or after `from`, or -1. */
function closingRun(text: string, from: number, n: number): number {
  let i = text.indexOf('`', from);
  while (i >= 0) {
    let m = 0;
    while (text[i + m] === '`') m++;
    if (m === n) return i;
    i = text.indexOf('`', i + m);
  }
  return -1;
}

/** The text with its code marks gone and its escapes undone (the panel's list shows titles so). */
export function inlinePlain(text: string): string {
  if (!/[`\\]/.test(text)) return text;
  let out = '';
  for (const s of parseInline(text)) out += s.text;
  return out;
}

/** The text for a reader of plain text (the CLI): code spans kept, the escapes of running text undone. */
export function inlineAsText(text: string): string {
  if (!/[`\\]/.test(text)) return text;
  let out = '';
  for (const s of parseInline(text)) out += s.code ? codeSpan(s.text) : s.text;
  return out;
}
