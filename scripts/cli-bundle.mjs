// The `slipstream` command's prebuilt bundle, so no command compiles TypeScript when it starts.
//
//   dist/cli/current.json         { dir, sourcesMtimeMs }: the build in use, replaced atomically
//   dist/cli/<dir>/slipstream.mjs  main/cli/index.ts; every command is its own lazily loaded chunk
//   dist/cli/<dir>/backtest-worker.mjs  the backtest worker, beside the chunks that start it
//
// A build is current while no file under CLI_SOURCES is newer than the newest one it was built
// from; otherwise `ensureCliBundle` rebuilds (about a second) before running, so a developer
// never runs old code. Each build goes to a new folder and `current.json` is swapped last, so a
// process still running an older build keeps finding its chunks; folders older than ten minutes are
// removed. npm packages stay external (resolved from the repository's node_modules).
//
// `node scripts/cli-bundle.mjs [--force]` builds it (npm's `prepare` does, at install).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { newestOf } from './freshness.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** What the bundle is built from. */
export const CLI_SOURCES = ['main', 'package.json', 'tsconfig.json', 'scripts/cli-bundle.mjs'];

/** Older builds are removed this long after they were made (a running command loads its chunks when it starts). */
const KEEP_OLD_BUILDS_MS = 600_000;

/**
 * Options of `ensureCliBundle` (tests point them at a scratch tree). `entries`: output name →
 * source, relative to `root`; the first is the one returned.
 */
const DEFAULTS = {
  root: ROOT,
  outDir: path.join(ROOT, 'dist/cli'),
  sources: CLI_SOURCES,
  entries: { slipstream: 'main/cli/index.ts', 'backtest-worker': 'main/backtest/backtest-worker.ts' },
  force: false,
  log: (line) => process.stderr.write(`${line}\n`),
};

function readCurrent(outDir) {
  try {
    const cur = JSON.parse(fs.readFileSync(path.join(outDir, 'current.json'), 'utf8'));
    return typeof cur.dir === 'string' && typeof cur.sourcesMtimeMs === 'number' ? cur : null;
  } catch {
    return null;
  }
}

/**
 * Returns the absolute path of the current bundle's first entry, building it first when it is
 * missing or older than a source. Rejects (after esbuild has printed the errors) if the build fails.
 */
export async function ensureCliBundle(options = {}) {
  const o = { ...DEFAULTS, ...options };
  const first = Object.keys(o.entries)[0];
  const newest = newestOf(o.root, o.sources);
  const cur = readCurrent(o.outDir);
  if (!o.force && cur && cur.sourcesMtimeMs >= newest) {
    const file = path.join(o.outDir, cur.dir, `${first}.mjs`);
    if (fs.existsSync(file)) return file;
  }
  const t0 = performance.now();
  const dir = `b-${Date.now().toString(36)}-${process.pid}`;
  const out = path.join(o.outDir, dir);
  const { build } = await import('esbuild');
  const entryPoints = Object.fromEntries(Object.entries(o.entries).map(([name, src]) => [name, path.join(o.root, src)]));
  await build({
    entryPoints, outdir: out, bundle: true, splitting: true, format: 'esm', platform: 'node', target: 'node20',
    packages: 'external', outExtension: { '.js': '.mjs' }, chunkNames: '[name]-[hash]', sourcemap: 'linked',
    logLevel: 'error', legalComments: 'none', absWorkingDir: o.root,
  });
  const tmp = path.join(o.outDir, `current.json.${process.pid}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify({ dir, sourcesMtimeMs: newest }) + '\n');
  fs.renameSync(tmp, path.join(o.outDir, 'current.json'));
  removeOldBuilds(o.outDir, dir);
  o.log(`slipstream: built the command-line bundle (${path.relative(o.root, out) || out}, ${Math.round(performance.now() - t0)} ms)`);
  return path.join(out, `${first}.mjs`);
}

function removeOldBuilds(outDir, keep) {
  const now = Date.now();
  for (const name of fs.readdirSync(outDir)) {
    if (!name.startsWith('b-') || name === keep) continue;
    const p = path.join(outDir, name);
    try {
      if (now - fs.statSync(p).mtimeMs > KEEP_OLD_BUILDS_MS) fs.rmSync(p, { recursive: true, force: true });
    } catch {
      // another process removed it first
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const file = await ensureCliBundle({ force: process.argv.includes('--force'), log: (l) => console.log(l) });
    console.log(`cli bundle: ${path.relative(ROOT, file)}`);
  } catch (err) {
    console.error(`cli bundle: build failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  }
}
