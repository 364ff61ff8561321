import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../src/cli/run';
import { cliInProcess } from './in-process';
import { fixtureText } from '../har/load-fixture';
import { stubDiagnose } from '../report/stub-diagnosis';

function cli(argv: string[], opts: Partial<CliIo> & { files?: Record<string, string> } = {}) {
  const { files = {}, ...io } = opts;
  return cliInProcess(argv, files, { diagnose: stubDiagnose, ...io });
}

const chrome = { 'c.har': fixtureText('chrome-devtools.har') };

describe('corsight (in-process, stand-in engine)', () => {
  it('exits 0 after analysing, even when requests are blocked', () => {
    const r = cli(['analyze', 'c.har'], { files: chrome });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('1 blocked');
  });

  it('colours only a TTY without NO_COLOR', () => {
    expect(cli(['analyze', 'c.har'], { files: chrome, stdoutIsTTY: true }).stdout).toContain('\u001b[31m');
    expect(cli(['analyze', 'c.har'], { files: chrome, stdoutIsTTY: true, env: { NO_COLOR: '1' } }).stdout).not.toContain('\u001b');
    expect(cli(['analyze', 'c.har'], { files: chrome, stdoutIsTTY: false }).stdout).not.toContain('\u001b');
    // no-color.org: an empty NO_COLOR does not count.
    expect(cli(['analyze', 'c.har'], { files: chrome, stdoutIsTTY: true, env: { NO_COLOR: '' } }).stdout).toContain('\u001b[');
    // JSON and Markdown are never coloured.
    expect(cli(['analyze', 'c.har', '--json'], { files: chrome, stdoutIsTTY: true }).stdout).not.toContain('\u001b');
  });

  it('reports every bad file on its own line and prints no report', () => {
    const r = cli(['analyze', 'c.har', 'missing.har', 'bad.har'], { files: { ...chrome, 'bad.har': '{"log": {}}' } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('corsight: missing.har: no such file\ncorsight: bad.har: not a HAR file (missing log.entries)\n');
  });

  it('neutralizes control characters in a file name it echoes', () => {
    const r = cli(['analyze', 'evil\u001b[2J\n.har']);
    expect(r.stderr).toBe('corsight: evil\\x1b[2J\\n.har: no such file\n');
  });

  it('usage errors exit 2 with a hint; help and version exit 0', () => {
    const bad = cli(['analyze', 'c.har', '--colour']);
    expect(bad).toEqual({ code: 2, stdout: '', stderr: "corsight: unknown option --colour\nRun 'corsight --help' for usage.\n" });
    const help = cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: corsight analyze <file\.har>\.\.\. \[--json \| --markdown\]/);
    expect(cli(['--version']).stdout).toMatch(/^corsight \d+\.\d+\.\d+\n$/);
  });

  it('an engine failure is an internal error in one line, exit 3', () => {
    const r = cli(['analyze', 'c.har'], {
      files: chrome,
      diagnose: () => {
        throw new TypeError("Cannot read properties of undefined (reading 'x')");
      },
    });
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("corsight: internal error while diagnosing: Cannot read properties of undefined (reading 'x')\n");
  });

  it('--failing lists only blocked requests; sources keep their names; stdin is <stdin>', () => {
    const r = cli(['analyze', '-', '--json', '--failing'], { files: { '-': fixtureText('chrome-devtools.har') } });
    const report = JSON.parse(r.stdout) as { requests: { source: string; verdict: string }[]; summary: { total: number } };
    expect(report.summary.total).toBe(5);
    expect(report.requests.map((q) => [q.source, q.verdict])).toEqual([['<stdin>', 'blocked']]);
  });

  it('exchange ids stay distinct across several files', () => {
    const r = cli(['analyze', 'a.har', 'b.har', '--json'], { files: { 'a.har': chrome['c.har'], 'b.har': chrome['c.har'] } });
    const ids = (JSON.parse(r.stdout) as { requests: { id: string }[] }).requests.map((q) => q.id);
    expect(new Set(ids).size).toBe(10);
  });
});
