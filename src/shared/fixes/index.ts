/**
 * Server snippets for a fix plan: each target writes the plan's headers in its own syntax, with the
 * plan's real origin, methods and header names, checked (values.ts) and quoted for that syntax
 * (quote.ts). Pure: the panel, the CLI and reports can all use it.
 */
import { apacheTarget } from './apache';
import { expressTarget } from './express';
import { expressCorsTarget } from './express-cors';
import { headersTarget } from './headers';
import { nginxTarget } from './nginx';
import type { FixTarget } from './types';

export type { FixTarget, Snippet } from './types';

/** In the order a picker shows them: the raw headers first, then servers, then frameworks. */
export const FIX_TARGETS: readonly FixTarget[] = Object.freeze([headersTarget, nginxTarget, expressCorsTarget, expressTarget, apacheTarget]);

export function targetById(id: string): FixTarget | undefined {
  return FIX_TARGETS.find((t) => t.id === id);
}
