/**
 * Vercel `vercel.json` (golden only: no Vercel here). The snippet is JSON, validated against a JSON
 * Schema written from Vercel's documentation and the headers schema @vercel/routing-utils publishes
 * (checked on the documentation's example); one origin only; the plan's switches; hostile plans.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FixPlan } from '../../../src/shared/cors';
import { targetById } from '../../../src/shared/fixes';
import { corsValues } from '../../../src/shared/fixes/values';
import { VERCEL_SCHEMA } from '../../../src/shared/fixes/vercel';
import { A, plan, realisticPlan } from './plans';
import { B, checkHostileSnippet, expected, fixedHeaders, hostilePlan, moreOrigins } from './platform-plans';
import schema from './schemas/vercel-headers.schema.json';
import { type Schema, validate } from './schemas/validate';

const vercel = targetById('vercel');
const render = (p: FixPlan, more?: string[]) => (vercel as NonNullable<typeof vercel>).render(p, more ? { moreOrigins: more } : {});

const GOLDEN = `{
  "$schema": "https://openapi.vercel.sh/vercel.json",
  "headers": [
    {
      "source": "/(.*)",
      "headers": [
        { "key": "Access-Control-Allow-Origin", "value": "https://app.example" },
        { "key": "Access-Control-Allow-Credentials", "value": "true" },
        { "key": "Access-Control-Allow-Methods", "value": "GET, PUT" },
        { "key": "Access-Control-Allow-Headers", "value": "authorization, content-type, x-api-key" },
        { "key": "Access-Control-Max-Age", "value": "7200" },
        { "key": "Access-Control-Expose-Headers", "value": "x-request-id" }
      ]
    }
  ]
}`;

interface VercelJson {
  $schema: string;
  headers: Array<{ source: string; headers: Array<{ key: string; value: string }> }>;
}

/** The file, valid, with one rule for every path: its headers as a map (no name twice). */
function headers(code: string): Record<string, string> {
  const json = JSON.parse(code) as VercelJson;
  expect(validate(schema as Schema, json)).toEqual([]);
  expect(json.$schema).toBe(VERCEL_SCHEMA);
  expect(json.headers.map((h) => h.source)).toEqual(['/(.*)']);
  const list = (json.headers[0] as VercelJson['headers'][number]).headers;
  const out = Object.fromEntries(list.map((h) => [h.key, h.value]));
  expect(Object.keys(out)).toHaveLength(list.length);
  return out;
}

describe('the schema, on the documentation\'s example', () => {
  it('accepts it, and refuses the shapes people get wrong', () => {
    // https://vercel.com/docs/project-configuration/vercel-json#headers
    const docs = { headers: [{ source: '/service-worker.js', headers: [{ key: 'Cache-Control', value: 'public, max-age=0, must-revalidate' }] }, { source: '/(.*)', headers: [{ key: 'X-Content-Type-Options', value: 'nosniff' }] }] };
    expect(validate(schema as Schema, docs)).toEqual([]);
    expect(validate(schema as Schema, { headers: [{ source: '/(.*)', headers: { 'Access-Control-Allow-Origin': A } }] })).toEqual(['$.headers[0].headers: expected array, got object']);
    expect(validate(schema as Schema, { headers: [{ src: '/(.*)', headers: [] }] })).toEqual(['$.headers[0]: missing required property "source"', '$.headers[0]: property "src" is not allowed']);
    expect(validate(schema as Schema, { headers: [{ source: '/', headers: [{ key: 'X', value: 1 }] }] })).toEqual(['$.headers[0].headers[0].value: expected string, got integer']);
  });
});

describe('Vercel: the golden snippet', () => {
  it('is exactly the reviewed one', () => {
    expect(render(realisticPlan()).code).toBe(GOLDEN);
  });
  it('is a valid vercel.json with the plan\'s headers on every path', () => {
    expect(headers(GOLDEN)).toEqual({
      'Access-Control-Allow-Origin': A,
      'Access-Control-Allow-Credentials': 'true',
      'Access-Control-Allow-Methods': 'GET, PUT',
      'Access-Control-Allow-Headers': 'authorization, content-type, x-api-key',
      'Access-Control-Max-Age': '7200',
      'Access-Control-Expose-Headers': 'x-request-id',
    });
  });
  it('has language, notes and docs', () => {
    const s = render(realisticPlan());
    expect(s.language).toBe('json');
    expect(s.docs).toContain('https://vercel.com/docs/project-configuration/vercel-json#headers');
    const notes = s.notes.join('\n');
    expect(notes).toMatch(/Vercel does not answer the preflight for a Function: the Function receives the OPTIONS request\. Answer it first, before any authentication/);
    expect(notes).toMatch(/OPTIONS Allowlist/);
    expect(notes).toMatch(/one fixed value: it cannot compare the Origin with a list, so only https:\/\/app\.example is allowed/);
    expect(notes).toMatch(/no Vary: Origin is needed/);
    expect(notes).toMatch(/These headers apply to static files and to Function responses of the matching paths, error statuses included/);
  });
});

describe('Vercel: what the plan switches', () => {
  it('credentials only when the plan has them; Expose-Headers only when needed', () => {
    expect(headers(render(plan({ credentials: false, exposeHeaders: [] })).code)).toEqual({
      'Access-Control-Allow-Origin': A, 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': 'authorization', 'Access-Control-Max-Age': '7200',
    });
  });
  it('without a preflight: only Allow-Origin, -Credentials, Expose-Headers', () => {
    const s = render(plan({ preflight: false, maxAge: null }));
    expect(headers(s.code)).toEqual({ 'Access-Control-Allow-Origin': A, 'Access-Control-Allow-Credentials': 'true', 'Access-Control-Expose-Headers': 'x-request-id' });
    expect(s.code).not.toMatch(/OPTIONS|Preflight|preflight/);
    expect(s.notes.join('\n')).not.toMatch(/OPTIONS/);
  });
  it('Max-Age: the plan, or 7200, at most 86400', () => {
    expect(headers(render(plan({ maxAge: 600 })).code)['Access-Control-Max-Age']).toBe('600');
    expect(headers(render(plan({ maxAge: null })).code)['Access-Control-Max-Age']).toBe('7200');
    expect(headers(render(plan({ maxAge: 86401 })).code)['Access-Control-Max-Age']).toBe('86400');
  });
  it('more origins cannot be listed: only the request\'s own, and the notes say which are not', () => {
    const s = render(plan(), [B]);
    expect(headers(s.code)['Access-Control-Allow-Origin']).toBe(A);
    expect(s.notes.join('\n')).toMatch(/only https:\/\/app\.example is allowed \(not https:\/\/b\.example\)/);
  });
  it('a refused plan origin: no Allow-Origin, and the notes say why (JSON has no comments)', () => {
    const s = render(plan({ origin: 'null' }));
    expect(headers(s.code)).not.toHaveProperty('Access-Control-Allow-Origin');
    expect(s.notes[0]).toMatch(/^No origin is allowed by this snippet/);
  });
});

describe('Vercel: hostile plans', () => {
  it('the file stays valid JSON for the schema, with exactly the legal values, and names every refused one in the notes', () => {
    fc.assert(
      fc.property(hostilePlan, moreOrigins, (p, more) => {
        const s = render(p, more);
        checkHostileSnippet(s, p, more, null);
        // JSON has no comments: every refused value is named in a note instead.
        const refusalNotes = s.notes.filter((n) => /^(The (origin|method|request header|response header) ".*?"(\.\.\.)? was left out: |No origin is allowed by this snippet: )/.test(n));
        expect(refusalNotes).toHaveLength(corsValues(p, { moreOrigins: more }).refused.length);
        const want = fixedHeaders(expected(p, more));
        expect(headers(s.code)).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });
});
