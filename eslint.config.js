// Lint enforces the layer rules of ARCHITECTURE.md: an import across layers fails `npm run lint`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const electronOnly = { name: 'electron', message: 'Only app/electron may import electron.' };

/** Builds a no-restricted-imports rule from plain names and gitignore-style path groups. */
function restrict(names, groups) {
  return ['error', { paths: names, patterns: groups.map((g) => ({ group: g.group, message: g.message })) }];
}

const pureLayer = {
  names: [electronOnly, ...nodeBuiltins.map((name) => ({ name, message: 'main/domain and main/contract import nothing of Node.' }))],
  groups: [
    { group: ['**/market/**', '**/kernel/**', '**/execution/**', '**/learning/**', '**/signals/**', '**/risk/**', '**/tca/**', '**/live/**', '**/store/**', '**/cli/**', '**/host/**'], message: 'domain and contract are pure: they may import only each other and zod.' },
    { group: ['**/renderer/**', '**/app/**', 'react', 'react-dom', 'echarts', 'echarts/**', 'ag-grid-*'], message: 'domain and contract import no UI or host code.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'e2e/artifacts/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', performance: 'readonly', TextDecoder: 'readonly', TextEncoder: 'readonly', structuredClone: 'readonly', queueMicrotask: 'readonly' } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    files: ['main/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([electronOnly], [
        { group: ['**/renderer/**', '**/app/**', 'react', 'react-dom', 'echarts', 'echarts/**', 'ag-grid-*'], message: 'main/ never imports renderer/, app/ or UI packages.' },
      ]),
    },
  },
  {
    // The calibration report renders its plots to SVG on the engine side (echarts' server-side
    // renderer, no DOM): the one place in main/ that may import echarts.
    files: ['main/market/calibration/report-charts.ts'],
    rules: { 'no-restricted-imports': restrict([electronOnly], [{ group: ['**/renderer/**', '**/app/**', 'react', 'react-dom', 'ag-grid-*'], message: 'main/ never imports renderer/, app/ or UI packages.' }]) },
  },
  { files: ['main/domain/**/*.ts', 'main/contract/**/*.ts'], rules: { 'no-restricted-imports': restrict(pureLayer.names, pureLayer.groups), 'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer'] } },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    languageOptions: { globals: { window: 'readonly', document: 'readonly', navigator: 'readonly', localStorage: 'readonly', requestAnimationFrame: 'readonly', cancelAnimationFrame: 'readonly', WebSocket: 'readonly', fetch: 'readonly', HTMLElement: 'readonly', KeyboardEvent: 'readonly', ResizeObserver: 'readonly', File: 'readonly', Blob: 'readonly' } },
    rules: {
      'no-restricted-imports': restrict(
        [electronOnly, ...nodeBuiltins.map((name) => ({ name, message: 'The renderer runs in a sandboxed page: no Node.' }))],
        [
          { group: ['**/main/**', '!**/main/contract', '!**/main/contract/**', '!**/main/domain', '!**/main/domain/**'], message: 'renderer/ imports only main/contract and main/domain from outside itself.' },
          { group: ['**/app/**'], message: 'renderer/ never imports app/.' },
        ],
      ),
    },
  },
  {
    files: ['app/**/*.ts'],
    ignores: ['app/electron/**'],
    rules: {
      'no-restricted-imports': restrict([electronOnly], [
        { group: ['**/main/**', '!**/main/contract', '!**/main/contract/**', '!**/main/domain', '!**/main/domain/**', '!**/main/host', '!**/main/host/**'], message: 'app/ may import main/contract, main/domain and the engine host entry points (main/host) only.' },
        { group: ['**/renderer/**'], message: 'app/ never imports renderer/ source; it serves the built bundle.' },
      ]),
    },
  },
  {
    files: ['app/electron/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([], [
        { group: ['**/main/**', '!**/main/contract', '!**/main/contract/**', '!**/main/domain', '!**/main/domain/**', '!**/main/host', '!**/main/host/**'], message: 'app/ may import main/contract, main/domain and the engine host entry points (main/host) only.' },
        { group: ['**/renderer/**'], message: 'app/ never imports renderer/ source; it serves the built bundle.' },
      ]),
    },
  },
  {
    // The compute page's trainer (app/compute-trainer/README.md): the browser build of the training
    // loop, so it alone of app/ may import the trainer (main/learning/train) and model-io's pure
    // weight layout. It still never imports renderer/ source or Node (its bundle shims Node out).
    files: ['app/compute-trainer/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict([electronOnly], [
        { group: ['**/main/*', '!**/main/contract', '!**/main/domain', '!**/main/learning', '**/main/learning/*', '!**/main/learning/train', '!**/main/learning/model-io', '**/main/learning/model-io/*', '!**/main/learning/model-io/model-json.js'], message: 'app/compute-trainer may import main/contract, main/domain, main/learning/train and model-io/model-json only.' },
        { group: ['**/renderer/**'], message: 'app/ never imports renderer/ source; it serves the built bundle.' },
      ]),
    },
  },
  { files: ['**/*.test.ts', 'e2e/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.mjs', 'bin/**/*.js'], rules: { 'no-restricted-imports': 'off' } },
);
