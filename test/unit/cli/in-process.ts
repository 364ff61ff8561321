/** `corsight <argv>` run in-process, reading files from memory: what the CLI tests and the export round trips share. */
import { run, type CliIo } from '../../../src/cli/run';

export function cliInProcess(argv: string[], files: Record<string, string>, io: Partial<CliIo> & Pick<CliIo, 'diagnose'>): { code: number; stdout: string; stderr: string } {
  let stdout = '';
  let stderr = '';
  const code = run(argv, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    stdoutIsTTY: false,
    env: {},
    readInput: (p) => (p in files ? { ok: true, text: files[p] as string } : { ok: false, reason: 'no such file' }),
    ...io,
  });
  return { code, stdout, stderr };
}
