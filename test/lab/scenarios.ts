/** Every lab scenario, grouped by the CORS rule it exercises (one file per group under scenario-groups/). */
import type { Scenario } from './scenario-types';
import { ALLOW_ORIGIN } from './scenario-groups/allow-origin';
import { CREDENTIALS } from './scenario-groups/credentials';
import { EXPOSE } from './scenario-groups/expose';
import { HEADERS } from './scenario-groups/headers';
import { MAX_AGE } from './scenario-groups/max-age';
import { METHODS } from './scenario-groups/methods';
import { MODE } from './scenario-groups/mode';
import { PASSES } from './scenario-groups/passes';
import { PREFLIGHT_STATUS } from './scenario-groups/preflight-status';
import { REDIRECT } from './scenario-groups/redirect';
import { SAFELIST } from './scenario-groups/safelist';
import { STATUS_CODES } from './scenario-groups/status-codes';

export type { Scenario } from './scenario-types';

export const SCENARIOS: readonly Scenario[] = [
  ...ALLOW_ORIGIN,
  ...CREDENTIALS,
  ...PREFLIGHT_STATUS,
  ...METHODS,
  ...HEADERS,
  ...SAFELIST,
  ...REDIRECT,
  ...EXPOSE,
  ...MAX_AGE,
  ...STATUS_CODES,
  ...MODE,
  ...PASSES,
];

const seen = new Set<string>();
for (const s of SCENARIOS) {
  if (seen.has(s.id)) throw new Error(`duplicate scenario id ${s.id}`);
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(s.id)) throw new Error(`scenario id is not kebab-case: ${s.id}`);
  seen.add(s.id);
}
