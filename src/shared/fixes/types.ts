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

/** What the user adds to the plan: the origins to allow besides the request's own. */
export interface RenderOptions {
  /** More origins to allow, exactly as browsers send them; each is checked like the plan's. */
  moreOrigins?: readonly string[];
}

/** One server, framework or raw-header form a fix plan can be written for. */
export interface FixTarget {
  id: string;
  label: string;
  render(plan: FixPlan, options?: RenderOptions): Snippet;
}
