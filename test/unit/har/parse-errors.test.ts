import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importHarText, importHarValue } from '../../../src/shared/har';
import { fixtureText } from './load-fixture';

function reasonOf(text: string): string {
  const r = importHarText(text);
  if (r.ok) throw new Error('expected an error');
  return r.error.reason;
}

const entry = (over: Record<string, unknown> = {}) => ({
  startedDateTime: '2025-06-12T09:14:03.512Z',
  time: 10,
  request: { method: 'GET', url: 'https://api.example.com/', headers: [] },
  response: { status: 200, headers: [] },
  ...over,
});
const har = (entries: unknown[]) => JSON.stringify({ log: { version: '1.2', creator: { name: 'x' }, entries } });

describe('invalid input gives a one-line reason', () => {
  it.each([
    ['', 'empty file'],
    ['   \n', 'empty file'],
    ['hello', 'not valid JSON (syntax error at line 1, column 1)'],
    ['{"log": {"entries": [', 'not valid JSON (it ends too early: truncated file?)'],
    ['[1,2]', 'not a HAR file (the top level is not a JSON object)'],
    ['"a string"', 'not a HAR file (the top level is not a JSON object)'],
    ['{}', 'not a HAR file (missing log)'],
    ['{"log": 3}', 'not a HAR file (log is not an object)'],
    ['{"log": {}}', 'not a HAR file (missing log.entries)'],
    ['{"log": {"entries": {}}}', 'not a HAR file (missing log.entries)'],
  ])('%j → %s', (text, reason) => {
    expect(reasonOf(text)).toBe(reason);
  });

  it('points at the line and column of a syntax error', () => {
    expect(reasonOf('{\n  "log": {\n    "entries": [,]\n  }\n}')).toBe('not valid JSON (syntax error at line 3, column 17)');
  });

  it('names the entry and the field that is missing or wrong', () => {
    expect(reasonOf(har([entry(), 'x']))).toBe('invalid HAR (log.entries[1] is not an object)');
    expect(reasonOf(har([entry({ request: undefined })]))).toBe('invalid HAR (log.entries[0].request is missing)');
    expect(reasonOf(har([entry({ request: { url: 'https://a.example/' } })]))).toBe(
      'invalid HAR (log.entries[0].request.method is missing)',
    );
    expect(reasonOf(har([entry({ request: { method: 'GET' } })]))).toBe('invalid HAR (log.entries[0].request.url is missing)');
    expect(reasonOf(har([entry({ request: { method: 'GET', url: '/relative' } })]))).toBe(
      'invalid HAR (log.entries[0].request.url is not an absolute URL)',
    );
    expect(reasonOf(har([entry({ startedDateTime: undefined })]))).toBe('invalid HAR (log.entries[0].startedDateTime is missing)');
    expect(reasonOf(har([entry({ startedDateTime: 'yesterday' })]))).toBe(
      'invalid HAR (log.entries[0].startedDateTime is not a date)',
    );
    expect(reasonOf(har([entry({ response: { status: '200', headers: [] } })]))).toBe(
      'invalid HAR (log.entries[0].response.status is not a number)',
    );
    expect(reasonOf(har([entry({ request: { method: 'GET', url: 'https://a.example/', headers: {} } })]))).toBe(
      'invalid HAR (log.entries[0].request.headers is not a list)',
    );
    expect(reasonOf(har([entry({ response: { status: 200, headers: [{ value: 'x' }] } })]))).toBe(
      'invalid HAR (log.entries[0].response.headers[0] is not a {name, value} pair)',
    );
  });

  it('a truncated real HAR is reported as truncated', () => {
    const text = fixtureText('chrome-devtools.har');
    expect(reasonOf(text.slice(0, text.length / 2))).toBe('not valid JSON (it ends too early: truncated file?)');
  });

  it('reasons never quote file content (which may hold control characters) and stay on one line', () => {
    const r = reasonOf('\u001b[2J{"log"\n: nope}');
    expect(r).not.toContain('\u001b');
    expect(r).not.toContain('\n');
  });

  it('never throws, whatever JSON it is given', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const r = importHarValue(v);
        if (!r.ok) expect(r.error.reason).not.toMatch(/\n|TypeError|undefined/);
      }),
      { numRuns: 300 },
    );
    // And HAR-shaped values with random entry contents.
    fc.assert(
      fc.property(fc.array(fc.anything()), (entries) => {
        const r = importHarValue({ log: { entries } });
        if (!r.ok) expect(r.error.reason).toMatch(/^invalid HAR \(log\.entries\[\d+\]/);
      }),
      { numRuns: 300 },
    );
  });
});

describe('tolerated variations', () => {
  it('accepts a byte-order mark, an empty entry list, missing pages and a missing response', () => {
    const text = `\ufeff${har([entry({ response: undefined })])}`;
    const r = importHarText(text);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.exchanges).toHaveLength(1);
      expect(r.value.exchanges[0]?.exchange.outcome).toEqual({ kind: 'unknown' });
    }
    const empty = importHarText(har([]));
    expect(empty.ok && empty.value.exchanges).toEqual([]);
  });
});
