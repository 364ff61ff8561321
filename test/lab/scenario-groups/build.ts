/** Small builders that keep the scenario tables readable. */
import type { HeaderPair, RawResponse, ServerStep } from '../scenario-types';

/** The request's own Origin, echoed. */
export const ECHO = '{ORIGIN}';

export const acao = (v: string): HeaderPair => ['Access-Control-Allow-Origin', v];
export const acac = (v: string): HeaderPair => ['Access-Control-Allow-Credentials', v];
export const acam = (v: string): HeaderPair => ['Access-Control-Allow-Methods', v];
export const acah = (v: string): HeaderPair => ['Access-Control-Allow-Headers', v];
export const aceh = (v: string): HeaderPair => ['Access-Control-Expose-Headers', v];
export const acma = (v: string): HeaderPair => ['Access-Control-Max-Age', v];
export const location = (v: string): HeaderPair => ['Location', v];

const TEXT: HeaderPair = ['Content-Type', 'text/plain'];

export function respond(status: number, headers: HeaderPair[], body = '', reason?: string): RawResponse {
  return reason === undefined ? { status, headers, body } : { status, reason, headers, body };
}

/** A 200 text response carrying the given header lines. */
export const ok = (...headers: HeaderPair[]): RawResponse => respond(200, [TEXT, ...headers], 'ok');

/** A 204 preflight answer carrying the given header lines. */
export const preflight = (...headers: HeaderPair[]): RawResponse => respond(204, headers);

/** A preflight that grants whatever was asked, to the requesting origin, with credentials. */
export const grantAll = (...extra: HeaderPair[]): RawResponse =>
  preflight(acao(ECHO), acac('true'), acam('{ACRM}'), acah('{ACRH}'), ...extra);

/** The usual one-URL server: `start` answers the preflight (if any) and the request. */
export function at(actual: RawResponse, preflightAnswer?: RawResponse): Record<string, ServerStep> {
  return { start: preflightAnswer ? { actual, preflight: preflightAnswer } : { actual } };
}

/** A redirect to `to` (a URL template), with extra header lines. */
export const redirect = (status: number, to: string, ...headers: HeaderPair[]): RawResponse =>
  respond(status, [location(to), ...headers]);
