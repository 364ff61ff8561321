/** The quoting helpers, each read back the way its server or language reads it. */
import vm from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apacheExactRegex, apacheHeaderValue, apacheWord, jsString, NGINX_DOLLAR_GEO, nginxString, shown } from '../../../src/shared/fixes/quote';
import { apacheDirectives, apacheHeaderValue as readHeaderValue, nginxDirectives, nginxInterpolate } from './syntax';

const PRINTABLE = /^[\x20-\x7e]*$/;
/** Any string, lone surrogates, controls and line separators included. */
const anyString = fc.string({ unit: 'binary', maxLength: 40 });
const printable = fc.string({ unit: 'binary-ascii', maxLength: 40 }).map((s) => s.replace(/[^\x20-\x7e]/g, ''));
const nasty = fc.constantFrom('"', "'", '\\', '\\\\', '\n', '\r\n', '$host', '${x}', '$1', '%', '%%', '%t', '%{HTTP_COOKIE}e', ';', '{', '}', '#', '`', '\u2028', '\u2029', '\u202e', '</script>', '<!--', '*/', '\\"', 'x\\');
const mixed = fc.array(fc.oneof(anyString, nasty), { maxLength: 5 }).map((parts) => parts.join(''));
const mixedPrintable = fc.array(fc.oneof(printable, nasty.filter((s) => PRINTABLE.test(s))), { maxLength: 5 }).map((parts) => parts.join(''));

describe('jsString', () => {
  it('is a JS string literal of exactly the value, in printable ASCII', () => {
    fc.assert(
      fc.property(mixed, (s) => {
        const lit = jsString(s);
        expect(lit).toMatch(PRINTABLE);
        expect(lit).not.toContain('<');
        expect(vm.runInNewContext(lit)).toBe(s);
        // Still one expression when spliced into code.
        expect(vm.runInNewContext(`[${lit}, 1]`)).toEqual([s, 1]);
      }),
    );
  });
});

describe('nginxString', () => {
  it('is one quoted word that reads back as the value (literal contexts)', () => {
    fc.assert(
      fc.property(mixedPrintable, (s) => {
        const word = nginxString(s, false);
        expect(word).toMatch(PRINTABLE);
        const [d, ...rest] = nginxDirectives(`x ${word};`);
        expect(rest).toEqual([]);
        expect(d?.args).toEqual([s]);
      }),
    );
  });
  it('writes $ through the geo variable where values take variables', () => {
    const geo = nginxDirectives(NGINX_DOLLAR_GEO);
    expect(geo.map((d) => [d.name, d.args])).toEqual([['geo', ['$corsight_dollar']], ['default', ['$']]]);
    fc.assert(
      fc.property(mixedPrintable, (s) => {
        const [d] = nginxDirectives(`add_header X ${nginxString(s, true)} always;`);
        expect(d?.args.length).toBe(3);
        expect(nginxInterpolate(d?.args[1] as string, { corsight_dollar: '$' })).toBe(s);
      }),
    );
  });
  it('never lets a line break or control character through raw', () => {
    fc.assert(
      fc.property(mixed, (s) => {
        expect(nginxString(s, true)).toMatch(PRINTABLE);
        expect(nginxDirectives(`x ${nginxString(s, true)};`)).toHaveLength(1);
      }),
    );
  });
});

describe('Apache quoting', () => {
  it('apacheWord is one config word that reads back as the value', () => {
    fc.assert(
      fc.property(mixedPrintable, (s) => {
        const word = apacheWord(s);
        expect(word).toMatch(PRINTABLE);
        expect(apacheDirectives(`X ${word} y`)).toEqual([{ name: 'X', args: [s, 'y'], depth: 0, block: false }]);
      }),
    );
  });
  it('apacheHeaderValue survives mod_headers: % and \\ are literal', () => {
    fc.assert(
      fc.property(mixedPrintable, (s) => {
        const [d] = apacheDirectives(`Header always set X ${apacheHeaderValue(s)} env=CORS_ORIGIN`);
        expect(d?.args.length).toBe(5);
        expect(readHeaderValue(d?.args[3] as string, { HTTP_COOKIE: 'secret' })).toBe(s);
      }),
    );
  });
  it('apacheExactRegex matches the value and nothing else', () => {
    fc.assert(
      fc.property(mixedPrintable, printable, (s, extra) => {
        const [d] = apacheDirectives(`SetEnvIf Origin ${apacheExactRegex(s)} CORS_ORIGIN=$0`);
        const re = new RegExp(d?.args[1] as string);
        expect(re.test(s)).toBe(true);
        expect(s.replace(re, '')).toBe('');
        if (extra !== '') {
          expect(re.test(s + extra)).toBe(false);
          expect(re.test(extra + s)).toBe(false);
        }
      }),
    );
    expect(apacheExactRegex('https://app.example')).toBe('"^https://app\\.example$"');
    expect(apacheExactRegex('http://[::1]:8080')).toBe('"^http://\\[::1\\]:8080$"');
  });
  it('never lets a line break through raw', () => {
    fc.assert(
      fc.property(mixed, (s) => {
        expect(apacheHeaderValue(s)).toMatch(PRINTABLE);
        expect(apacheExactRegex(s)).toMatch(PRINTABLE);
      }),
    );
  });
});

describe('shown', () => {
  it('is printable ASCII, quoted, and never ends in a backslash', () => {
    fc.assert(
      fc.property(mixed, (s) => {
        const out = shown(s);
        expect(out).toMatch(PRINTABLE);
        expect(out).toMatch(/^".*"(\.\.\.)?$/);
        expect(out.endsWith('\\')).toBe(false);
      }),
    );
  });
  it('escapes what it cannot show', () => {
    expect(shown('a\nb"\\\u202e\x1b')).toBe('"a\\nb\\"\\\\\\u202e\\x1b"');
    expect(shown('x'.repeat(70))).toBe(`"${'x'.repeat(60)}"...`);
  });
});
