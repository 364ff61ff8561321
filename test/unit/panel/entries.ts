/** StoredExchanges as the background stores them: a real exchange, the engine's real summary. */
import { triage } from '../../../src/shared/cors';
import { summarize, type StoredExchange } from '../../../src/shared/capture/log';
import { ex, type Spec } from '../cors/build';

export function stored(seq: number, spec: Spec = {}): StoredExchange {
  const exchange = { ...ex(spec), id: `x${seq}` };
  return { seq, exchange, summary: summarize(triage(exchange)) };
}

/** A response with no CORS headers: blocked for a missing Access-Control-Allow-Origin. */
export const missingAcao = (url = 'https://api.example/data', extra: Spec = {}): Spec => ({ url, res: { status: 200 }, outcome: 'net::ERR_FAILED', ...extra });
/** A response that allows https://app.example. */
export const passing = (url = 'https://api.example/ok', extra: Spec = {}): Spec => ({ url, res: { status: 200, headers: { 'Access-Control-Allow-Origin': 'https://app.example', Vary: 'Origin' } }, ...extra });
