/**
 * pyString and pyList, checked by Python itself: every literal evaluates, in Python, to exactly the
 * string it was written for, whatever it holds (quotes, backslashes, line breaks, controls, U+2028,
 * bidi overrides, astral characters, lone surrogates), and is one line of printable ASCII.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pyList, pyString } from '../../../src/shared/fixes/python';
import { evalPythonStrings, parsePython } from './python-syntax';

describe('pyString', () => {
  it('writes plain values as they are, in double quotes', () => {
    expect(pyString('https://app.example')).toBe('"https://app.example"');
    expect(pyString("x-it's")).toBe('"x-it\'s"');
    expect(pyString('{x} %s $y #z')).toBe('"{x} %s $y #z"');
    expect(pyList(['GET', 'PUT'])).toBe('["GET", "PUT"]');
    expect(pyList([])).toBe('[]');
  });

  it('escapes what could end the literal, the line, or mislead a reviewer', () => {
    expect(pyString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(pyString('\n\r\t\x00\x7f')).toBe('"\\n\\r\\t\\x00\\x7f"');
    expect(pyString('\u2028\u202e\u0085')).toBe('"\\u2028\\u202e\\x85"');
    expect(pyString('\u{1f600}')).toBe('"\\U0001f600"');
    expect(pyString('\ud800')).toBe('"\\ud800"');
    expect(pyString('x\\')).toBe('"x\\\\"');
  });

  it('Python reads back exactly the value, for any string', () => {
    const values = [
      ...fc.sample(fc.string({ unit: 'binary', maxLength: 30 }), 300),
      ...fc.sample(fc.string({ unit: fc.constantFrom('"', "'", '\\', '\n', '\r', 'N', '{', '}', 'x', 'u', 'U', '0', '\u2028', '\ud800', '\udc00'), maxLength: 12 }), 300),
      '\\N{BULLET}', '"""', "'''", '\\', '\ud83d', '\ude00', '\ud83d\ude00',
    ];
    const literals = values.map(pyString);
    for (const l of literals) expect(l).toMatch(/^"[\x20-\x7e]*"$/);
    expect(evalPythonStrings(literals)).toEqual(values);
    // A list of them is one list expression of those strings.
    const [parsed] = parsePython([`X = ${pyList(values)}`]);
    expect(parsed?.error).toBeUndefined();
    expect(parsed?.assigns.X).toEqual(values);
  });
});
