import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../src/cli/args';

describe('parseArgs', () => {
  it('reads analyze with files and flags in any order', () => {
    expect(parseArgs(['analyze', 'a.har', '--json', 'b.har', '--failing', '--include-secrets'])).toEqual({
      kind: 'analyze',
      files: ['a.har', 'b.har'],
      format: 'json',
      includeSecrets: true,
      failing: true,
    });
    expect(parseArgs(['analyze', '--markdown', 'a.har'])).toMatchObject({ format: 'markdown', includeSecrets: false, failing: false });
    expect(parseArgs(['analyze', 'a.har'])).toMatchObject({ format: 'text' });
  });

  it('takes "-" as standard input and anything after "--" as a file', () => {
    expect(parseArgs(['analyze', '-', '--', '--json'])).toMatchObject({ files: ['-', '--json'], format: 'text' });
  });

  it('help and version', () => {
    for (const a of [['--help'], ['-h'], ['help'], ['analyze', 'x.har', '--help']]) expect(parseArgs(a)).toEqual({ kind: 'help' });
    for (const a of [['--version'], ['-v'], ['-V']]) expect(parseArgs(a)).toEqual({ kind: 'version' });
  });

  it.each([
    [[], 'missing command (try: corsight analyze capture.har)'],
    [['analyse', 'x.har'], 'unknown command analyse'],
    [['--verbose'], 'unknown option --verbose'],
    [['analyze', 'x.har', '--jsn'], 'unknown option --jsn'],
    [['analyze', 'x.har', '-j'], 'unknown option -j'],
    [['analyze'], 'analyze needs at least one HAR file'],
    [['analyze', '--json'], 'analyze needs at least one HAR file'],
    [['analyze', 'x.har', '--json', '--markdown'], '--json and --markdown cannot be used together'],
  ])('%j is a usage error: %s', (argv, message) => {
    expect(parseArgs(argv)).toEqual({ kind: 'usage-error', message });
  });
});
