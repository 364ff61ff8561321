/**
 * Origins as the browser serialises them (https://html.spec.whatwg.org/#ascii-serialisation-of-an-origin):
 * scheme://host[:port], default ports dropped, IPv6 in brackets, IDN hosts in punycode, and "null" for
 * opaque origins (sandboxed frames, data: and file: documents, or a request tainted by a redirect).
 */

export const OPAQUE = 'null';

const SPECIAL_DEFAULT_PORT: Record<string, string> = { 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443' };

export function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** A Location value resolved against the URL it came from, or null when it cannot be. */
export function resolveUrl(location: string, base: string): URL | null {
  try {
    return new URL(location, base);
  } catch {
    return null;
  }
}

/**
 * The common case, `http(s)://lower-case-host[:port]` followed by a path, query, fragment or nothing,
 * read without the URL parser (a third of the engine's time went to `new URL`). Anything unusual (upper
 * case, IDN, IPv6, shorthand IPv4, leading zeros, userinfo, backslashes) takes the full parser.
 */
const SIMPLE = /^(https?):\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::([1-9]\d{0,4}))?(?=[/?#]|$)/;
const IPV4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/;

function simpleOrigin(url: string): string | null {
  const m = SIMPLE.exec(url);
  if (!m) return null;
  const [, scheme, host, port] = m as unknown as [string, string, string, string | undefined];
  if (/^[\d.]+$/.test(host)) {
    // Only canonical dotted quads: "127.1" or "010.0.0.1" mean something else to the URL parser.
    const q = IPV4.exec(host);
    if (!q || q.slice(1).some((o) => (o.length > 1 && o.startsWith('0')) || Number(o) > 255)) return null;
  } else if (/^\d+$/.test(host.slice(host.lastIndexOf('.') + 1)) || host.startsWith('xn--') || host.includes('.xn--')) {
    return null;
  }
  if (port !== undefined && Number(port) > 65535) return null;
  const defaultPort = scheme === 'http' ? '80' : '443';
  return port === undefined || port === defaultPort ? `${scheme}://${host}` : `${scheme}://${host}:${port}`;
}

/**
 * Origins repeat (the page's own, the same API endpoints), so parsed ones are remembered. Bounded: the
 * cache is emptied when full, which keeps memory flat under a flood of distinct URLs.
 */
const originCache = new Map<string, string | null>();
const ORIGIN_CACHE_MAX = 2048;

/** The serialised origin of a URL, "null" for schemes with opaque origins, or null when the URL is invalid. */
export function originOf(url: string): string | null {
  if (typeof url !== 'string') return null;
  const hit = originCache.get(url);
  if (hit !== undefined) return hit;
  const value = computeOrigin(url);
  if (originCache.size >= ORIGIN_CACHE_MAX) originCache.clear();
  originCache.set(url, value);
  return value;
}

function computeOrigin(url: string): string | null {
  const fast = simpleOrigin(url);
  if (fast !== null) return fast;
  const u = parseUrl(url);
  if (!u) return null;
  if (!(u.protocol in SPECIAL_DEFAULT_PORT) && u.protocol !== 'ftp:') return OPAQUE;
  // URL already drops default ports, lowercases the host, punycodes IDN and brackets IPv6.
  return `${u.protocol}//${u.host}`;
}

/**
 * Normalises something a page or a HAR gives as an origin ("https://a.example/", "HTTPS://A.EXAMPLE:443")
 * to its serialisation, or returns it unchanged when it is not a URL ("null").
 */
export function normaliseOrigin(origin: string): string {
  if (origin === OPAQUE) return OPAQUE;
  return originOf(origin) ?? origin;
}

export function sameOrigin(a: string, b: string): boolean {
  if (a === OPAQUE || b === OPAQUE) return false; // an opaque origin is only same-origin with itself (by identity)
  return normaliseOrigin(a) === normaliseOrigin(b);
}

/**
 * The host of a serialised http(s) origin (`https://[::1]:8443` gives `[::1]`), read without the URL
 * parser; null for anything else (an opaque origin, an invalid URL).
 */
export function hostOf(origin: string | null): string | null {
  if (origin === null || origin === OPAQUE) return null;
  const start = origin.indexOf('://');
  if (start < 0) return null;
  const rest = origin.slice(start + 3);
  if (rest.startsWith('[')) {
    const end = rest.indexOf(']');
    return end < 0 ? null : rest.slice(0, end + 1);
  }
  const colon = rest.indexOf(':');
  return colon < 0 ? rest : rest.slice(0, colon);
}

/**
 * A URL's scheme with its colon, lower-cased (`https:`), as the URL parser reads it from an absolute URL;
 * null when the string does not start with one.
 */
const SCHEME = /^[\t\n\r\f ]*([a-zA-Z][a-zA-Z0-9+.-]*):/;
export function schemeOf(url: string): string | null {
  const m = SCHEME.exec(url);
  return m ? `${(m[1] as string).toLowerCase()}:` : null;
}

/** For a URL whose origin is already known to be valid: is its scheme http or https? */
export function isHttpScheme(url: string): boolean {
  return /^https?:/i.test(url);
}

export function urlHasCredentials(url: string): boolean {
  // Userinfo always ends in a literal `@`; most redirect targets have none, and parsing costs.
  if (!url.includes('@')) return false;
  const u = parseUrl(url);
  return !!u && (u.username !== '' || u.password !== '');
}

/** A host the browser treats as loopback (https://w3c.github.io/webappsec-secure-contexts/#is-origin-trustworthy). */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || /^127\./.test(h) || h === '::1';
}

/** Private (RFC 1918, link-local, unique-local) IP literals. Hostnames are not resolved here. */
export function isPrivateHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (/^10\./.test(h) || /^192\.168\./.test(h) || /^169\.254\./.test(h)) return true;
  const m = /^172\.(\d+)\./.exec(h);
  if (m && Number(m[1]) >= 16 && Number(m[1]) <= 31) return true;
  return /^f[cd][0-9a-f]{2}:/.test(h) || /^fe80:/.test(h);
}

/** Whether a URL's origin is potentially trustworthy (https, wss, or loopback), for mixed-content decisions. */
export function isPotentiallyTrustworthy(url: string): boolean {
  const u = parseUrl(url);
  if (!u) return false;
  if (u.protocol === 'https:' || u.protocol === 'wss:') return true;
  return isLoopbackHost(u.hostname);
}
