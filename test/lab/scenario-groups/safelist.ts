/**
 * Why a preflight is sent at all: the CORS-safelisted methods and request headers. Each server grants
 * the origin only, no methods or headers, so a request that needed a preflight is blocked naming the
 * first unsafe header (or the method), and one that did not passes without any OPTIONS.
 */
import type { ClientSpec, Expectation, HeaderPair, Scenario } from '../scenario-types';
import { acao, at, ECHO, ok, preflight } from './build';

function trigger(id: string, title: string, client: Omit<ClientSpec, 'target'>, expect: Expectation, note?: string): Scenario {
  const s: Scenario = {
    id, title, rule: 'safelist',
    client: { target: 'B', ...client },
    server: at(ok(acao(ECHO)), preflight(acao(ECHO))),
    expect,
  };
  return note ? { ...s, note } : s;
}

const header = (h: string): Expectation => ({ blocked: true, corsError: 'HeaderDisallowedByPreflightResponse', failedParameter: h });
const method = (m: string): Expectation => ({ blocked: true, corsError: 'MethodDisallowedByPreflightResponse', failedParameter: m });
const SIMPLE: Expectation = { blocked: false };

const ct = (v: string) => [['Content-Type', v] as const];
const pad = (prefix: string, length: number) => prefix + 'a'.repeat(length - prefix.length);
const number = (length: number) => '1' + '0'.repeat(length - 1);

/** Eight safelisted headers of 128 bytes each: 1024 bytes, the most the safelist allows in all. */
const SAFELISTED_1024: HeaderPair[] = [
  ['Accept', pad('text/x-', 128)],
  ['Accept-Language', pad('en-', 128)],
  ['Content-Language', pad('de-', 128)],
  ['Content-Type', pad('text/plain; x=', 128)],
  ['DPR', number(128)],
  ['Width', number(128)],
  ['Viewport-Width', number(128)],
  ['Device-Memory', number(128)],
];

export const SAFELIST: Scenario[] = [
  trigger('post-text-plain', 'POST text/plain is simple', { method: 'POST', headers: ct('text/plain'), body: 'x' }, SIMPLE),
  trigger('post-text-plain-charset', 'POST text/plain;charset=UTF-8 is simple', { method: 'POST', headers: ct('text/plain;charset=UTF-8'), body: 'x' }, SIMPLE),
  trigger('post-form-urlencoded', 'POST application/x-www-form-urlencoded is simple', {
    method: 'POST', headers: ct('application/x-www-form-urlencoded'), body: 'a=1',
  }, SIMPLE),
  trigger('post-multipart', 'POST multipart/form-data is simple', {
    method: 'POST', headers: ct('multipart/form-data; boundary=x'), body: '--x--',
  }, SIMPLE),
  trigger('post-text-plain-uppercase', 'POST TEXT/PLAIN is simple (MIME types are case-insensitive)', {
    method: 'POST', headers: ct('TEXT/PLAIN'), body: 'x',
  }, SIMPLE),
  trigger('post-json', 'POST application/json needs a preflight', { method: 'POST', headers: ct('application/json'), body: '{}' }, header('content-type')),
  trigger('post-text-plain-unsafe-byte', 'POST text/plain with a quoted charset (unsafe byte ")', {
    method: 'POST', headers: ct('text/plain; charset="utf-8"'), body: 'x',
  }, header('content-type')),
  trigger('post-text-plain-129-bytes', 'Content-Type text/plain over 128 bytes', {
    method: 'POST', headers: ct(pad('text/plain; x=', 129)), body: 'x',
  }, header('content-type')),
  trigger('accept-128-bytes', 'Accept of exactly 128 bytes is safelisted', { headers: [['Accept', pad('text/x-', 128)]] }, SIMPLE),
  trigger('accept-129-bytes', 'Accept of 129 bytes needs a preflight', { headers: [['Accept', pad('text/x-', 129)]] }, header('accept')),
  trigger('accept-unsafe-byte', 'Accept containing "{" needs a preflight', { headers: [['Accept', 'application/{json}']] }, header('accept')),
  trigger('accept-language-underscore', 'Accept-Language en_US (underscore is not allowed)', { headers: [['Accept-Language', 'en_US']] }, header('accept-language')),
  trigger('accept-language-ok', 'Accept-Language en-US,fr;q=0.5 is safelisted', { headers: [['Accept-Language', 'en-US,fr;q=0.5']] }, SIMPLE),
  trigger('content-language-ok', 'Content-Language de-DE is safelisted', { headers: [['Content-Language', 'de-DE']] }, SIMPLE),
  trigger('content-language-slash', 'Content-Language with a slash needs a preflight', { headers: [['Content-Language', 'de/DE']] }, header('content-language')),
  trigger('four-safelisted-512-bytes', 'Four safelisted headers of 128 bytes each (512 in all) stay simple', {
    method: 'POST',
    body: 'x',
    headers: [
      ['Accept', pad('text/x-', 128)],
      ['Accept-Language', pad('en-', 128)],
      ['Content-Language', pad('de-', 128)],
      ['Content-Type', pad('text/plain; x=', 128)],
    ],
  }, SIMPLE),
  trigger('accept-appended-over-1024', 'Nine Accept values of 120 bytes (1080 in all)', {
    headers: Array.from({ length: 9 }, () => ['Accept', pad('text/x-', 120)] as const),
  }, header('accept'), 'fetch joins the nine values into one Accept line on the wire, so it is the 128-byte limit that triggers the preflight, not the 1024-byte total.'),
  trigger('client-hints-safelisted', 'DPR, Width, Viewport-Width, Device-Memory and Save-Data are simple', {
    headers: [['DPR', '2'], ['Width', '100'], ['Viewport-Width', '100'], ['Device-Memory', '8'], ['Save-Data', 'on']],
  }, SIMPLE, 'Chromium-only: these client hints are CORS-safelisted request headers in Chromium, not in the Fetch standard.'),
  trigger('client-hint-not-a-number', 'DPR: abc needs a preflight', { headers: [['DPR', 'abc']] }, header('dpr')),
  trigger('safelisted-total-1024', 'Eight safelisted headers of 128 bytes (exactly 1024 in all) stay simple', {
    method: 'POST', body: 'x', headers: SAFELISTED_1024,
  }, SIMPLE),
  trigger('safelisted-total-over-1024', 'The same plus Save-Data: on (1026 in all) needs a preflight', {
    method: 'POST', body: 'x', headers: [...SAFELISTED_1024, ['Save-Data', 'on']],
  }, header('viewport-width'), 'Over 1024 bytes every safelisted header becomes unsafe: all nine are in Access-Control-Request-Headers, and Chromium names viewport-width (the order of Blink\'s header map again).'),
  trigger('range-simple', 'Range bytes=0-10 on a GET is safelisted', { headers: [['Range', 'bytes=0-10']] }, SIMPLE,
    'Chromium 156 safelists a single simple byte range, as the current Fetch standard does.'),
  trigger('range-two-ranges', 'Range with two ranges needs a preflight', { headers: [['Range', 'bytes=0-10,20-30']] }, header('range')),
  trigger('range-suffix', 'Range bytes=-10 (suffix range) needs a preflight', { headers: [['Range', 'bytes=-10']] }, header('range')),
  trigger('x-requested-with', 'X-Requested-With needs a preflight', { headers: [['X-Requested-With', 'XMLHttpRequest']] }, header('x-requested-with')),
  trigger('xhr-custom-header', 'XHR with a custom header', { api: 'xhr', headers: [['X-Trace', '1']] }, header('x-trace')),
  trigger('put-method', 'PUT needs a preflight', { method: 'PUT', body: 'x' }, method('PUT')),
  trigger('delete-method', 'DELETE needs a preflight', { method: 'DELETE' }, method('DELETE')),
  trigger('patch-method', 'PATCH needs a preflight', { method: 'PATCH', body: 'x' }, method('PATCH')),
  trigger('head-method', 'HEAD is simple', { method: 'HEAD' }, SIMPLE),
  trigger('xhr-put', 'XHR PUT needs a preflight', { api: 'xhr', method: 'PUT', body: 'x' }, method('PUT')),
];
