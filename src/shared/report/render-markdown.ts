import type { HeaderLine } from '../model';
import { markdownCodeBlock, markdownInline, markdownText } from './neutralize';
import { fixGroups, needsDetails, ruleOf, shortUrl, stageLabel, statusCell, totalLine } from './presentation';
import type { Report, ReportRequest } from './types';

/** Every untrusted string goes through this before it is written. */
const m = markdownText;
/** The engine's own texts, whose `code` spans stay code. */
const em = markdownInline;

function headerBlock(headers: readonly HeaderLine[], statusLine?: string): string {
  const lines = headers.map((h) => `${h.name}: ${h.value}`);
  return markdownCodeBlock(statusLine ? [statusLine, ...lines] : lines, 'http');
}

function observedSection(r: ReportRequest): string[] {
  const o = r.observed;
  const out: string[] = ['**Observed headers**', ''];
  const hopNote = r.hops.length > 1 ? ` (hop ${o.hop + 1} of ${r.hops.length})` : '';
  out.push(`Request${hopNote}:`, '', headerBlock(o.request, `${r.hops[o.hop]?.method ?? r.method} ${r.hops[o.hop]?.url ?? r.url}`), '');
  if (o.preflightRequest) {
    out.push('Preflight request:', '', headerBlock(o.preflightRequest), '');
    out.push(
      o.preflightResponse
        ? `Preflight response (${o.preflightStatus ?? 'no status'}):`
        : 'Preflight response: none (no HTTP answer)',
      '',
    );
    if (o.preflightResponse) out.push(headerBlock(o.preflightResponse), '');
  }
  if (o.response) {
    out.push(`Response (${r.hops[o.hop]?.status ?? 'no status'}):`, '', headerBlock(o.response), '');
  } else {
    out.push(`Response: none${r.error ? ` (the browser reported ${m(r.error)})` : ''}`, '');
  }
  return out;
}

function section(r: ReportRequest, n: number): string[] {
  const out: string[] = [`## ${n}. ${m(r.method)} ${m(r.url)} — ${r.verdict}`, ''];
  const facts = [`- **Source:** ${m(r.source)}`];
  if (r.initiator) facts.push(`- **Initiator:** ${m(r.initiator)}`);
  if (r.code) facts.push(`- **Rule:** \`${r.code}\` ${stageLabel(r.stage)}`);
  if (r.chromiumError) facts.push(`- **Chromium:** \`${r.chromiumError}\``);
  if (r.firefoxReason) facts.push(`- **Firefox:** \`${r.firefoxReason}\``);
  if (r.failedParameter !== null) facts.push(`- **Offending value:** ${m(r.failedParameter)}`);
  out.push(...facts, '');
  if (r.explanation.summary) out.push(`**What happened:** ${em(r.explanation.summary)}`, '');
  if (r.explanation.why.length > 0) out.push('**Why:**', '', ...r.explanation.why.map((w) => `- ${em(w)}`), '');
  out.push(...observedSection(r));
  const groups = r.fix ? fixGroups(r.fix.lines) : [];
  const steps = [...(r.fix?.serverSteps ?? [])];
  if (groups.length === 0) steps.push(...r.explanation.fix);
  if (groups.length > 0 || steps.length > 0) {
    out.push('**Fix:**', '');
    for (const g of groups) out.push(g.title, '', markdownCodeBlock(g.lines, 'http'), '');
    if (steps.length > 0) out.push(...steps.map((s) => `- ${em(s)}`), '');
  }
  if (r.undecided.length > 0) {
    out.push('**Cannot be decided from what was recorded:**', '', ...r.undecided.map((u) => `- ${em(u)}`), '');
  }
  const warnings = r.advisories.filter((a) => a.severity === 'warning');
  if (warnings.length > 0) out.push('**Warnings:**', '', ...warnings.map((a) => `- ${em(a.title)}: ${em(a.detail)}`), '');
  if (r.notes.length > 0) out.push('**Import notes:**', '', ...r.notes.map((x) => `- ${m(x)}`), '');
  return out;
}

/** `--markdown`: totals, a table of every request, then one section per blocked request. */
export function renderMarkdown(report: Report, options: { filtered?: boolean } = {}): string {
  const out: string[] = ['# corsight report', ''];
  out.push(`${m(totalLine(report.summary))}${options.filtered ? ` (showing ${report.requests.length})` : ''}.`, '');
  if (report.secretsRedacted) out.push('_Cookie, authorization and token values are redacted._', '');
  if (report.requests.length > 0) {
    out.push('| Source | Method | Status | URL | Verdict | Rule |', '| --- | --- | --- | --- | --- | --- |');
    for (const r of report.requests) {
      out.push(
        `| ${m(r.source)} | ${m(r.method)} | ${statusCell(r)} | ${m(shortUrl(r.url, 80))} | ${r.verdict} | ${m(ruleOf(r))} |`,
      );
    }
    out.push('');
  }
  report.requests.filter(needsDetails).forEach((r, i) => out.push(...section(r, i + 1)));
  out.push(`<sub>${m(report.generatedBy)}</sub>`, '');
  return out.join('\n');
}
