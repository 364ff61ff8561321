/**
 * The CORS panel in real Firefox ESR, standalone (`src/panel/index.html?tabId=<lab tab>` in a tab of its
 * own, test/e2e/panel/firefox-panel-session.ts): every demo button whose reason Firefox's capture can tell
 * (FIREFOX_DEMO_BUTTONS) is clicked in the lab page, then:
 * - the panel is live, with the capture's host permission (no permission banner);
 * - the list has one row per button run (a repeated passing request one row per repetition), no other
 *   row, with the verdict the button expects (DEMO_BUTTONS' `expect`) and the one the background stored;
 * - for one button of each failure family, the detail view names the engine's title for that request
 *   and the family's subject, marks the offending header (or its absence) and offers the header lines
 *   that fix it; Esc closes it;
 * - "Failing" keeps exactly the blocked rows, "All" brings the rest back, and the search keeps only the
 *   rows whose text matches.
 * Nothing the panel shows is compared with a recorded result: the expectations come from the lab's
 * scenarios (what the server answers) and from the engine run on the stored exchange.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredExchange } from '../../../src/shared/capture/log';
import { diagnose, type AdvisoryCode } from '../../../src/shared/cors';
import { rowVerdict, type RowVerdict } from '../../../src/panel/rows';
import type { Origins } from '../../lab/placeholders';
import { SCENARIOS } from '../../lab/scenarios';
import {
  clickDemoButtons,
  detailView,
  FIREFOX_DEMO_BUTTONS,
  listedRows,
  rowCount,
  runPath,
  startFirefoxPanel,
  storedEntries,
  until,
  type DemoRun,
  type DetailView,
  type FirefoxPanelSession,
  type ListedRow,
} from './firefox-panel-session';

let session: FirefoxPanelSession | undefined;
let runs: DemoRun[] = [];
let stored: StoredExchange[] = [];
let rows: ListedRow[] = [];

/** Advisories of severity `warning`: the list marks a passing request that raises one as "advisory". */
const WARNING_ADVISORIES = new Set<AdvisoryCode>(['null-origin-allowed', 'missing-vary-origin', 'authorization-covered-by-wildcard']);

/** How many list rows a button's run should make: a failure is one row (identical ones fold), a pass one per request. */
const rowsOf = (run: DemoRun): number => (run.button.expect.verdict === 'blocked' ? 1 : (SCENARIOS.find((s) => s.id === run.button.scenarioId)?.client.repeat ?? 1));
const expectedTotal = (): number => runs.reduce((n, r) => n + rowsOf(r), 0);
const blockedRuns = (): DemoRun[] => runs.filter((r) => r.button.expect.verdict === 'blocked');

function live(): FirefoxPanelSession {
  if (!session) throw new Error('Firefox did not start');
  return session;
}

function runOf(id: string): DemoRun {
  const run = runs.find((r) => r.button.scenarioId === id);
  if (!run) throw new Error(`${id} is not among the Firefox demo buttons`);
  return run;
}

const rowsOfRun = (list: readonly ListedRow[], run: DemoRun) => list.filter((r) => r.url.includes(runPath(run)));

beforeAll(async () => {
  session = await startFirefoxPanel();
  runs = await clickDemoButtons(session.labPage, FIREFOX_DEMO_BUTTONS);
  await session.panel.bringToFront();
  // The last requests' events may still be on their way through the event page.
  stored = await storedEntries(session);
  const panel = session.panel;
  rows = await until('a row for every button run in the panel', async () => {
    const list = await listedRows(panel);
    return runs.every((r) => rowsOfRun(list, r).length >= rowsOf(r)) ? list : undefined;
  });
}, 110_000);

afterAll(async () => {
  await session?.close();
});

describe('CORS panel, standalone, in Firefox ESR (dist-firefox/)', () => {
  it('is live for the lab tab, with the capture permission granted', async () => {
    const panel = live().panel;
    for (const state of ['state-no-permission', 'state-no-tab', 'state-reloaded', 'state-reconnecting', 'state-error']) {
      expect(await panel.$(`[data-testid="${state}"]`), state).toBeNull();
    }
    expect(await panel.$eval('[data-testid="background-status"]', (el) => el.textContent)).toMatch(/^running \(event page/);
    expect(FIREFOX_DEMO_BUTTONS.length).toBeGreaterThanOrEqual(15);
  });

  it('takes the DevTools theme it is given: light-dark() colours follow data-theme in Firefox too', async () => {
    const panel = live().panel;
    const colours = (theme: string | null) => panel.evaluate((t) => {
      if (t === null) delete document.documentElement.dataset.theme;
      else document.documentElement.dataset.theme = t;
      const style = getComputedStyle(document.body);
      return [style.backgroundColor, style.color];
    }, theme);
    try {
      expect(await colours('light')).toEqual(['rgb(255, 255, 255)', 'rgb(31, 31, 31)']);
      expect(await colours('dark')).toEqual(['rgb(40, 40, 40)', 'rgb(227, 227, 227)']);
    } finally {
      await colours(null);
    }
  });

  it('clicked every button, and the page saw each pass or fail as the button expects', () => {
    expect(runs.map((r) => r.button.scenarioId)).toEqual(FIREFOX_DEMO_BUTTONS.map((b) => b.scenarioId));
    for (const r of runs) expect(r.pageOk, r.button.scenarioId).toBe(r.button.expect.verdict === 'allowed');
  });

  it('lists one row per button run and nothing else', async () => {
    expect(await rowCount(live().panel)).toBe(expectedTotal());
    expect(rows).toHaveLength(expectedTotal());
    expect(new Set(rows.map((r) => r.key)).size).toBe(rows.length);
    expect(await live().panel.$eval('[data-testid="counts"]', (el) => el.textContent)).toBe(`${expectedTotal()} requests`);
  });

  it.each(FIREFOX_DEMO_BUTTONS.map((b) => [b.scenarioId, b] as const))('%s: its row has the expected verdict', (id, button) => {
    const run = runOf(id);
    const mine = rowsOfRun(rows, run);
    expect(mine, `rows of ${runPath(run)}`).toHaveLength(rowsOf(run));
    const entries = stored.filter((e) => e.exchange.hops[0]?.request.url.includes(runPath(run)));
    expect(entries, 'stored exchanges of the run').toHaveLength(mine.length);
    for (const [i, row] of mine.entries()) {
      const entry = entries[i] as StoredExchange;
      // What the panel shows is what the background stored ...
      expect(row.verdict).toBe(rowVerdict(entry));
      // ... and what the button expects.
      if (button.expect.verdict === 'blocked') {
        expect(row.verdict).toBe('blocked');
        expect(row.count, 'a single failure has no ×n badge').toBeNull();
        expect(row.rule).toBe(diagnose(entry.exchange).explanation.title.replace(/`/g, ''));
      } else {
        const wanted: RowVerdict[] = button.expect.advisory && WARNING_ADVISORIES.has(button.expect.advisory) ? ['advisory'] : ['passed', 'advisory'];
        expect(wanted).toContain(row.verdict);
        if (button.expect.advisory) expect(entry.summary.advisories).toContain(button.expect.advisory);
      }
      if (button.expect.realCause) expect(entry.summary.realCause).toBe(button.expect.realCause);
    }
  });
});

/** What a failure family's detail view must show, from what the lab's server sent for the scenario. */
interface Family {
  scenarioId: string;
  title: RegExp;
  realCause?: RegExp;
  /** Marked rows: [table, mark, header name, value (null: shown as missing)]. */
  marks: Array<[string, 'offending' | 'trigger', string, string | null]>;
  /** Fix lines: [header, something its value must contain]. */
  fix: Array<[string, string]>;
  /** The failing step of the timeline: preflight or request, and how its status starts. */
  failing: { kind: 'preflight' | 'request'; status: RegExp };
  steps?: RegExp;
}

const FAMILIES = (o: Origins): Family[] => [
  {
    scenarioId: 'acao-missing',
    title: /^No Access-Control-Allow-Origin/,
    marks: [['Response', 'offending', 'Access-Control-Allow-Origin', null]],
    fix: [['Access-Control-Allow-Origin', o.A]],
    failing: { kind: 'request', status: /^200/ },
  },
  {
    scenarioId: 'acao-star-with-credentials',
    title: /\*.*credentials/,
    marks: [['Response', 'offending', 'Access-Control-Allow-Origin', '*']],
    fix: [
      ['Access-Control-Allow-Origin', o.A],
      ['Access-Control-Allow-Credentials', 'true'],
    ],
    failing: { kind: 'request', status: /^200/ },
  },
  {
    scenarioId: 'preflight-401',
    title: /preflight.*2xx/i,
    realCause: /401.*authentication/i,
    marks: [['Request', 'trigger', 'X-Trace', '1']],
    fix: [],
    failing: { kind: 'preflight', status: /^401/ },
    steps: /OPTIONS.*before auth/i,
  },
  {
    scenarioId: 'preflight-404-no-acao',
    title: /Access-Control-Allow-Origin/,
    realCause: /404.*OPTIONS/,
    marks: [
      ['Preflight response', 'offending', 'Access-Control-Allow-Origin', null],
      ['Request', 'trigger', 'X-Trace', '1'],
    ],
    fix: [
      ['Access-Control-Allow-Origin', o.A],
      ['Access-Control-Allow-Methods', 'PUT'],
      ['Access-Control-Allow-Headers', 'x-trace'],
    ],
    failing: { kind: 'preflight', status: /^404/ },
    steps: /OPTIONS/,
  },
  {
    scenarioId: 'put-acam-other-methods',
    title: /method.*not allowed/i,
    marks: [
      ['Preflight request', 'offending', 'Access-Control-Request-Method', 'PUT'],
      ['Preflight response', 'offending', 'Access-Control-Allow-Methods', 'GET, POST'],
    ],
    fix: [['Access-Control-Allow-Methods', 'PUT']],
    failing: { kind: 'preflight', status: /^204/ },
  },
  {
    scenarioId: 'acah-missing',
    title: /header.*not allowed/i,
    marks: [
      ['Preflight request', 'offending', 'Access-Control-Request-Headers', 'x-trace'],
      ['Preflight response', 'offending', 'Access-Control-Allow-Headers', null],
      ['Request', 'offending', 'X-Trace', '1'],
    ],
    fix: [['Access-Control-Allow-Headers', 'x-trace']],
    failing: { kind: 'preflight', status: /^204/ },
  },
  {
    scenarioId: 'redirect-b-to-c-final-names-page',
    title: /Access-Control-Allow-Origin/,
    marks: [['Response', 'offending', 'Access-Control-Allow-Origin', o.A]],
    fix: [],
    failing: { kind: 'request', status: /^200/ },
    steps: /Origin: null/,
  },
  {
    scenarioId: 'actual-500-without-acao',
    title: /Access-Control-Allow-Origin/,
    realCause: /500/,
    marks: [['Response', 'offending', 'Access-Control-Allow-Origin', null]],
    fix: [['Access-Control-Allow-Origin', o.A]],
    failing: { kind: 'request', status: /^500/ },
    steps: /500/,
  },
];

describe('CORS panel detail view in Firefox ESR: one request of each failure family', () => {
  // The families are built from the lab's origins, known once the session is up: iterate over their ids.
  const ids = FAMILIES({ A: '', B: '', C: '' }).map((f) => f.scenarioId);

  it.each(ids.map((id) => [id]))('%s', async (id) => {
    const s = live();
    const family = FAMILIES(s.lab.origins).find((f) => f.scenarioId === id) as Family;
    const run = runOf(id);
    const row = rowsOfRun(rows, run)[0];
    if (!row) throw new Error(`no row for ${runPath(run)}`);
    const entry = stored.find((e) => e.exchange.hops[0]?.request.url.includes(runPath(run)));
    if (!entry) throw new Error(`nothing stored for ${runPath(run)}`);
    const d = diagnose(entry.exchange);

    await s.panel.click(`[data-testid="request-row"][data-key="${row.key}"]`);
    await s.panel.waitForSelector('[data-testid="detail"]');
    const view: DetailView = await detailView(s.panel);

    // The engine's diagnosis of this very request (the title marks values with backticks, shown as code) ...
    expect(view.title).toBe(d.explanation.title.replace(/`/g, ''));
    expect(view.summary).toBe(d.explanation.summary.replace(/`/g, ''));
    // ... and the family's subject.
    expect(view.title).toMatch(family.title);
    if (family.realCause) expect(view.realCause).toMatch(family.realCause);
    else expect(view.realCause).toBeNull();

    for (const [table, mark, name, value] of family.marks) {
      expect(view.marks, `${table}: ${name} marked ${mark}`).toContainEqual({ table, mark, name: expect.stringMatching(new RegExp(`^${name}$`, 'i')), value });
    }
    // Nothing else is marked offending.
    expect(view.marks.filter((m) => m.mark === 'offending')).toHaveLength(family.marks.filter((m) => m[1] === 'offending').length);

    for (const [header, contains] of family.fix) {
      const line = view.fixLines.find((l) => l.toLowerCase().startsWith(`${header.toLowerCase()}:`));
      expect(line, `fix line ${header} in ${JSON.stringify(view.fixLines)}`).toBeDefined();
      expect(line?.slice(header.length + 1).toLowerCase()).toContain(contains.toLowerCase());
    }
    if (family.steps) expect(view.fixSteps.join('\n')).toMatch(family.steps);
    expect(view.hasCurl).toBe(true);

    const failing = view.timeline.filter((t) => t.failing);
    expect(failing).toHaveLength(1);
    expect(failing[0]).toMatchObject({ kind: family.failing.kind, state: 'bad' });
    expect(failing[0]?.status).toMatch(family.failing.status);
    if (family.failing.kind === 'preflight') {
      // The actual request was never sent.
      expect(view.timeline.find((t) => t.kind === 'request')?.state).toBe('skipped');
    }

    // Esc closes the detail view and gives the list its focus back.
    await s.panel.keyboard.press('Escape');
    await s.panel.waitForSelector('[data-testid="detail"]', { hidden: true });
    expect(await s.panel.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('request-list');
  });
});

describe('CORS panel filters in Firefox ESR', () => {
  const search = async (text: string) => {
    const panel = live().panel;
    // As a user: select what the box holds, then type over it (or delete it).
    await panel.click('[data-testid="search"]');
    await panel.$eval('[data-testid="search"]', (el) => (el as HTMLInputElement).select());
    if (text === '') await panel.keyboard.press('Backspace');
    else await panel.keyboard.type(text);
    return until(`the list filtered by "${text}"`, async () => ((await panel.$eval('[data-testid="search"]', (el) => (el as HTMLInputElement).value)) === text ? true : undefined));
  };

  it('"Failing" keeps exactly the blocked requests, "All" brings back the rest', async () => {
    const panel = live().panel;
    const blocked = blockedRuns();
    expect(blocked.length).toBeGreaterThan(0);
    expect(blocked.length).toBeLessThan(runs.length);
    expect(await panel.$eval('[data-testid="filter-failing"]', (el) => el.textContent)).toBe(`Failing (${blocked.length})`);

    await panel.click('[data-testid="filter-failing"]');
    await until('the failing rows', async () => ((await rowCount(panel)) === blocked.length ? true : undefined));
    expect(await panel.$eval('[data-testid="filter-failing"]', (el) => el.getAttribute('aria-pressed'))).toBe('true');
    const failing = await listedRows(panel);
    expect(failing.map((r) => r.verdict).every((v) => v === 'blocked' || v === 'failed')).toBe(true);
    for (const r of blocked) expect(rowsOfRun(failing, r), r.button.scenarioId).toHaveLength(1);

    await panel.click('[data-testid="filter-all"]');
    await until('every row again', async () => ((await rowCount(panel)) === expectedTotal() ? true : undefined));
    expect(await panel.$eval('[data-testid="filter-all"]', (el) => el.getAttribute('aria-pressed'))).toBe('true');
  });

  it('the search keeps only the rows whose text matches', async () => {
    const panel = live().panel;
    // One run's id: that run's row(s) only.
    const one = runOf('put-acam-other-methods');
    await search(one.runId);
    await until('one row', async () => ((await rowCount(panel)) === 1 ? true : undefined));
    expect((await listedRows(panel)).map((r) => r.url)).toEqual([expect.stringContaining(runPath(one))]);

    // A status: the preflights answered 401.
    await search('OPTIONS 401');
    await until('the 401 preflight', async () => ((await rowCount(panel)) === 1 ? true : undefined));
    expect((await listedRows(panel))[0]?.url).toContain(runPath(runOf('preflight-401')));

    // A passing run's id under "Failing": nothing, and the panel says the filter hides everything.
    const passing = runs.find((r) => r.button.expect.verdict === 'allowed') as DemoRun;
    await panel.click('[data-testid="filter-failing"]');
    await search(passing.runId);
    await panel.waitForSelector('[data-testid="state-filtered"]');
    expect(await panel.$('[data-testid="request-list"]')).toBeNull();

    await panel.click('[data-testid="filter-all"]');
    await until('the passing run', async () => ((await rowCount(panel)) === rowsOf(passing) ? true : undefined));
    await search('');
    await until('every row again', async () => ((await rowCount(panel)) === expectedTotal() ? true : undefined));
  });
});
