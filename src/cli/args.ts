export type OutputFormat = 'text' | 'json' | 'markdown';

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'analyze'; files: string[]; format: OutputFormat; includeSecrets: boolean; failing: boolean }
  | { kind: 'usage-error'; message: string };

/** Parses the arguments after `corsight` (process.argv.slice(2)). Never throws. */
export function parseArgs(argv: readonly string[]): Command {
  if (argv.length === 0) return { kind: 'usage-error', message: 'missing command (try: corsight analyze capture.har)' };
  const [first, ...rest] = argv as [string, ...string[]];
  if (first === '--help' || first === '-h' || first === 'help') return { kind: 'help' };
  if (first === '--version' || first === '-v' || first === '-V') return { kind: 'version' };
  if (first !== 'analyze') {
    return first.startsWith('-')
      ? { kind: 'usage-error', message: `unknown option ${first}` }
      : { kind: 'usage-error', message: `unknown command ${first}` };
  }
  const files: string[] = [];
  let format: OutputFormat = 'text';
  let includeSecrets = false;
  let failing = false;
  let optionsEnded = false;
  for (const arg of rest) {
    if (optionsEnded || arg === '-' || !arg.startsWith('-')) {
      files.push(arg);
      continue;
    }
    switch (arg) {
      case '--':
        optionsEnded = true;
        break;
      case '--json':
      case '--markdown': {
        const wanted = arg === '--json' ? 'json' : 'markdown';
        if (format !== 'text' && format !== wanted) {
          return { kind: 'usage-error', message: '--json and --markdown cannot be used together' };
        }
        format = wanted;
        break;
      }
      case '--include-secrets':
        includeSecrets = true;
        break;
      case '--failing':
        failing = true;
        break;
      case '--help':
      case '-h':
        return { kind: 'help' };
      default:
        return { kind: 'usage-error', message: `unknown option ${arg}` };
    }
  }
  if (files.length === 0) return { kind: 'usage-error', message: 'analyze needs at least one HAR file' };
  return { kind: 'analyze', files, format, includeSecrets, failing };
}
