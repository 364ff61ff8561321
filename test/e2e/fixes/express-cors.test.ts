/**
 * Express 5 with the `cors` package: the snippet pasted first in the app (node-apps.ts), proven in
 * Chromium on the four scenarios, plus its pitfalls checked on the real packages.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { expressApp } from './node-apps';
import { nodeChecks, nodeRig, requirePackages, withApp } from './node-rig';
import { ORIGIN, snippetFor } from './plans';
import { proveSnippets } from './proof-suite';
import { send } from './raw-http';

const before = async () => requirePackages('express', 'cors');

proveSnippets('express-cors', nodeRig('express-cors', expressApp), { before });
nodeChecks('express-cors', 'express-cors', expressApp);

describe('express-cors: the pitfalls its notes state', () => {
  it("Express 5 throws on app.options('*', ...); the named wildcard '/{*splat}' works", () => {
    before();
    const express = createRequire(import.meta.url)('express') as () => { options(path: string, h: () => void): unknown };
    expect(() => express().options('*', () => undefined)).toThrow(/Missing parameter name/);
    expect(() => express().options('/{*splat}', () => undefined)).not.toThrow();
  });

  it('without allowedHeaders, cors reflects any requested header', async () => {
    const snippet = snippetFor('express-cors').replace(/^ {2}allowedHeaders: .*\n/m, '');
    expect(snippet).not.toMatch(/allowedHeaders/);
    await withApp(expressApp(snippet), async (port) => {
      const pre = await send(port, 'OPTIONS', '/api/items/1', { origin: ORIGIN, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'x-anything' });
      expect(pre.headers['access-control-allow-headers']).toBe('x-anything');
    });
  });
});
