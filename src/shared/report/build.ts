import type { Diagnosis } from '../cors';
import type { ImportedExchange } from '../har';
import type { Exchange, Hop } from '../model';
import { redactDeep } from './redact';
import { REPORT_SCHEMA, type ObservedHeaders, type Report, type ReportRequest, type ReportSummary } from './types';

/** One analysed input: the name it is reported under and its imported exchanges. */
export interface ReportSource {
  source: string;
  exchanges: readonly ImportedExchange[];
}

export interface BuildOptions {
  /** The engine; passed in so that the report can be built (and tested) apart from it. */
  diagnose: (ex: Exchange) => Diagnosis;
  generatedBy: string;
  /** Keep cookie, authorization and token values instead of redacting them. */
  includeSecrets?: boolean;
  /** Carry each request's exchange, so the report can be analysed again (the extension's export). */
  withExchanges?: boolean;
}

function observedHeaders(hops: readonly Hop[], index: number): ObservedHeaders {
  const hop = hops[index] ?? hops[hops.length - 1];
  return {
    hop: hops[index] ? index : hops.length - 1,
    request: hop?.request.headers ?? [],
    response: hop?.response?.headers ?? null,
    preflightRequest: hop?.preflight?.request.headers ?? null,
    preflightResponse: hop?.preflight?.response?.headers ?? null,
    preflightStatus: hop?.preflight?.response?.status ?? null,
  };
}

/** Flattens one exchange and its diagnosis into the report's shape. */
export function reportRequest(source: string, imported: ImportedExchange, d: Diagnosis): ReportRequest {
  const ex = imported.exchange;
  const first = ex.hops[0];
  const last = ex.hops[ex.hops.length - 1];
  const failingHop = d.failure?.hop ?? null;
  return {
    source,
    id: ex.id,
    url: first?.request.url ?? '',
    method: first?.request.method ?? '',
    verdict: d.verdict,
    chromiumError: d.chromiumError,
    firefoxReason: d.firefoxReason,
    failedParameter: d.failedParameter,
    failedValues: d.failure?.values ?? null,
    status: last?.response?.status ?? null,
    code: d.failure?.code ?? null,
    stage: d.failure?.stage ?? null,
    hop: failingHop,
    initiator: ex.initiator ?? null,
    browser: ex.browser,
    resourceType: ex.resourceType ?? null,
    startedAt: ex.startedAt !== undefined ? new Date(ex.startedAt).toISOString() : null,
    error: ex.outcome.kind === 'failed' ? ex.outcome.error : null,
    credentials: d.credentials,
    explanation: d.explanation,
    preflight: d.preflight,
    realCause: d.realCause,
    advisories: d.advisories,
    assumptions: d.assumptions,
    undecided: d.undecided,
    fix: d.fix,
    exposure: d.exposure,
    hops: ex.hops.map((h) => ({
      method: h.request.method,
      url: h.request.url,
      status: h.response?.status ?? null,
      preflight: h.preflight
        ? { status: h.preflight.response?.status ?? null, error: h.preflight.error ?? null }
        : null,
    })),
    observed: observedHeaders(ex.hops, failingHop ?? ex.hops.length - 1),
    notes: imported.notes,
  };
}

export function summarize(requests: readonly Pick<ReportRequest, 'verdict'>[]): ReportSummary {
  const s: ReportSummary = { total: requests.length, blocked: 0, allowed: 0, sameOrigin: 0, notCors: 0 };
  for (const r of requests) {
    if (r.verdict === 'blocked') s.blocked++;
    else if (r.verdict === 'allowed') s.allowed++;
    else if (r.verdict === 'same-origin') s.sameOrigin++;
    else s.notCors++;
  }
  return s;
}

/**
 * Diagnoses every exchange and builds the report. Secrets are redacted here, once, so that no renderer
 * can forget to.
 */
export function buildReport(sources: readonly ReportSource[], options: BuildOptions): Report {
  const requests: ReportRequest[] = [];
  for (const { source, exchanges } of sources) {
    for (const imported of exchanges) {
      const r = reportRequest(source, imported, options.diagnose(imported.exchange));
      if (options.withExchanges) r.exchange = imported.exchange;
      requests.push(options.includeSecrets ? r : redactDeep(r));
    }
  }
  return {
    schema: REPORT_SCHEMA,
    generatedBy: options.generatedBy,
    secretsRedacted: !options.includeSecrets,
    summary: summarize(requests),
    requests,
  };
}

/** The report restricted to blocked requests (`--failing`); the summary still counts everything. */
export function onlyFailing(report: Report): Report {
  return { ...report, requests: report.requests.filter((r) => r.verdict === 'blocked') };
}
