// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../../src/panel/components/app';
import { PROTOCOL_VERSION, type BackgroundMessage } from '../../../src/shared/protocol';
import type { StoredExchange } from '../../../src/shared/capture/log';
import { pack } from '../../../src/shared/capture/packed';
import { fakeHost, type FakeHost } from './fake-host';
import { missingAcao, passing, stored } from './entries';

const v = PROTOCOL_VERSION;
let root: HTMLElement;
let host: FakeHost;
let copied: string[];
let downloads: Array<{ text: string; filename: string; mime: string }>;

async function mount(h: FakeHost = fakeHost()) {
  host = h;
  await act(() => {
    render(<App host={host} copy={(t) => (copied.push(t), Promise.resolve(true))} download={(text, filename, mime) => void downloads.push({ text, filename, mime })} now={() => new Date('2026-12-01T10:00:00Z')} />, root);
  });
}
const emit = (m: BackgroundMessage) => act(() => host.emit(m));
const snapshot = (entries: StoredExchange[], dropped = 0) => emit({ v, type: 'snapshot', tabId: 7, entries: entries.map(pack), dropped, preserveLog: false });
const $ = (testid: string) => root.querySelector<HTMLElement>(`[data-testid="${testid}"]`);
const $$ = (testid: string) => [...root.querySelectorAll<HTMLElement>(`[data-testid="${testid}"]`)];
const click = (el: Element | null) => act(() => (el as HTMLElement).click());
const key = (el: Element | null | Document, k: string) => act(() => void (el as HTMLElement).dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true })));

beforeEach(() => {
  root = document.createElement('div');
  document.body.appendChild(root);
  copied = [];
  downloads = [];
});
afterEach(() => {
  render(null, root);
  root.remove();
  localStorage.clear();
});

describe('the panel', () => {
  it('says it is connecting, then shows the empty state with a reload button', async () => {
    await mount();
    expect($('state-connecting')).not.toBeNull();
    await snapshot([]);
    expect($('state-empty')?.textContent).toMatch(/No cross-origin requests yet/);
    await click($('reload'));
    expect(host.reloads).toBe(1);
  });

  it('lists requests with verdict and rule, and the counts with what the cap dropped', async () => {
    await mount();
    await snapshot([stored(1, passing()), stored(2, missingAcao())], 5);
    const rows = $$('request-row');
    expect(rows.map((r) => r.dataset.verdict)).toEqual(['passed', 'blocked']);
    expect(rows[1]!.textContent).toMatch(/GET\/data api\.example.*200.*Blocked.*Access-Control-Allow-Origin/);
    expect($('dropped')?.textContent).toMatch(/5 older dropped/);
  });

  it('opens a request on click: explanation, timeline, highlighted missing header, fix lines and snippet', async () => {
    await mount();
    await snapshot([stored(1, missingAcao())]);
    await click($$('request-row')[0]!);
    expect($('detail-title')?.textContent).toMatch(/Access-Control-Allow-Origin/);
    expect($('timeline')?.textContent).toMatch(/Request.*GET.*200/);
    const missing = root.querySelector('tr[data-mark="offending"]');
    expect(missing?.textContent).toMatch(/Access-Control-Allow-Origin\(missing\)/);
    expect($('fix-lines')?.textContent).toBe('Access-Control-Allow-Origin: https://app.example\nVary: Origin');
    expect($('snippet-code')?.textContent).toContain('https://app.example');
  });

  it('copies the header lines, the snippet and the request as curl', async () => {
    await mount();
    await snapshot([stored(1, missingAcao())]);
    await click($$('request-row')[0]!);
    await click($('copy-lines'));
    await click($('copy-snippet'));
    await click($('copy-curl-actual'));
    expect(copied[0]).toBe('Access-Control-Allow-Origin: https://app.example\nVary: Origin');
    expect(copied[1]).toBe($('snippet-code')?.textContent);
    expect(copied[2]).toMatch(/^curl .*https:\/\/api\.example\/data/s);
  });

  it('remembers the chosen server', async () => {
    await mount();
    await snapshot([stored(1, missingAcao())]);
    await click($$('request-row')[0]!);
    const picker = $('server-picker') as HTMLSelectElement;
    const other = [...picker.options].map((o) => o.value).find((id) => id !== picker.value)!;
    await act(() => {
      picker.value = other;
      picker.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect($('snippet')?.dataset.server).toBe(other);
    render(null, root);
    await mount();
    await snapshot([stored(1, missingAcao())]);
    await click($$('request-row')[0]!);
    expect(($('server-picker') as HTMLSelectElement).value).toBe(other);
  });

  it('is keyboard navigable: arrows move, Enter opens, Esc goes back', async () => {
    await mount();
    await snapshot([stored(1, passing()), stored(2, missingAcao()), stored(3, passing('https://api.example/three'))]);
    const list = $('request-list')!;
    await key(list, 'ArrowDown');
    await key(list, 'ArrowDown');
    expect(root.querySelector('[aria-selected="true"]')?.getAttribute('data-key')).toBe('g2');
    await key(list, 'Enter');
    expect($('detail')).not.toBeNull();
    await key(document, 'Escape');
    expect($('detail')).toBeNull();
    await key(list, 'End');
    expect(root.querySelector('[aria-selected="true"]')?.getAttribute('data-key')).toBe('s3');
  });

  it('filters to failing requests and by text', async () => {
    await mount();
    await snapshot([stored(1, passing()), stored(2, missingAcao())]);
    await click($('filter-failing'));
    expect($$('request-row').map((r) => r.dataset.key)).toEqual(['g2']);
    await click($('filter-all'));
    const search = $('search') as HTMLInputElement;
    await act(() => {
      search.value = '/ok';
      search.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect($$('request-row').map((r) => r.dataset.key)).toEqual(['s1']);
    await act(() => {
      search.value = 'zzz';
      search.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect($('state-filtered')).not.toBeNull();
  });

  it('Clear and Preserve log go to the background', async () => {
    await mount();
    await snapshot([stored(1, passing())]);
    await click($('clear'));
    await click($('preserve-log'));
    expect(host.sent).toEqual([
      { v, type: 'clear', tabId: 7 },
      { v, type: 'set-preserve-log', tabId: 7, on: true },
    ]);
  });

  it('exports the failing requests as JSON, redacted, named after the page', async () => {
    await mount();
    await snapshot([stored(1, passing()), stored(2, missingAcao(undefined, { req: { Cookie: 'sid=secret' } }))]);
    await click($('export'));
    await click($('export-json'));
    const [file] = downloads;
    expect(file!.filename).toBe('corsight-app.example-2026-12-01T10-00-00.json');
    const report = JSON.parse(file!.text) as { schema: string; requests: Array<{ verdict: string }> };
    expect(report.schema).toBe('corsight-report/1');
    expect(report.requests.map((r) => r.verdict)).toEqual(['blocked']);
    expect(file!.text).not.toContain('sid=secret');
    expect(file!.text).toContain('sid=[redacted]');
  });

  it('shows the background restarting, and an extension reload, and a missing host permission', async () => {
    const h = fakeHost();
    h.permitted = false;
    await mount(h);
    await snapshot([stored(1, passing())]);
    expect($('state-no-permission')).not.toBeNull();
    await act(async () => {
      $('grant-permission')!.click();
      await Promise.resolve();
    });
    expect($('state-no-permission')).toBeNull();
    await act(() => host.setConnection('reconnecting'));
    expect($('state-reconnecting')).not.toBeNull();
    expect($$('request-row')).toHaveLength(1);
    await act(() => host.setConnection('reloaded'));
    expect($('state-reloaded')?.textContent).toMatch(/reopen|open it again/);
  });

  it('without a tab to inspect, says how to open it', async () => {
    await mount(fakeHost({ tabId: null }));
    expect($('state-no-tab')).not.toBeNull();
  });

  it('renders hostile header values, URLs and status texts as inert text', async () => {
    const payload = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>';
    await mount();
    await snapshot([stored(1, missingAcao(`https://api.example/${encodeURIComponent(payload)}`, { res: { status: 200, statusText: payload, headers: { 'X-Evil': payload, 'X-Newline': 'a\r\nSet-Cookie: x=1' } } }))]);
    await click($$('request-row')[0]!);
    expect(root.querySelector('img, script')).toBeNull();
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();
    expect(root.textContent).toContain(payload);
    expect(root.textContent).toContain('a\\r\\nSet-Cookie: x=1');
  });

  it('exports all requests as Markdown and HAR, and keeps secrets only when asked', async () => {
    await mount();
    await snapshot([stored(1, passing()), stored(2, missingAcao(undefined, { req: { Cookie: 'sid=secret' } }))]);
    await click($('export'));
    await click($('export-scope-all'));
    await click($('export-markdown'));
    await click($('export'));
    await click($('export-scope-all'));
    await click($('export-include-secrets'));
    await click($('export-har'));
    const [md, har] = downloads;
    expect(md!.filename).toMatch(/\.md$/);
    expect(md!.text).toMatch(/^# corsight report/);
    expect(md!.text).toContain('2 requests: 1 blocked, 1 allowed');
    expect(md!.text).not.toContain('sid=secret');
    expect(har!.filename).toMatch(/\.har$/);
    const log = (JSON.parse(har!.text) as { log: { version: string; entries: Array<{ _corsight: { verdict: { verdict: string } } }> } }).log;
    expect(log.version).toBe('1.2');
    expect(log.entries.map((e) => e._corsight.verdict.verdict)).toEqual(['allowed', 'blocked']);
    expect(har!.text).toContain('sid=secret');
  });

  it('export is disabled while there is nothing to export', async () => {
    await mount();
    await snapshot([]);
    expect(($('export') as HTMLButtonElement).disabled).toBe(true);
  });

  it('offers browser-verified mode only in the build that can attach the debugger, and shows Chromium\'s own verdict', async () => {
    await mount(fakeHost({ verifiedAvailable: true }));
    const blocked = { ...stored(1, missingAcao()), browser: { corsError: 'InvalidAllowOriginValue', failedParameter: null, netError: 'net::ERR_FAILED', agrees: false } };
    await snapshot([blocked]);
    await click($('verified'));
    expect(host.sent).toContainEqual({ v, type: 'set-verified', tabId: 7, on: true });
    await emit({ v, type: 'verified', tabId: 7, on: false, error: 'Another debugger is already attached to the tab' });
    expect($('verified-error')?.textContent).toMatch(/Another debugger/);
    await click($$('request-row')[0]!);
    expect($('browser-verdict')?.textContent).toMatch(/InvalidAllowOriginValue.*disagrees/);
  });

  it('without the debugger permission there is no browser-verified switch', async () => {
    await mount();
    await snapshot([stored(1, passing())]);
    expect($('verified')).toBeNull();
  });

  it('a preflight blocked by auth shows the real cause, why a preflight was sent, and server steps', async () => {
    await mount();
    await snapshot([stored(1, { method: 'PUT', req: { 'X-Token': 't' }, pre: { status: 401 }, res: null, outcome: 'net::ERR_FAILED' })]);
    await click($$('request-row')[0]!);
    expect($('real-cause')?.textContent).toMatch(/401/);
    expect($('preflight-reasons')?.textContent).toMatch(/PUT.*x-token/is);
    expect($('fix-steps')?.textContent).toMatch(/OPTIONS/);
    expect($('copy-curl-preflight')).not.toBeNull();
  });

  it('a group\'s detail says how many identical requests it stands for', async () => {
    await mount();
    await snapshot([stored(1, missingAcao('https://api.example/a?n=1')), stored(2, missingAcao('https://api.example/a?n=2'))]);
    expect($('group-count')?.textContent).toBe('×2');
    await click($$('request-row')[0]!);
    expect($('detail')?.textContent).toContain('×2 identical');
    expect($('detail')?.textContent).toContain('n=2');
  });

  it('new rows arriving do not move the rows in view or the selection', async () => {
    await mount();
    await snapshot([stored(1, missingAcao('https://api.example/a')), stored(2, passing())]);
    const list = $('request-list')!;
    await key(list, 'ArrowDown');
    const before = $$('request-row').map((r) => [r.dataset.key, r.style.top]);
    await emit({ v, type: 'added', tabId: 7, entries: [stored(3, missingAcao('https://api.example/a')), stored(4, passing('https://api.example/four'))] });
    const after = $$('request-row').map((r) => [r.dataset.key, r.style.top]);
    expect(after.slice(0, 2)).toEqual(before);
    expect(root.querySelector('[aria-selected="true"]')?.getAttribute('data-key')).toBe('g1');
  });

  it('adds the origins typed in "Also allow" to the snippet, and shows a bad one refused', async () => {
    await mount();
    await snapshot([stored(1, missingAcao())]);
    await click($$('request-row')[0]!);
    const picker = $('server-picker') as HTMLSelectElement;
    await act(() => {
      picker.value = 'nginx';
      picker.dispatchEvent(new Event('change', { bubbles: true }));
    });
    const input = $('more-origins') as HTMLInputElement;
    await act(() => {
      input.value = 'https://admin.example https://evil.example/path';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const code = $('snippet-code')!.textContent!;
    expect(code).toContain('"https://admin.example" "https://admin.example";');
    expect(code).toMatch(/Left out origin "https:\/\/evil\.example\/path"/);
    expect(code).not.toMatch(/^\s*"https:\/\/evil\.example\/path"/m);
  });
});
