/**
 * The demo lab page: what `npm start` opens on origin A. One button per CORS failure (or pass) reason,
 * each running an existing lab scenario's client request (as test/e2e/chromium/page-client.ts `runInPage`
 * does, under a fresh run id each click) and showing, as text, what the page itself got back. The page
 * sees only "TypeError: Failed to fetch" for every CORS failure: the reason is what the extension's
 * "CORS" panel is for.
 *
 * The page is plain HTML with inline CSS and one inline script, wired through data attributes (no inline
 * event handlers, no external resources, never innerHTML).
 */
import type { AdvisoryCode, ChromiumCorsError, RealCauseKind, Verdict } from '../../src/shared/cors';
import { substitute, type Origins } from './placeholders';
import { credentialsModeOf, requestModeOf, type OriginKey, type Scenario } from './scenario-types';
import { SCENARIOS } from './scenarios';

/** What the extension should conclude about the button's request. */
export interface DemoExpectation {
  verdict: Extract<Verdict, 'allowed' | 'blocked'>;
  /** Chromium's `Network.CorsError`, for blocked requests (the scenario's own `expect.corsError`). */
  chromiumError?: ChromiumCorsError;
  /** The real cause the engine should name behind the CORS error. */
  realCause?: RealCauseKind;
  /** An advisory the engine should raise on a request that passes. */
  advisory?: AdvisoryCode;
}

export interface DemoButton {
  /** A lab scenario (test/lab/scenarios.ts) whose client request the button sends. */
  scenarioId: string;
  label: string;
  /** The one reason this button demonstrates; distinct across buttons. */
  reason: string;
  /** One line: what happens, in plain words. */
  see: string;
  expect: DemoExpectation;
}

export const DEMO_BUTTONS: readonly DemoButton[] = [
  {
    scenarioId: 'pass-simple-get-star',
    label: 'Simple GET, ACAO *',
    reason: 'passes: a simple GET allowed by *',
    see: 'GET to B, answered Access-Control-Allow-Origin: * and no credentials: no preflight, allowed.',
    expect: { verdict: 'allowed' },
  },
  {
    scenarioId: 'pass-credentialed-put',
    label: 'Credentialed PUT, full grants',
    reason: 'passes: a preflighted, credentialed PUT',
    see: 'OPTIONS, then PUT with the cookie: B grants the origin, credentials, the method and X-Trace. Allowed.',
    expect: { verdict: 'allowed', advisory: 'origin-reflected-with-credentials' },
  },
  {
    scenarioId: 'acao-missing',
    label: 'No Access-Control-Allow-Origin',
    reason: 'missing Access-Control-Allow-Origin',
    see: 'B answers 200 without any Access-Control-Allow-Origin.',
    expect: { verdict: 'blocked', chromiumError: 'MissingAllowOriginHeader' },
  },
  {
    scenarioId: 'acao-other-port',
    label: 'ACAO names another port',
    reason: 'wrong origin: same host, another port',
    see: "B's ACAO names B's own origin (another port), not the page's.",
    expect: { verdict: 'blocked', chromiumError: 'AllowOriginMismatch' },
  },
  {
    scenarioId: 'acao-trailing-slash',
    label: 'ACAO with a trailing slash',
    reason: 'wrong origin: a trailing slash',
    see: 'ACAO is the page origin followed by "/": an origin has no path, so it does not match.',
    expect: { verdict: 'blocked', chromiumError: 'AllowOriginMismatch' },
  },
  {
    scenarioId: 'acao-two-identical-lines',
    label: 'ACAO sent twice (app and proxy)',
    reason: 'Access-Control-Allow-Origin sent twice',
    see: 'Two identical ACAO lines combine into one value with two origins: never valid.',
    expect: { verdict: 'blocked', chromiumError: 'MultipleAllowOriginValues' },
  },
  {
    scenarioId: 'acao-star-with-credentials',
    label: '* with credentials',
    reason: '* in Access-Control-Allow-Origin with credentials',
    see: "fetch with credentials: 'include', B answers ACAO: *. A credentialed request needs the origin named.",
    expect: { verdict: 'blocked', chromiumError: 'WildcardOriginNotAllowed' },
  },
  {
    scenarioId: 'acac-missing-include',
    label: 'Credentials, no Allow-Credentials',
    reason: 'Access-Control-Allow-Credentials missing on a credentialed request',
    see: 'Credentialed GET; B echoes the origin but sends no Access-Control-Allow-Credentials: true.',
    expect: { verdict: 'blocked', chromiumError: 'InvalidAllowCredentials' },
  },
  {
    scenarioId: 'preflight-404-no-acao',
    label: 'Preflight 404 (no OPTIONS route)',
    reason: 'preflight answered 404 by a server with no OPTIONS route',
    see: 'The PUT preflight gets a bare 404: reported as a missing ACAO on the preflight; real cause, no OPTIONS route.',
    expect: { verdict: 'blocked', chromiumError: 'PreflightMissingAllowOriginHeader', realCause: 'preflight-route-missing' },
  },
  {
    scenarioId: 'preflight-401',
    label: 'Preflight 401 (auth middleware)',
    reason: 'preflight answered 401 by authentication',
    see: 'Auth ran before CORS and answered OPTIONS 401 (a preflight never carries credentials).',
    expect: { verdict: 'blocked', chromiumError: 'PreflightInvalidStatus', realCause: 'preflight-auth' },
  },
  {
    scenarioId: 'preflight-500',
    label: 'Preflight 500',
    reason: 'preflight answered 500',
    see: 'OPTIONS fails with 500, even though it carries every grant: only a 2xx preflight passes.',
    expect: { verdict: 'blocked', chromiumError: 'PreflightInvalidStatus' },
  },
  {
    scenarioId: 'preflight-302',
    label: 'Preflight redirected',
    reason: 'preflight redirected',
    see: 'OPTIONS is answered 302: a preflight is never allowed to redirect.',
    expect: { verdict: 'blocked', chromiumError: 'PreflightDisallowedRedirect' },
  },
  {
    scenarioId: 'put-acam-other-methods',
    label: 'Method not allowed',
    reason: 'method not in Access-Control-Allow-Methods',
    see: 'PUT; the preflight allows GET and POST only.',
    expect: { verdict: 'blocked', chromiumError: 'MethodDisallowedByPreflightResponse' },
  },
  {
    scenarioId: 'acah-missing',
    label: 'Header not allowed',
    reason: 'custom request header not in Access-Control-Allow-Headers',
    see: 'GET with an X-Trace header; the preflight has no Access-Control-Allow-Headers.',
    expect: { verdict: 'blocked', chromiumError: 'HeaderDisallowedByPreflightResponse' },
  },
  {
    scenarioId: 'content-type-json-acah-missing',
    label: 'JSON Content-Type not allowed',
    reason: 'Content-Type application/json not allowed',
    see: 'Content-Type: application/json forces a preflight, and Allow-Headers does not list Content-Type.',
    expect: { verdict: 'blocked', chromiumError: 'HeaderDisallowedByPreflightResponse' },
  },
  {
    scenarioId: 'acah-star-covers-authorization',
    label: 'Authorization under *',
    reason: 'passes with an advisory: Authorization covered only by *',
    see: 'Allowed today, with an advisory: * in Allow-Headers is not meant to cover Authorization (deprecated).',
    expect: { verdict: 'allowed', advisory: 'authorization-covered-by-wildcard' },
  },
  {
    scenarioId: 'redirect-b-to-c-final-names-page',
    label: 'Redirect to another origin',
    reason: 'redirect across origins (Origin becomes null)',
    see: "B redirects to C; after a cross-origin redirect Origin is null, so C's ACAO naming the page no longer matches.",
    expect: { verdict: 'blocked', chromiumError: 'AllowOriginMismatch' },
  },
  {
    scenarioId: 'actual-500-without-acao',
    label: '500 without CORS headers',
    reason: 'a server error without CORS headers',
    see: 'B fails with 500 and its error page has no ACAO: a "CORS error" whose real cause is the 500.',
    expect: { verdict: 'blocked', chromiumError: 'MissingAllowOriginHeader', realCause: 'http-error' },
  },
  {
    scenarioId: 'aceh-missing',
    label: 'Unexposed response headers',
    reason: 'passes with an advisory: response headers script cannot read',
    see: 'Allowed, but without Access-Control-Expose-Headers script cannot read X-Request-Id or X-Rate-Limit.',
    expect: { verdict: 'allowed', advisory: 'unexposed-response-headers' },
  },
  {
    scenarioId: 'max-age-600',
    label: 'Preflight cache (Max-Age 600)',
    reason: 'passes: the second request reuses the cached preflight',
    see: 'The same PUT twice: OPTIONS only before the first one; the second uses the preflight cache.',
    expect: { verdict: 'allowed' },
  },
];

/** "blocked · PreflightInvalidStatus · real cause preflight-auth": the expectation in one short line. */
export function expectationLine(e: DemoExpectation): string {
  return [
    e.verdict,
    e.chromiumError,
    e.realCause ? `real cause ${e.realCause}` : undefined,
    e.advisory ? `advisory ${e.advisory}` : undefined,
  ]
    .filter(Boolean)
    .join(' · ');
}

/** The request a button sends; `url` keeps `{RUN}` for the page to fill with `/s/<scenarioId>/<runId>`. */
export interface DemoRequest {
  api: 'fetch' | 'xhr';
  url: string;
  method: string;
  headers: Array<[string, string]>;
  body: string | null;
  credentials: 'omit' | 'same-origin' | 'include';
  mode: 'cors' | 'no-cors' | 'same-origin';
  redirect: 'follow' | 'manual' | 'error';
  withCredentials: boolean;
  repeat: number;
}

/** As test/e2e/chromium/run-scenarios.ts `pageRequest`, with the run left as `{RUN}`. */
export function demoRequest(scenario: Scenario, origins: Origins): DemoRequest {
  const c = scenario.client;
  const url = c.url ? substitute(c.url, { origins, run: '{RUN}' }) : `${origins[c.target]}{RUN}/${c.step ?? 'start'}`;
  return {
    api: c.api ?? 'fetch',
    url,
    method: c.method ?? 'GET',
    headers: (c.headers ?? []).map(([n, v]) => [n, v]),
    body: c.body ?? null,
    credentials: credentialsModeOf(c),
    mode: requestModeOf(c),
    redirect: c.redirect ?? 'follow',
    withCredentials: c.withCredentials ?? false,
    repeat: c.repeat ?? 1,
  };
}

/** "PUT → B · X-Trace: 1 · credentials include · twice": the request in a few words. */
export function requestLine(scenario: Scenario): string {
  const c = scenario.client;
  const target: OriginKey | 'URL' = c.url ? 'URL' : c.target;
  const parts = [`${c.method ?? 'GET'} → ${target}`];
  for (const [n, v] of c.headers ?? []) parts.push(`${n}: ${v}`);
  if (c.api === 'xhr') parts.push('XHR');
  const creds = credentialsModeOf(c);
  if (creds === 'include') parts.push('with credentials');
  if (c.repeat && c.repeat > 1) parts.push(`${c.repeat} times`);
  return parts.join(' · ');
}

// The lab sends bodies byte for byte as latin1 (raw-http.ts), so the page is pure ASCII: anything else
// goes out as an HTML character reference or a JSON \\u escape.

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']|[^\x20-\x7e\n]/gu, (ch) => {
    const named: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
    return named[ch] ?? `&#x${(ch.codePointAt(0) as number).toString(16)};`;
  });

/** JSON that is safe inside a <script> element (no `</script>`, no `<!--`) and ASCII-only. */
const scriptJson = (value: unknown): string =>
  JSON.stringify(value).replace(/[<\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);

const STYLE = `
  :root { color-scheme: light dark; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #fff; --ok: #1a7f37; --bad: #cf222e; --accent: #0969da; }
  @media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --bg: #0d1117; --ok: #3fb950; --bad: #f85149; --accent: #4493f8; } }
  body { font: 14px/1.45 system-ui, sans-serif; color: var(--fg); background: var(--bg); margin: 0 auto; max-width: 1100px; padding: 16px 24px; }
  h1 { font-size: 20px; margin: 0 0 4px; }
  p { margin: 4px 0; color: var(--muted); }
  code { font: 12px ui-monospace, monospace; }
  .bar { display: flex; gap: 12px; align-items: center; margin: 12px 0; }
  ol { list-style: none; padding: 0; margin: 0; }
  li { display: grid; grid-template-columns: 260px 1fr; gap: 2px 16px; padding: 8px 0; border-top: 1px solid var(--line); }
  li button { grid-row: span 3; align-self: start; text-align: left; }
  button { font: inherit; padding: 6px 10px; border: 1px solid var(--line); border-radius: 6px; background: transparent; color: var(--fg); cursor: pointer; }
  button:hover { border-color: var(--accent); }
  button:disabled { opacity: 0.6; cursor: progress; }
  #run-all { font-weight: 600; border-color: var(--accent); }
  .req { font: 12px ui-monospace, monospace; }
  .see { color: var(--muted); }
  .see b { color: var(--fg); font-weight: 600; }
  output { font: 12px ui-monospace, monospace; color: var(--muted); }
  output[data-outcome="ok"] { color: var(--ok); }
  output[data-outcome="failed"] { color: var(--bad); }
  output[data-matches="false"]::after { content: "  (not what this button expects)"; font-weight: 700; }
`;

/**
 * The browser side: plain JavaScript (served as is, so no bundler helpers can sneak in). It mirrors
 * test/e2e/chromium/page-client.ts `runInPage`. Outcomes are written with textContent only.
 */
const SCRIPT = `
'use strict';
(() => {
  // A cookie on 127.0.0.1 (cookies ignore ports): credentialed requests to B carry it, as in the tests.
  document.cookie = 'lab=1; path=/';
  const data = JSON.parse(document.getElementById('demo-data').textContent);
  const runId = () => Array.from(crypto.getRandomValues(new Uint8Array(4)), (b) => b.toString(16).padStart(2, '0')).join('');

  function send(r) {
    if (r.api === 'xhr') {
      return new Promise((resolve) => {
        const xhr = new XMLHttpRequest();
        xhr.open(r.method, r.url);
        xhr.withCredentials = r.withCredentials;
        for (const [n, v] of r.headers) xhr.setRequestHeader(n, v);
        xhr.addEventListener('load', () => {
          const names = xhr.getAllResponseHeaders().split('\\r\\n').filter((l) => l.includes(':'))
            .map((l) => l.slice(0, l.indexOf(':')).trim().toLowerCase());
          resolve({ ok: true, status: xhr.status, type: 'xhr', readable: [...new Set(names)].sort() });
        });
        xhr.addEventListener('error', () => resolve({ ok: false, error: 'XHR error event' }));
        xhr.send(r.body);
      });
    }
    const init = { method: r.method, headers: r.headers, credentials: r.credentials, mode: r.mode, redirect: r.redirect };
    if (r.body !== null) init.body = r.body;
    return fetch(r.url, init).then(
      async (res) => {
        await res.text();
        return { ok: true, status: res.status, type: res.type, readable: [...new Set(res.headers.keys())].sort() };
      },
      (e) => ({ ok: false, error: String(e) }),
    );
  }

  const byTestId = (id) => document.querySelector('[data-testid="' + id + '"]');

  async function run(scenarioId) {
    const spec = data.requests[scenarioId];
    const button = byTestId('demo-button-' + scenarioId);
    const out = byTestId('demo-result-' + scenarioId);
    if (!spec || !button || !out) return null;
    const id = runId();
    const url = spec.url.split('{RUN}').join('/s/' + scenarioId + '/' + id);
    button.disabled = true;
    out.dataset.state = 'running';
    out.dataset.run = id;
    delete out.dataset.outcome;
    delete out.dataset.matches;
    out.textContent = 'running\\u2026';
    let result = { ok: false, error: 'not run' };
    for (let i = 0; i < spec.repeat; i++) result = await send({ ...spec, url });
    out.dataset.outcome = result.ok ? 'ok' : 'failed';
    // What the page can tell: a CORS failure rejects fetch (or fires XHR's error); a pass resolves.
    out.dataset.matches = String(result.ok === (spec.expected === 'allowed'));
    out.textContent = result.ok
      ? 'page got HTTP ' + result.status + ' (' + result.type + '); script can read: ' + (result.readable.join(', ') || 'nothing')
      : 'page got ' + result.error + ' (the page is never told why: see the CORS panel)';
    out.dataset.state = 'done';
    button.disabled = false;
    return result;
  }

  document.addEventListener('click', async (event) => {
    const button = event.target instanceof Element ? event.target.closest('button') : null;
    if (!button) return;
    if (button.dataset.scenario) {
      await run(button.dataset.scenario);
      return;
    }
    if (button.id !== 'run-all') return;
    const status = byTestId('demo-run-all-status');
    const ids = Array.from(document.querySelectorAll('button[data-scenario]'), (b) => b.dataset.scenario);
    button.disabled = true;
    status.dataset.state = 'running';
    for (let i = 0; i < ids.length; i++) {
      status.textContent = 'running ' + (i + 1) + ' of ' + ids.length + '\\u2026';
      await run(ids[i]);
    }
    status.textContent = 'ran ' + ids.length + ' requests';
    status.dataset.state = 'done';
    button.disabled = false;
  });
})();
`;

/**
 * The demo page served at `/` on origin A. Buttons whose scenario is not in `scenarios` (the lab's
 * table) are left out, so a lab started with a few test scenarios still serves a valid page.
 */
export function renderDemoPage(origins: Origins, scenarios: readonly Scenario[] = SCENARIOS): string {
  const byId = new Map(scenarios.map((s) => [s.id, s]));
  const shown = DEMO_BUTTONS.flatMap((b) => {
    const scenario = byId.get(b.scenarioId);
    return scenario ? [{ button: b, scenario }] : [];
  });
  const requests = Object.fromEntries(
    shown.map(({ button, scenario }) => [button.scenarioId, { ...demoRequest(scenario, origins), expected: button.expect.verdict }]),
  );
  const rows = shown.map(({ button: b, scenario }) => {
    const id = escapeHtml(b.scenarioId);
    return `    <li>
      <button type="button" data-scenario="${id}" data-testid="demo-button-${id}">${escapeHtml(b.label)}</button>
      <div class="req">${escapeHtml(requestLine(scenario))} <span class="see">(scenario <code>${id}</code>)</span></div>
      <div class="see"><b>Expected: ${escapeHtml(expectationLine(b.expect))}.</b> ${escapeHtml(b.see)}</div>
      <output data-testid="demo-result-${id}" data-state="idle">not run yet</output>
    </li>`;
  });
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>corsight demo lab</title>
  <style>${STYLE}</style>
</head>
<body>
  <h1>corsight demo lab</h1>
  <p>This page is on <b>A</b> <code>${escapeHtml(origins.A)}</code>. Each button sends one real cross-origin request to
    <b>B</b> <code>${escapeHtml(origins.B)}</code> (one is redirected to <b>C</b> <code>${escapeHtml(origins.C)}</code>),
    and the lab answers it with the headers that make it fail, or pass, for one reason.</p>
  <p>Below each button: what the page itself gets back. For every CORS failure that is the same
    <code>TypeError: Failed to fetch</code>; open DevTools and its <b>CORS</b> panel to see why.</p>
  <div class="bar">
    <button type="button" id="run-all" data-testid="demo-run-all">Run all</button>
    <output data-testid="demo-run-all-status" data-state="idle"></output>
  </div>
  <ol>
${rows.join('\n')}
  </ol>
  <script type="application/json" id="demo-data">${scriptJson({ origins, requests })}</script>
  <script>${SCRIPT}</script>
</body>
</html>
`;
}
