import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { importHarText, importHarValue, type HarImport, type ImportedExchange } from '../../../src/shared/har';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/har/', import.meta.url));

export function fixtureText(name: string): string {
  return readFileSync(`${FIXTURES}${name}`, 'utf8');
}

export function fixtureJson(name: string): { log: { entries: unknown[]; [k: string]: unknown } } {
  return JSON.parse(fixtureText(name)) as { log: { entries: unknown[] } };
}

/** Imports a fixture, failing the test with the reason if it does not import. */
export function importFixture(name: string): HarImport {
  return unwrap(importHarText(fixtureText(name)));
}

export function unwrap(r: ReturnType<typeof importHarValue>): HarImport {
  if (!r.ok) throw new Error(`import failed: ${r.error.reason}`);
  return r.value;
}

/** The imported exchange whose first hop is `method url`; fails when there is not exactly one. */
export function exchangeFor(imp: HarImport, method: string, url: string): ImportedExchange {
  const found = imp.exchanges.filter(
    (x) => x.exchange.hops[0]?.request.method === method && x.exchange.hops[0]?.request.url === url,
  );
  if (found.length !== 1) throw new Error(`expected one ${method} ${url}, found ${found.length}`);
  return found[0] as ImportedExchange;
}

export function header(headers: readonly { name: string; value: string }[] | undefined, name: string): string | undefined {
  return headers?.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
}
