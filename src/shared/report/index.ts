/**
 * The report: diagnoses flattened for output, redacted, and rendered as JSON, Markdown or text; the
 * panel's exports (JSON, Markdown, HAR) and "Copy as curl".
 */
export * from './types';
export { buildReport, onlyFailing, reportRequest, summarize, type BuildOptions, type ReportSource } from './build';
export { redactDeep, redactHeaderValue, redactHeaders, redactText, REDACTED } from './redact';
export { markdownCodeBlock, markdownText, neutralize, safeJsonStringify } from './neutralize';
export { renderJson } from './render-json';
export { renderMarkdown } from './render-markdown';
export { renderText, type TextOptions } from './render-text';
export { totalLine } from './presentation';
export { exportHar, exportJson, exportMarkdown, type ExportOptions } from './export';
export { buildHar, type DiagnosedExchange, type HarExportOptions } from './har-export';
export type * from './har-format';
export { curlFor, type CurlOptions } from './curl';
export { shellQuote } from './shell-quote';
export { importCaptureText, importReportValue, isReportValue } from './read-report';
