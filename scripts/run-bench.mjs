// `npm run bench`: bundles bench/run.ts with esbuild (as the app ships its engine) and runs it
// with plain node, so the numbers measure our code and not a TypeScript loader.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}bench/results/run.mjs`;
mkdirSync(`${root}bench/results`, { recursive: true });
await build({ entryPoints: [`${root}bench/run.ts`], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: out, logLevel: 'warning', target: 'node20' });
const r = spawnSync(process.execPath, [out, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
