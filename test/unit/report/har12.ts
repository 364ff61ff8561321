/**
 * A small HAR 1.2 validator for the export tests, written from the spec
 * (http://www.softwareishard.com/blog/har-12-spec/): required fields and their types, the values it
 * fixes (version "1.2", timings that are -1 or not, `time` as the sum of the known timings), and that
 * every field it does not define is a custom one, whose name must start with "_". Returns the problems
 * found, as paths; an empty list means valid.
 */
type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** ISO 8601 with a time zone, as the spec's example `2009-07-24T19:20:30.45+01:00`. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

class Checker {
  readonly problems: string[] = [];

  fail(path: string, what: string): void {
    this.problems.push(`${path} ${what}`);
  }

  /** `fields`: name → type; a trailing "?" marks an optional one. Unknown names must start with "_". */
  object(v: unknown, path: string, fields: Record<string, string>): v is Json {
    if (!isObj(v)) {
      this.fail(path, 'is not an object');
      return false;
    }
    for (const [key, spec] of Object.entries(fields)) {
      const optional = spec.endsWith('?');
      const type = optional ? spec.slice(0, -1) : spec;
      const value = v[key];
      if (value === undefined) {
        if (!optional) this.fail(`${path}.${key}`, 'is missing');
        continue;
      }
      const actual = Array.isArray(value) ? 'array' : typeof value;
      if (actual !== type) this.fail(`${path}.${key}`, `is ${actual}, not ${type}`);
    }
    for (const key of Object.keys(v)) {
      if (!(key in fields) && !key.startsWith('_')) this.fail(`${path}.${key}`, 'is not a HAR 1.2 field and not a custom "_" one');
    }
    return true;
  }

  nameValues(v: unknown, path: string): void {
    if (!Array.isArray(v)) return;
    v.forEach((h, i) => this.object(h, `${path}[${i}]`, { name: 'string', value: 'string', comment: 'string?' }));
  }

  cookies(v: unknown, path: string): void {
    if (!Array.isArray(v)) return;
    v.forEach((c, i) =>
      this.object(c, `${path}[${i}]`, {
        name: 'string',
        value: 'string',
        path: 'string?',
        domain: 'string?',
        expires: 'string?',
        httpOnly: 'boolean?',
        secure: 'boolean?',
        comment: 'string?',
      }),
    );
  }

  request(v: unknown, path: string): void {
    const ok = this.object(v, path, {
      method: 'string',
      url: 'string',
      httpVersion: 'string',
      cookies: 'array',
      headers: 'array',
      queryString: 'array',
      postData: 'object?',
      headersSize: 'number',
      bodySize: 'number',
      comment: 'string?',
    });
    if (!ok) return;
    if (typeof v.url === 'string' && !URL.canParse(v.url)) this.fail(`${path}.url`, 'is not an absolute URL');
    this.cookies(v.cookies, `${path}.cookies`);
    this.nameValues(v.headers, `${path}.headers`);
    this.nameValues(v.queryString, `${path}.queryString`);
  }

  response(v: unknown, path: string): void {
    const ok = this.object(v, path, {
      status: 'number',
      statusText: 'string',
      httpVersion: 'string',
      cookies: 'array',
      headers: 'array',
      content: 'object',
      redirectURL: 'string',
      headersSize: 'number',
      bodySize: 'number',
      comment: 'string?',
    });
    if (!ok) return;
    this.cookies(v.cookies, `${path}.cookies`);
    this.nameValues(v.headers, `${path}.headers`);
    this.object(v.content, `${path}.content`, {
      size: 'number',
      compression: 'number?',
      mimeType: 'string',
      text: 'string?',
      encoding: 'string?',
      comment: 'string?',
    });
  }

  timings(v: unknown, path: string, time: unknown): void {
    const ok = this.object(v, path, {
      blocked: 'number?',
      dns: 'number?',
      connect: 'number?',
      send: 'number',
      wait: 'number',
      receive: 'number',
      ssl: 'number?',
      comment: 'string?',
    });
    if (!ok) return;
    let sum = 0;
    for (const k of ['blocked', 'dns', 'connect', 'send', 'wait', 'receive']) {
      const t = v[k];
      if (typeof t !== 'number') continue;
      // -1 ("does not apply") only for the optional phases.
      const min = k === 'send' || k === 'wait' || k === 'receive' ? 0 : -1;
      if (t < min) this.fail(`${path}.${k}`, `is ${t}`);
      if (t !== -1) sum += t;
    }
    // ssl is part of connect, so not added again.
    if (typeof time === 'number' && Math.abs(time - sum) > 1e-6) this.fail(`${path}`, `sum ${sum} is not the entry's time ${time}`);
  }

  entry(v: unknown, path: string): void {
    const ok = this.object(v, path, {
      pageref: 'string?',
      startedDateTime: 'string',
      time: 'number',
      request: 'object',
      response: 'object',
      cache: 'object',
      timings: 'object',
      serverIPAddress: 'string?',
      connection: 'string?',
      comment: 'string?',
    });
    if (!ok) return;
    if (typeof v.startedDateTime === 'string' && !ISO_DATE.test(v.startedDateTime)) this.fail(`${path}.startedDateTime`, 'is not ISO 8601');
    this.request(v.request, `${path}.request`);
    this.response(v.response, `${path}.response`);
    this.object(v.cache, `${path}.cache`, { beforeRequest: 'object?', afterRequest: 'object?', comment: 'string?' });
    this.timings(v.timings, `${path}.timings`, v.time);
  }
}

export function harProblems(har: unknown): string[] {
  const c = new Checker();
  if (!c.object(har, 'har', { log: 'object' })) return c.problems;
  const log = har.log;
  if (!c.object(log, 'log', { version: 'string', creator: 'object', browser: 'object?', pages: 'array?', entries: 'array', comment: 'string?' })) {
    return c.problems;
  }
  if (log.version !== '1.2') c.fail('log.version', 'is not "1.2"');
  c.object(log.creator, 'log.creator', { name: 'string', version: 'string', comment: 'string?' });
  if (log.browser !== undefined) c.object(log.browser, 'log.browser', { name: 'string', version: 'string', comment: 'string?' });
  if (Array.isArray(log.entries)) log.entries.forEach((e, i) => c.entry(e, `log.entries[${i}]`));
  return c.problems;
}
