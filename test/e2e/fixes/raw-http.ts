/** Raw HTTP for the checks without a browser: one request, as a page could never send it, and what came back. */
import { request } from 'node:http';

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One raw HTTP request (any Origin, any method), as no browser would let a page send it. */
export function send(port: number, method: string, path: string, headers: Record<string, string> = {}, payload?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** The values of Vary, lower case. */
export function varyOf(r: Reply): string[] {
  const v = r.headers.vary;
  return (Array.isArray(v) ? v.join(',') : (v ?? '')).split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
}
