import { safeJsonStringify } from './neutralize';
import type { Report } from './types';

/** `--json`: the report as it is, pretty-printed, with terminal-unsafe characters escaped. */
export function renderJson(report: Report): string {
  return `${safeJsonStringify(report)}\n`;
}
