/**
 * Engine texts mark values as code the way Markdown does (`Access-Control-Allow-Origin: *`, with longer
 * fences around values that hold backticks: src/shared/cors/inline-code.ts). This shows those parts as
 * code, every character of the value kept. Everything stays a text node: the values inside come from
 * servers we do not trust, and Preact escapes text, so nothing here can become markup. Control characters
 * are shown as visible escapes.
 */
import { parseInline } from '../../shared/cors/inline-code';
import { neutralize } from '../../shared/report/neutralize';

export function InlineText({ text }: { text: string }) {
  return <>{parseInline(text).map((s, i) => (s.code ? <code key={i}>{neutralize(s.text)}</code> : neutralize(s.text)))}</>;
}

/** A value from the wire, shown inert and with odd bytes visible. */
export function Raw({ value }: { value: string }) {
  return <>{neutralize(value)}</>;
}
