import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { HeaderLine } from '../../../src/shared/model';
import { commaItems, headerLines, headerValue, headerValues } from '../../../src/shared/cors/headers';
import { isSafelistedContentType, unsafeRequestHeaders } from '../../../src/shared/cors/safelist';

// Names that the one-pass readers look for, in several spellings, among arbitrary others.
const NAMES = ['origin', 'Origin', 'ORIGIN', 'cookie', 'Cookie', 'sec-fetch-mode', 'Sec-Fetch-Mode', 'access-control-request-method', 'Access-Control-Request-Headers', 'access-control-request-private-network', 'accept', 'X-Custom'];
const line = fc.record({
  name: fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 12 })),
  value: fc.oneof(fc.constantFrom('https://app.example', ' cors ', 'a=1', '', 'true', '\tPUT\t'), fc.string({ maxLength: 20 })),
});
const lines = fc.array(line, { maxLength: 14 }) as fc.Arbitrary<HeaderLine[]>;

describe('reading several headers in one pass gives what reading each one gives', () => {
  it('headerValues agrees with headerValue, duplicates joined and values trimmed', () => {
    const wanted = ['origin', 'cookie', 'sec-fetch-mode', 'access-control-request-method'];
    fc.assert(fc.property(lines, (list) => {
      expect(headerValues(list, wanted)).toEqual(wanted.map((n) => headerValue(list, n)));
    }));
  });

  it('the request scan reads Origin, Sec-Fetch-Mode and Cookie as headerValue does', () => {
    fc.assert(fc.property(lines, (list) => {
      const scan = unsafeRequestHeaders(list);
      expect(scan.origin).toBe(headerValue(list, 'origin'));
      expect(scan.secFetchMode).toBe(headerValue(list, 'sec-fetch-mode'));
      expect(scan.cookie).toBe(headerValue(list, 'cookie') !== null);
    }));
  });

  it('names match whatever their case, from either end', () => {
    const list = [{ name: 'Access-Control-Allow-Headers', value: 'x-a' }, { name: 'access-control-allow-methods', value: 'PUT' }, { name: 'ACCESS-CONTROL-ALLOW-HEADERS', value: ' x-b ' }];
    expect(headerValue(list, 'access-control-allow-headers')).toBe('x-a, x-b');
    expect(headerLines(list, 'Access-Control-Allow-Methods')).toEqual(['PUT']);
    expect(headerValue(list, 'access-control-allow-origin')).toBeNull();
    // Only A-Z fold: a Kelvin sign is not a K (String#toLowerCase would make it one).
    expect(headerValue([{ name: 'COO\u212AIE', value: 'a=1' }], 'cookie')).toBeNull();
    expect(headerValue([{ name: 'COOKIE', value: 'a=1' }], 'cookie')).toBe('a=1');
  });
});

describe('the hand-written parsers agree with their plain definitions', () => {
  it('commaItems: split on commas, HTTP whitespace trimmed, empty items dropped', () => {
    const text = fc.string({ unit: fc.constantFrom(',', ' ', '\t', 'a', 'B', '-', '*'), maxLength: 24 });
    fc.assert(fc.property(fc.option(text, { nil: null }), (value) => {
      const plain = value === null ? [] : value.split(',').map((s) => s.replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '')).filter((s) => s !== '');
      expect(commaItems(value)).toEqual(plain);
    }));
  });

  it('a safelisted Content-Type: no CORS-unsafe byte, and one of the three essences (asked twice: the answer is remembered)', () => {
    // https://fetch.spec.whatwg.org/#cors-unsafe-request-header-byte and #cors-safelisted-request-header
    // eslint-disable-next-line no-control-regex
    const unsafe = /[\u0000-\u0008\u000a-\u001f\u007f"():<>?@[\\\]{}]/;
    const essences = ['text/plain', 'multipart/form-data', 'application/x-www-form-urlencoded'];
    const value = fc.oneof(
      fc.tuple(fc.constantFrom(...essences, 'application/json', 'TEXT/Plain', 'text/plain '), fc.constantFrom('', ';charset=UTF-8', '; boundary="x"', ';a=(b)', '\u0001', '\u00e9')).map(([a, b]) => a + b),
      fc.string({ maxLength: 30 }),
    );
    fc.assert(fc.property(value, (v) => {
      const essence = v.split(';')[0]?.trim().toLowerCase() ?? '';
      const plain = !unsafe.test(v) && essences.includes(essence);
      expect(isSafelistedContentType(v)).toBe(plain);
      expect(isSafelistedContentType(v)).toBe(plain);
    }));
  });
});
