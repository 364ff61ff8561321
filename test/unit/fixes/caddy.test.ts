/**
 * The Caddy target: read back the way Caddy 2 reads a Caddyfile (lexer.go, then its placeholder
 * replacer), golden snippets, what the plan switches on and off, and hostile values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FixPlan } from '../../../src/shared/cors';
import { targetById } from '../../../src/shared/fixes';
import { caddyCommentText, caddyString } from '../../../src/shared/fixes/quote-proxy';
import { A, hostileValues, legalNames, maxAgeOf, plan, realisticPlan } from './plans';
import { checkAgainstReference, mixedWith, PRINTABLE, printable } from './proxy-hostile';

interface Line {
  args: string[];
  depth: number;
  /** Ends with an unquoted `{`. */
  block: boolean;
}

/**
 * Caddy's lexer (caddyconfig/caddyfile/lexer.go) and its line structure: Caddy 2.6 first replaces
 * every `{$NAME}` in the file (refused here: a snippet must have none); words are separated by
 * white space; `#` at a word's start comments out the rest of the line; "..." ends only at an
 * unescaped `"`, where `\"` is a quote and any other backslash stays; `...` (backticks) takes
 * everything literally; an unquoted word starting with `<<` opens a heredoc (refused). One line is
 * one directive; an unquoted `{` at its end opens a block, a lone `}` closes it.
 */
function caddyLines(code: string): Line[] {
  if (code.includes('{$')) throw new Error('caddy: "{$" would be replaced by an environment variable');
  const lines: Array<Array<{ text: string; quoted: boolean }>> = [];
  let current: Array<{ text: string; quoted: boolean }> = [];
  let i = 0;
  const endLine = () => {
    if (current.length > 0) lines.push(current);
    current = [];
  };
  while (i < code.length) {
    const ch = code[i] as string;
    if (ch === '\n') {
      endLine();
      i++;
    } else if (/\s/.test(ch)) {
      i++;
    } else if (ch === '#') {
      while (i < code.length && code[i] !== '\n') i++;
    } else if (ch === '"') {
      let j = i + 1;
      let text = '';
      for (;;) {
        if (j >= code.length) throw new Error('caddy: unterminated string');
        const c = code[j] as string;
        if (c === '\\' && code[j + 1] === '"') {
          text += '"';
          j += 2;
        } else if (c === '"') {
          break;
        } else {
          text += c;
          j++;
        }
      }
      current.push({ text, quoted: true });
      i = j + 1;
      if (i < code.length && !/\s/.test(code[i] as string)) throw new Error(`caddy: "${code[i]}" right after a quoted word`);
    } else if (ch === '`') {
      const j = code.indexOf('`', i + 1);
      if (j === -1) throw new Error('caddy: unterminated backtick string');
      current.push({ text: code.slice(i + 1, j), quoted: true });
      i = j + 1;
    } else {
      let j = i;
      while (j < code.length && !/\s/.test(code[j] as string)) j++;
      const text = code.slice(i, j);
      if (text.startsWith('<<')) throw new Error('caddy: heredoc');
      if (text.includes('\\')) throw new Error(`caddy: backslash in an unquoted word: ${text}`);
      current.push({ text, quoted: false });
      i = j;
    }
  }
  endLine();
  const out: Line[] = [];
  let depth = 0;
  for (const tokens of lines) {
    const last = tokens[tokens.length - 1] as { text: string; quoted: boolean };
    if (tokens.length === 1 && last.text === '}' && !last.quoted) {
      depth--;
      if (depth < 0) throw new Error('caddy: unbalanced "}"');
      continue;
    }
    for (const t of tokens.slice(0, -1)) if (!t.quoted && (t.text === '{' || t.text === '}')) throw new Error('caddy: brace inside a line');
    const block = last.text === '{' && !last.quoted;
    out.push({ args: (block ? tokens.slice(0, -1) : tokens).map((t) => t.text), depth, block });
    if (block) depth++;
  }
  if (depth !== 0) throw new Error('caddy: unclosed block');
  return out;
}

/**
 * Caddy's placeholder replacer: `\{` and `\}` are literal braces, `{name}` is a placeholder (only
 * the ones given are known here), anything else is literal.
 */
function caddyReplace(value: string, vars: Record<string, string>): string {
  let out = '';
  for (let i = 0; i < value.length; ) {
    const c = value[i] as string;
    if (c === '\\' && (value[i + 1] === '{' || value[i + 1] === '}')) {
      out += value[i + 1];
      i += 2;
    } else if (c === '{') {
      const end = value.indexOf('}', i);
      if (end === -1) throw new Error(`caddy: unclosed placeholder in ${value}`);
      const name = value.slice(i + 1, end);
      const v = vars[name];
      if (v === undefined) throw new Error(`caddy: placeholder {${name}}`);
      out += v;
      i = end + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const caddy = (p: FixPlan, more?: string[]) => targetById('caddy')?.render(p, more ? { moreOrigins: more } : {}) as { code: string; notes: string[]; docs: string[]; language: string };

const GOLDEN = `# Inside the site block that serves the API (api.example.com { ... }).
# The allowed origins, exact strings: one \`header Origin\` line each. Any other Origin
# gets no CORS headers. Never a \`*\` at either end: that makes the value a wildcard.
@cors_origin {
    header Origin "https://app.example"
}
@cors_preflight {
    method OPTIONS
    header Access-Control-Request-Method *
}

# \`route\` keeps the order written here; outside it Caddy runs basicauth and forward_auth first.
route {
    # Every response to an allowed origin, errors included: set before the handlers below run.
    # Never deferred (no \`defer\`, \`>\` or \`-\` here): deferred headers miss error responses.
    header @cors_origin {
        Access-Control-Allow-Origin {http.request.header.Origin}
        Access-Control-Allow-Credentials true
        Access-Control-Allow-Methods "GET, PUT"
        Access-Control-Allow-Headers "authorization, content-type, x-api-key"
        Access-Control-Max-Age 7200
        Access-Control-Expose-Headers "x-request-id"
    }
    header +Vary Origin

    # Preflight: answered 204 here, before authentication and before the application.
    respond @cors_preflight 204

    # ... your directives (basicauth, forward_auth, reverse_proxy...), in this order
}`;

/** What the snippet does, as Caddy would see it. */
interface Read {
  /** The exact Origin values @cors_origin matches; null when it matches none (`expression false`). */
  origins: string[] | null;
  preflightMatcher: string[][] | null;
  /** The header block's fields, for a request from `origin`, values after the replacer. */
  headers: Array<[string, string]>;
  vary: boolean;
  respond: string[] | null;
  /** The lines in the route, in order (the block's own lines left out). */
  route: string[];
}

function read(code: string, origin: string): Read {
  const ls = caddyLines(code);
  const blockAt = (name: string, depth: number) => ls.findIndex((l) => l.depth === depth && l.block && l.args.join(' ') === name);
  const children = (at: number) => {
    const out: Line[] = [];
    for (let i = at + 1; i < ls.length && (ls[i] as Line).depth > (ls[at] as Line).depth; i++) if ((ls[i] as Line).depth === (ls[at] as Line).depth + 1) out.push(ls[i] as Line);
    return out;
  };
  const originAt = blockAt('@cors_origin', 0);
  expect(originAt).toBeGreaterThanOrEqual(0);
  const originLines = children(originAt);
  const never = originLines.some((l) => l.args.join(' ') === 'expression false');
  for (const l of originLines) if (l.args.join(' ') !== 'expression false') expect(l.args.slice(0, 2)).toEqual(['header', 'Origin']);
  expect(originLines.length).toBeGreaterThan(0);
  const origins = never ? null : originLines.map((l) => {
    expect(l.args).toHaveLength(3);
    return l.args[2] as string;
  });
  const preAt = blockAt('@cors_preflight', 0);
  const routeAt = blockAt('route', 0);
  expect(routeAt).toBeGreaterThan(originAt);
  const route = children(routeAt);
  const headerAt = ls.findIndex((l) => l.depth === 1 && l.block && l.args.join(' ') === 'header @cors_origin');
  const vars = { 'http.request.header.Origin': origin };
  const headers = children(headerAt).map((l): [string, string] => {
    expect(l.args).toHaveLength(2);
    return [l.args[0] as string, caddyReplace(l.args[1] as string, vars)];
  });
  const respond = route.find((l) => l.args[0] === 'respond');
  return {
    origins,
    preflightMatcher: preAt === -1 ? null : children(preAt).map((l) => l.args),
    headers,
    vary: route.some((l) => l.args.join(' ') === 'header +Vary Origin'),
    respond: respond ? respond.args : null,
    route: route.map((l) => l.args.join(' ')),
  };
}

describe('Caddy', () => {
  it('is registered with its language and documentation', () => {
    const s = caddy(realisticPlan());
    expect(targetById('caddy')?.label).toBe('Caddy');
    expect(s.language).toBe('caddyfile');
    expect(s.docs).toContain('https://caddyserver.com/docs/caddyfile/directives/header');
    expect(s.docs).toContain('https://caddyserver.com/docs/caddyfile/directives/route');
    for (const url of s.docs) expect(url).toMatch(/^https:\/\/caddyserver\.com\/docs\/\S+$/);
  });

  it('golden snippet for a realistic plan', () => {
    expect(caddy(realisticPlan()).code).toBe(GOLDEN);
  });

  it('reads as the intended Caddyfile: exact origins, headers before the preflight answer, all in a route', () => {
    const r = read(GOLDEN, A);
    expect(r).toEqual({
      origins: [A],
      preflightMatcher: [['method', 'OPTIONS'], ['header', 'Access-Control-Request-Method', '*']],
      headers: [
        ['Access-Control-Allow-Origin', A],
        ['Access-Control-Allow-Credentials', 'true'],
        ['Access-Control-Allow-Methods', 'GET, PUT'],
        ['Access-Control-Allow-Headers', 'authorization, content-type, x-api-key'],
        ['Access-Control-Max-Age', '7200'],
        ['Access-Control-Expose-Headers', 'x-request-id'],
      ],
      vary: true,
      respond: ['respond', '@cors_preflight', '204'],
      route: ['header @cors_origin', 'header +Vary Origin', 'respond @cors_preflight 204'],
    });
  });

  it('lists every allowed origin as its own exact header Origin line', () => {
    const s = caddy(plan(), ['http://localhost:3000', 'https://b.example', A]);
    expect(read(s.code, A).origins).toEqual([A, 'http://localhost:3000', 'https://b.example']);
    expect(s.notes.join('\n')).toMatch(/Allows https:\/\/app\.example, http:\/\/localhost:3000, https:\/\/b\.example only/);
  });

  it('credentials only when the plan has them', () => {
    expect(read(caddy(plan()).code, A).headers.map((h) => h[0])).toContain('Access-Control-Allow-Credentials');
    expect(read(caddy(plan({ credentials: false })).code, A).headers.map((h) => h[0])).not.toContain('Access-Control-Allow-Credentials');
  });

  it('the preflight parts only when there is a preflight', () => {
    const code = caddy(plan({ preflight: false, maxAge: null })).code;
    const r = read(code, A);
    expect(r.headers.map((h) => h[0])).toEqual(['Access-Control-Allow-Origin', 'Access-Control-Allow-Credentials', 'Access-Control-Expose-Headers']);
    expect(r.preflightMatcher).toBeNull();
    expect(r.respond).toBeNull();
    expect(code).not.toMatch(/OPTIONS|respond|Preflight/);
    expect(caddy(plan({ preflight: false })).notes.join('\n')).not.toMatch(/answered 204/);
  });

  it('Expose-Headers only when there are headers to expose; Vary always; the plan max-age or 7200', () => {
    expect(read(caddy(plan({ exposeHeaders: [] })).code, A).headers.map((h) => h[0])).not.toContain('Access-Control-Expose-Headers');
    expect(read(caddy(plan({ preflight: false, credentials: false, exposeHeaders: [] })).code, A).vary).toBe(true);
    expect(read(caddy(plan({ maxAge: 600 })).code, A).headers).toContainEqual(['Access-Control-Max-Age', '600']);
    expect(read(caddy(plan({ maxAge: null })).code, A).headers).toContainEqual(['Access-Control-Max-Age', '7200']);
  });

  it('no Allow-Methods or Allow-Headers when nothing needs listing', () => {
    const names = read(caddy(plan({ methods: [], requestHeaders: [] })).code, A).headers.map((h) => h[0]);
    expect(names).not.toContain('Access-Control-Allow-Methods');
    expect(names).not.toContain('Access-Control-Allow-Headers');
    expect(names).toContain('Access-Control-Max-Age');
  });

  it('a refused origin allows none: the matcher is `expression false`, never an empty block (which matches every request)', () => {
    const s = caddy(plan({ origin: 'null' }));
    expect(s.code).toMatch(/^# Left out origin "null": the request was sent with `Origin: null`/);
    expect(s.notes[0]).toMatch(/^No origin is allowed by this snippet/);
    expect(read(s.code, 'null').origins).toBeNull();
  });

  it('notes name the pitfalls', () => {
    const notes = caddy(plan()).notes.join('\n');
    expect(notes).toMatch(/basicauth and forward_auth before `respond`/);
    expect(notes).toMatch(/un-deferred/);
    expect(notes).toMatch(/`handle`/);
    expect(notes).toMatch(/header_down -Access-Control-Allow-Origin/);
  });
});

const nasty = fc.constantFrom('"', '\\', '\\"', 'x\\', '`', '{', '}', '{$HOME}', '{$X:default}', '{http.request.header.Cookie}', '\\{', '#', '<<EOF', '\n', '\r\n', '\u2028', '\u202e', '\x00', '*', ' ');
const mixed = mixedWith(nasty);

describe('caddyString', () => {
  it('is one quoted word whose value, after the replacer, is exactly a printable value without \\ { }', () => {
    fc.assert(
      fc.property(printable.map((s) => s.replace(/[\\{}]/g, '')), (s) => {
        const word = caddyString(s);
        const [l, ...rest] = caddyLines(`x ${word}`);
        expect(rest).toEqual([]);
        expect(l?.args).toHaveLength(2);
        expect(caddyReplace(l?.args[1] as string, {})).toBe(s);
      }),
    );
  });
  it('writes \\, { and } as visible text, and never lets a value out of its word', () => {
    expect(caddyReplace(caddyLines(`x ${caddyString('a{$HOME}b\\')}`)[0]?.args[1] as string, {})).toBe('a\\x7b$HOME\\x7db\\x5c');
    fc.assert(
      fc.property(mixed, (s) => {
        const word = caddyString(s);
        expect(word).toMatch(PRINTABLE);
        expect(word).not.toContain('{');
        const ls = caddyLines(`x ${word} y\nz`);
        expect(ls.map((l) => l.args.length)).toEqual([3, 1]);
        expect(ls[0]?.args[2]).toBe('y');
        // No placeholder survives: the replacer sees no brace at all.
        expect(caddyReplace(ls[0]?.args[1] as string, {})).toBe(ls[0]?.args[1]);
      }),
    );
  });
  it('comment text has no brace, so no {$NAME} is expanded in it', () => {
    fc.assert(
      fc.property(mixed, (s) => {
        const text = caddyCommentText(s);
        expect(text).toMatch(PRINTABLE);
        expect(caddyLines(`# ${text}\nz`)).toEqual([{ args: ['z'], depth: 0, block: false }]);
      }),
    );
  });
});

const { origin, plan: hostilePlan } = hostileValues({ nasty, raw: mixed });

describe('hostile plan values', () => {
  it('keep the structure, and Caddy gets exactly the legal values', () => {
    fc.assert(
      fc.property(hostilePlan, origin, (p, more) => {
        const shape = (code: string) => caddyLines(code).map((l) => `${l.depth}:${l.args[0]}/${l.args.length}${l.block ? '{' : ''}`);
        const { s, ref, v } = checkAgainstReference(caddy, shape, p, more);
        expect(s.code.split('\n').length).toBe(ref.code.split('\n').length);
        const r = read(s.code, v.origins[0] ?? A);
        expect(r.origins).toEqual(v.origins.length > 0 ? v.origins : null);
        const want: Array<[string, string]> = [['Access-Control-Allow-Origin', v.origins[0] ?? A]];
        if (p.credentials) want.push(['Access-Control-Allow-Credentials', 'true']);
        if (p.preflight) {
          const methods = legalNames(p.methods);
          const headers = legalNames(p.requestHeaders);
          if (methods.length > 0) want.push(['Access-Control-Allow-Methods', methods.join(', ')]);
          if (headers.length > 0) want.push(['Access-Control-Allow-Headers', headers.join(', ')]);
          want.push(['Access-Control-Max-Age', String(maxAgeOf(p))]);
        }
        if (legalNames(p.exposeHeaders).length > 0) want.push(['Access-Control-Expose-Headers', legalNames(p.exposeHeaders).join(', ')]);
        expect(r.headers).toEqual(want);
        expect(r.vary).toBe(true);
        expect(r.route.filter((l) => l !== 'header @cors_origin' && l !== 'header +Vary Origin')).toEqual(p.preflight ? ['respond @cors_preflight 204'] : []);
      }),
      { numRuns: 300 },
    );
  });
});
