// Mozilla's linter (addons-linter via web-ext, offline) on the Firefox build: no errors, and no warnings beyond
// the one we know and accept.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';
import { DIST_FIREFOX, REPO_ROOT, requireBuilt } from '../support/extension';

interface LintMessage {
  code: string;
  file?: string;
  message: string;
}
interface LintReport {
  summary: { errors: number; warnings: number; notices: number };
  errors: LintMessage[];
  warnings: LintMessage[];
  notices: LintMessage[];
}

// Preact's renderer (bundled into the panel chunk) assigns innerHTML to support `dangerouslySetInnerHTML`.
// Our code never uses that prop (eslint forbids it), so the assignment is unreachable; every Preact/React
// add-on gets this warning.
const ACCEPTED_WARNINGS = [{ code: 'UNSAFE_VAR_ASSIGNMENT', file: /^assets\/panel-[\w-]+\.js$/ }];

test('web-ext lint passes on dist-firefox/', async () => {
  requireBuilt(DIST_FIREFOX);
  const webExt = join(REPO_ROOT, 'node_modules/web-ext/bin/web-ext.js');
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [webExt, 'lint', '--source-dir', DIST_FIREFOX, '--output', 'json', '--no-config-discovery'],
    { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 },
  ).catch((error: { stdout?: string; stderr?: string }) => {
    // web-ext exits non-zero when there are errors; the JSON report is still on stdout.
    if (error.stdout) return { stdout: error.stdout };
    throw error;
  });
  const report = JSON.parse(stdout) as LintReport;
  expect(report.errors).toEqual([]);
  const unexpected = report.warnings.filter(
    (w) => !ACCEPTED_WARNINGS.some((a) => a.code === w.code && a.file.test(w.file ?? '')),
  );
  expect(unexpected.map((w) => `${w.code} ${w.file ?? ''}: ${w.message}`)).toEqual([]);
  expect(report.notices).toEqual([]);
}, 60_000);
