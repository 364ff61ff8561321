/**
 * Hostile plans for the Go, Rails and Laravel unit tests (values from a crafted HAR or page), built
 * like security.test.ts builds them from the pieces that matter in Go, Ruby and PHP source.
 */
import fc from 'fast-check';
import { A, hostileValues } from './plans';

/** Pieces that matter in Go, Ruby or PHP source: quotes, escapes, interpolation, comment ends. */
export const nastyString = fc.constantFrom(
  '"', "'", '\\', '\n', '\r', '\r\n', '\u2028', '\u2029', '\u202e', '\u0085', '\x00', '\x1b[2J', '`', '#{x}', '#@x', '#$x', '#', '$x', '${x}', '{$x}',
  '?>', '?><?php system("id"); //', '*/', '/*', '//', '\\"', '\\\'', 'x\\', '\\x41', '\\u{41}', '%q', '__END__', '\n=begin\n', '");os.Exit(1);("',
  'end; system("id"); begin', "'); system('id'); //", '\\u0022', '\\', '\ud800',
);

export const hostilePlan = hostileValues({
  nasty: nastyString,
  origins: [A, 'http://localhost:3000', 'http://[::1]:8080', 'chrome-extension://abcdefghijklmnop', 'moz-extension://0a1b-2c3d', '', 'null'],
  oddMaxAges: [-1, 0, 1.5, Number.NaN],
}).plan;
