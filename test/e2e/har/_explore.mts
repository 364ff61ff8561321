import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startLab } from '/work/main/test/lab/server';
import { SCENARIOS } from '/work/main/test/lab/scenarios';
import { CHROMIUM_ARGS } from '/work/main/test/e2e/chromium/launch';
import { NetworkLog } from '/work/main/test/e2e/chromium/network-log';
import { chromiumVerdict } from '/work/main/test/e2e/chromium/cdp-to-exchange';
import { pageRequest } from '/work/main/test/e2e/chromium/run-scenarios';
import { runInPage } from '/work/main/test/e2e/chromium/page-client';
import { writeFileSync } from 'node:fs';

const t0 = Date.now();
const dir = mkdtempSync(join(tmpdir(), 'har-'));
const harPath = join(dir, 'run.har');
const lab = await startLab(SCENARIOS);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
const context = await browser.newContext({ recordHar: { path: harPath, content: 'omit' } });
const page = await context.newPage();
await page.goto(`${lab.originA}/`);
await page.evaluate(() => { document.cookie = 'lab=1; path=/'; });
const session = await context.newCDPSession(page);
const log = new NetworkLog(session);
await session.send('Network.enable');
const out: unknown[] = [];
for (const s of SCENARIOS) {
  const runId = randomBytes(4).toString('hex');
  const req = pageRequest(s, lab.origins, runId);
  let result;
  for (let i = 0; i < (s.client.repeat ?? 1); i++) {
    log.clear();
    const before = lab.requests.length;
    result = await page.evaluate(runInPage, req);
    await log.settle(req.url, () => lab.requests.length - before);
  }
  out.push({ id: s.id, rule: s.rule, runId, url: req.url, page: result, verdict: chromiumVerdict(log.events, req.url), lab: lab.requestsFor(s.id, runId).map((r) => `${r.method} ${r.origin} ${r.target}`) });
}
await context.close();
await browser.close();
await lab.close();
writeFileSync('/tmp/explore/runs.json', JSON.stringify({ origins: lab.origins, harPath, out }, null, 1));
console.log(harPath, Date.now() - t0, 'ms');
