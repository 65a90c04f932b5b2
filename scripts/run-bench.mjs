// `npm run bench`: bundles bench/run.ts with esbuild (as the app ships its engine) and runs it
// with plain node, so the numbers measure our code and not a TypeScript loader.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}bench/results/run.mjs`;
mkdirSync(`${root}bench/results`, { recursive: true });
// Split at run.ts's dynamic imports: each benchmark's chunk (and the packages it imports, e.g.
// TensorFlow.js) loads only when that benchmark runs (see bench/run.ts). Chunks sit beside run.mjs
// (code that finds files from import.meta.url sees the same folder as before) and are named by
// their content, so they are not deleted here: another bench running from this folder may still
// import its chunks (stale ones pile up in the ignored folder).
await build({ entryPoints: { run: `${root}bench/run.ts` }, bundle: true, splitting: true, platform: 'node', format: 'esm', packages: 'external', outdir: `${root}bench/results`, chunkNames: '[name]-[hash]', outExtension: { '.js': '.mjs' }, logLevel: 'warning', target: 'node20' });
const r = spawnSync(process.execPath, [out, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
