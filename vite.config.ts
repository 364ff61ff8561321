// Builds the extension from one source for both browsers:
//   vite build                 → dist/          (Chromium: MV3 service worker, pinned `key`)
//   vite build --mode firefox  → dist-firefox/  (Firefox: MV3 event page, gecko id, no Chromium-only bits)
//   vite build --mode verified → dist-verified/ (Chromium with the debugger permission: browser-verified mode)
// The CLI has its own config (vite.cli.config.ts).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { manifestFor, type Manifest, type Target } from './scripts/manifest';

const root = import.meta.dirname;

export default defineConfig(({ mode }) => {
  const target: Target = mode === 'firefox' ? 'firefox' : mode === 'verified' ? 'chrome-verified' : 'chrome';
  const outDir = target === 'firefox' ? 'dist-firefox' : target === 'chrome-verified' ? 'dist-verified' : 'dist';
  const source = JSON.parse(readFileSync(resolve(root, 'public/manifest.json'), 'utf8')) as Manifest;
  const manifest = manifestFor(source, target) as unknown as ManifestV3Export;

  return {
    root,
    plugins: [preact(), crx({ manifest, browser: target === 'firefox' ? 'firefox' : 'chrome' }), assertProcessedManifest(resolve(root, outDir))],
    build: {
      outDir,
      emptyOutDir: true,
      target: target === 'firefox' ? 'firefox140' : 'chrome121',
      sourcemap: false,
      modulePreload: { polyfill: false },
      rollupOptions: {
        // The panel page is not named in the manifest (the devtools page creates it at run time).
        input: { panel: resolve(root, 'src/panel/index.html') },
      },
    },
  };
});

// Vite copies publicDir (public/manifest.json included, verbatim) into outDir before the bundle is written;
// crxjs's processed manifest.json then overwrites it. Fail the build if that ever stops being true, rather
// than ship a manifest that points at .ts files.
function assertProcessedManifest(outDir: string): Plugin {
  return {
    name: 'corsight:assert-processed-manifest',
    apply: 'build',
    enforce: 'post',
    closeBundle() {
      const built = JSON.parse(readFileSync(resolve(outDir, 'manifest.json'), 'utf8')) as Manifest;
      const files = [built.background?.service_worker, ...(built.background?.scripts ?? []), built['devtools_page']];
      const raw = files.filter((f): f is string => typeof f === 'string' && /\.tsx?$/.test(f));
      if (raw.length > 0) {
        throw new Error(`${outDir}/manifest.json is the unprocessed public/manifest.json (references ${raw.join(', ')})`);
      }
    },
  };
}
