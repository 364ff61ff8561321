/**
 * Engine texts mark values with backticks (`Access-Control-Allow-Origin: *`). This shows those parts as
 * code. Everything stays a text node: the values inside come from servers we do not trust, and Preact
 * escapes text, so nothing here can become markup. Control characters are shown as visible escapes.
 */
import { neutralize } from '../../shared/report/neutralize';

export function InlineText({ text }: { text: string }) {
  const parts = neutralize(text).split('`');
  // An odd count of backticks leaves the last part unpaired: show it as text.
  return <>{parts.map((p, i) => (i % 2 === 1 && i < parts.length - 1 ? <code key={i}>{p}</code> : p))}</>;
}

/** A value from the wire, shown inert and with odd bytes visible. */
export function Raw({ value }: { value: string }) {
  return <>{neutralize(value)}</>;
}
