/**
 * Netlify `_headers` (golden only: no Netlify here). The snippet is read twice: strictly, against the
 * documented line grammar, and the way Netlify's own parser reads it (what it would apply). One
 * origin only, since a rule cannot choose by Origin; the plan's switches; hostile plans.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FixPlan } from '../../../src/shared/cors';
import { targetById } from '../../../src/shared/fixes';
import { A, plan, realisticPlan } from './plans';
import { B, checkHostileSnippet, expected, fixedHeaders, hostilePlan, moreOrigins } from './platform-plans';
import { netlifyApplied, readNetlifyHeaders } from './platform-syntax';

const netlify = targetById('netlify');
const render = (p: FixPlan, more?: string[]) => (netlify as NonNullable<typeof netlify>).render(p, more ? { moreOrigins: more } : {});

const GOLDEN = `# _headers, in the publish directory. Netlify adds these only to the files it serves itself, not to
# Functions, Edge Functions or proxied paths. Narrow the path to what the page fetches (/api/*...).
# One origin only: a rule sends the same value to every request, it cannot choose by Origin.
/*
  Access-Control-Allow-Origin: https://app.example
  Access-Control-Allow-Credentials: true
  Access-Control-Allow-Methods: GET, PUT
  Access-Control-Allow-Headers: authorization, content-type, x-api-key
  Access-Control-Max-Age: 7200
  Access-Control-Expose-Headers: x-request-id`;

/** The one rule, read strictly, and what Netlify applies for it. */
function rule(code: string) {
  const { rules } = readNetlifyHeaders(code);
  expect(rules.map((r) => r.path)).toEqual(['/*']);
  const headers = Object.fromEntries((rules[0] as { headers: Array<[string, string]> }).headers);
  expect(Object.keys(headers)).toHaveLength((rules[0] as { headers: unknown[] }).headers.length);
  return { headers, applied: netlifyApplied(code)['/*'] };
}

describe('the readers', () => {
  it('refuse what Netlify would misread', () => {
    expect(() => readNetlifyHeaders('  X-A: 1')).toThrow(/before any path/);
    expect(() => readNetlifyHeaders('/*\nX-A: 1')).toThrow(/not a "Name: value" line/);
    expect(() => readNetlifyHeaders('/*\n  X-A\n')).toThrow(/not a "Name: value" line/);
    expect(() => readNetlifyHeaders('/*\n  X-A:  ')).toThrow(/not a "Name: value" line/);
    // Netlify itself: a line without ":" is silently dropped; a repeated name is joined with ", ".
    expect(netlifyApplied('/*\n  X-A: 1\n  oops\n  X-A: 2 ,3')).toEqual({ '/*': { 'X-A': '1,2,3' } });
  });
});

describe('Netlify: the golden snippet', () => {
  it('is exactly the reviewed one', () => {
    expect(render(realisticPlan()).code).toBe(GOLDEN);
  });
  it('is one rule with the plan\'s headers, read the same way by Netlify', () => {
    const { headers, applied } = rule(GOLDEN);
    expect(headers).toEqual({
      'Access-Control-Allow-Origin': A,
      'Access-Control-Allow-Credentials': 'true',
      'Access-Control-Allow-Methods': 'GET, PUT',
      'Access-Control-Allow-Headers': 'authorization, content-type, x-api-key',
      'Access-Control-Max-Age': '7200',
      'Access-Control-Expose-Headers': 'x-request-id',
    });
    // Netlify normalises ", " to "," (same list for the browser).
    expect(applied).toEqual(Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, v.replace(/, /g, ',')])));
  });
  it('has language, notes and docs', () => {
    const s = render(realisticPlan());
    expect(s.language).toBe('text');
    expect(s.docs).toContain('https://docs.netlify.com/manage/routing/headers/');
    const notes = s.notes.join('\n');
    expect(notes).toMatch(/applies only to files Netlify serves from its own store\. A path handled by a Function or an Edge Function .* gets none of these headers/);
    expect(notes).toMatch(/answer the OPTIONS preflight with 204 before any authentication/);
    expect(notes).toMatch(/cannot compare the Origin with a list, so only https:\/\/app\.example is allowed/);
    expect(notes).toMatch(/no Vary: Origin is needed/);
    expect(notes).toMatch(/curl -i -X OPTIONS -H "Origin: https:\/\/app\.example" -H "Access-Control-Request-Method: PUT"/);
  });
});

describe('Netlify: what the plan switches', () => {
  it('credentials only when the plan has them; Expose-Headers only when needed', () => {
    expect(rule(render(plan()).code).headers).toHaveProperty('Access-Control-Allow-Credentials', 'true');
    expect(rule(render(plan({ credentials: false, exposeHeaders: [] })).code).headers).toEqual({
      'Access-Control-Allow-Origin': A, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'authorization', 'Access-Control-Max-Age': '7200',
    });
  });
  it('without a preflight: only Allow-Origin, -Credentials, Expose-Headers', () => {
    const code = render(plan({ preflight: false, maxAge: null })).code;
    expect(rule(code).headers).toEqual({ 'Access-Control-Allow-Origin': A, 'Access-Control-Allow-Credentials': 'true', 'Access-Control-Expose-Headers': 'x-request-id' });
    expect(code).not.toMatch(/OPTIONS|Preflight|preflight/);
  });
  it('Max-Age: the plan, or 7200, at most 86400', () => {
    expect(rule(render(plan({ maxAge: 600 })).code).headers['Access-Control-Max-Age']).toBe('600');
    expect(rule(render(plan({ maxAge: null })).code).headers['Access-Control-Max-Age']).toBe('7200');
    expect(rule(render(plan({ maxAge: 999999 })).code).headers['Access-Control-Max-Age']).toBe('86400');
  });
  it('more origins cannot be listed: only the request\'s own is sent, the others are named', () => {
    const s = render(plan(), [B]);
    expect(rule(s.code).headers['Access-Control-Allow-Origin']).toBe(A);
    expect(readNetlifyHeaders(s.code).comments).toContain('# Not allowed here (see the notes for a list): https://b.example');
    expect(s.notes.join('\n')).toMatch(/only https:\/\/app\.example is allowed \(not https:\/\/b\.example\)/);
    expect(s.notes.join('\n')).toMatch(/^Allows https:\/\/app\.example only\./m);
  });
  it('a refused plan origin: no Allow-Origin at all, and says so', () => {
    const s = render(plan({ origin: 'null' }));
    expect(rule(s.code).headers).not.toHaveProperty('Access-Control-Allow-Origin');
    expect(s.code).toMatch(/^# Left out origin "null"/);
    expect(s.notes[0]).toMatch(/^No origin is allowed by this snippet/);
  });
});

describe('Netlify: hostile plans', () => {
  it('the file keeps the grammar, and Netlify would apply exactly the legal values', () => {
    fc.assert(
      fc.property(hostilePlan, moreOrigins, (p, more) => {
        const s = render(p, more);
        checkHostileSnippet(s, p, more, '#');
        const want = fixedHeaders(expected(p, more));
        const { headers, applied } = rule(s.code);
        expect(headers).toEqual(want);
        expect(applied).toEqual(Object.fromEntries(Object.entries(want).map(([k, v]) => [k, v.replace(/, /g, ',')])));
      }),
      { numRuns: 300 },
    );
  });
});
