/**
 * Just enough HTTP/1.1 to read a request and write a response byte for byte. Node's `http` server merges
 * duplicate headers and answers lowercase or unknown methods with 400 itself, so the lab cannot use it.
 */
import { STATUS_CODES } from 'node:http';
import type { HeaderPair, RawResponse } from './scenario-types';

export interface RawRequest {
  method: string;
  /** The request target as sent (path and query). */
  target: string;
  httpVersion: string;
  /** Header lines in order, names as sent. */
  headers: HeaderPair[];
  body: string;
}

const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * Parses a request out of the bytes received so far. Returns null while the head or the body
 * (by Content-Length) is incomplete; throws on a malformed head.
 */
export function parseRequest(buf: Buffer): RawRequest | null {
  const end = buf.indexOf(HEAD_END);
  if (end < 0) return null;
  const [requestLine = '', ...lines] = buf.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^(\S+) (\S+) (HTTP\/\d\.\d)$/.exec(requestLine);
  if (!m) throw new Error(`bad request line: ${JSON.stringify(requestLine)}`);
  const headers: HeaderPair[] = lines.map((line) => {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new Error(`bad header line: ${JSON.stringify(line)}`);
    return [line.slice(0, colon), line.slice(colon + 1).trim()] as const;
  });
  const length = Number(headerValue(headers, 'content-length') ?? 0);
  const bodyStart = end + HEAD_END.length;
  if (buf.length < bodyStart + length) return null;
  return {
    method: m[1] ?? '',
    target: m[2] ?? '',
    httpVersion: m[3] ?? '',
    headers,
    body: buf.subarray(bodyStart, bodyStart + length).toString('latin1'),
  };
}

/** First value of a header, case-insensitively. */
export function headerValue(headers: readonly HeaderPair[], name: string): string | undefined {
  const lower = name.toLowerCase();
  return headers.find(([n]) => n.toLowerCase() === lower)?.[1];
}

/**
 * The response bytes: status line, the given header lines verbatim, then `Content-Length` and
 * `Connection: close` unless the lines already have them.
 */
export function serializeResponse(res: RawResponse, opts: { omitBody?: boolean } = {}): Buffer {
  const body = Buffer.from(res.body ?? '', 'latin1');
  const lines = [`HTTP/1.1 ${res.status} ${res.reason ?? STATUS_CODES[res.status] ?? 'Unknown'}`];
  for (const [name, value] of res.headers) lines.push(`${name}: ${value}`);
  if (headerValue(res.headers, 'content-length') === undefined) lines.push(`Content-Length: ${body.length}`);
  if (headerValue(res.headers, 'connection') === undefined) lines.push('Connection: close');
  const head = Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1');
  return opts.omitBody ? head : Buffer.concat([head, body]);
}
