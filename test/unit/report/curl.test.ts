import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Exchange, Hop } from '../../../src/shared/model';
import { curlFor, shellQuote } from '../../../src/shared/report';
import { argumentText } from '../../../src/shared/report/shell-quote';
import { A, B, ex, ok } from '../cors/build';
import { withSecrets } from './export-exchanges';

/**
 * Runs the text in bash with `curl` replaced by a function that prints its arguments, and returns
 * them. A C locale proves the escapes do not depend on the user's locale.
 */
function argvOf(command: string): string[] {
  const out = execFileSync('bash', ['--noprofile', '--norc', '-c', `curl(){ printf '%s\\0' "$@"; }; ${command}`], {
    env: { PATH: process.env.PATH, LC_ALL: 'C' },
  });
  const args = out.toString('utf8').split('\0');
  args.pop();
  return args;
}

/** Everything that must never appear raw in the command text (newlines only as continuations). */
// eslint-disable-next-line no-control-regex
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/;

const simple = ex({ url: `${B}/feed`, res: { headers: ok() }, outcome: 'completed' });

describe('curl for the actual request', () => {
  it('has -i, the URL and the headers as sent, minus those curl manages', () => {
    const e = ex({
      method: 'POST',
      url: `${B}/orders`,
      req: [
        ['Host', 'api.example'],
        ['Content-Type', 'application/json'],
        ['Content-Length', '42'],
        ['Connection', 'keep-alive'],
        ['Accept-Encoding', 'gzip, br'],
        ['X-Trace', 'abc'],
      ],
    });
    expect(argvOf(curlFor(e, 'actual', { includeSecrets: false }) as string)).toEqual([
      '-i',
      '-X',
      'POST',
      `${B}/orders`,
      '-H',
      `Origin: ${A}`,
      '-H',
      'Content-Type: application/json',
      '-H',
      'X-Trace: abc',
    ]);
  });

  it('puts one argument group per line, continued with a backslash', () => {
    expect(curlFor(simple, 'actual', { includeSecrets: false })).toBe(`curl -i '${B}/feed' \\\n  -H 'Origin: ${A}'`);
  });

  it('sends HEAD with --head (curl waits for a body after -X HEAD) and GET without -X', () => {
    expect(argvOf(curlFor(ex({ method: 'HEAD' }), 'actual', { includeSecrets: false }) as string).slice(0, 2)).toEqual(['--head', `${B}/data`]);
    expect(argvOf(curlFor(simple, 'actual', { includeSecrets: false }) as string).slice(0, 2)).toEqual(['-i', `${B}/feed`]);
  });

  it('sends an empty header value with curl\'s "Name;" syntax ("Name:" would drop the header)', () => {
    const argv = argvOf(curlFor(ex({ req: { 'X-Empty': '' } }), 'actual', { includeSecrets: false }) as string);
    expect(argv.slice(-2)).toEqual(['-H', 'X-Empty;']);
  });

  it('leaves out a header name no browser could have sent (and that curl would read as -H @file)', () => {
    const argv = argvOf(curlFor(ex({ req: { '@/etc/passwd': 'x', 'Bad Name': 'y' } }), 'actual', { includeSecrets: false }) as string);
    expect(argv).toEqual(['-i', `${B}/data`, '-H', `Origin: ${A}`]);
  });

  it('passes a URL that starts with "-" as the value of --url, not as an option', () => {
    const e: Exchange = { ...simple, hops: [{ request: { method: 'GET', url: '-o/tmp/x', headers: [] } }] };
    expect(argvOf(curlFor(e, 'actual', { includeSecrets: false }) as string)).toEqual(['-i', '--url', '-o/tmp/x']);
  });

  it('copies the hop asked for, and is null for a hop that does not exist', () => {
    expect(argvOf(curlFor(withSecrets, 'actual', { includeSecrets: false, hop: 1 }) as string).slice(0, 6)).toEqual([
      '-i',
      '-X',
      'POST',
      '--globoff',
      'https://cdn.example/login?code=[redacted]',
      '-H',
    ]);
    expect(curlFor(withSecrets, 'actual', { includeSecrets: false, hop: 2 })).toBeNull();
  });

  it('for a request never sent (its preflight failed), adds the Origin and the headers its preflight announced, their values marked as not captured', () => {
    // As Chromium's webRequest records it: the request with no headers, its preflight with what it announced.
    const neverSent: Exchange = {
      id: 'never-sent',
      browser: 'chromium',
      initiator: A,
      hops: [{
        request: { method: 'PUT', url: `${B}/orders`, headers: [], headersComplete: false },
        preflight: {
          request: { method: 'OPTIONS', url: `${B}/orders`, headers: [['Origin', A], ['Access-Control-Request-Method', 'PUT'], ['Access-Control-Request-Headers', 'content-type,x-api-key']].map(([name, value]) => ({ name: name as string, value: value as string })), headersComplete: true },
          response: { status: 204, headers: [] },
        },
      }],
      outcome: { kind: 'failed', error: 'net::ERR_FAILED' },
    };
    expect(argvOf(curlFor(neverSent, 'actual', { includeSecrets: false }) as string)).toEqual([
      '-i', '-X', 'PUT', `${B}/orders`,
      '-H', `Origin: ${A}`,
      '-H', 'content-type: [not captured]',
      '-H', 'x-api-key: [not captured]',
    ]);
    // Firefox records the headers the page set: those keep their values.
    const firefox = structuredClone(neverSent);
    (firefox.hops[0] as Hop).request.headers = [{ name: 'X-Api-Key', value: 'k1' }];
    expect(argvOf(curlFor(firefox, 'actual', { includeSecrets: true }) as string).slice(4)).toEqual(['-H', `Origin: ${A}`, '-H', 'X-Api-Key: k1', '-H', 'content-type: [not captured]']);
  });
});

describe('curl for the preflight', () => {
  it('is the observed preflight when the capture has it', () => {
    const argv = argvOf(curlFor(withSecrets, 'preflight', { includeSecrets: false }) as string);
    expect(argv).toEqual([
      '-i',
      '-X',
      'OPTIONS',
      '--globoff',
      'https://api.example/orders?access_token=[redacted]&page=2',
      '-H',
      `Origin: ${A}`,
      '-H',
      'Access-Control-Request-Method: POST',
      '-H',
      'Access-Control-Request-Headers: authorization,content-type',
    ]);
  });

  it('is built as a browser would send it when one was needed but not captured', () => {
    const e = ex({ method: 'PUT', url: `${B}/items/1`, req: [['X-Trace', '1'], ['Content-Type', 'application/json'], ['Accept', '*/*'], ['User-Agent', 'UA']] });
    // Only the CORS-unsafe names, lowercased, sorted, joined by "," (https://fetch.spec.whatwg.org/#cors-preflight-fetch).
    expect(argvOf(curlFor(e, 'preflight', { includeSecrets: false }) as string)).toEqual([
      '-i',
      '-X',
      'OPTIONS',
      `${B}/items/1`,
      '-H',
      `Origin: ${A}`,
      '-H',
      'Access-Control-Request-Method: PUT',
      '-H',
      'Access-Control-Request-Headers: content-type,x-trace',
    ]);
  });

  it('announces the method alone when only the method needs one', () => {
    const argv = argvOf(curlFor(ex({ method: 'DELETE' }), 'preflight', { includeSecrets: false }) as string);
    expect(argv.filter((a) => a.startsWith('Access-Control-'))).toEqual(['Access-Control-Request-Method: DELETE']);
  });

  it('is null when no preflight applies: a simple request, a same-origin one, a no-cors one', () => {
    expect(curlFor(simple, 'preflight', { includeSecrets: false })).toBeNull();
    expect(curlFor(ex({ method: 'PUT', url: `${A}/same` }), 'preflight', { includeSecrets: false })).toBeNull();
    expect(curlFor(ex({ method: 'PUT', mode: 'no-cors' }), 'preflight', { includeSecrets: false })).toBeNull();
    expect(curlFor(ex({ method: 'PUT' }), 'preflight', { includeSecrets: false, hop: 3 })).toBeNull();
  });
});

describe('curl secrets', () => {
  it('are redacted by default, visibly, and kept with includeSecrets', () => {
    const redacted = argvOf(curlFor(withSecrets, 'actual', { includeSecrets: false }) as string);
    expect(redacted).toContain('Authorization: Bearer [redacted]');
    expect(redacted).toContain('Cookie: sid=[redacted]; theme=[redacted]');
    expect(redacted).toContain('https://api.example/orders?access_token=[redacted]&page=2');
    // `[redacted]` would be a curl URL glob: globbing is turned off.
    expect(redacted).toContain('--globoff');
    expect(redacted.join('\n')).not.toMatch(/SECRET-/);
    const full = argvOf(curlFor(withSecrets, 'actual', { includeSecrets: true }) as string);
    expect(full).toContain('Authorization: Bearer SECRET-BEARER');
    expect(full).toContain('Cookie: sid=SECRET-COOKIE; theme=dark');
    expect(full).toContain('https://api.example/orders?access_token=SECRET-QUERY&page=2');
    expect(full).not.toContain('--globoff');
  });
});

describe('curl quoting against hostile values', () => {
  const HOSTILE = [
    `it's`,
    `"double" \\ back\\slash`,
    '$(touch /tmp/corsight-pwned) ${HOME} $HOME',
    '`id` ; rm -rf / & | > <',
    'line\nbreak',
    'carriage\rreturn',
    'tab\there',
    'esc\u001b]0;title\u0007\u001b[2J',
    'csi\u009b31m',
    'line\u2028separator\u2029',
    'bidi\u202eevil\u202c and \u2066isolate\u2069',
    "quote-then-newline'\n'$(id)",
    'nul\u0000byte',
    '\\x41 \\n \\u0041 literal escapes',
    'ünïcödé ✓ 😀',
  ];

  const hostile: Exchange = {
    ...simple,
    hops: [
      {
        request: {
          method: 'GET',
          url: `${B}/p?q=${HOSTILE.join('')}`,
          headers: HOSTILE.map((value, i) => ({ name: `X-H${i}`, value })),
        },
      },
    ],
  };

  it('reach curl exactly as captured, one argument each, and run nothing', () => {
    const command = curlFor(hostile, 'actual', { includeSecrets: true }) as string;
    expect(argvOf(command)).toEqual([
      '-i',
      // The URL has "[" and "{" in it, which curl would read as a glob.
      '--globoff',
      argumentText(`${B}/p?q=${HOSTILE.join('')}`),
      ...HOSTILE.flatMap((value, i) => ['-H', argumentText(`X-H${i}: ${value}`)]),
    ]);
  });

  it('show every odd character as an escape: the text has no raw control, separator or bidi character', () => {
    const command = curlFor(hostile, 'actual', { includeSecrets: true }) as string;
    expect(command).not.toMatch(RAW);
    const lines = command.split('\n');
    // One line per argument group: the URL line plus one per header.
    expect(lines).toHaveLength(1 + HOSTILE.length);
    for (const line of lines.slice(0, -1)) expect(line.endsWith(' \\')).toBe(true);
    expect(command).toContain(`-H $'X-H4: line\\nbreak'`);
    expect(command).toContain(`-H $'X-H7: esc\\x1b]0;title\\x07\\x1b[2J'`);
    expect(command).toContain(`-H $'X-H10: bidi\\xe2\\x80\\xaeevil\\xe2\\x80\\xac and \\xe2\\x81\\xa6isolate\\xe2\\x81\\xa9'`);
    // A NUL cannot be in an argument: it becomes U+FFFD, shown as its escape.
    expect(command).toContain(`-H $'X-H12: nul\\xef\\xbf\\xbdbyte'`);
    // Values without odd characters keep plain single quotes.
    expect(command).toContain(`-H 'X-H0: it'\\''s'`);
    expect(command).toContain(`-H 'X-H14: ünïcödé ✓ 😀'`);
  });

  it('shellQuote gives back any string through bash, and never a raw odd character', () => {
    const odd = fc.constantFrom("'", '"', '\\', '$', '`', '!', '(', ' ', '\n', '\r', '\t', '\u0000', '\u001b', '\u007f', '\u009b', '\u2028', '\u202e', '\u2066', '\ufeff', '\ud800', '\udfff', 'x', 'é', '😀');
    const words = fc.sample(fc.string({ unit: fc.oneof(odd, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 24 }), { numRuns: 400, seed: 20250612 });
    const quoted = words.map(shellQuote);
    for (const q of quoted) expect(q).not.toMatch(RAW);
    expect(argvOf(`curl ${quoted.join(' ')}`)).toEqual(words.map(argumentText));
  });
});
