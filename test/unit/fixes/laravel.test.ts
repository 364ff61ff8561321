/**
 * The Laravel target (config/cors.php). PHP does not run on this machine (Debian's php is not among
 * the project's packages), so the snippet is read back by a reader of the PHP it uses, written from
 * the PHP manual: comments (a `//` comment ends at a line break or at `?>`), `return [...]`,
 * single- and double-quoted strings with their escapes (and `$` interpolation, refused), true,
 * false, integers. Golden snippets, the string literals read back for arbitrary strings, and hostile
 * plans: the file stays one `return` of the same keys, with exactly the checked values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FixPlan } from '../../../src/shared/cors';
import { targetById } from '../../../src/shared/fixes';
import { phpCommentText, phpString } from '../../../src/shared/fixes/quote-go-ruby-php';
import { corsValues } from '../../../src/shared/fixes/values';
import { hostilePlan, nastyString } from './go-rails-laravel-plans';
import { realisticPlan } from './plans';

const render = (p: FixPlan, moreOrigins: string[] = []) => targetById('laravel')?.render(p, { moreOrigins }) as { code: string; notes: string[]; docs: string[]; language: string };

type PhpValue = string | number | boolean | null | PhpArray;
interface PhpArray {
  entries: Array<[string | number | null, PhpValue]>;
}

/**
 * Reads `<?php` followed by comments and one `return <value>;`. Throws on anything else: a `?>`
 * (in a `//` comment it closes PHP mode: the rest would be output, and a `<?php` would start code
 * again), an interpolation in a double-quoted string, a token PHP config files do not need.
 * https://www.php.net/manual/en/language.basic-syntax.comments.php
 * https://www.php.net/manual/en/language.types.string.php
 */
function readPhpReturn(code: string): { value: PhpValue; comments: string[] } {
  if (!code.startsWith('<?php') || !/\s/.test(code[5] ?? '')) throw new Error('php: no opening tag');
  let i = 5;
  const comments: string[] = [];
  const skip = () => {
    for (;;) {
      while (i < code.length && /\s/.test(code[i] as string)) i++;
      if (code.startsWith('//', i) || code[i] === '#') {
        if (code.startsWith('#[', i)) throw new Error('php: attribute');
        let j = i;
        while (j < code.length && code[j] !== '\n' && !code.startsWith('?>', j)) j++;
        if (code.startsWith('?>', j)) throw new Error(`php: "?>" ends PHP mode inside a comment at ${j}`);
        comments.push(code.slice(i, j));
        i = j;
      } else if (code.startsWith('/*', i)) {
        const end = code.indexOf('*/', i + 2);
        if (end === -1) throw new Error('php: unterminated comment');
        comments.push(code.slice(i, end + 2));
        i = end + 2;
      } else {
        return;
      }
    }
  };
  const expectText = (t: string) => {
    skip();
    if (!code.startsWith(t, i)) throw new Error(`php: expected "${t}" at ${i}: ${JSON.stringify(code.slice(i, i + 20))}`);
    i += t.length;
  };
  const single = (): string => {
    let out = '';
    i++;
    for (;;) {
      const c = code[i];
      if (c === undefined) throw new Error('php: unterminated string');
      if (c === "'") {
        i++;
        return out;
      }
      if (c === '\\' && (code[i + 1] === '\\' || code[i + 1] === "'")) {
        out += code[i + 1];
        i += 2;
      } else {
        out += c;
        i++;
      }
    }
  };
  const double = (): string => {
    let out = '';
    i++;
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', v: '\v', e: '\x1b', f: '\f', '\\': '\\', $: '$', '"': '"' };
    for (;;) {
      const c = code[i];
      if (c === undefined) throw new Error('php: unterminated string');
      if (c === '"') {
        i++;
        return out;
      }
      if (c === '$' && /[A-Za-z_\x80-\uffff{]/.test(code[i + 1] ?? '')) throw new Error('php: interpolation');
      if (c === '{' && code[i + 1] === '$') throw new Error('php: interpolation');
      if (c !== '\\') {
        out += c;
        i++;
        continue;
      }
      const n = code[i + 1] ?? '';
      let m: RegExpExecArray | null;
      if (simple[n] !== undefined) {
        out += simple[n];
        i += 2;
      } else if ((m = /^[0-7]{1,3}/.exec(code.slice(i + 1)))) {
        out += String.fromCharCode(parseInt(m[0], 8) & 0xff);
        i += 1 + m[0].length;
      } else if ((m = /^x([0-9A-Fa-f]{1,2})/.exec(code.slice(i + 1)))) {
        out += String.fromCharCode(parseInt(m[1] as string, 16));
        i += 1 + m[0].length;
      } else if ((m = /^u\{([0-9A-Fa-f]+)\}/.exec(code.slice(i + 1)))) {
        out += String.fromCodePoint(parseInt(m[1] as string, 16));
        i += 1 + m[0].length;
      } else {
        out += '\\';
        i++;
      }
    }
  };
  const value = (): PhpValue => {
    skip();
    const c = code[i];
    if (c === "'") return single();
    if (c === '"') return double();
    if (c === '[') {
      i++;
      const entries: PhpArray['entries'] = [];
      for (;;) {
        skip();
        if (code[i] === ']') {
          i++;
          return { entries };
        }
        const first = value();
        skip();
        if (code.startsWith('=>', i)) {
          i += 2;
          if (typeof first !== 'string' && typeof first !== 'number') throw new Error('php: bad key');
          entries.push([first, value()]);
        } else {
          entries.push([null, first]);
        }
        skip();
        if (code[i] === ',') i++;
        else if (code[i] !== ']') throw new Error(`php: expected "," or "]" at ${i}`);
      }
    }
    const m = /^(true|false|null|\d+)\b/.exec(code.slice(i));
    if (!m) throw new Error(`php: unexpected ${JSON.stringify(code.slice(i, i + 20))}`);
    i += m[0].length;
    return m[0] === 'true' ? true : m[0] === 'false' ? false : m[0] === 'null' ? null : Number(m[0]);
  };
  expectText('return');
  const v = value();
  expectText(';');
  skip();
  if (i !== code.length) throw new Error(`php: more after the return at ${i}`);
  return { value: v, comments };
}

/** A PHP array of key => value pairs as a plain object, keys in order; a list as an array. */
function plain(v: PhpValue): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (v.entries.every(([k]) => k === null)) return v.entries.map(([, x]) => plain(x));
  return Object.fromEntries(v.entries.map(([k, x]) => [String(k), plain(x)]));
}

/** Lone surrogates become U+FFFD, as phpString writes them. */
const scalar = (s: string) => s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');

describe('the PHP reader reads what PHP would', () => {
  it('escapes, interpolation and comments', () => {
    expect(plain(readPhpReturn(`<?php return ['a\\\\b\\'c\\n', "\\x41\\101\\u{1F600}\\q\\$x", 12, true, false, null];`).value)).toEqual(["a\\b'c\\n", 'AA\u{1f600}\\q$x', 12, true, false, null]);
    expect(() => readPhpReturn('<?php return ["$x"];')).toThrow(/interpolation/);
    expect(() => readPhpReturn('<?php return ["{$x}"];')).toThrow(/interpolation/);
    expect(() => readPhpReturn('<?php // a ?> b\nreturn [];')).toThrow(/ends PHP mode/);
    expect(readPhpReturn('<?php /* ?> */ // x\nreturn [];').comments).toEqual(['/* ?> */', '// x']);
  });
});

describe('phpString and phpCommentText', () => {
  it('phpString reads back as exactly the value, printable ASCII, single-quoted when it can be', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 30 }), nastyString, fc.array(nastyString, { maxLength: 4 }).map((a) => a.join(''))), (s) => {
        const lit = phpString(s);
        expect(lit).toMatch(/^[\x20-\x7e]*$/);
        if (/^[\x20-\x7e]*$/.test(s)) expect(lit.startsWith("'")).toBe(true);
        expect(plain(readPhpReturn(`<?php return [${lit}, 1];`).value)).toEqual([scalar(s), 1]);
      }),
      { numRuns: 500 },
    );
  });
  it('phpCommentText never lets a `//` comment end early', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(nastyString, fc.constantFrom('?', '>', '?>', '??>>', 'x')), { maxLength: 6 }).map((a) => a.join('').replace(/[\r\n\u2028\u2029\u0085]/g, '')), (s) => {
        const { comments } = readPhpReturn(`<?php // ${phpCommentText(s)}\nreturn [];`);
        expect(comments).toEqual([`// ${phpCommentText(s)}`]);
      }),
      { numRuns: 300 },
    );
  });
});

const KEYS = ['paths', 'allowed_methods', 'allowed_origins', 'allowed_origins_patterns', 'allowed_headers', 'exposed_headers', 'max_age', 'supports_credentials'];

describe('golden', () => {
  it('for a realistic plan', () => {
    expect(render(realisticPlan()).code).toBe(`<?php

// config/cors.php (Laravel 11+: php artisan config:publish cors). HandleCors, in the global
// middleware, reads it and runs before route middleware such as auth and auth:sanctum.
return [

    // Every path your pages call: HandleCors does nothing for the others.
    'paths' => ['api/*'],

    'allowed_methods' => ['GET', 'PUT'],

    // The allowed origins, exact strings: add one per origin. Never '*'.
    'allowed_origins' => ['https://app.example'],

    // Regexes; left empty on purpose (an unanchored one lets other sites in).
    'allowed_origins_patterns' => [],

    'allowed_headers' => ['authorization', 'content-type', 'x-api-key'],

    'exposed_headers' => ['x-request-id'],

    'max_age' => 7200,

    'supports_credentials' => true,

];`);
  });
  it('without preflight or credentials, two origins', () => {
    const code = render({ ...realisticPlan(), preflight: false, credentials: false, exposeHeaders: [], lines: [] }, ['http://localhost:3000']).code;
    expect(plain(readPhpReturn(code).value)).toEqual({
      paths: ['api/*'], allowed_methods: [], allowed_origins: ['https://app.example', 'http://localhost:3000'], allowed_origins_patterns: [],
      allowed_headers: [], exposed_headers: [], max_age: 0, supports_credentials: false,
    });
    expect(code).toContain("    // No preflight: the methods and headers lists are not used.\n    'allowed_methods' => [],");
  });
  it('a preflight that needs no method listed says why the list is empty', () => {
    const code = render({ ...realisticPlan(), methods: [], lines: [] }).code;
    expect(code).toContain("'allowed_methods' => [], // none needed: GET, HEAD and POST are always allowed");
  });
  it('notes and docs', () => {
    const s = render(realisticPlan());
    expect(s.language).toBe('php');
    expect(s.docs).toEqual(['https://laravel.com/docs/routing#cors', 'https://github.com/fruitcake/php-cors#readme']);
    const notes = s.notes.join('\n');
    expect(notes).toMatch(/`paths` must cover/);
    expect(notes).toMatch(/config:clear/);
    expect(notes).toMatch(/HandleCors/);
    expect(notes).toMatch(/supports_credentials' => true` makes php-cors send back any Origin/);
    expect(render({ ...realisticPlan(), credentials: false }).notes.join('\n')).not.toMatch(/send back any Origin/);
    expect(render({ ...realisticPlan(), methods: ['patch'] }).notes.join('\n')).toMatch(/fetch sends `patch`/);
  });
});

describe('hostile plans', () => {
  it('one `return` of the same keys, exactly the checked values, a comment per value left out, no way out of PHP', () => {
    fc.assert(
      fc.property(hostilePlan, fc.array(fc.constantFrom('http://localhost:3000', 'https://a.example?><?php system("id"); //', '', 'chrome-extension://abcdefghijklmnop'), { maxLength: 2 }), (plan, more) => {
        const s = render(plan, more);
        const v = corsValues(plan, { moreOrigins: more });
        expect(s.code).toMatch(/^[\x20-\x7e\n]*$/);
        const { value, comments } = readPhpReturn(s.code);
        expect(comments.filter((c) => c.startsWith('// Left out ')).length).toBe(v.refused.length);
        const config = plain(value) as Record<string, unknown>;
        expect(Object.keys(config)).toEqual(KEYS);
        expect(config).toEqual({
          paths: ['api/*'],
          allowed_methods: v.methods,
          allowed_origins: v.origins,
          allowed_origins_patterns: [],
          allowed_headers: v.allowHeaders,
          exposed_headers: v.exposeHeaders,
          max_age: v.preflight ? v.maxAge : 0,
          supports_credentials: v.credentials,
        });
        for (const note of s.notes) expect(note).toMatch(/^[\x20-\x7e]*$/);
      }),
      { numRuns: 400 },
    );
  });
  it('a refused origin that tries to leave PHP mode stays inside its comment', () => {
    const code = render({ ...realisticPlan(), origin: 'https://a.example?><?php system("id"); //' }).code;
    expect(code).toContain('// Left out origin "https://a.example?\\x3e<?php system(\\"id\\"); //"');
    expect(plain(readPhpReturn(code).value)).toMatchObject({ allowed_origins: [] });
  });
});
