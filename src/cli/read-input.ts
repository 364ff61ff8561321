import { readFileSync } from 'node:fs';

export type ReadResult = { ok: true; text: string } | { ok: false; reason: string };

const REASONS: Record<string, string> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory, not a HAR file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENAMETOOLONG: 'file name too long',
  ENOTDIR: 'no such file (a parent is not a directory)',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
};

/** Reads a file (or standard input for "-") as UTF-8, turning fs errors into one-line reasons. */
export function readInput(path: string): ReadResult {
  try {
    return { ok: true, text: readFileSync(path === '-' ? 0 : path, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    return { ok: false, reason: (code !== undefined ? REASONS[code] : undefined) ?? `cannot read (${code ?? 'unknown error'})` };
  }
}
