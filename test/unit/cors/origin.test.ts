import { describe, expect, it } from 'vitest';
import { hostOf, normaliseOrigin, originOf, sameOrigin, schemeOf } from '../../../src/shared/cors/origin';
import { mismatchHint } from '../../../src/shared/cors/explain';

describe('origins', () => {
  it.each([
    ['https://a.example:443/x', 'https://a.example'],
    ['http://a.example:80/', 'http://a.example'],
    ['http://a.example:8080/', 'http://a.example:8080'],
    ['HTTPS://A.Example/', 'https://a.example'],
    ['http://[::1]:3000/p', 'http://[::1]:3000'],
    ['https://bücher.example/', 'https://xn--bcher-kva.example'],
    ['data:text/plain,hi', 'null'],
    ['file:///tmp/x.html', 'null'],
    ['not a url', null],
  ])('%s → %s', (url, want) => {
    expect(originOf(url)).toBe(want);
  });
  it('null is never same-origin, even with itself', () => {
    expect(sameOrigin('null', 'null')).toBe(false);
    expect(sameOrigin('https://a.example', 'https://a.example:443')).toBe(true);
    expect(normaliseOrigin('https://A.example/')).toBe('https://a.example');
  });
  it.each([
    ['https://a.example/', 'https://a.example', /trailing slash/],
    ['https://A.example', 'https://a.example', /letter case/],
    ['http://a.example', 'https://a.example', /scheme differs/],
    ['https://a.example:8443', 'https://a.example', /port differs/],
    ['https://staging.example', 'https://a.example', /different host/],
    ['null', 'https://a.example', /sandboxed/],
  ])('hint for %s vs %s', (value, origin, re) => {
    expect(mismatchHint(value, origin)).toMatch(re);
  });
});

describe('the fast origin path agrees with the URL parser', () => {
  const viaUrl = (s: string): string | null => {
    try {
      const u = new URL(s);
      return ['http:', 'https:'].includes(u.protocol) ? `${u.protocol}//${u.host}` : 'null';
    } catch {
      return null;
    }
  };
  it.each([
    'http://a.example', 'https://a.example/', 'https://a.example:443/x', 'http://a.example:80?q', 'http://a.example:8080#f',
    'http://127.0.0.1:3000/x', 'http://127.1/', 'http://010.0.0.1/', 'http://256.0.0.1/', 'http://1.2.3.4.5/',
    'https://xn--bcher-kva.example/', 'http://a-b.c-d.example:65535/', 'http://a.example:65536/', 'http://a.example:0/',
    'http://a.example:00080/', 'http://A.example/', 'http://a.example\\x', 'http://user@a.example/', 'http://a.123/',
    'http://[::1]:80/', 'http://a..example/', 'http://-a.example/',
  ])('%s', (url) => {
    expect(originOf(url)).toBe(viaUrl(url));
  });
});

describe('hosts and schemes read without the URL parser agree with it', () => {
  it.each(['http://127.0.0.1:3000/x', 'https://a.example/', 'http://[::1]:8080/', 'https://[fd00::1]/', 'https://xn--bcher-kva.example:8443/', 'http://10.1.2.3/'])('host of %s', (url) => {
    expect(hostOf(originOf(url))).toBe(new URL(url).hostname);
  });
  it.each([null, 'null', 'not an origin'])('no host in %s', (origin) => {
    expect(hostOf(origin)).toBeNull();
  });
  it.each(['https://a.example/', 'HTTP://a.example/', 'ftp://f/', 'data:,x', ' javascript:alert(1)', 'mailto:a@b.example', 'web+x:y'])('scheme of %s', (url) => {
    expect(schemeOf(url)).toBe(new URL(url).protocol);
  });
  it.each(['/relative', '//a.example/x', '', '1http://a'])('no scheme in %s', (url) => {
    expect(schemeOf(url)).toBeNull();
  });
});
