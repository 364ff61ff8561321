/** Substitution of the `{A}` / `{RUN}` / `{ORIGIN}` ... placeholders described in scenario-types.ts. */
import type { OriginKey } from './scenario-types';

export type Origins = Record<OriginKey, string>;

export interface PlaceholderContext {
  origins: Origins;
  /** `/s/<scenarioId>/<runId>` */
  run: string;
  /** Values taken from the request being answered (absent on the client side). */
  origin?: string;
  acrm?: string;
  acrh?: string;
}

export function substitute(template: string, ctx: PlaceholderContext): string {
  return template.replace(/\{(A|B|C)(\.host|\.port)?\}|\{(RUN|ORIGIN|ACRM|ACRH)\}/g, (whole, key, part, word) => {
    if (key) {
      const origin = new URL(ctx.origins[key as OriginKey]);
      if (part === '.host') return origin.host;
      if (part === '.port') return origin.port;
      return origin.origin;
    }
    switch (word) {
      case 'RUN':
        return ctx.run;
      case 'ORIGIN':
        return ctx.origin ?? '';
      case 'ACRM':
        return ctx.acrm ?? '';
      case 'ACRH':
        return ctx.acrh ?? '';
      default:
        return whole;
    }
  });
}
