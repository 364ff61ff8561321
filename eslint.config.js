// Flat config: typescript-eslint recommended (not type-aware) everywhere, plus the rules that keep the
// architecture honest:
//   - src/shared/** is pure: no extension/DOM/Node globals or imports, no imports from the UI or CLI layers.
//   - webextension-polyfill is imported only by the small adapter files src/<layer>/ext.ts.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const IMPURE_GLOBALS = ['chrome', 'browser', 'window', 'document', 'localStorage', 'fetch', 'process'];

const impureGlobalRule = IMPURE_GLOBALS.map((name) => ({
  name,
  message: `src/shared/** is pure: \`${name}\` belongs in an adapter (background, panel, devtools or cli), passed in as data or a function`,
}));

export default defineConfig(
  { ignores: ['dist/**', 'dist-*/**', 'node_modules/**', 'coverage/**', '.corsight-out/**', '.next-apps/**', '.tmp-exp/**'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  // Node-side code: build config, scripts, CLI entry, tests, lab, bench.
  {
    files: ['*.{js,mjs,ts}', 'scripts/**', 'bin/**', 'src/cli/**', 'test/**', 'bench/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  // Extension pages and background.
  {
    files: ['src/background/**', 'src/devtools/**', 'src/panel/**'],
    languageOptions: { globals: { ...globals.browser, ...globals.webextensions } },
  },
  // The polyfill only through the adapters (it throws outside an extension; Chrome 148+ ships `browser`).
  {
    files: ['src/**'],
    ignores: ['src/*/ext.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'webextension-polyfill',
              message: 'Import the WebExtension API from the adapter of your layer (src/<layer>/ext.ts).',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  // The panel renders with Preact only; never raw HTML (also keeps Preact's innerHTML path dead, see web-ext lint).
  {
    files: ['src/panel/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'No raw HTML in the panel.' },
        { selector: "MemberExpression[property.name=/^(innerHTML|outerHTML)$/]", message: 'No raw HTML in the panel.' },
      ],
    },
  },
  // src/shared is pure: the engine, HAR import and reports run the same in the background, the panel and the CLI.
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-globals': ['error', ...impureGlobalRule],
      'no-restricted-syntax': [
        'error',
        {
          selector: `MemberExpression[object.name=/^(globalThis|self)$/][property.name=/^(${IMPURE_GLOBALS.join('|')})$/]`,
          message: 'src/shared/** is pure: no extension, DOM, network or process access, even through globalThis.',
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'webextension-polyfill', message: 'src/shared/** is pure: no extension API.' },
            { name: 'preact', message: 'src/shared/** is pure: no UI; explanations are data.' },
            ...builtinModules.map((name) => ({ name, message: 'src/shared/** is pure: no Node built-ins.' })),
          ],
          patterns: [
            { group: ['node:*'], message: 'src/shared/** is pure: no Node built-ins.' },
            { group: ['preact/*', 'webextension-polyfill/*'], message: 'src/shared/** is pure: no UI, no extension API.' },
            {
              group: ['**/background/**', '**/devtools/**', '**/panel/**', '**/cli/**', '../background', '../panel', '../cli'],
              message: 'src/shared/** must not depend on the layers that use it.',
            },
          ],
        },
      ],
    },
  },
);
