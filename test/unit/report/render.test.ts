import { describe, expect, it } from 'vitest';
import {
  buildReport,
  markdownCodeBlock,
  markdownText,
  neutralize,
  onlyFailing,
  renderJson,
  renderMarkdown,
  renderText,
  type Report,
} from '../../../src/shared/report';
import { importFixture } from '../har/load-fixture';
import { stubDiagnose } from './stub-diagnosis';

function reportOf(...names: string[]): Report {
  return buildReport(
    names.map((n) => ({ source: n, exchanges: importFixture(n).exchanges })),
    { diagnose: stubDiagnose, generatedBy: 'corsight test' },
  );
}

// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('control characters from hostile servers', () => {
  it('neutralize shows them as escapes', () => {
    expect(neutralize('a\u001b[2Jb\r\nc\u009bd\u202ee')).toBe('a\\x1b[2Jb\\r\\nc\\x9bd\\u202ee');
  });

  const hostile = reportOf('hostile-headers.har');

  it('text output carries no raw control character and no extra line from a header value', () => {
    const out = renderText(hostile, { color: false });
    expect(out).not.toMatch(RAW_CONTROL);
    expect(out).toContain('\\x1b]0;pwned');
    expect(out.split('\n').some((l) => l.startsWith('## Fake heading'))).toBe(false);
  });

  it('colour codes are the only escapes, and only when asked for', () => {
    const out = renderText(hostile, { color: true });
    const sgr = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
    expect((out.match(sgr) ?? []).length).toBeGreaterThan(0);
    expect(out.replace(sgr, '')).not.toMatch(RAW_CONTROL);
    expect(renderText(hostile, { color: false })).not.toContain('\u001b');
  });

  it('Markdown output cannot gain a heading, a link or raw HTML from a header value', () => {
    const md = renderMarkdown(hostile);
    expect(md).not.toMatch(RAW_CONTROL);
    const headings = md.split('\n').filter((l) => l.startsWith('#'));
    expect(headings).toEqual(['# corsight report', '## 1. GET https://api.evil.example/v1/data — blocked']);
    // Outside code blocks (which render literally) the fake link is escaped.
    const prose = md.replace(/^(`{3,})[^\n]*\n[\s\S]*?^\1$/gm, '');
    expect(prose).not.toContain('[click](');
    expect(prose).toContain('\\[click\\]\\(');
    expect(markdownText('<img src=x onerror=alert(1)> *bold* [a](b) | x')).toBe(
      '&lt;img src=x onerror=alert\\(1\\)&gt; \\*bold\\* \\[a\\]\\(b\\) \\| x',
    );
    expect(markdownText('- not a list')).toBe('\\- not a list');
  });

  it('a code block cannot be closed from inside', () => {
    const block = markdownCodeBlock(['X-Evil: ```', '````` ```'], 'http');
    const lines = block.split('\n');
    expect(lines[0]).toBe('``````http');
    expect(lines[lines.length - 1]).toBe('``````');
  });

  it('JSON output escapes C1 controls and bidi overrides too, and stays valid JSON', () => {
    const json = renderJson(hostile);
    expect(json).not.toMatch(RAW_CONTROL);
    const parsed = JSON.parse(json) as Report;
    expect(parsed.requests[0]?.failedParameter).toContain('\u001b]0;pwned');
  });
});

describe('text output', () => {
  const report = reportOf('chrome-devtools.har');
  const out = renderText(report, { color: false });

  it('has a summary table with method, status, short URL, verdict and rule', () => {
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^ {2}METHOD +STATUS +URL +VERDICT +RULE$/);
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}POST +201 +api\.example\.com\/v1\/orders +blocked +allow-origin-missing$/));
    // Query strings are elided in the table.
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}GET +200 +api\.example\.com\/v1\/orders\?… +allowed$/));
  });

  it('details each blocked request with the exact header lines to add', () => {
    expect(out).toContain('✗ POST https://api.example.com/v1/orders  [chrome-devtools.har]');
    expect(out).toContain('blocked on the response — allow-origin-missing (Chromium: MissingAllowOriginHeader, Firefox: CORSMissingAllowOrigin2)');
    expect(out).toContain('  Add to the actual response:\n    Access-Control-Allow-Origin: https://app.example.com\n    Vary: Origin\n');
    // Allowed requests get no section.
    expect(out).not.toContain('✗ GET https://api.example.com/v1/me');
  });

  it('ends with the totals', () => {
    expect(out.trimEnd().split('\n').pop()).toBe('5 requests: 1 blocked, 2 allowed, 1 same-origin, 1 not CORS');
  });

  it('shows what cannot be decided for a request that got no answer', () => {
    const failed = renderText(reportOf('chrome-preflight-failed.har'), { color: false });
    expect(failed).toContain('  Cannot be decided from this HAR:\n    - The request got no response, so which rule failed cannot be decided.');
    expect(failed).toContain('blocked (which rule failed cannot be decided)');
  });

  it('groups by file when there are several, shows redirect chains and says what --failing hides', () => {
    const both = reportOf('chrome-devtools.har', 'redirects.har');
    const text = renderText(onlyFailing(both), { color: false, filtered: true });
    expect(text).toContain('redirects.har\n');
    expect(text).toMatch(/GET +302→200 +api\.example\.com\/v1\/account +blocked/);
    expect(text.split('\n').filter((l) => / (allowed|same-origin|not-cors)( |$)/.test(l))).toEqual([]);
    expect(text.trimEnd().split('\n').pop()).toBe('9 requests: 2 blocked, 4 allowed, 2 same-origin, 1 not CORS (showing 2)');
  });
});

describe('Markdown output', () => {
  const md = renderMarkdown(reportOf('chrome-devtools.har'));

  it('has one section per failing request with explanation, observed headers and fix lines', () => {
    const sections = md.split('\n').filter((l) => l.startsWith('## '));
    expect(sections).toEqual(['## 1. POST https://api.example.com/v1/orders — blocked']);
    expect(md).toContain('**What happened:** The response from https://api.example.com/v1/orders has no Access-Control-Allow-Origin.');
    expect(md).toContain('Preflight response (204):');
    expect(md).toContain('access-control-allow-methods: GET, POST');
    expect(md).toContain('Add to the actual response:\n\n```http\nAccess-Control-Allow-Origin: https://app.example.com\nVary: Origin\n```');
    // Secrets in observed headers are redacted by default.
    expect(md).toContain('authorization: Bearer [redacted]');
  });

  it('has a table row per request', () => {
    expect(md.split('\n').filter((l) => l.startsWith('| chrome-devtools.har |'))).toHaveLength(5);
  });
});

describe('JSON output', () => {
  it('has the contract fields for every request', () => {
    const parsed = JSON.parse(renderJson(reportOf('chrome-devtools.har', 'mitmproxy.har'))) as Report;
    expect(parsed.schema).toBe('corsight-report/1');
    expect(parsed.generatedBy).toBe('corsight test');
    expect(parsed.summary).toEqual({ total: 7, blocked: 2, allowed: 3, sameOrigin: 1, notCors: 1 });
    for (const r of parsed.requests) {
      for (const key of ['source', 'url', 'method', 'verdict', 'chromiumError', 'firefoxReason', 'failedParameter', 'status', 'code', 'stage', 'explanation', 'preflight', 'realCause', 'advisories', 'assumptions', 'undecided', 'fix']) {
        expect(r).toHaveProperty(key);
      }
    }
    const post = parsed.requests.find((r) => r.method === 'POST');
    expect(post).toMatchObject({
      source: 'chrome-devtools.har',
      url: 'https://api.example.com/v1/orders',
      verdict: 'blocked',
      status: 201,
      code: 'allow-origin-missing',
      stage: 'actual',
      chromiumError: 'MissingAllowOriginHeader',
      error: 'net::ERR_FAILED',
      hops: [{ method: 'POST', status: 201, preflight: { status: 204, error: null } }],
    });
    const lone = parsed.requests.find((r) => r.source === 'mitmproxy.har' && r.method === 'PUT');
    expect(lone?.notes[0]).toMatch(/rebuilt/);
  });
});
