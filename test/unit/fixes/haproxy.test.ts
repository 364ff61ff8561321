/**
 * The HAProxy target: read back the way HAProxy 2.6 reads its configuration (words, quoting and
 * escaping of configuration.txt 2.2, then log-format for header values), run on simulated requests,
 * golden snippets, what the plan switches on and off, and hostile values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FixPlan } from '../../../src/shared/cors';
import { targetById } from '../../../src/shared/fixes';
import { haproxyFormat, haproxyWord } from '../../../src/shared/fixes/quote-proxy';
import { A, hostileValues, legalNames, maxAgeOf, plan, realisticPlan } from './plans';
import { checkAgainstReference, mixedWith, PRINTABLE, printable } from './proxy-hostile';

/**
 * One line's words as HAProxy's parser cuts them: space and tab separate words; `#` outside quotes
 * starts a comment; a backslash outside single quotes escapes a space, `#`, `\`, `'`, `"` or `$`,
 * and `\n`, `\r`, `\t`, `\xNN` are characters (any other backslash stays); "..." protects spaces,
 * `'` and `#` but expands `$NAME` and `${NAME}` (refused here: a snippet must have none); '...'
 * takes everything literally. Quoted and unquoted parts of one word join.
 */
function haproxyWords(line: string): string[] {
  const words: string[] = [];
  let word: string | null = null;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
      continue;
    }
    if (c === '\\') {
      const n = line[i + 1];
      if (n === undefined) throw new Error('haproxy: backslash at the end of a line');
      const simple: Record<string, string> = { ' ': ' ', '#': '#', '\\': '\\', "'": "'", '"': '"', $: '$', n: '\n', r: '\r', t: '\t' };
      if (simple[n] !== undefined) {
        word = (word ?? '') + simple[n];
        i++;
      } else if (n === 'x' && /^[0-9a-fA-F]{2}$/.test(line.slice(i + 2, i + 4))) {
        word = (word ?? '') + String.fromCharCode(parseInt(line.slice(i + 2, i + 4), 16));
        i += 3;
      } else {
        word = (word ?? '') + '\\';
      }
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '$') throw new Error(`haproxy: environment variable in ${line}`);
      else word += c;
      continue;
    }
    if (c === '"' || c === "'") {
      quote = c;
      word ??= '';
    } else if (c === ' ' || c === '\t') {
      if (word !== null) words.push(word);
      word = null;
    } else if (c === '#') {
      break;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (quote) throw new Error(`haproxy: unterminated quote in ${line}`);
  if (word !== null) words.push(word);
  return words;
}

/** A log-format string's value: `%%` is `%`, `%[var(NAME)]` the variable; any other `%` is refused here. */
function logFormat(fmt: string, vars: Record<string, string>): string {
  let out = '';
  for (let i = 0; i < fmt.length; ) {
    if (fmt[i] !== '%') {
      out += fmt[i];
      i++;
    } else if (fmt[i + 1] === '%') {
      out += '%';
      i += 2;
    } else {
      const m = /^%\[var\(([a-z_.]+)\)\]/.exec(fmt.slice(i));
      if (!m) throw new Error(`haproxy: log-format tag in ${fmt}`);
      out += vars[m[1] as string] ?? '';
      i += m[0].length;
    }
  }
  return out;
}

interface Request {
  method: string;
  origin?: string;
  preflight?: boolean;
}

interface Outcome {
  /** 204 when an http-request return answered, null when the request went on to the backend. */
  returned: number | null;
  headers: Array<[string, string]>;
}

/** Runs the snippet's rules on one request, the way HAProxy would; every line must be one the simulation knows. */
function simulate(code: string, req: Request): Outcome {
  const lines = code.split('\n').map(haproxyWords).filter((w) => w.length > 0);
  const vars: Record<string, string> = {};
  const acls = new Map<string, Array<() => boolean>>();
  const named = (n: string) => {
    if (n === 'METH_OPTIONS') return req.method === 'OPTIONS';
    const tests = acls.get(n);
    if (!tests) throw new Error(`haproxy: no ACL ${n}`);
    return tests.some((t) => t());
  };
  const condition = (words: string[]): boolean => {
    let ok = true;
    for (let i = 0; i < words.length; i++) {
      const w = words[i] as string;
      if (w === '{') {
        const end = words.indexOf('}', i);
        expect(words.slice(i + 1, end)).toEqual(['req.hdr(access-control-request-method)', '-m', 'found']);
        ok &&= req.preflight === true;
        i = end;
      } else {
        ok &&= named(w);
      }
    }
    return ok;
  };
  let returned: number | null = null;
  const headers: Array<[string, string]> = [];
  for (const w of lines) {
    const [kw, ...a] = w;
    if (kw === 'acl') {
      const [n, ...crit] = a as [string, ...string[]];
      let test: () => boolean;
      if (crit.length === 1 && crit[0] === 'always_false') test = () => false;
      else {
        expect(crit.slice(0, 3)).toEqual(['var(txn.cors_origin)', '-m', 'str']);
        expect(crit).toHaveLength(4);
        const pattern = crit[3] as string;
        expect(pattern.startsWith('-')).toBe(false);
        test = () => vars['txn.cors_origin'] === pattern;
      }
      acls.set(n, [...(acls.get(n) ?? []), test]);
    } else if (kw === 'http-request') {
      if (returned !== null) continue;
      if (a[0] === 'set-var(txn.cors_origin)') {
        expect(a).toEqual(['set-var(txn.cors_origin)', 'req.fhdr(origin)']);
        if (req.origin !== undefined) vars['txn.cors_origin'] = req.origin;
      } else {
        expect(a.slice(0, 4)).toEqual(['return', 'status', '204', 'if']);
        if (condition(a.slice(4))) returned = 204;
      }
    } else if (kw === 'http-after-response') {
      const [action, hname, fmt, ...rest] = a as [string, string, string, ...string[]];
      expect(['set-header', 'add-header']).toContain(action);
      if (rest.length > 0) expect(rest[0]).toBe('if');
      if (rest.length === 0 || condition(rest.slice(1))) headers.push([hname, logFormat(fmt, vars)]);
    } else {
      throw new Error(`haproxy: unexpected line ${w.join(' ')}`);
    }
  }
  return { returned, headers };
}

const haproxy = (p: FixPlan, more?: string[]) => targetById('haproxy')?.render(p, more ? { moreOrigins: more } : {}) as { code: string; notes: string[]; docs: string[]; language: string };

const GOLDEN = `# In the frontend (or listen) section that serves the API, above its other http-request rules
# (auth, deny, redirect...): HAProxy runs them in the order written.

    # The allowed origins, exact strings (-m str): one acl line each, all named cors_origin.
    acl cors_origin var(txn.cors_origin) -m str "https://app.example"

    # The request's Origin, kept for the response rules (req.fhdr: the whole value, commas included).
    http-request set-var(txn.cors_origin) req.fhdr(origin)

    # Preflight: answered 204 here, before authentication and before the backend.
    http-request return status 204 if METH_OPTIONS { req.hdr(access-control-request-method) -m found }

    # Every response, errors and HAProxy's own included (http-response would miss those).
    http-after-response set-header Access-Control-Allow-Origin %[var(txn.cors_origin)] if cors_origin
    http-after-response set-header Access-Control-Allow-Credentials true if cors_origin
    http-after-response set-header Access-Control-Allow-Methods "GET, PUT" if cors_origin METH_OPTIONS
    http-after-response set-header Access-Control-Allow-Headers "authorization, content-type, x-api-key" if cors_origin METH_OPTIONS
    http-after-response set-header Access-Control-Max-Age 7200 if cors_origin METH_OPTIONS
    http-after-response set-header Access-Control-Expose-Headers "x-request-id" if cors_origin
    http-after-response add-header Vary Origin`;

const PREFLIGHT_HEADERS: Array<[string, string]> = [
  ['Access-Control-Allow-Origin', A],
  ['Access-Control-Allow-Credentials', 'true'],
  ['Access-Control-Allow-Methods', 'GET, PUT'],
  ['Access-Control-Allow-Headers', 'authorization, content-type, x-api-key'],
  ['Access-Control-Max-Age', '7200'],
  ['Access-Control-Expose-Headers', 'x-request-id'],
  ['Vary', 'Origin'],
];

const names = (o: Outcome) => o.headers.map((h) => h[0]);

describe('HAProxy', () => {
  it('is registered with its language and documentation', () => {
    const s = haproxy(realisticPlan());
    expect(targetById('haproxy')?.label).toBe('HAProxy');
    expect(s.language).toBe('haproxy');
    expect(s.docs).toContain('https://docs.haproxy.org/2.6/configuration.html#4.2-http-after-response');
    for (const url of s.docs) expect(url).toMatch(/^https:\/\/docs\.haproxy\.org\/2\.6\/configuration\.html#\S+$/);
  });

  it('golden snippet for a realistic plan', () => {
    expect(haproxy(realisticPlan()).code).toBe(GOLDEN);
  });

  it('answers the preflight 204 with its headers, and the actual request goes on with its own', () => {
    expect(simulate(GOLDEN, { method: 'OPTIONS', origin: A, preflight: true })).toEqual({ returned: 204, headers: PREFLIGHT_HEADERS });
    expect(simulate(GOLDEN, { method: 'PUT', origin: A })).toEqual({
      returned: null,
      headers: [['Access-Control-Allow-Origin', A], ['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Expose-Headers', 'x-request-id'], ['Vary', 'Origin']],
    });
    // An OPTIONS that is not a preflight goes on to the backend.
    expect(simulate(GOLDEN, { method: 'OPTIONS', origin: A }).returned).toBeNull();
  });

  it('gives any other origin nothing but Vary', () => {
    for (const origin of ['https://evil.example', `${A}.evil.test`, 'https://app.example.', 'null', `${A}, https://evil.example`, undefined]) {
      expect(simulate(GOLDEN, { method: 'OPTIONS', origin, preflight: true })).toEqual({ returned: 204, headers: [['Vary', 'Origin']] });
      expect(simulate(GOLDEN, { method: 'GET', origin }).headers).toEqual([['Vary', 'Origin']]);
    }
  });

  it('lists every allowed origin on its own exact acl line', () => {
    const code = haproxy(plan(), ['http://localhost:3000', 'https://b.example', A]).code;
    const acls = code.split('\n').map(haproxyWords).filter((w) => w[0] === 'acl');
    expect(acls.map((w) => w[5])).toEqual([A, 'http://localhost:3000', 'https://b.example']);
    for (const origin of [A, 'http://localhost:3000', 'https://b.example']) expect(simulate(code, { method: 'GET', origin }).headers[0]).toEqual(['Access-Control-Allow-Origin', origin]);
    expect(simulate(code, { method: 'GET', origin: 'https://c.example' }).headers).toEqual([['Vary', 'Origin']]);
  });

  it('credentials only when the plan has them', () => {
    expect(names(simulate(haproxy(plan()).code, { method: 'GET', origin: A }))).toContain('Access-Control-Allow-Credentials');
    expect(names(simulate(haproxy(plan({ credentials: false })).code, { method: 'GET', origin: A }))).not.toContain('Access-Control-Allow-Credentials');
  });

  it('the preflight parts only when there is a preflight', () => {
    const code = haproxy(plan({ preflight: false, maxAge: null })).code;
    expect(simulate(code, { method: 'OPTIONS', origin: A, preflight: true })).toEqual({
      returned: null,
      headers: [['Access-Control-Allow-Origin', A], ['Access-Control-Allow-Credentials', 'true'], ['Access-Control-Expose-Headers', 'x-request-id'], ['Vary', 'Origin']],
    });
    expect(code).not.toMatch(/OPTIONS|return|Preflight/);
    expect(haproxy(plan({ preflight: false })).notes.join('\n')).not.toMatch(/answered 204/);
  });

  it('Expose-Headers only when there are headers to expose; Vary always; the plan max-age or 7200', () => {
    expect(names(simulate(haproxy(plan({ exposeHeaders: [] })).code, { method: 'GET', origin: A }))).not.toContain('Access-Control-Expose-Headers');
    expect(simulate(haproxy(plan({ preflight: false, credentials: false, exposeHeaders: [] })).code, { method: 'GET', origin: A }).headers).toEqual([['Access-Control-Allow-Origin', A], ['Vary', 'Origin']]);
    const pre = (p: FixPlan) => simulate(haproxy(p).code, { method: 'OPTIONS', origin: A, preflight: true }).headers;
    expect(pre(plan({ maxAge: 600 }))).toContainEqual(['Access-Control-Max-Age', '600']);
    expect(pre(plan({ maxAge: null }))).toContainEqual(['Access-Control-Max-Age', '7200']);
  });

  it('no Allow-Methods or Allow-Headers when nothing needs listing', () => {
    const h = names(simulate(haproxy(plan({ methods: [], requestHeaders: [] })).code, { method: 'OPTIONS', origin: A, preflight: true }));
    expect(h).not.toContain('Access-Control-Allow-Methods');
    expect(h).not.toContain('Access-Control-Allow-Headers');
    expect(h).toContain('Access-Control-Max-Age');
  });

  it('a refused origin allows none: cors_origin is always_false', () => {
    const s = haproxy(plan({ origin: 'null' }));
    expect(s.code).toMatch(/^# Left out origin "null": the request was sent with `Origin: null`/);
    expect(s.notes[0]).toMatch(/^No origin is allowed by this snippet/);
    expect(s.code).toMatch(/^ {4}acl cors_origin always_false$/m);
    expect(simulate(s.code, { method: 'OPTIONS', origin: 'null', preflight: true })).toEqual({ returned: 204, headers: [['Vary', 'Origin']] });
  });

  it('notes name the pitfalls', () => {
    const notes = haproxy(plan()).notes.join('\n');
    expect(notes).toMatch(/`http-response` rules are skipped for the responses HAProxy makes itself/);
    expect(notes).toMatch(/Put these lines first/);
    expect(notes).toMatch(/-m str/);
  });
});

const nasty = fc.constantFrom('"', "'", '\\', '\\"', 'x\\', '$HOME', '${HOME}', '"$X"', '#', ' ', '%', '%%', '%[req.hdr(cookie)]', '%ci', '\\x0a', '\n', '\r\n', '\u2028', '\u202e', '\x00', ' if TRUE', '{', '}');
const mixed = mixedWith(nasty);

describe('haproxyWord and haproxyFormat', () => {
  it('are one word whose value is exactly any printable value', () => {
    fc.assert(
      fc.property(fc.oneof(printable, fc.array(fc.oneof(printable, nasty.filter((s) => PRINTABLE.test(s))), { maxLength: 5 }).map((p) => p.join(''))), (s) => {
        expect(haproxyWords(`x ${haproxyWord(s)} y`)).toEqual(['x', s, 'y']);
        const w = haproxyWords(`x ${haproxyFormat(s)} y`);
        expect(w).toHaveLength(3);
        expect(logFormat(w[1] as string, {})).toBe(s);
      }),
    );
  });
  it('write what is not printable as visible text, never the raw character', () => {
    expect(haproxyWords(haproxyWord('a\nb'))).toEqual(['a\\x0ab']);
    fc.assert(
      fc.property(mixed, (s) => {
        const word = haproxyWord(s);
        expect(word).toMatch(PRINTABLE);
        const w = haproxyWords(`x ${word} y`);
        expect(w).toHaveLength(3);
        expect(w[1]).toMatch(PRINTABLE);
      }),
    );
  });
});

const { origin, plan: hostilePlan } = hostileValues({ nasty, raw: mixed });

describe('hostile plan values', () => {
  it('keep the lines and words, and HAProxy sends exactly the legal values', () => {
    fc.assert(
      fc.property(hostilePlan, origin, (p, more) => {
        const shape = (code: string) => code.split('\n').map((l) => haproxyWords(l).length);
        const { s, v } = checkAgainstReference(haproxy, shape, p, more);
        const o = v.origins[0];
        const pre = simulate(s.code, { method: 'OPTIONS', origin: o ?? A, preflight: true });
        const want: Array<[string, string]> = o !== undefined ? [['Access-Control-Allow-Origin', o]] : [];
        if (o !== undefined && p.credentials) want.push(['Access-Control-Allow-Credentials', 'true']);
        if (o !== undefined && p.preflight) {
          if (legalNames(p.methods).length > 0) want.push(['Access-Control-Allow-Methods', legalNames(p.methods).join(', ')]);
          if (legalNames(p.requestHeaders).length > 0) want.push(['Access-Control-Allow-Headers', legalNames(p.requestHeaders).join(', ')]);
          want.push(['Access-Control-Max-Age', String(maxAgeOf(p))]);
        }
        if (o !== undefined && legalNames(p.exposeHeaders).length > 0) want.push(['Access-Control-Expose-Headers', legalNames(p.exposeHeaders).join(', ')]);
        want.push(['Vary', 'Origin']);
        expect(pre).toEqual({ returned: p.preflight ? 204 : null, headers: want });
        // Any other origin gets nothing: one that extends an allowed one, or a refused one.
        for (const other of [`${o ?? A}.evil.test`, ...v.refused.filter((r) => r.kind === 'origin').map((r) => r.value)]) {
          if (!v.origins.includes(other)) expect(simulate(s.code, { method: 'GET', origin: other }).headers).toEqual([['Vary', 'Origin']]);
        }
      }),
      { numRuns: 300 },
    );
  });
});
