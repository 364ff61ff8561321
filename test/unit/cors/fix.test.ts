import { describe, expect, it } from 'vitest';
import { diagnose, type FixLine } from '../../../src/shared/cors';
import { A, C, ex, ok } from './build';

const changed = (lines: FixLine[] | undefined) => Object.fromEntries((lines ?? []).filter((l) => l.change !== 'keep').map((l) => [l.header, l.value]));

describe('the fix plan', () => {
  it('uses the real origin, method and header names', () => {
    const d = diagnose(ex({ method: 'DELETE', req: { 'X-Api-Key': 'k', 'Content-Type': 'application/json' }, acrh: 'content-type,x-api-key', pre: { status: 204, headers: {} }, res: null, outcome: 'net::ERR_FAILED' }));
    expect(changed(d.fix?.lines)).toEqual({
      'Access-Control-Allow-Origin': A,
      'Access-Control-Allow-Methods': 'DELETE',
      'Access-Control-Allow-Headers': 'content-type, x-api-key',
      'Access-Control-Max-Age': '7200',
      Vary: 'Origin',
    });
    expect(d.fix?.lines.find((l) => l.header === 'Access-Control-Allow-Origin')?.cures).toEqual(['allow-origin-missing']);
  });
  it('never answers credentials with *', () => {
    const d = diagnose(ex({ credentials: 'include', res: { headers: { 'Access-Control-Allow-Origin': '*' } }, outcome: 'net::ERR_FAILED' }));
    const acao = d.fix?.lines.find((l) => l.header === 'Access-Control-Allow-Origin');
    expect(acao).toMatchObject({ value: A, change: 'replace', current: '*' });
    expect(changed(d.fix?.lines)['Access-Control-Allow-Credentials']).toBe('true');
  });
  it('keeps what the server already allows and adds the missing method', () => {
    const d = diagnose(ex({ method: 'PATCH', pre: { status: 204, headers: ok({ 'Access-Control-Allow-Methods': 'GET, PUT' }) }, res: null, outcome: 'net::ERR_FAILED' }));
    expect(changed(d.fix?.lines)['Access-Control-Allow-Methods']).toBe('GET, PUT, PATCH');
  });
  it('names Authorization instead of relying on *', () => {
    const d = diagnose(ex({ method: 'PUT', req: { Authorization: 'Bearer t' }, pre: { status: 204, headers: ok({ 'Access-Control-Allow-Methods': 'PUT', 'Access-Control-Allow-Headers': '*', 'Access-Control-Max-Age': '600' }) }, res: { headers: ok({ Vary: 'Origin' }) }, outcome: 'completed' }));
    const line = d.fix?.lines.find((l) => l.header === 'Access-Control-Allow-Headers');
    expect(line).toMatchObject({ change: 'replace', value: 'authorization', cures: ['authorization-covered-by-wildcard'] });
  });
  it('replaces two ACAO lines by one', () => {
    const d = diagnose(ex({ res: { headers: [['Access-Control-Allow-Origin', A], ['Access-Control-Allow-Origin', A]] }, outcome: 'net::ERR_FAILED' }));
    expect(d.fix?.lines.find((l) => l.header === 'Access-Control-Allow-Origin')).toMatchObject({ change: 'replace', value: A });
    expect(d.fix?.serverSteps.join(' ')).toMatch(/Only one layer/);
  });
  it('merges Origin into an existing Vary', () => {
    const d = diagnose(ex({ res: { headers: ok({ Vary: 'Accept-Encoding' }) }, outcome: 'completed' }));
    expect(d.fix?.lines.find((l) => l.header === 'Vary')).toMatchObject({ change: 'replace', value: 'Accept-Encoding, Origin' });
  });
  it('steps, not headers, for a preflight blocked by auth', () => {
    const d = diagnose(ex({ method: 'PUT', pre: { status: 401, headers: ok({ 'Access-Control-Allow-Methods': 'PUT' }) }, res: null, outcome: 'net::ERR_FAILED' }));
    expect(d.fix?.serverSteps[0]).toMatch(/OPTIONS before authentication/);
  });
  it('explains a tainted origin instead of recommending null blindly', () => {
    const d = diagnose(ex({ res: { status: 302, headers: ok({ Location: `${C}/x` }) }, next: [{ url: `${C}/x`, origin: 'null', res: { headers: ok() } }], outcome: 'net::ERR_FAILED' }));
    expect(d.fix?.origin).toBe('null');
    expect(d.fix?.serverSteps.join(' ')).toMatch(/Origin: null/);
  });
  it('has no plan for same-origin requests', () => {
    expect(diagnose(ex({ url: `${A}/x`, res: { headers: {} } })).fix).toBeNull();
  });
});

describe('the fix after a cross-origin redirect (the browser sent Origin: null)', () => {
  const redirected = (credentials: 'omit' | 'include') =>
    diagnose(
      ex({
        credentials,
        res: { status: 302, headers: { 'Access-Control-Allow-Origin': A, ...(credentials === 'include' ? { 'Access-Control-Allow-Credentials': 'true' } : {}), Location: `${C}/final` } },
        next: [{ url: `${C}/final`, origin: 'null', res: { status: 200, headers: { 'Access-Control-Allow-Origin': A, ...(credentials === 'include' ? { 'Access-Control-Allow-Credentials': 'true' } : {}) } } }],
        outcome: 'net::ERR_FAILED',
      }),
    );
  const acao = (d: ReturnType<typeof diagnose>) => d.fix?.lines.find((l) => l.header === 'Access-Control-Allow-Origin')?.value;

  it('without credentials offers `*`, not `null` (which admits every sandboxed frame)', () => {
    const d = redirected('omit');
    expect(d.failure?.code).toBe('allow-origin-mismatch');
    expect(d.explanation.summary).toContain('came from `null`');
    expect(acao(d)).toBe('*');
  });

  it('with credentials only `null` can match, and the plan says to avoid the redirect', () => {
    const d = redirected('include');
    expect(acao(d)).toBe('null');
    expect(d.fix?.serverSteps.join(' ')).toMatch(/Call the final URL directly/);
  });
});
