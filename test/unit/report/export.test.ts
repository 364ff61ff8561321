import { describe, expect, it } from 'vitest';
import { version } from '../../../package.json';
import { cliInProcess } from '../cli/in-process';
import { diagnose, type Diagnosis } from '../../../src/shared/cors';
import { importHarText } from '../../../src/shared/har';
import type { Exchange } from '../../../src/shared/model';
import {
  exportHar,
  exportJson,
  exportMarkdown,
  redactText,
  type ExportOptions,
  type HarLog,
  type Report,
} from '../../../src/shared/report';
import { fixtureText, importFixture, unwrap } from '../har/load-fixture';
import { allowed, BUILT, noAnswer, preflightFailed, RECORDED, SECRETS, withSecrets } from './export-exchanges';
import { harProblems } from './har12';

const options = (o: Partial<ExportOptions> = {}): ExportOptions => ({
  includeSecrets: false,
  failingOnly: false,
  generatedBy: `corsight ${version}`,
  source: 'panel',
  diagnose,
  ...o,
});

/** `corsight <argv>` in-process with the real engine, reading files from memory. */
const cli = (argv: string[], files: Record<string, string>) => cliInProcess(argv, files, { diagnose });

/** What the round trip must keep. */
const verdictOf = (d: Pick<Diagnosis, 'verdict' | 'failedParameter'> & { code: string | null }) => ({
  verdict: d.verdict,
  code: d.code,
  failedParameter: d.failedParameter,
});
const expected = (ex: Exchange) => {
  const d = diagnose(ex);
  return verdictOf({ ...d, code: d.failure?.code ?? null });
};

describe('exportJson', () => {
  it('is what `corsight analyze --json` prints for the same exchanges', () => {
    const imported = importFixture('chrome-devtools.har');
    const fromCli = JSON.parse(cli(['analyze', 'c.har', '--json'], { 'c.har': fixtureText('chrome-devtools.har') }).stdout) as Report;
    const fromPanel = JSON.parse(exportJson(imported.exchanges.map((x) => x.exchange), options({ source: 'c.har' }))) as Report;
    // The import's notes (how it guessed initiators) exist only for a file; a capture has none.
    for (const r of fromCli.requests) r.notes = [];
    expect(fromPanel.schema).toBe('corsight-report/1');
    // The panel's report also carries each exchange, so that the CLI can read it back.
    expect(fromPanel.requests.map((r) => r.exchange?.id)).toEqual(imported.exchanges.map((x) => x.exchange.id));
    for (const r of fromPanel.requests) delete r.exchange;
    expect(fromPanel).toEqual(fromCli);
  });

  it('round-trips through `corsight analyze`: the CLI re-diagnoses the exported report with the same verdicts', () => {
    for (const exchanges of [RECORDED.chromium, RECORDED.firefox, BUILT]) {
      for (const includeSecrets of [false, true]) {
        const text = exportJson(exchanges, options({ includeSecrets }));
        const out = cli(['analyze', 'report.json', '--json', ...(includeSecrets ? ['--include-secrets'] : [])], { 'report.json': text });
        expect(out.code, out.stderr).toBe(0);
        const again = JSON.parse(out.stdout) as Report;
        const first = JSON.parse(text) as Report;
        const pick = (r: Report) => r.requests.map((q) => ({ url: q.url, verdict: q.verdict, code: q.code, chromiumError: q.chromiumError, firefoxReason: q.firefoxReason, failedParameter: q.failedParameter }));
        expect(pick(again)).toEqual(pick(first));
        expect(again.summary).toEqual(first.summary);
      }
    }
  });

  it('a report without exchanges (the CLI\'s own --json) or with a broken one is refused with a reason, not misread', () => {
    const cliReport = cli(['analyze', 'c.har', '--json'], { 'c.har': fixtureText('chrome-devtools.har') }).stdout;
    const again = cli(['analyze', 'r.json'], { 'r.json': cliReport });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/r\.json: invalid report: requests\[0\] has no exchange: only reports exported from the extension's panel/);
    const report = JSON.parse(exportJson(BUILT, options())) as Report & { requests: Array<{ exchange: unknown }> };
    (report.requests[1]!.exchange as { hops: Array<{ request: { url: unknown } }> }).hops[0]!.request.url = 42;
    const broken = cli(['analyze', 'r.json'], { 'r.json': JSON.stringify(report) });
    expect(broken.code).toBe(2);
    expect(broken.stderr).toBe('corsight: r.json: invalid report: requests[1].exchange.hops[0].request.url is not a string\n');
  });

  it('counts every verdict; failingOnly lists only the blocked requests and still counts them all', () => {
    const all = JSON.parse(exportJson(BUILT, options())) as Report;
    const verdicts = BUILT.map((x) => diagnose(x).verdict);
    const blocked = verdicts.filter((v) => v === 'blocked').length;
    expect(all.summary.total).toBe(4);
    expect(all.summary.blocked).toBe(blocked);
    expect(all.summary.allowed).toBe(verdicts.filter((v) => v === 'allowed').length);
    expect(all.requests.map((r) => r.id)).toEqual(['secrets', 'no-answer', 'preflight-failed', 'allowed']);
    const failing = JSON.parse(exportJson(BUILT, options({ failingOnly: true }))) as Report;
    expect(failing.summary).toEqual(all.summary);
    expect(failing.requests.map((r) => r.verdict)).toEqual(Array(blocked).fill('blocked'));
    expect(blocked).toBeGreaterThan(0);
  });

  it('redacts secrets by default and keeps them with includeSecrets', () => {
    const redacted = exportJson([withSecrets], options());
    for (const s of SECRETS) expect(redacted).not.toContain(s);
    const full = exportJson([withSecrets], options({ includeSecrets: true }));
    for (const s of ['SECRET-QUERY', 'SECRET-BEARER', 'SECRET-COOKIE']) expect(full).toContain(s);
  });
});

describe('exportMarkdown', () => {
  const exchanges = [withSecrets, allowed];

  it('has one section per blocked request, with what happened, the observed headers and the fix', () => {
    expect(exchanges.map((x) => diagnose(x).verdict)).toEqual(['blocked', 'allowed']);
    const md = exportMarkdown(exchanges, options());
    const sections = md.split(/^## /m).slice(1);
    expect(sections).toHaveLength(1);
    const [section] = sections as [string];
    expect(section.split('\n')[0]).toBe('1. POST https://api.example/orders?access\\_token=\\[redacted\\]&amp;page=2 — blocked');
    expect(section).toContain('**What happened:**');
    expect(section).toContain('**Observed headers**');
    expect(section).toContain('Request (hop 2 of 2):');
    expect(section).toContain('Response (200):');
    expect(section).toContain('**Fix:**');
    for (const s of SECRETS) expect(md).not.toContain(s);
  });

  it('with failingOnly lists only the blocked requests in its table', () => {
    const md = exportMarkdown(exchanges, options({ failingOnly: true }));
    expect(md).toContain('2 requests: 1 blocked, 1 allowed (showing 1).');
    expect(md.split('\n').filter((l) => l.startsWith('| panel |'))).toHaveLength(1);
  });
});

const parseHar = (text: string) => JSON.parse(text) as HarLog;

describe('exportHar: HAR 1.2', () => {
  it.each([
    ['the Chromium lab recordings', RECORDED.chromium],
    ['the Firefox lab recordings', RECORDED.firefox],
    ['secrets, no answer, a failed preflight', BUILT],
  ])('is valid for %s', (_name, exchanges) => {
    const har = parseHar(exportHar(exchanges, options()));
    expect(har.log.version).toBe('1.2');
    expect(har.log.creator).toEqual({ name: 'corsight', version });
    expect(harProblems(har)).toEqual([]);
  });

  it('names its creator from generatedBy, keeping any words after the version as the comment', () => {
    const har = parseHar(exportHar([allowed], options({ generatedBy: 'corsight 0.1.0 (extension)' })));
    expect(har.log.creator).toEqual({ name: 'corsight', version: '0.1.0', comment: 'corsight 0.1.0 (extension)' });
  });

  it('has one entry per hop and one per preflight, each preflight before its request in time', () => {
    const { entries } = parseHar(exportHar([withSecrets], options())).log;
    expect(entries.map((e) => [e._corsight.hop, e._corsight.role, e.request.method])).toEqual([
      [0, 'preflight', 'OPTIONS'],
      [0, 'request', 'POST'],
      [1, 'request', 'POST'],
    ]);
    const times = entries.map((e) => Date.parse(e.startedDateTime));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(3);
    expect(entries[0]?._resourceType).toBe('preflight');
  });

  it('writes a request that got no answer as status 0 with the browser error in _error, like Chrome', () => {
    const [request] = parseHar(exportHar([noAnswer], options())).log.entries;
    expect(request?.response).toMatchObject({ status: 0, headers: [], _error: 'net::ERR_CONNECTION_REFUSED' });
    const [preflight, put] = parseHar(exportHar([preflightFailed], options())).log.entries;
    expect(preflight?.response).toMatchObject({ status: 0, _error: 'net::ERR_CONNECTION_RESET' });
    expect(put?.response).toMatchObject({ status: 0, _error: 'net::ERR_FAILED' });
  });

  it("carries the exchange's facts and corsight's verdict in _corsight on every entry", () => {
    const d = diagnose(withSecrets);
    const { entries } = parseHar(exportHar([withSecrets], options({ includeSecrets: true }))).log;
    for (const e of entries) {
      expect(e._corsight).toMatchObject({
        exchangeId: 'secrets',
        browser: 'chromium',
        initiator: 'https://app.example',
        credentials: 'include',
        outcome: { kind: 'failed', error: 'net::ERR_FAILED' },
        verdict: {
          verdict: d.verdict,
          code: d.failure?.code ?? null,
          title: d.explanation.title,
          chromiumError: d.chromiumError,
          firefoxReason: d.firefoxReason,
          failedParameter: d.failedParameter,
        },
      });
    }
    expect(d.verdict).toBe('blocked');
  });

  it('with failingOnly has the entries of blocked exchanges only', () => {
    const ids = new Set(parseHar(exportHar(BUILT, options({ failingOnly: true }))).log.entries.map((e) => e._corsight.exchangeId));
    expect([...ids]).toEqual(BUILT.filter((x) => diagnose(x).verdict === 'blocked').map((x) => x.id));
    expect(ids.has('allowed')).toBe(false);
  });

  it('gives a reused exchange id a suffix, so two exchanges never merge on import', () => {
    const twice = exportHar([allowed, { ...noAnswer, id: 'allowed' }], options());
    expect(unwrap(importHarText(twice)).exchanges.map((x) => x.exchange.id).sort()).toEqual(['allowed', 'allowed~2']);
  });

  it('escapes C1 controls and bidi overrides from header values, and keeps them as they were', () => {
    const hostile: Exchange = { ...allowed, hops: [{ ...allowed.hops[0]!, response: { status: 200, headers: [{ name: 'X-Evil', value: 'a\u009b2J\u202eb' }] } }] };
    const text = exportHar([hostile], options());
    expect(text).not.toMatch(/[\u007f-\u009f\u202a-\u202e]/);
    expect(parseHar(text).log.entries[0]?.response.headers).toEqual([{ name: 'X-Evil', value: 'a\u009b2J\u202eb' }]);
  });
});

describe('exportHar: redaction', () => {
  const redacted = exportHar([withSecrets], options());
  const full = exportHar([withSecrets], options({ includeSecrets: true }));

  it('removes cookie, authorization, token-parameter and Location secrets by default', () => {
    for (const s of SECRETS) expect(redacted).not.toContain(s);
    const [, post, next] = parseHar(redacted).log.entries;
    expect(post?.request.url).toBe('https://api.example/orders?access_token=[redacted]&page=2');
    expect(post?.request.queryString).toEqual([
      { name: 'access_token', value: '[redacted]' },
      { name: 'page', value: '2' },
    ]);
    expect(post?.request.cookies).toEqual([
      { name: 'sid', value: '[redacted]' },
      { name: 'theme', value: '[redacted]' },
    ]);
    expect(post?.request.headers).toContainEqual({ name: 'Authorization', value: 'Bearer [redacted]' });
    expect(post?.response.cookies).toEqual([{ name: 'sid', value: '[redacted]' }]);
    expect(post?.response.redirectURL).toBe('https://cdn.example/login?code=[redacted]');
    expect(next?.request.url).toBe('https://cdn.example/login?code=[redacted]');
  });

  it('keeps every value with includeSecrets', () => {
    for (const s of SECRETS) expect(full).toContain(s);
    const [, post] = parseHar(full).log.entries;
    expect(post?.request.queryString).toContainEqual({ name: 'access_token', value: 'SECRET-QUERY' });
    expect(post?.response.redirectURL).toBe('https://cdn.example/login?code=SECRET-CODE');
  });
});

describe('exportHar: round trip through the HAR import', () => {
  it.each([
    ['Chromium lab', RECORDED.chromium, false],
    ['Chromium lab', RECORDED.chromium, true],
    ['Firefox lab', RECORDED.firefox, false],
    ['Firefox lab', RECORDED.firefox, true],
    ['built', BUILT, false],
    ['built', BUILT, true],
  ])('%s exchanges (includeSecrets %s) come back with the same verdict, code and failedParameter', (_n, exchanges, includeSecrets) => {
    const imported = unwrap(importHarText(exportHar(exchanges, options({ includeSecrets }))));
    const byId = new Map(imported.exchanges.map((x) => [x.exchange.id, x.exchange]));
    expect(byId.size).toBe(exchanges.length);
    for (const original of exchanges) {
      const back = byId.get(original.id);
      expect(back, original.id).toBeDefined();
      expect(expected(back as Exchange), original.id).toEqual(expected(original));
    }
  });

  it('keeps what the import cannot guess: browser, initiator, credentials, mode, outcome, headers completeness', () => {
    const original: Exchange = { ...structuredClone(withSecrets), mode: 'cors', preflightCached: false, resourceType: 'fetch' };
    original.hops[0]!.request.headersComplete = true;
    const [back] = unwrap(importHarText(exportHar([original], options({ includeSecrets: true })))).exchanges;
    expect(back?.exchange).toMatchObject({
      id: 'secrets',
      browser: 'chromium',
      initiator: original.initiator,
      credentials: 'include',
      mode: 'cors',
      preflightCached: false,
      resourceType: 'fetch',
      outcome: original.outcome,
    });
    expect(back?.exchange.hops[0]?.request.headersComplete).toBe(true);
    expect(back?.exchange.hops.map((h) => h.request.url)).toEqual(original.hops.map((h) => h.request.url));
  });
});

describe('exportHar: round trip through `corsight analyze --json`', () => {
  it.each([
    ['Chromium lab', RECORDED.chromium],
    ['Firefox lab', RECORDED.firefox],
    ['built', BUILT],
  ])('%s exchanges get the verdicts the originals get', (_n, exchanges) => {
    const r = cli(['analyze', 'export.har', '--json', '--include-secrets'], { 'export.har': exportHar(exchanges, options({ includeSecrets: true })) });
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as Report;
    expect(report.requests).toHaveLength(exchanges.length);
    const byId = new Map(report.requests.map((q) => [q.id, q]));
    for (const original of exchanges) expect(verdictOf(byId.get(original.id) as Report['requests'][number]), original.id).toEqual(expected(original));
  });

  it('a redacted export too, with the offending value redacted as the report redacts it', () => {
    const exchanges = [...RECORDED.chromium, ...BUILT];
    const r = cli(['analyze', 'export.har', '--json'], { 'export.har': exportHar(exchanges, options()) });
    const byId = new Map((JSON.parse(r.stdout) as Report).requests.map((q) => [q.id, q]));
    for (const original of exchanges) {
      const want = expected(original);
      const got = byId.get(original.id) as Report['requests'][number];
      expect(verdictOf(got), original.id).toEqual({ ...want, failedParameter: want.failedParameter === null ? null : redactText(want.failedParameter) });
    }
  });
});
