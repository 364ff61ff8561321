/**
 * `corsight analyze --json` on a HAR recorded by a real tool: Playwright's `recordHar` on a headless
 * Chromium context running lab scenarios. Chromium's own verdict of each request, read from CDP in the
 * same run (`Network.loadingFailed.corsErrorStatus`), is the ground truth; the built CLI reads only the
 * HAR file.
 *
 * What Playwright's HAR holds (playwright-core 1.65.1, Chromium 156, `content: 'omit'`; measured on all
 * 220 lab scenarios, and partly re-checked by the "harness" tests below):
 * - `log.creator` is `{name: 'Playwright'}`, `log.browser` `{name: 'chromium', version}`; one page, titled
 *   with the document title (not its URL). Entries have `_resourceType` (`fetch`, `xhr`) but no
 *   `_initiator`; answered entries have `serverIPAddress` and `_serverPort`.
 * - **No preflights.** No OPTIONS entry at all, whether the preflight passed or failed, although the lab
 *   received every one of them.
 * - **A request blocked by CORS** is one entry with `response.status: -1`, `statusText: ''`, no response
 *   headers and `_failureText: 'net::ERR_FAILED'`: the response the server did send (status and the
 *   headers that decide the verdict) is not recorded. Its request headers are only the provisional ones the
 *   renderer set (User-Agent, Referer, sec-ch-ua*, and the headers the page set, such as X-Trace); no
 *   Origin, no Cookie, no Sec-Fetch-*. A request blocked because its preflight failed (so never sent) looks
 *   exactly the same.
 * - **Redirects**: each followed hop is its own entry with its real 3xx status, full request headers,
 *   response headers (Location) and `redirectURL`, followed by the entry of the next hop. A redirect that
 *   Chromium rejects (no ACAO on the 3xx, credentials in the Location...) is not recorded as a 3xx: that hop
 *   is a status -1 `net::ERR_FAILED` entry like any blocked request. A hop the browser never sent
 *   (`redirect: 'manual'`) is a status -1 entry with `_failureText: 'net::ERR_ABORTED'`. A redirect to
 *   `data:` is `net::ERR_UNSAFE_REDIRECT` on the redirecting entry; a loop is twenty 302 entries and a
 *   twenty-first with `net::ERR_TOO_MANY_REDIRECTS`. (Outside the subset: a `mode: 'same-origin'` fetch
 *   redirected cross-origin records the 302 as status -1 with no `_failureText`, and its target with
 *   `_failureText: 'origin'`, CDP's blockedReason.)
 * - A request Blink refuses before the network (`mode: 'same-origin'` to another origin) has no entry.
 *
 * So for every blocked request the HAR lacks the deciding headers: the CLI must still call it blocked,
 * name no Chromium error, and say in `undecided` what it could not decide. Where the HAR does hold the
 * deciding response (and, for a preflight failure, the preflight), the test requires Chromium's error.
 *
 * `CORSIGHT_WRITE_HAR_FIXTURE=1 npx vitest run --project e2e test/e2e/har` also writes a few runs of this
 * recording (see FIXTURE_IDS) to test/fixtures/har/playwright-real.har, ports normalised (har-file.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report, ReportRequest } from '../../../src/shared/report/types';
import type { Rule, Scenario } from '../../lab/scenario-types';
import { SCENARIOS } from '../../lab/scenarios';
import { entriesOf, harSubset, holdsDecidingResponse, isPreflight, unansweredFailure, type HarEntry, type HarFile } from './har-file';
import { recordPlaywrightHar, type HarRecording, type HarRun } from './record-har';

const ROOT = resolve(import.meta.dirname, '../../..');
const CLI = join(ROOT, 'bin', 'corsight.mjs');
const FIXTURE = join(ROOT, 'test', 'fixtures', 'har', 'playwright-real.har');

/** A representative subset: passes and failures of every rule group, and most redirect cases. */
const SUBSET_IDS = [
  // allow-origin
  'acao-missing',
  'acao-other-site',
  'acao-not-a-url',
  'acao-two-lines',
  'acao-star-with-credentials',
  'acao-missing-xhr',
  'acao-echo',
  'acao-star',
  'preflight-acao-missing',
  'preflight-acao-star-with-credentials',
  'preflight-ok-actual-acao-missing',
  // credentials
  'acac-missing-include',
  'acac-capitalised',
  'acac-true',
  'acac-trailing-space',
  'acac-missing-xhr-with-credentials',
  'preflight-acac-missing',
  'preflight-ok-actual-acac-missing',
  // preflight status
  'preflight-204',
  'preflight-404',
  'preflight-401',
  'preflight-302',
  'preflight-404-no-acao',
  'preflight-500-acao-only',
  // methods
  'put-acam-missing',
  'put-acam-listed',
  'lowercase-patch-acam-upper',
  'acam-star-with-credentials',
  'acam-space-separated',
  'custom-method-listed',
  // headers
  'acah-missing',
  'acah-listed',
  'acah-none-of-two',
  'acah-star',
  'acah-star-authorization-with-credentials',
  'acah-space-separated',
  'content-type-json-acah-missing',
  // safelist: why a preflight is needed
  'post-text-plain',
  'post-json',
  'accept-129-bytes',
  'range-simple',
  'x-requested-with',
  'head-method',
  'put-method',
  // redirects
  'redirect-b-to-b-with-cors',
  'redirect-b-to-b-redirect-without-cors',
  'redirect-b-to-b-final-without-cors',
  'redirect-b-to-c-final-names-page',
  'redirect-b-to-c-final-null',
  'redirect-b-to-c-star-with-credentials',
  'redirect-b-to-c-307-put',
  'redirect-b-to-c-307-put-preflight-names-page',
  'redirect-a-to-b-without-cors',
  'redirect-b-to-a',
  'redirect-b-to-b-to-c',
  'redirect-to-userinfo',
  'redirect-to-data-url',
  'redirect-loop',
  'redirect-manual-mode-with-cors',
  'redirect-error-mode',
  // expose, max-age (two runs, the second from the preflight cache), mode
  'aceh-one',
  'max-age-600',
  'no-cors-get',
  'same-origin-mode-cross-origin',
  'cors-mode-same-origin-target',
  // status codes
  'actual-500-without-acao',
  'actual-404-with-acao',
  'actual-401-without-acao',
  'preflighted-500-without-acao',
  // passes
  'pass-simple-get-star',
  'pass-json-post',
  'pass-credentialed-put',
  'pass-xhr-preflighted',
  'pass-same-origin-get',
];

/** The runs copied to test/fixtures/har/playwright-real.har. */
const FIXTURE_IDS = [
  'pass-simple-get-star',
  'acao-missing',
  'put-acam-listed',
  'preflight-404',
  'redirect-b-to-b-with-cors',
  'redirect-b-to-b-final-without-cors',
];

const byId = new Map(SCENARIOS.map((s) => [s.id, s]));
const SUBSET: Scenario[] = SUBSET_IDS.map((id) => {
  const s = byId.get(id);
  if (!s) throw new Error(`no lab scenario ${id}`);
  return s;
});
const MUST_COVER: Rule[] = ['allow-origin', 'credentials', 'preflight-status', 'methods', 'headers', 'safelist', 'redirect', 'status-codes', 'passes'];
for (const rule of MUST_COVER) if (!SUBSET.some((s) => s.rule === rule)) throw new Error(`the subset has no ${rule} scenario`);

let dir = '';
let harPath = '';
let recording: HarRecording;
let har: HarFile;
let cli: { status: number | null; stdout: string; stderr: string };
let report: Report | undefined;
const runs = new Map<string, HarRun>();

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist-cli', 'corsight.mjs'))) {
    const build = spawnSync('npm', ['run', 'build:cli'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`npm run build:cli failed:\n${build.stdout}\n${build.stderr}`);
  }
  dir = mkdtempSync(join(tmpdir(), 'corsight-playwright-har-'));
  harPath = join(dir, 'lab.har');
  recording = await recordPlaywrightHar(SUBSET, harPath);
  for (const r of recording.runs) runs.set(r.scenario.id, r);
  har = JSON.parse(readFileSync(harPath, 'utf8')) as HarFile;

  const r = spawnSync(process.execPath, [CLI, 'analyze', harPath, '--json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  cli = { status: r.status, stdout: r.stdout, stderr: r.stderr };
  try {
    report = JSON.parse(r.stdout) as Report;
  } catch {
    report = undefined;
  }

  if (process.env.CORSIGHT_WRITE_HAR_FIXTURE === '1') {
    const prefixes = FIXTURE_IDS.map((id) => runOf(id).pathPrefix);
    writeFileSync(FIXTURE, `${JSON.stringify(harSubset(har, prefixes, recording.origins), null, 2)}\n`);
  }
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function runOf(id: string): HarRun {
  const r = runs.get(id);
  if (!r) throw new Error(`scenario ${id} was not run`);
  return r;
}

function requireReport(): Report {
  if (!report) throw new Error(`the CLI printed no JSON report (exit ${cli.status}): ${cli.stderr.slice(0, 500)}`);
  return report;
}

const pathOf = (url: string): string => new URL(url).pathname;

/** The report's elements for one run: those with a hop on one of the run's URLs. */
function elementsOf(run: HarRun): ReportRequest[] {
  return requireReport().requests.filter((r) => [r.url, ...r.hops.map((h) => h.url)].some((u) => pathOf(u).startsWith(run.pathPrefix)));
}

const describeEntry = (e: HarEntry): string =>
  `${e.request.method} ${pathOf(e.request.url).split('/').at(-1)} → ${e.response.status}${e.response._failureText ? ` ${e.response._failureText}` : ''}`;

/**
 * The failed parameter the report names, in Chromium's terms. With several disallowed headers Chromium
 * names one in an order no capture shows (test/conformance/verdicts.ts); the JSON has no `failure.values`,
 * so Chromium's pick counts as named when the fix adds it to Access-Control-Allow-Headers.
 */
function reportedParameter(r: ReportRequest, chromiumPick: string | null): string | null {
  if (chromiumPick !== null && r.code === 'header-not-allowed') {
    const added = (r.fix?.lines ?? [])
      .filter((l) => l.header.toLowerCase() === 'access-control-allow-headers')
      .flatMap((l) => l.value.split(',').map((v) => v.trim().toLowerCase()));
    if (added.includes(chromiumPick.toLowerCase())) return chromiumPick;
  }
  return r.failedParameter;
}

describe('corsight analyze on a HAR recorded by Playwright', () => {
  it('exits 0 and prints a corsight-report/1 without a stack trace', () => {
    expect(cli.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
    expect(cli.stderr).not.toMatch(/internal error/);
    expect(cli.status).toBe(0);
    expect(requireReport().schema).toBe('corsight-report/1');
  });

  it.each(SUBSET.map((s) => [s.rule, s.id] as const))('%s: %s', (_rule, id) => {
    const run = runOf(id);
    const v = run.chromium;
    const entries = entriesOf(har, run.pathPrefix);
    const elements = elementsOf(run);

    if (!run.reachedNetwork) {
      // Blink refused it before the network: nothing in the HAR, nothing for the CLI to diagnose.
      expect(v.corsError).toBeNull();
      expect(entries).toEqual([]);
      expect(elements).toEqual([]);
      return;
    }

    // One element per request the page made, with every redirect hop the HAR has folded into it.
    const mine = elements.filter((r) => r.url === run.url);
    expect(elements.map((r) => r.url)).toEqual(mine.map((r) => r.url));
    expect(mine).toHaveLength(run.scenario.client.repeat ?? 1);
    expect(mine.flatMap((r) => r.hops).length).toBe(entries.filter((e) => !isPreflight(e)).length);
    const main = mine.at(-1) as ReportRequest;

    const context = [
      `Chromium: ${v.corsError ?? 'no CORS error'}${v.failedParameter ? ` (${v.failedParameter})` : ''}${v.netError ? `, ${v.netError}` : ''}; page ${run.page.ok ? 'ok' : 'failed'}`,
      `lab received: ${run.received.map((l) => l.split(' ').slice(0, 2).join(' ')).join(', ')}`,
      `HAR: ${entries.map(describeEntry).join(', ')}`,
      `CLI: ${main.verdict}, ${main.chromiumError ?? 'no Chromium error'} (${main.code ?? '-'} at ${main.stage ?? '-'}), undecided: ${JSON.stringify(main.undecided)}`,
    ].join('\n');

    if (v.corsError !== null) {
      expect(main.verdict, context).toBe('blocked');
      if (holdsDecidingResponse(entries, v.corsError)) {
        const expectedParameter = v.failedParameter === '' ? null : v.failedParameter;
        expect(
          { chromiumError: main.chromiumError, failedParameter: reportedParameter(main, expectedParameter) },
          context,
        ).toEqual({ chromiumError: v.corsError, failedParameter: expectedParameter });
      } else {
        // The HAR lacks the deciding headers: no Chromium error may be named, and the CLI must say so.
        expect(main.chromiumError, context).toBeNull();
        expect(main.undecided, context).not.toEqual([]);
      }
    } else if (run.page.ok) {
      for (const r of mine) {
        expect(r.verdict, context).not.toBe('blocked');
        expect(r.chromiumError, context).toBeNull();
      }
    } else {
      // Failed without a CORS error (a network error such as a redirect loop).
      expect(main.chromiumError, context).toBeNull();
      if (unansweredFailure(entries) === 'net::ERR_FAILED') {
        // Recorded exactly like a CORS block (redirect: "error"): the CLI cannot tell, and must say so.
        expect(main.undecided, context).not.toEqual([]);
      } else {
        expect(main.verdict, context).not.toBe('blocked');
      }
    }
  });
});

describe('harness: the HAR is what the header comment says', () => {
  it('was written by Playwright for Chromium', () => {
    expect(har.log.creator.name).toBe('Playwright');
    expect(har.log.browser?.name).toBe('chromium');
  });

  it('has no preflight although the lab received them', () => {
    const optionsReceived = recording.runs.flatMap((r) => r.received).filter((l) => l.startsWith('OPTIONS '));
    expect(optionsReceived.length).toBeGreaterThan(20);
    expect(har.log.entries.filter((e) => e.request.method === 'OPTIONS')).toEqual([]);
  });

  it('records each request Chromium blocked as status -1, no response headers, net::ERR_FAILED', () => {
    const blocked = recording.runs.filter((r) => r.chromium.corsError !== null);
    expect(blocked.length).toBeGreaterThan(20);
    for (const run of blocked) {
      const last = entriesOf(har, run.pathPrefix)
        .filter((e) => !isPreflight(e))
        .at(-1);
      expect(
        { status: last?.response.status, headers: last?.response.headers, failure: last?.response._failureText },
        run.scenario.id,
      ).toEqual({ status: -1, headers: [], failure: 'net::ERR_FAILED' });
    }
  });

  it('records each followed redirect hop with its 3xx status and Location', () => {
    const run = runOf('redirect-b-to-b-to-c');
    const entries = entriesOf(har, run.pathPrefix);
    expect(entries.map((e) => [e.response.status, e.response.redirectURL !== ''])).toEqual([
      [302, true],
      [302, true],
      [200, false],
    ]);
  });
});
