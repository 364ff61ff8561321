/** The demo lab page (test/lab/demo.ts): its buttons, their expectations, and the HTML it serves on origin A. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../../src/shared/cors';
import type { Exchange } from '../../../src/shared/model';
import { DEMO_BUTTONS, demoRequest, renderDemoPage } from '../../lab/demo';
import type { Scenario } from '../../lab/scenario-types';
import { SCENARIOS } from '../../lab/scenarios';
import { pageRequest } from '../../e2e/chromium/run-scenarios';

const ORIGINS = { A: 'http://127.0.0.1:4001', B: 'http://127.0.0.1:4002', C: 'http://localhost:4003' };
const byId = new Map(SCENARIOS.map((s) => [s.id, s]));
const scenarioOf = (id: string): Scenario => {
  const s = byId.get(id);
  if (!s) throw new Error(`no scenario ${id}`);
  return s;
};
const html = renderDemoPage(ORIGINS);

/** The page without the contents of its <script> elements: what the HTML parser sees as markup. */
const markup = html.replace(/(<script\b[^>]*>)[\s\S]*?(<\/script>)/g, '$1$2');
const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)].map((m) => ({ attrs: m[1] ?? '', text: m[2] ?? '' }));

describe('demo buttons', () => {
  it('are 16 to 20 buttons, one per scenario', () => {
    expect(DEMO_BUTTONS.length).toBeGreaterThanOrEqual(16);
    expect(DEMO_BUTTONS.length).toBeLessThanOrEqual(20);
    expect(new Set(DEMO_BUTTONS.map((b) => b.scenarioId)).size).toBe(DEMO_BUTTONS.length);
  });

  it('each reference an existing lab scenario', () => {
    for (const b of DEMO_BUTTONS) expect(byId.has(b.scenarioId), b.scenarioId).toBe(true);
  });

  it('each show a distinct reason under a distinct label', () => {
    expect(new Set(DEMO_BUTTONS.map((b) => b.reason.toLowerCase())).size).toBe(DEMO_BUTTONS.length);
    expect(new Set(DEMO_BUTTONS.map((b) => b.label.toLowerCase())).size).toBe(DEMO_BUTTONS.length);
    for (const b of DEMO_BUTTONS) expect(b.see.trim(), b.scenarioId).not.toBe('');
  });

  it('cover passing and failing requests, preflighted or not', () => {
    const verdicts = DEMO_BUTTONS.map((b) => b.expect.verdict);
    expect(verdicts.filter((v) => v === 'allowed').length).toBeGreaterThanOrEqual(3);
    expect(verdicts.filter((v) => v === 'blocked').length).toBeGreaterThanOrEqual(10);
    expect(DEMO_BUTTONS.some((b) => b.expect.advisory)).toBe(true);
    expect(DEMO_BUTTONS.some((b) => b.expect.realCause)).toBe(true);
  });

  it("expect what the scenario itself expects, where it says", () => {
    for (const b of DEMO_BUTTONS) {
      const e = scenarioOf(b.scenarioId).expect;
      if (!e) continue;
      expect(b.expect.verdict, b.scenarioId).toBe(e.blocked ? 'blocked' : 'allowed');
      if (e.corsError) expect(b.expect.chromiumError, b.scenarioId).toBe(e.corsError);
      else expect(b.expect.chromiumError, b.scenarioId).toBeUndefined();
    }
  });

  it('expect what the engine concludes from the Chromium recording of the same scenario', () => {
    const recordings = JSON.parse(readFileSync(new URL('../../conformance/recordings/chromium.json', import.meta.url), 'utf8')) as {
      scenarios: Array<{ id: string; exchange: Exchange | null }>;
    };
    const recorded = new Map(recordings.scenarios.map((s) => [s.id, s.exchange]));
    for (const b of DEMO_BUTTONS) {
      const exchange = recorded.get(b.scenarioId);
      if (!exchange) throw new Error(`${b.scenarioId} has no exchange in chromium.json`);
      const d = diagnose(exchange);
      expect(d.verdict, b.scenarioId).toBe(b.expect.verdict);
      expect(d.chromiumError ?? undefined, b.scenarioId).toBe(b.expect.chromiumError);
      if (b.expect.realCause) expect(d.realCause?.kind, b.scenarioId).toBe(b.expect.realCause);
      if (b.expect.advisory) expect(d.advisories.map((a) => a.code), b.scenarioId).toContain(b.expect.advisory);
    }
  });

  it("leaves each request's run to the page (a fresh URL per click), on the scenario's target origin", () => {
    for (const s of SCENARIOS) {
      const r = demoRequest(s, ORIGINS);
      expect(r.url, s.id).toContain('{RUN}');
      if (!s.client.url) expect(r.url.startsWith(`${ORIGINS[s.client.target]}{RUN}/`), s.id).toBe(true);
      expect(r.method, s.id).toBe(s.client.method ?? 'GET');
      expect(r.repeat, s.id).toBe(s.client.repeat ?? 1);
      // What the e2e runner sends for a run is this request with the run filled in.
      expect(pageRequest(s, ORIGINS, 'r1').url, s.id).toBe(r.url.replaceAll('{RUN}', `/s/${s.id}/r1`));
    }
  });
});

describe('demo page HTML', () => {
  it('has a button and a result per demo button, and a Run all button', () => {
    for (const b of DEMO_BUTTONS) {
      expect(markup).toContain(`<button type="button" data-scenario="${b.scenarioId}" data-testid="demo-button-${b.scenarioId}">`);
      expect(markup).toContain(`data-testid="demo-result-${b.scenarioId}"`);
    }
    expect(markup.match(/data-testid="demo-button-/g)).toHaveLength(DEMO_BUTTONS.length);
    expect(markup.match(/data-testid="demo-run-all"/g)).toHaveLength(1);
  });

  it('has no inline event handler attributes', () => {
    const tags = markup.match(/<[a-z][^>]*>/gi) ?? [];
    expect(tags.length).toBeGreaterThan(DEMO_BUTTONS.length * 3);
    for (const tag of tags) expect(tag, tag).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/\son[a-z]+\s*=\s*["']/i);
  });

  it('loads nothing from elsewhere and writes results as text only', () => {
    expect(markup).not.toMatch(/\s(src|href|action)\s*=/i);
    expect(markup).not.toMatch(/<(link|iframe|img|object|embed|form)\b/i);
    expect(html).not.toMatch(/@import|url\(/);
    expect(scripts).toHaveLength(2);
    const code = scripts.find((s) => !/type=/.test(s.attrs))?.text ?? '';
    expect(code).toContain('textContent');
    expect(code).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
    expect(code).toContain("document.cookie = 'lab=1; path=/'");
    // It parses (not run: it needs a DOM).
    expect(() => new Function(code)).not.toThrow();
  });

  it('carries the lab origins and each request, with the run left for the page to fill', () => {
    const data = scripts.find((s) => /type="application\/json"/.test(s.attrs))?.text ?? '';
    const parsed = JSON.parse(data) as { origins: typeof ORIGINS; requests: Record<string, { url: string; expected: string }> };
    expect(parsed.origins).toEqual(ORIGINS);
    expect(Object.keys(parsed.requests)).toEqual(DEMO_BUTTONS.map((b) => b.scenarioId));
    for (const b of DEMO_BUTTONS) {
      const r = parsed.requests[b.scenarioId];
      expect(r?.url, b.scenarioId).toMatch(/^http:\/\/(127\.0\.0\.1|localhost):400[123]\{RUN\}\//);
      expect(r?.expected).toBe(b.expect.verdict);
    }
  });

  it('is ASCII only (the lab sends bodies as latin1)', () => {
    expect(html).toMatch(/^[\x20-\x7e\n]*$/);
  });

  it('escapes what it shows, in markup and in the request data', () => {
    const hostile: Scenario = {
      ...scenarioOf('acah-missing'),
      client: { target: 'B', headers: [['X-Trace', '</script><script>alert(1)</script> \u2028 <marquee>']] },
    };
    const page = renderDemoPage(ORIGINS, [hostile]);
    expect(page.match(/<\/script>/g)).toHaveLength(2);
    expect(page).not.toContain('<marquee>');
    expect(page).toContain('&lt;/script&gt;');
    expect(page).toMatch(/^[\x20-\x7e\n]*$/);
    expect(page.match(/data-testid="demo-button-/g)).toHaveLength(1);
  });
});
