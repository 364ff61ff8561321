/**
 * A hostile API against the panel (Chromium): its status text, response headers and URL paths carry HTML
 * (`<img onerror>`, `<script>`), quotes, `$(...)`, backticks and CR, ESC, U+2028 and U+202E, and the page
 * sends it a method and header names made of every shell-special character a token may hold. A raw `net`
 * server writes the bytes (Node's http refuses most of them); what Chromium delivers reaches the panel.
 *
 * Two requests, both blocked: a preflighted one whose actual response names a hostile
 * Access-Control-Allow-Origin, and a GET answered 500 with a hostile reason phrase. The panel must
 * inject nothing (no element, no global), show the payloads as text with control characters escaped,
 * copy every server's snippet and the fix lines without raw control characters and with their structure
 * intact, and copy curl commands that give bash exactly the request's arguments, none injected.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeaderLine } from '../../../src/shared/model';
import type { StoredExchange } from '../../../src/shared/capture/log';
import { parseRequest, serializeResponse } from '../../lab/raw-http';
import type { HeaderPair } from '../../lab/scenario-types';
import { readStoredLog, tabIdOf } from '../capture/stored';
import { launchChromiumWithExtension, type ChromiumWithExtension } from '../support/extension';
import { listenLoopback } from '../support/http';
import { RAW_CONTROL, copyFrom, curlArgv, exportFile, openStandalonePanel, rowCount } from './chromium-panel-helpers';

const ESC = '\u001b';
/** Method and header name: RFC 9110 tokens, so fetch sends them, full of what a shell would act on. */
const METHOD = "DELETE`touch$'|&";
const EVIL_HEADER = "x-evil'$`|&";
/** A request header value fetch accepts (no CR, LF or NUL; ESC is allowed). */
const NOTE = `<img src=x onerror="window.__pwnNote=1"> $(touch pwned-note) \`touch pwned-bt\` 'single' "double" ${ESC}[31mred${ESC}[0m`;
const PATH_1 = `/inj/<img src=x onerror="window.__pwnPath=1">/'$(touch pwned-path)'/\`touch pwned-path2\`/"q"?q=<script>window.__pwnQuery=1</script>'$(touch pwned-q)'`;
const PATH_2 = `/inj500/<script>window.__pwnPath2=1</script>/'$(touch pwned-path3)'/\`id\``;
const ACAO_PAYLOAD = '<img src=x onerror="window.__pwnAcao=1">';
const REASON = `<script>window.__pwnReason=1</script> "q" 's' $(touch pwned-reason) \`id\` \u202eevil`;
const PREFLIGHT_REASON = '<img src=x onerror="window.__pwnStatus=1"> $(id) `id`';

/** Header lines every hostile answer carries; their values hold the payloads. */
const PAYLOAD_HEADERS: HeaderPair[] = [
  ['X-Html', '<img src=x onerror="window.__pwnHeader=1">'],
  ['X-Script', '<script>window.__pwnScript=1</script>'],
  ['X-Shell', `$(touch pwned-header) \`touch pwned-header2\` 'a' "b"`],
  ['X-Esc', `a${ESC}[31mRED${ESC}[0m${ESC}]0;title\u0007`],
  ['X-Cr', 'before\rafter'],
  ['X-Ls', 'line\u2028separator\u2029para'],
  ['X-Bidi', '\u202etxt.exe'],
  ['Vary', `Accept, <img src=x onerror=1>, $(touch pwned-vary), \`id\`, ${ESC}[2J, \u202egnp.exe`],
];

/** The raw server writes latin1; Chromium reads header bytes as UTF-8 where they are (U+2028, U+202E). */
const bytes = (s: string) => Buffer.from(s, 'utf8').toString('latin1');

let pageOrigin = '';

function answer(method: string, target: string): { status: number; reason: string; headers: HeaderPair[] } {
  if (method === 'OPTIONS') {
    // Grants exactly what was asked, so the actual request is sent (with its hostile headers).
    return {
      status: 204,
      reason: PREFLIGHT_REASON,
      headers: [['Access-Control-Allow-Origin', pageOrigin], ['Access-Control-Allow-Methods', METHOD], ['Access-Control-Allow-Headers', `${EVIL_HEADER}, x-note`], ...PAYLOAD_HEADERS],
    };
  }
  if (target.startsWith('/inj500/')) return { status: 500, reason: REASON, headers: PAYLOAD_HEADERS };
  return { status: 200, reason: 'OK', headers: [['Access-Control-Allow-Origin', ACAO_PAYLOAD], ...PAYLOAD_HEADERS] };
}

function hostileApi(): net.Server {
  return net.createServer((socket) => {
    let buf = Buffer.alloc(0);
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk) => {
      buf = Buffer.concat([buf, chunk]);
      const req = parseRequest(buf);
      if (!req) return;
      socket.removeAllListeners('data');
      const a = answer(req.method, req.target);
      socket.end(serializeResponse({ status: a.status, reason: bytes(a.reason), headers: a.headers.map(([n, v]) => [n, bytes(v)] as const), body: '' }));
    });
  });
}

let chromium: ChromiumWithExtension;
let pageServer: Server;
let api: net.Server;
let apiOrigin = '';
let tab: Page;
let panel: Page;
let tabId: number;
let scratch: string;
let stored: StoredExchange[] = [];
/** Elements that could run or load something, counted before any hostile value was shown. */
let baseline: Record<string, number>;

const ACTIVE = ['img', 'script', 'iframe', 'object', 'embed', 'svg', 'link', 'style', 'meta', 'base', 'form', 'video', 'audio'];
const activeCounts = (p: Page) => p.evaluate((tags) => Object.fromEntries(tags.map((t) => [t, document.getElementsByTagName(t).length])), ACTIVE);

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'corsight-injection-'));
  pageServer = createServer((_q, r) => r.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>corsight injection page</title>'));
  pageOrigin = await listenLoopback(pageServer);
  api = hostileApi();
  apiOrigin = await new Promise<string>((resolve) => api.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(api.address() as net.AddressInfo).port}`)));
  chromium = await launchChromiumWithExtension();
  tab = chromium.context.pages()[0] ?? (await chromium.context.newPage());
  await tab.goto(`${pageOrigin}/`);
  tabId = await tabIdOf(chromium.worker, pageOrigin);
  panel = await openStandalonePanel(chromium.context, tabId);
  await panel.getByTestId('state-empty').waitFor();
  baseline = await activeCounts(panel);

  const outcomes = await tab.evaluate(
    async ({ api, p1, p2, method, evil, note }) => [
      await fetch(api + p1, { method, headers: { [evil]: 'v', 'X-Note': note } }).then(() => 'ok', (e: unknown) => String(e)),
      await fetch(api + p2).then(() => 'ok', (e: unknown) => String(e)),
    ],
    { api: apiOrigin, p1: PATH_1, p2: PATH_2, method: METHOD, evil: EVIL_HEADER, note: NOTE },
  );
  expect(outcomes).toEqual(['TypeError: Failed to fetch', 'TypeError: Failed to fetch']);
  stored = (await readStoredLog(chromium.worker, tabId, { untilIdle: true })).entries;
  await panel.waitForFunction(() => document.querySelector('[data-testid="request-list"]')?.getAttribute('data-rows') === '2', undefined, { timeout: 15_000 });
});

afterAll(async () => {
  await chromium?.close();
  await new Promise((r) => pageServer?.close(r));
  await new Promise((r) => api?.close(r));
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** The stored exchange whose URL has `part`, and its first hop's request. */
function exchangeWith(part: string) {
  const e = stored.find((x) => x.exchange.hops[0]?.request.url.includes(part));
  if (!e) throw new Error(`nothing stored for ${part}: ${JSON.stringify(stored.map((x) => x.exchange.hops[0]?.request.url))}`);
  return e;
}

async function openRow(part: string): Promise<void> {
  await panel.bringToFront();
  await panel.locator(`[data-testid="request-row"]:has(.url[title*=${JSON.stringify(part)}])`).click();
  await panel.getByTestId('detail').waitFor();
  await expect.poll(() => panel.locator('.detail-url').textContent()).toContain(part);
}

async function closeRow(): Promise<void> {
  await panel.keyboard.press('Escape');
  await panel.getByTestId('detail').waitFor({ state: 'detached' });
}

/** Nothing was injected: the same active elements as before, no inline handler anywhere, no payload global. */
async function expectNothingInjected(where: string): Promise<void> {
  expect(await activeCounts(panel), where).toEqual(baseline);
  const handlers = await panel.evaluate(() => [...document.querySelectorAll('*')].flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName}[${a.name}]`)));
  expect(handlers, where).toEqual([]);
  expect(await panel.evaluate(() => Object.keys(window).filter((k) => k.startsWith('__pwn'))), where).toEqual([]);
  expect(await tab.evaluate(() => Object.keys(window).filter((k) => k.startsWith('__pwn'))), where).toEqual([]);
}

/** Header names curl is left to set itself (src/shared/report/curl.ts). */
const LEFT_TO_CURL = new Set(['host', 'content-length', 'connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'accept-encoding']);

/** The argv a copied curl must give: its leading options, the URL, then one `-H "Name: value"` per header. */
function expectedArgv(head: string[], url: string, headers: readonly HeaderLine[]): string[] {
  const out = [...head, url];
  for (const h of headers) if (!LEFT_TO_CURL.has(h.name.toLowerCase())) out.push('-H', h.value === '' ? `${h.name};` : `${h.name}: ${h.value}`);
  return out;
}

/** Items of a comma-separated header value. */
const items = (v: string) => v.split(/,\s*/).filter(Boolean);

/**
 * The Access-Control-Allow-Methods and -Headers values a copied snippet would make the server send,
 * read the way its own syntax reads it. A value that broke out of its quoting would not come back whole.
 */
function grantedBySnippet(language: string, code: string): { methods: string[]; headers: string[] } {
  switch (language) {
    case 'http': {
      const lines = code.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
      for (const l of lines) expect(l, 'every line of the header snippet is "Name: value"').toMatch(/^[A-Za-z-]+: \S/);
      const value = (name: string) => lines.filter((l) => l.startsWith(`${name}: `)).flatMap((l) => items(l.slice(name.length + 2)));
      return { methods: value('Access-Control-Allow-Methods'), headers: value('Access-Control-Allow-Headers') };
    }
    case 'nginx': {
      // As nginx's config reader scans: "..." strings with backslash escapes, # comments to the end of
      // the line outside strings. Outside strings, what is left must be directives ending in ; or block
      // edges, with balanced braces; a string never spans lines.
      const strings: string[] = [];
      let outside = '';
      for (let i = 0; i < code.length; i++) {
        const ch = code[i]!;
        if (ch === '#') {
          while (i < code.length && code[i] !== '\n') i++;
          outside += '\n';
        } else if (ch === '"') {
          let s = '';
          for (i++; code[i] !== '"'; i++) {
            expect(i < code.length && code[i] !== '\n', 'an nginx string ends on its line').toBe(true);
            s += code[i] === '\\' ? code[++i] : code[i];
          }
          strings.push(s.replace(/\$\{corsight_dollar\}/g, '$'));
          outside += `@${strings.length - 1}`;
        } else outside += ch;
      }
      let depth = 0;
      for (const raw of outside.split('\n')) {
        const line = raw.trim();
        if (line === '') continue;
        expect(line, 'every nginx line is a directive or a block edge').toMatch(/[;{}]$/);
        depth += (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
        expect(depth).toBeGreaterThanOrEqual(0);
      }
      expect(depth, 'nginx braces balance').toBe(0);
      const header = (name: string) => [...outside.matchAll(new RegExp(`add_header ${name} @(\\d+) always;`, 'g'))].flatMap((m) => items(strings[Number(m[1])] ?? ''));
      return { methods: header('Access-Control-Allow-Methods'), headers: header('Access-Control-Allow-Headers') };
    }
    case 'javascript': {
      // Run it with stand-ins for `app` and `cors`: whatever the snippet grants comes out as data.
      const used: unknown[] = [];
      const set: Record<string, string> = {};
      let corsOptions: { methods?: string[]; allowedHeaders?: string[] } | null = null;
      const sandbox = {
        app: { use: (fn: unknown) => used.push(fn), options: () => undefined },
        require: (name: string) => {
          expect(name).toBe('cors');
          return (o: typeof corsOptions) => {
            corsOptions = o;
            return () => undefined;
          };
        },
      };
      new vm.Script(code, { filename: 'snippet.js' }).runInNewContext(sandbox, { timeout: 1000 });
      if (corsOptions) return { methods: (corsOptions as { methods?: string[] }).methods ?? [], headers: (corsOptions as { allowedHeaders?: string[] }).allowedHeaders ?? [] };
      expect(used).toHaveLength(1);
      const res = { vary: () => undefined, setHeader: (n: string, v: string) => (set[n] = v), status: () => ({ end: () => undefined }) };
      (used[0] as (q: object, s: object, n: () => void) => void)({ method: 'OPTIONS', headers: { origin: pageOrigin, 'access-control-request-method': METHOD } }, res, () => undefined);
      return { methods: items(set['Access-Control-Allow-Methods'] ?? ''), headers: items(set['Access-Control-Allow-Headers'] ?? '') };
    }
    case 'apache': {
      const lines = code.split('\n').filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
      for (const l of lines) expect(l, 'every Apache line is a known directive').toMatch(/^(SetEnvIf|Header|RewriteEngine|RewriteCond|RewriteRule) /);
      // ap_getword_conf: a double-quoted word, where \" and \\ are escapes; mod_headers then reads %% as %.
      const header = (name: string) =>
        lines
          .map((l) => new RegExp(`^Header always set ${name} "((?:[^"\\\\]|\\\\.)*)" env=CORS_ORIGIN$`).exec(l))
          .flatMap((m) => (m ? items(m[1]!.replace(/\\(["\\])/g, '$1').replace(/%%/g, '%').replace(/\\\\/g, '\\')) : []));
      return { methods: header('Access-Control-Allow-Methods'), headers: header('Access-Control-Allow-Headers') };
    }
    default:
      throw new Error(`no reader for snippets in ${language}`);
  }
}

const READ_BACK = ['headers', 'nginx', 'apache', 'express-cors', 'express'];

/** Markdown without its fenced code blocks: a fence closes only with a run of backticks at least as long. */
function outsideCodeBlocks(md: string): string {
  const out: string[] = [];
  let fence: string | null = null;
  for (const line of md.split('\n')) {
    const m = /^(`{3,})/.exec(line);
    if (fence === null && m) fence = m[1]!;
    else if (fence !== null && m && m[1]!.length >= fence.length && line.trim() === m[1]) fence = null;
    else if (fence === null) out.push(line);
  }
  expect(fence, 'every code block is closed').toBeNull();
  return out.join('\n');
}

describe('hostile values from the wire in the panel (Chromium)', () => {
  it('shows every payload as text, escaped where it would act, and injects nothing', async () => {
    expect(await rowCount(panel)).toBe(2);
    await expectNothingInjected('the list');
    const listText = await panel.getByTestId('request-list').innerText();
    expect(listText).toContain(METHOD);
    expect(RAW_CONTROL.test(listText)).toBe(false);

    const first = exchangeWith('/inj/');
    await openRow('/inj/');
    await expectNothingInjected('the preflighted request');
    const detail = await panel.getByTestId('detail').innerText();
    for (const shown of [
      '<img src=x onerror="window.__pwnHeader=1">',
      '<script>window.__pwnScript=1</script>',
      "$(touch pwned-header) `touch pwned-header2` 'a' \"b\"",
      'a\\x1b[31mRED\\x1b[0m\\x1b]0;title\\x07',
      'line\\u2028separator\\u2029para',
      '\\u202etxt.exe',
      `204 ${PREFLIGHT_REASON}`,
      NOTE.split(ESC).join('\\x1b'),
      first.exchange.hops[0]!.request.url,
      METHOD,
    ]) {
      expect(detail, shown).toContain(shown);
    }
    // Chromium ends a header line at a bare CR; whatever it kept of X-Cr, no CR reaches the page.
    expect(RAW_CONTROL.test(detail), JSON.stringify(detail.match(RAW_CONTROL))).toBe(false);
    // The hostile Access-Control-Allow-Origin is what the browser refused: named in the summary, as text.
    expect(await panel.getByTestId('detail-summary').innerText()).toContain(ACAO_PAYLOAD);
    expect(await panel.locator('tr[data-mark="offending"] td').allInnerTexts()).toContain(ACAO_PAYLOAD);
    await closeRow();

    await openRow('/inj500/');
    await expectNothingInjected('the 500');
    const realCause = await panel.getByTestId('real-cause').innerText();
    expect(realCause).toContain('<script>window.__pwnReason=1</script> "q" \'s\' $(touch pwned-reason)');
    expect(realCause).toContain('\\u202eevil');
    expect(await panel.getByTestId('timeline').innerText()).toContain(`500 ${REASON.replace('\u202e', '\\u202e')}`);
    expect(RAW_CONTROL.test(await panel.getByTestId('detail').innerText())).toBe(false);
    await closeRow();
  });

  it('copies each server’s snippet whole: same lines as shown, no raw control character, hostile tokens kept as data', async () => {
    for (const part of ['/inj/', '/inj500/']) {
      await openRow(part);
      const picker = panel.getByTestId('server-picker');
      const servers = await picker.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
      expect(servers.length).toBeGreaterThanOrEqual(5);
      for (const server of servers) {
        await picker.selectOption(server);
        await expect.poll(() => panel.getByTestId('snippet').getAttribute('data-server')).toBe(server);
        const codeEl = panel.getByTestId('snippet-code');
        const shown = (await codeEl.textContent()) ?? '';
        const language = (await codeEl.getAttribute('data-language')) ?? '';
        const copied = await copyFrom(panel, panel.getByTestId('copy-snippet'));
        const where = `${part} ${server}`;
        expect(RAW_CONTROL.test(copied), `${where}: ${JSON.stringify(copied.match(RAW_CONTROL))}`).toBe(false);
        expect(copied.split('\n'), where).toHaveLength(shown.split('\n').length);
        expect(copied, where).toBe(shown);
        for (const payload of ['<img', '<script', 'pwned', '\u202e']) expect(copied, `${where}: ${payload}`).not.toContain(payload);
        // What the snippet grants is read back here for the first five targets; every target is read
        // back in its own syntax, with hostile values, in its unit tests (test/unit/fixes/*.test.ts).
        if (!READ_BACK.includes(server)) {
          await expectNothingInjected(where);
          continue;
        }
        const granted = grantedBySnippet(language, copied);
        if (part === '/inj/') {
          expect(granted.methods, where).toEqual([METHOD]);
          expect(granted.headers.map((h) => h.toLowerCase()).sort(), where).toEqual([EVIL_HEADER, 'x-note'].sort());
        } else {
          expect(granted, where).toEqual({ methods: [], headers: [] });
        }
        await expectNothingInjected(where);
      }
      await closeRow();
    }
  });

  it('copies the fix’s header lines without raw control characters', async () => {
    for (const part of ['/inj/', '/inj500/']) {
      await openRow(part);
      const copied = await copyFrom(panel, panel.getByTestId('copy-lines'));
      expect(RAW_CONTROL.test(copied), `${part}: ${JSON.stringify(copied.match(RAW_CONTROL))}`).toBe(false);
      // One header line per line, as shown.
      const shown = (await panel.getByTestId('fix-lines').allTextContents()).join('\n');
      expect(copied.split('\n')).toHaveLength(shown.split('\n').length);
      expect(copied).toBe(shown);
      for (const line of copied.split('\n')) expect(line).toMatch(/^[A-Za-z-]+: /);
      await closeRow();
    }
  });

  it('copies curl commands that give bash exactly the request’s arguments', async () => {
    const cases = [
      { part: '/inj/', button: 'copy-curl-actual', head: ['-i', '-X', METHOD], record: (e: StoredExchange) => e.exchange.hops[0]!.request },
      { part: '/inj/', button: 'copy-curl-preflight', head: ['-i', '-X', 'OPTIONS'], record: (e: StoredExchange) => e.exchange.hops[0]!.preflight!.request },
      { part: '/inj500/', button: 'copy-curl-actual', head: ['-i'], record: (e: StoredExchange) => e.exchange.hops[0]!.request },
    ];
    for (const c of cases) {
      const req = c.record(exchangeWith(c.part));
      expect(req.headers.length, `${c.part} ${c.button}: headers were captured`).toBeGreaterThan(0);
      await openRow(c.part);
      const command = await copyFrom(panel, panel.getByTestId(c.button));
      const out = curlArgv(command, scratch);
      const where = `${c.part} ${c.button}`;
      expect(out.status, `${where}: ${out.stderr}`).toBe(0);
      expect(out.stderr, where).toBe('');
      expect(out.argv, where).toEqual(expectedArgv(c.head, req.url, req.headers));
      // The command the user reads has no raw control character either: ESC is written as \x1b.
      expect(RAW_CONTROL.test(command), where).toBe(false);
      await closeRow();
    }
    // The page's hostile header value went to curl whole, ESC and all, as one argument.
    const note = curlArgv(await (async () => {
      await openRow('/inj/');
      const t = await copyFrom(panel, panel.getByTestId('copy-curl-actual'));
      await closeRow();
      return t;
    })(), scratch).argv;
    expect(note).toContain(`X-Note: ${NOTE}`);
    expect(note).toContain(`${EVIL_HEADER}: v`);
    // Nothing ran: no `touch` wrote a file in the directory the commands ran in.
    expect(readdirSync(scratch)).toEqual([]);
  });

  it('writes exports that are safe to open: no raw control characters, HTML escaped in Markdown', async () => {
    for (const format of ['json', 'har', 'markdown'] as const) {
      const { text } = await exportFile(panel, format, { scope: 'all' });
      expect(RAW_CONTROL.test(text), `${format}: ${JSON.stringify(text.match(RAW_CONTROL))}`).toBe(false);
      if (format === 'markdown') {
        // Outside code blocks (where CommonMark shows text as is), no raw HTML.
        const prose = outsideCodeBlocks(text);
        expect(prose).not.toMatch(/<(img|script)/i);
        expect(prose).toContain('&lt;script&gt;');
      } else {
        // Valid JSON that still holds the payloads as data.
        expect(JSON.stringify(JSON.parse(text))).toContain('window.__pwnHeader=1');
      }
    }
  });
});
