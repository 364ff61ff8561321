/** `corsight` entry point: wires the real process to run(). Built into dist-cli/corsight.mjs. */
import { diagnose } from '../shared/cors';
import { readInput } from './read-input';
import { run } from './run';

// A closed pipe (`corsight analyze x.har | head`) is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = run(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  stdoutIsTTY: process.stdout.isTTY === true,
  env: process.env,
  readInput,
  diagnose,
});
