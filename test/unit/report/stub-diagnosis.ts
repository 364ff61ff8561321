import type { Diagnosis } from '../../../src/shared/cors';
import type { Exchange } from '../../../src/shared/model';

/**
 * A stand-in engine for report and CLI tests: decides only on the Origin request header and the last
 * response's Access-Control-Allow-Origin, so those tests exercise rendering, redaction and escaping without depending on the real
 * engine's wording. It quotes the server's ACAO value in its texts, as the real engine does.
 */
export function stubDiagnose(ex: Exchange): Diagnosis {
  const first = ex.hops[0];
  const last = ex.hops[ex.hops.length - 1];
  const base: Diagnosis = {
    verdict: 'allowed',
    failure: null,
    chromiumError: null,
    firefoxReason: null,
    failedParameter: null,
    preflight: { needed: false, reasons: [], observed: 'not-needed' },
    realCause: null,
    advisories: [],
    assumptions: [],
    credentials: 'unknown',
    undecided: [],
    fix: null,
    exposure: null,
    explanation: { title: 'Allowed', summary: 'The browser let the page read the response.', why: [], fix: [] },
  };
  const url = first?.request.url ?? '';
  let origin: string | undefined;
  try {
    origin = new URL(url).origin;
  } catch {
    origin = undefined;
  }
  if (ex.initiator === undefined || ex.initiator === origin) return { ...base, verdict: 'same-origin' };
  if (!last?.response) {
    return {
      ...base,
      verdict: 'blocked',
      undecided: ['The request got no response, so which rule failed cannot be decided.'],
      explanation: { title: 'Failed', summary: `The request to ${url} got no answer.`, why: [], fix: ['Look at the server logs.'] },
    };
  }
  if (!first?.request.headers.some((h) => h.name.toLowerCase() === 'origin')) return { ...base, verdict: 'not-cors' };
  const acao = last.response.headers.find((h) => h.name.toLowerCase() === 'access-control-allow-origin')?.value;
  if (acao === '*' || acao === ex.initiator) return base;
  return {
    ...base,
    verdict: 'blocked',
    failure: {
      code: acao === undefined ? 'allow-origin-missing' : 'allow-origin-mismatch',
      stage: 'actual',
      hop: ex.hops.length - 1,
      failedParameter: acao ?? null,
      header: 'Access-Control-Allow-Origin',
      chromiumError: acao === undefined ? 'MissingAllowOriginHeader' : 'AllowOriginMismatch',
      firefoxReason: acao === undefined ? 'CORSMissingAllowOrigin2' : 'CORSAllowOriginNotMatchingOrigin',
    },
    chromiumError: acao === undefined ? 'MissingAllowOriginHeader' : 'AllowOriginMismatch',
    firefoxReason: acao === undefined ? 'CORSMissingAllowOrigin2' : 'CORSAllowOriginNotMatchingOrigin',
    failedParameter: acao ?? null,
    explanation: {
      title: 'Blocked',
      summary: acao === undefined ? `The response from ${url} has no Access-Control-Allow-Origin.` : `The response allows ${acao}, not ${ex.initiator}.`,
      why: ['A page may read a cross-origin response only if the server names its origin.'],
      fix: [],
    },
    fix: {
      origin: ex.initiator,
      credentials: false,
      preflight: false,
      methods: [],
      requestHeaders: [],
      exposeHeaders: [],
      maxAge: null,
      lines: [
        {
          header: 'Access-Control-Allow-Origin',
          value: ex.initiator,
          on: 'actual',
          change: acao === undefined ? 'add' : 'replace',
          current: acao ?? null,
          cures: ['allow-origin-missing'],
          why: 'names the page origin',
        },
        { header: 'Vary', value: 'Origin', on: 'actual', change: 'add', current: null, cures: ['missing-vary-origin'], why: 'caches' },
      ],
      serverSteps: [],
    },
  };
}
