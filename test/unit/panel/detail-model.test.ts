import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/shared/cors';
import { headerTables, preflightReasonText, timeline } from '../../../src/panel/detail-model';
import { ex, type Spec } from '../cors/build';

const model = (spec: Spec) => {
  const e = ex(spec);
  const d = diagnose(e);
  return { steps: timeline(e, d), tables: headerTables(e, d), d };
};
const marked = (t: { rows: { name: string; value: string | null; mark: string | null }[] } | undefined) => t?.rows.filter((r) => r.mark).map((r) => [r.name, r.value, r.mark]);

describe('detail view: timeline', () => {
  it('a preflight answered 401 is the failing step, and the request was never sent', () => {
    const { steps } = model({ method: 'PUT', pre: { status: 401 }, res: null, outcome: 'net::ERR_FAILED' });
    expect(steps.map((s) => [s.kind, s.method, s.status, s.state, s.failing])).toEqual([
      ['preflight', 'OPTIONS', '401', 'bad', true],
      ['request', 'PUT', 'not sent: the preflight failed', 'skipped', false],
    ]);
  });

  it('a redirect chain is one step per hop, the redirect showing where it went', () => {
    const acao = { 'Access-Control-Allow-Origin': 'https://app.example' };
    const { steps } = model({ res: { status: 302, headers: { ...acao, Location: 'https://api.example/next' } }, next: [{ url: 'https://api.example/next', res: { status: 200, headers: acao } }] });
    expect(steps.map((s) => [s.hop, s.status, s.state])).toEqual([
      [0, '302 → https://api.example/next', 'ok'],
      [1, '200', 'ok'],
    ]);
  });

  it('a request that needed a preflight but showed none says the preflight came from the cache', () => {
    const { steps } = model({ method: 'PUT', preflightCached: true, res: { status: 200, headers: { 'Access-Control-Allow-Origin': 'https://app.example' } } });
    expect(steps[0]).toMatchObject({ kind: 'preflight', state: 'cached', status: 'served from the preflight cache' });
  });
});

describe('detail view: header tables', () => {
  it('a missing Access-Control-Allow-Origin gets a highlighted "missing" row on the response', () => {
    const { tables } = model({ res: { status: 200, headers: { 'Content-Type': 'text/plain' } }, outcome: 'net::ERR_FAILED' });
    const res = tables.find((t) => t.title === 'Response');
    expect(marked(res)).toEqual([['Access-Control-Allow-Origin', null, 'offending']]);
  });

  it('a wrong origin marks the header that carries it', () => {
    const { tables } = model({ res: { status: 200, headers: { 'Access-Control-Allow-Origin': 'https://evil.example' } }, outcome: 'net::ERR_FAILED' });
    expect(marked(tables.find((t) => t.title === 'Response'))).toEqual([['Access-Control-Allow-Origin', 'https://evil.example', 'offending']]);
  });

  it('a header the preflight did not allow is marked on the request, on Access-Control-Request-Headers and on the preflight response\'s allow list', () => {
    const { tables } = model({
      method: 'POST',
      req: { 'X-Token': 'abc' },
      pre: { status: 204, headers: { 'Access-Control-Allow-Origin': 'https://app.example', 'Access-Control-Allow-Headers': 'content-type' } },
      res: null,
      outcome: 'net::ERR_FAILED',
    });
    expect(tables.map((t) => t.title)).toEqual(['Preflight request', 'Preflight response', 'Request']);
    expect(marked(tables[0])).toEqual([['Access-Control-Request-Headers', 'x-token', 'offending']]);
    expect(marked(tables[1])).toEqual([['Access-Control-Allow-Headers', 'content-type', 'offending']]);
    expect(marked(tables[2])).toEqual([['X-Token', 'abc', 'offending']]);
  });

  it('the header that triggered the preflight is marked as the trigger', () => {
    const { tables, d } = model({
      method: 'POST',
      req: { 'Content-Type': 'application/json' },
      pre: { status: 204, headers: { 'Access-Control-Allow-Origin': 'https://app.example', 'Access-Control-Allow-Headers': 'content-type' } },
      res: { status: 200, headers: { 'Access-Control-Allow-Origin': 'https://app.example' } },
    });
    expect(marked(tables.find((t) => t.title === 'Request'))).toEqual([['Content-Type', 'application/json', 'trigger']]);
    expect(d.preflight.reasons.map(preflightReasonText)).toEqual(['Content-Type application/json is not application/x-www-form-urlencoded, multipart/form-data or text/plain.']);
  });
});
