import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

// The CLI: src/cli/main.ts bundled into one ES module for Node 20 (dist-cli/corsight.mjs), which
// bin/corsight.mjs imports. Node built-ins stay external; everything else (our shared code, the package
// version) is inlined, so `npx corsight` needs nothing else at run time.
export default defineConfig({
  publicDir: false,
  logLevel: 'warn',
  build: {
    ssr: 'src/cli/main.ts',
    outDir: 'dist-cli',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: false,
    copyPublicDir: false,
    reportCompressedSize: false,
    rollupOptions: {
      external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`)],
      output: { format: 'es', entryFileNames: 'corsight.mjs', inlineDynamicImports: true },
    },
  },
  ssr: { noExternal: true, target: 'node' },
});
