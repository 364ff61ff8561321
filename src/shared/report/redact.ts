import type { HeaderLine } from '../model';

export const REDACTED = '[redacted]';

/** Headers whose values are credentials. */
const SECRET_HEADERS = new Set([
  'cookie',
  'set-cookie',
  'authorization',
  'proxy-authorization',
  'x-api-key',
  'api-key',
  'x-auth-token',
  'x-access-token',
  'x-csrf-token',
  'x-xsrf-token',
]);

/** Query/fragment parameter names that carry secrets (OAuth codes and tokens, signed-URL signatures, keys). */
const SECRET_PARAM =
  /^(token|access_token|refresh_token|id_token|api_key|apikey|api-key|key|sig|signature|password|passwd|pwd|secret|client_secret|code|auth|session|sessionid)$|(token|secret|signature|password|credential)$/i;

export function isSecretParam(name: string): boolean {
  let decoded = name;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    // Keep the raw name: a malformed escape is not a reason to leak the value.
  }
  return SECRET_PARAM.test(decoded);
}

/**
 * Blanks the values of secret-named parameters wherever they appear in a string: URLs, Referer and
 * Location values, and free text that quotes a URL. `?`, `&`, `;` and `#` start a parameter (OAuth's
 * implicit flow puts `access_token` in the fragment).
 */
export function redactText(s: string): string {
  const out = s.includes('@') ? redactUserinfo(s) : s;
  if (!out.includes('=')) return out;
  return out.replace(/([?&;#])([^=&#;\s"'<>]+)=([^&#;\s"'<>]*)/g, (all, sep: string, name: string, value: string) =>
    value !== '' && isSecretParam(name) ? `${sep}${name}=${REDACTED}` : all,
  );
}

/**
 * The password of a URL's userinfo (`https://user:pass@host/`), wherever a URL appears in the text. The
 * user name stays: it helps debugging and is not a secret by itself.
 */
function redactUserinfo(s: string): string {
  return s.replace(/(\b[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/?#@:"'<>]*):([^\s/?#@"'<>]+)@/g, (all, head: string, pass: string) =>
    pass === REDACTED ? all : `${head}:${REDACTED}@`,
  );
}

/**
 * A header value with secrets blanked. Cookie names and the Authorization scheme stay visible (they
 * help debugging and are not secret); the values go.
 */
export function redactHeaderValue(name: string, value: string): string {
  const n = name.toLowerCase();
  if (!SECRET_HEADERS.has(n)) return redactText(value);
  if (n === 'cookie') {
    return value
      .split(';')
      .map((pair) => {
        const eq = pair.indexOf('=');
        return eq === -1 ? REDACTED : `${pair.slice(0, eq).trim()}=${REDACTED}`;
      })
      .join('; ');
  }
  if (n === 'set-cookie') {
    const eq = value.indexOf('=');
    const semi = value.indexOf(';');
    if (eq === -1) return REDACTED;
    return `${value.slice(0, eq).trim()}=${REDACTED}${semi === -1 ? '' : value.slice(semi)}`;
  }
  if (n === 'authorization' || n === 'proxy-authorization') {
    const scheme = /^\s*([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)\s+\S/.exec(value);
    return scheme?.[1] !== undefined ? `${scheme[1]} ${REDACTED}` : REDACTED;
  }
  return REDACTED;
}

export function redactHeaders(headers: readonly HeaderLine[]): HeaderLine[] {
  return headers.map((h) => ({ name: h.name, value: redactHeaderValue(h.name, h.value) }));
}

/**
 * Applies redactText to every string in a JSON-like value, and header redaction to every
 * `{name, value}` header line, wherever they sit (observed headers, fix lines' current values...).
 */
export function redactDeep<T>(value: T): T {
  return walk(value) as T;
}

/** Copy-on-write: returns the same object when nothing inside it needed redacting (the common case). */
function walk(v: unknown): unknown {
  if (typeof v === 'string') return redactText(v);
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const item: unknown = v[i];
      const next = walk(item);
      if (next !== item) {
        out ??= v.slice();
        out[i] = next;
      }
    }
    return out ?? v;
  }
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length === 2 && typeof o.name === 'string' && typeof o.value === 'string') {
      const value = redactHeaderValue(o.name, o.value);
      return value === o.value ? o : { name: o.name, value };
    }
    let out: Record<string, unknown> | undefined;
    for (const k of keys) {
      const item = o[k];
      const next = walk(item);
      if (next !== item) {
        out ??= { ...o };
        out[k] = next;
      }
    }
    return out ?? o;
  }
  return v;
}
