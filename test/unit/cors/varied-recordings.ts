/**
 * Every exchange recorded in both real browsers (test/conformance/recordings), and a fast-check arbitrary
 * that varies them where the engine's shortcuts and rules turn: response headers, statuses, credentials
 * mode and outcome. For the tests that prove two ways through the engine give the same answer.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { Exchange, HeaderLine, Hop } from '../../../src/shared/model';

const recorded = (name: string): Exchange[] =>
  (JSON.parse(readFileSync(new URL(`../../conformance/recordings/${name}`, import.meta.url), 'utf8')) as { scenarios: Array<{ exchange: Exchange | null }> })
    .scenarios.flatMap((s) => (s.exchange ? [s.exchange] : []));
export const exchanges = [...recorded('chromium.json'), ...recorded('firefox.json')];

// The values that decide the rules whose order or naming differs between the browsers.
const NAMES = ['Access-Control-Allow-Origin', 'Access-Control-Allow-Credentials', 'Access-Control-Allow-Methods', 'Access-Control-Allow-Headers', 'Access-Control-Allow-Private-Network', 'Location', 'Vary'];
const VALUES = ['*', 'null', 'true', 'TRUE', 'http://127.0.0.1:8001', 'http://localhost:8001', 'http://127.0.0.1:8001/', 'http://127.0.0.1:8001, http://localhost:8001', 'PUT', 'put, DELETE', 'x-a, *', '*, authorization', 'x a', 'a,,b', 'http://127.0.0.1:8002/x', 'ftp://x/', ''];
const edit = fc.oneof(
  fc.record({ op: fc.constant('add' as const), name: fc.constantFrom(...NAMES), value: fc.constantFrom(...VALUES) }),
  fc.record({ op: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('set' as const), at: fc.nat(), value: fc.constantFrom(...VALUES) }),
);
const responseEdit = fc.record({ edits: fc.array(edit, { maxLength: 4 }), status: fc.option(fc.constantFrom(200, 204, 302, 307, 401, 404, 500), { nil: undefined }) });
export const variation = fc.record({
  at: fc.nat(),
  preflight: responseEdit,
  response: responseEdit,
  credentials: fc.option(fc.constantFrom('include' as const, 'omit' as const, 'same-origin' as const), { nil: undefined }),
  outcome: fc.option(fc.constantFrom({ kind: 'completed' as const }, { kind: 'failed' as const, error: 'net::ERR_FAILED' }), { nil: undefined }),
});

function edited(headers: HeaderLine[], e: { edits: Array<{ op: 'add' | 'drop' | 'set'; name?: string; value?: string; at?: number }> }): HeaderLine[] {
  const out = headers.map((h) => ({ ...h }));
  for (const x of e.edits) {
    if (x.op === 'add') out.push({ name: x.name as string, value: x.value as string });
    else if (out.length > 0 && x.op === 'drop') out.splice((x.at as number) % out.length, 1);
    else if (out.length > 0) (out[(x.at as number) % out.length] as HeaderLine).value = x.value as string;
  }
  return out;
}

export type Variation = typeof variation extends fc.Arbitrary<infer T> ? T : never;

export function varied(v: Variation): Exchange {
  const ex = structuredClone(exchanges[v.at % exchanges.length] as Exchange);
  ex.hops = ex.hops.map((h: Hop) => {
    const hop = { ...h };
    if (hop.preflight?.response) hop.preflight = { ...hop.preflight, response: { ...hop.preflight.response, headers: edited(hop.preflight.response.headers, v.preflight), status: v.preflight.status ?? hop.preflight.response.status } };
    if (hop.response) hop.response = { ...hop.response, headers: edited(hop.response.headers, v.response), status: v.response.status ?? hop.response.status };
    return hop;
  });
  if (v.credentials) ex.credentials = v.credentials;
  if (v.outcome) ex.outcome = v.outcome;
  return ex;
}
