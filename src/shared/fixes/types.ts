import type { FixPlan } from '../cors/types';

/** A server configuration that applies a fix plan, ready to copy. */
export interface Snippet {
  code: string;
  /** For highlighting and Markdown fences: 'nginx', 'javascript', 'http', 'apache'... */
  language: string;
  /** The target's pitfalls that apply to this plan, plain text. */
  notes: string[];
  /** URLs of the documentation the snippet follows. */
  docs: string[];
}

/** One server, framework or raw-header form a fix plan can be written for. */
export interface FixTarget {
  id: string;
  label: string;
  render(plan: FixPlan): Snippet;
}
