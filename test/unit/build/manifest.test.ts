// The built manifests, one per browser. Runs after `npm run build` (npm test builds first): a missing build is a
// failure, not a skip.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { manifestFor, type Manifest } from '../../../scripts/manifest';

const ROOT = resolve(import.meta.dirname, '../../..');
const PINNED_CHROME_ID = 'cheeafmojpjimlgihhnnghddlmbjkafm';
const GECKO_ID = 'corsight@corsight.dev';

const source = JSON.parse(readFileSync(join(ROOT, 'public/manifest.json'), 'utf8')) as Manifest;

function readBuilt(dir: string): Manifest {
  const file = join(ROOT, dir, 'manifest.json');
  if (!existsSync(file)) {
    throw new Error(`${dir}/manifest.json does not exist: build first with \`npm run build:ext\` (npm test does it)`);
  }
  return JSON.parse(readFileSync(file, 'utf8')) as Manifest;
}

/** Chrome derives the id from the public key: sha256, first 32 hex digits, 0-f mapped to a-p. */
function chromeIdFromKey(key: string): string {
  const hex = createHash('sha256').update(Buffer.from(key, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

/** Every file the manifest points at must exist in the build and none may still be a TypeScript source. */
function referencedFiles(m: Manifest): string[] {
  return [
    m.background?.service_worker,
    ...(m.background?.scripts ?? []),
    m['devtools_page'],
    ...Object.values((m['icons'] as Record<string, string> | undefined) ?? {}),
  ].filter((f): f is string => typeof f === 'string');
}

describe('public/manifest.json (the one source manifest)', () => {
  test('declares both background forms, the devtools page, the gecko id and the pinned key', () => {
    expect(source.manifest_version).toBe(3);
    expect(source.background).toMatchObject({ service_worker: 'src/background/index.ts', scripts: ['src/background/index.ts'] });
    expect(source['devtools_page']).toBe('src/devtools/index.html');
    expect(source.browser_specific_settings).toMatchObject({
      gecko: { id: GECKO_ID, data_collection_permissions: { required: ['none'] } },
    });
    expect(chromeIdFromKey(source['key'] as string)).toBe(PINNED_CHROME_ID);
  });

  test('asks only for what capture needs: no debugger (Chrome cannot make it optional)', () => {
    expect(source.permissions).toEqual(['webRequest', 'storage']);
    expect(source.optional_permissions).toBeUndefined();
    expect(source.host_permissions).toEqual(['<all_urls>']);
  });
});

describe('manifestFor', () => {
  test('chrome: drops Firefox-only settings and the event-page form', () => {
    const m = manifestFor(source, 'chrome');
    expect(m.browser_specific_settings).toBeUndefined();
    expect(m.background).toEqual({ service_worker: 'src/background/index.ts', type: 'module' });
    expect(m.permissions).toEqual(['webRequest', 'storage']);
    expect(m['key']).toBe(source['key']);
  });

  test('chrome-verified: the Chromium manifest plus the debugger permission, under its own name', () => {
    const m = manifestFor(source, 'chrome-verified');
    expect(m.permissions).toEqual(['webRequest', 'storage', 'debugger']);
    expect(m.name).toBe('corsight (browser-verified)');
    expect({ ...m, permissions: undefined, name: undefined }).toEqual({ ...manifestFor(source, 'chrome'), permissions: undefined, name: undefined });
  });

  test('firefox: drops the key, the worker form and permissions Firefox does not know', () => {
    const m = manifestFor(source, 'firefox');
    expect(m['key']).toBeUndefined();
    expect(m['minimum_chrome_version']).toBeUndefined();
    expect(m.background).toEqual({ scripts: ['src/background/index.ts'], type: 'module' });
    expect(m.optional_permissions).toBeUndefined();
    expect(m.permissions).toEqual(['webRequest', 'storage']);
  });

  test('does not mutate its input', () => {
    const before = JSON.stringify(source);
    manifestFor(source, 'firefox');
    manifestFor(source, 'chrome');
    expect(JSON.stringify(source)).toBe(before);
  });
});

describe('dist/manifest.json (Chromium)', () => {
  test('runs a module service worker, keeps the pinned key, and asks for no debugger', () => {
    const m = readBuilt('dist');
    expect(m.manifest_version).toBe(3);
    expect(m.name).toBe('corsight');
    expect(m.version).toBe(source.version);
    expect(m.background).toEqual({ service_worker: 'service-worker-loader.js', type: 'module' });
    expect(m['key']).toBe(source['key']);
    expect(chromeIdFromKey(m['key'] as string)).toBe(PINNED_CHROME_ID);
    expect(m['devtools_page']).toBe('src/devtools/index.html');
    expect(m.permissions).toEqual(['webRequest', 'storage']);
    expect(m.optional_permissions).toBeUndefined();
    expect(m.host_permissions).toEqual(['<all_urls>']);
    expect(m.browser_specific_settings).toBeUndefined();
  });

  test('every referenced file exists and is built output', () => {
    assertFilesBuilt('dist', readBuilt('dist'));
  });
});

describe('dist-verified/manifest.json (Chromium, browser-verified mode)', () => {
  test('is dist/ with the debugger permission and its own name', () => {
    const m = readBuilt('dist-verified');
    expect(m.permissions).toEqual(['webRequest', 'storage', 'debugger']);
    expect(m.name).toBe('corsight (browser-verified)');
    expect(m.background).toEqual({ service_worker: 'service-worker-loader.js', type: 'module' });
    assertFilesBuilt('dist-verified', m);
  });
});

describe('dist-firefox/manifest.json (Firefox)', () => {
  test('runs a module event page, carries the gecko id and no Chromium-only keys', () => {
    const m = readBuilt('dist-firefox');
    expect(m.manifest_version).toBe(3);
    expect(m.name).toBe('corsight');
    expect(m.version).toBe(source.version);
    expect(m.background).toEqual({ scripts: ['service-worker-loader.js'], type: 'module' });
    expect(m.browser_specific_settings).toEqual(source.browser_specific_settings);
    expect(m['key']).toBeUndefined();
    expect(m['minimum_chrome_version']).toBeUndefined();
    expect(m['devtools_page']).toBe('src/devtools/index.html');
    expect(m.permissions).toEqual(['webRequest', 'storage']);
    expect(m.optional_permissions).toBeUndefined();
    expect(m.host_permissions).toEqual(['<all_urls>']);
  });

  test('every referenced file exists and is built output', () => {
    assertFilesBuilt('dist-firefox', readBuilt('dist-firefox'));
  });
});

describe('both builds', () => {
  test('ship the panel page the devtools page opens', () => {
    for (const dir of ['dist', 'dist-firefox']) {
      readBuilt(dir);
      const html = readFileSync(join(ROOT, dir, 'src/panel/index.html'), 'utf8');
      expect(html).toMatch(/<script type="module"[^>]+src="\/assets\/panel-[\w-]+\.js"/);
    }
  });
});

function assertFilesBuilt(dir: string, m: Manifest): void {
  const files = referencedFiles(m);
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    expect(file, `${dir}/manifest.json still points at a source file`).not.toMatch(/\.tsx?$/);
    expect(existsSync(join(ROOT, dir, file)), `${dir}/${file} is missing`).toBe(true);
  }
  const loader = readFileSync(join(ROOT, dir, 'service-worker-loader.js'), 'utf8');
  const imported = /import '\.\/(.+?)'/.exec(loader)?.[1];
  expect(imported, `${dir}/service-worker-loader.js imports nothing`).toBeDefined();
  expect(existsSync(join(ROOT, dir, imported!))).toBe(true);
}
