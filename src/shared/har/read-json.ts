import { fail, type HarResult } from './errors';
import { jsonErrorOffset } from './json-error-offset';

/**
 * JSON.parse with a reason a user can read. V8's own messages quote the offending text, which may be
 * binary noise or control characters, and give no position for many errors, so the reason is built
 * from the position alone, as line and column.
 */
export function parseJsonText(text: string): HarResult<unknown> {
  // Fiddler and some Windows tools write a UTF-8 byte-order mark.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') return fail('empty', 'empty file');
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch {
    const offset = jsonErrorOffset(body);
    if (offset >= body.length) return fail('not-json', 'not valid JSON (it ends too early: truncated file?)');
    const before = body.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return fail('not-json', `not valid JSON (syntax error at line ${line}, column ${column})`);
  }
}
