/**
 * The Apache target beyond targets.test.ts and security.test.ts: a list of allowed origins (one
 * anchored SetEnvIf each, so `$0` is only ever a listed origin), and names with every character a
 * token may have, read back through mod_headers' escapes. The real-server proof is
 * test/e2e/fixes/apache.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { FixPlan } from '../../../src/shared/cors';
import { targetById } from '../../../src/shared/fixes';
import { A } from '../cors/build';
import { apacheDirectives, apacheHeaderValue } from './syntax';

const plan = (p: Partial<FixPlan> = {}): FixPlan => ({
  origin: A, credentials: false, preflight: true, methods: ['PUT'], requestHeaders: ['authorization'], exposeHeaders: [], maxAge: 600, lines: [], serverSteps: [], ...p,
});
const apache = (p: FixPlan, more: string[] = []) => targetById('apache')?.render(p, { moreOrigins: more }).code as string;

/** CORS_ORIGIN as Apache's SetEnvIf lines would set it for `origin` (the last matching line wins; `$0` is the whole match). */
function corsOrigin(code: string, origin: string): string | undefined {
  let value: string | undefined;
  for (const d of apacheDirectives(code).filter((x) => x.name === 'SetEnvIf')) {
    expect(d.args[0]).toBe('Origin');
    expect(d.args[2]).toBe('CORS_ORIGIN=$0');
    const m = new RegExp(d.args[1] as string).exec(origin);
    if (m) value = m[0];
  }
  return value;
}

describe('Apache httpd', () => {
  it('lists each allowed origin on its own anchored SetEnvIf line, and sets CORS_ORIGIN only to a listed one', () => {
    const more = ['http://localhost:3000', 'http://[::1]:8080', 'chrome-extension://abcdefghijklmnop'];
    const code = apache(plan(), more);
    expect(apacheDirectives(code).filter((d) => d.name === 'SetEnvIf')).toHaveLength(4);
    for (const o of [A, ...more]) expect(corsOrigin(code, o)).toBe(o);
    for (const o of [`${A}.evil.test`, `https://evil.example/${A}`, 'https://appxexample', 'http://localhost:30000', 'http://[::1]:80800', 'null', '']) {
      expect(corsOrigin(code, o), o).toBeUndefined();
    }
  });

  it('carries names with every token character exactly to the header values', () => {
    const awkward = "x-!#$%&'*+.^_`|~";
    const code = apache(plan({ methods: ['PURGE$%'], requestHeaders: [awkward], exposeHeaders: ['x-%{HTTP_COOKIE}e'] }));
    const headers = Object.fromEntries(
      apacheDirectives(code).filter((d) => d.name === 'Header').map((d) => [d.args[2] as string, apacheHeaderValue(d.args[3] as string, { CORS_ORIGIN: A })]),
    );
    expect(headers).toMatchObject({ 'Access-Control-Allow-Origin': A, 'Access-Control-Allow-Methods': 'PURGE$%', 'Access-Control-Allow-Headers': awkward, 'Access-Control-Max-Age': '600' });
    // `%{HTTP_COOKIE}e` is not a token (braces): left out, never a format tag that would send the cookie back.
    expect(headers['Access-Control-Expose-Headers']).toBeUndefined();
    expect(code).toMatch(/^# Left out response header "x-%\{HTTP_COOKIE\}e"/m);
  });
});
