/**
 * What runs inside the lab page: one fetch or XHR, as the scenario's client spec says. The function is
 * serialised by Playwright, so it must not use anything from its module scope.
 */
import type { DemoRequest } from '../../lab/demo';
/** What the page sends: the demo's request (test/lab/demo.ts) with its run id filled in, once. */
export type PageRequest = Omit<DemoRequest, 'repeat'>;

export interface PageResult {
  /** False when fetch rejected or XHR fired `error`: what a page sees of a CORS failure. */
  ok: boolean;
  error?: string;
  status?: number;
  /** fetch's response type (basic, cors, opaque, opaqueredirect). */
  type?: string;
  /** Response header names script can read, lowercase and sorted. */
  readable?: string[];
}

export async function runInPage(r: PageRequest): Promise<PageResult> {
  if (r.api === 'xhr') {
    return new Promise<PageResult>((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.open(r.method, r.url);
      xhr.withCredentials = r.withCredentials;
      for (const [n, v] of r.headers) xhr.setRequestHeader(n, v);
      xhr.onload = () => {
        const names = xhr
          .getAllResponseHeaders()
          .split('\r\n')
          .filter((l) => l.includes(':'))
          .map((l) => l.slice(0, l.indexOf(':')).trim().toLowerCase());
        resolve({ ok: true, status: xhr.status, readable: [...new Set(names)].sort() });
      };
      xhr.onerror = () => resolve({ ok: false, error: 'xhr error event' });
      xhr.send(r.body);
    });
  }
  try {
    const init: RequestInit = {
      method: r.method,
      headers: r.headers,
      credentials: r.credentials,
      mode: r.mode,
      redirect: r.redirect,
    };
    if (r.body !== null) init.body = r.body;
    const res = await fetch(r.url, init);
    await res.text();
    return { ok: true, status: res.status, type: res.type, readable: [...new Set(res.headers.keys())].sort() };
  } catch (e) {
    return { ok: false, error: String(e) };
  }
}
