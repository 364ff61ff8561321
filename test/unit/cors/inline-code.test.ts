import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/shared/cors';
import { codeSpan, inlineAsText, inlinePlain, parseInline, plainText } from '../../../src/shared/cors/inline-code';
import { markdownInline } from '../../../src/shared/report/neutralize';
import { A, ex, ok } from './build';

const text = fc.string({ unit: fc.constantFrom('a', ' ', '`', '\\', '-', ':'), minLength: 1, maxLength: 12 });

/** The code parts of an engine text, as the panel shows them. */
const codeOf = (s: string) => parseInline(s).filter((x) => x.code).map((x) => x.text);

describe('code spans and running text in the engine texts', () => {
  it('a code span gives back exactly its content, backticks, backslashes and spaces included', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(parseInline(codeSpan(s))).toEqual([{ code: true, text: s }]);
      }),
    );
  });

  it('running text with escaped values gives back exactly the values, and never code', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(parseInline(plainText(s))).toEqual([{ code: false, text: s }]);
      }),
    );
  });

  it('values side by side stay apart', () => {
    fc.assert(
      fc.property(text, text, text, (a, b, c) => {
        expect(parseInline(`${plainText(a)}${codeSpan(b)}${plainText(c)}`)).toEqual([
          { code: false, text: a },
          { code: true, text: b },
          { code: false, text: c },
        ]);
      }),
    );
  });

  it.each([
    ['`a`', [{ code: true, text: 'a' }]],
    ['x `a` y', [{ code: false, text: 'x ' }, { code: true, text: 'a' }, { code: false, text: ' y' }]],
    ['``a`b``', [{ code: true, text: 'a`b' }]],
    ['`` `a` ``', [{ code: true, text: '`a`' }]],
    ['an odd ` stays text', [{ code: false, text: 'an odd ` stays text' }]],
    ['``a` is not closed by one', [{ code: false, text: '``a` is not closed by one' }]],
    ['a \\` b', [{ code: false, text: 'a ` b' }]],
  ])('%j', (s, segments) => {
    expect(parseInline(s)).toEqual(segments);
  });

  it('the list shows a title plain: code marks gone, escapes undone', () => {
    expect(inlinePlain(`says ${codeSpan('a`b')} and ${plainText('c`d\\')}`)).toBe('says a`b and c`d\\');
    expect(inlinePlain('`*` cannot be used with credentials')).toBe('* cannot be used with credentials');
  });

  it('the CLI shows the escapes undone and the code spans kept', () => {
    expect(inlineAsText(`host ${plainText('a`b')} says ${codeSpan('x`y')}`)).toBe('host a`b says ``x`y``');
  });

  it('the Markdown report writes a code span with markup in it as escaped text, never raw', () => {
    const md = markdownInline(`says ${codeSpan('Access-Control-Allow-Origin: <img src=x>')}`);
    expect(md).not.toMatch(/<img/);
    expect(md).toBe('says \\`Access-Control-Allow-Origin: &lt;img src=x&gt;\\`');
  });

  it('the Markdown report keeps the code spans as code and escapes the rest', () => {
    expect(markdownInline(`The response says ${codeSpan('Access-Control-Allow-Origin: `*`')} to *you*`)).toBe(
      'The response says `` Access-Control-Allow-Origin: `*` `` to \\*you\\*',
    );
  });
});

describe('a value with backticks in an explanation (a config copied from Markdown docs)', () => {
  it('names the Access-Control-Allow-Origin value exactly, backticks included', () => {
    const d = diagnose(ex({ res: { headers: ok({}, `\`${A}\``) }, outcome: 'net::ERR_FAILED' }));
    expect(d.verdict).toBe('blocked');
    expect(d.failedParameter).toBe(`\`${A}\``);
    expect(codeOf(d.explanation.summary)).toContain(`Access-Control-Allow-Origin: \`${A}\``);
  });

  it('keeps a backtick in a status text out of code', () => {
    const d = diagnose(ex({ res: { status: 500, statusText: 'Oops `boom` here', headers: {} }, outcome: 'net::ERR_FAILED' }));
    expect(d.realCause?.kind).toBe('http-error');
    const segments = parseInline(d.realCause?.detail ?? '');
    expect(segments.filter((s) => s.code)).toEqual([]);
    expect(segments.map((s) => s.text).join('')).toContain('500 Oops `boom` here');
  });

  it('names a header with a backtick in its name exactly, in the reason for the preflight', () => {
    const d = diagnose(ex({ method: 'GET', req: { 'X-`Odd`': '1' }, pre: { headers: ok({ 'Access-Control-Allow-Headers': 'x-`odd`' }) }, res: { headers: ok() } }));
    expect(d.preflight.needed).toBe(true);
    expect(d.explanation.why.flatMap(codeOf)).toContain('x-`odd`');
  });
});
