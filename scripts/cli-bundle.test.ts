/**
 * The prebuilt command-line bundle (scripts/cli-bundle.mjs) and the `slipstream` shim that runs
 * it: rebuilt when a source changes (never stale), each command a lazy chunk (heavy packages only
 * in the commands that use them), and the backtest workers found beside the bundle.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs build script without type declarations
import { ensureCliBundle } from './cli-bundle.mjs';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));

function scratchTree(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'slipstream-cli-bundle-'));
  fs.mkdirSync(path.join(root, 'main/cli'), { recursive: true });
  return root;
}

function writeSource(root: string, rel: string, text: string, mtimeMs: number): void {
  const p = path.join(root, rel);
  fs.writeFileSync(p, text);
  fs.utimesSync(p, mtimeMs / 1000, mtimeMs / 1000);
}

/** Files reachable from `file` through static `import … from "./x.mjs"` (esbuild's ESM output). */
function staticGraph(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = fs.readFileSync(file, 'utf8');
  for (const m of text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s*"(\.\/[^"]+)"/gms)) staticGraph(path.join(path.dirname(file), m[1]!), seen);
  for (const m of text.matchAll(/^import\s*"(\.\/[^"]+)"/gm)) staticGraph(path.join(path.dirname(file), m[1]!), seen);
  return seen;
}

/** Bare packages imported (statically or dynamically) by any file in `files`. */
function packagesImported(files: Iterable<string>): Set<string> {
  const out = new Set<string>();
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^import\s*)"((?:@[^/"]+\/)?[^./"][^/"]*)/gm)) out.add(m[1]!);
  }
  return out;
}

describe('ensureCliBundle', () => {
  it('builds once, reuses the build while sources are unchanged, and rebuilds when a source changes or is deleted', async () => {
    const root = scratchTree();
    const t0 = Date.now() - 60_000;
    writeSource(root, 'main/cli/index.ts', `import { v } from './version.js';\nexport const main = async (): Promise<string> => v;\n`, t0);
    writeSource(root, 'main/cli/version.ts', `export const v: string = 'one';\n`, t0);
    writeSource(root, 'main/cli/extra.ts', `export {};\n`, t0);
    fs.utimesSync(path.join(root, 'main/cli'), t0 / 1000, t0 / 1000);
    fs.utimesSync(path.join(root, 'main'), t0 / 1000, t0 / 1000);
    const opts = { root, outDir: path.join(root, 'dist/cli'), sources: ['main'], entries: { slipstream: 'main/cli/index.ts' }, log: () => {} };
    const run = async (file: string) => (await import(pathToFileURL(file).href)).main();

    const a = await ensureCliBundle(opts);
    expect(await run(a)).toBe('one');
    expect(await ensureCliBundle(opts)).toBe(a); // no source changed: same build

    writeSource(root, 'main/cli/version.ts', `export const v: string = 'two';\n`, t0 + 10_000);
    const b = await ensureCliBundle(opts);
    expect(b).not.toBe(a);
    expect(await run(b)).toBe('two');
    expect(fs.existsSync(a)).toBe(true); // a process still running the old build keeps its files

    fs.rmSync(path.join(root, 'main/cli/extra.ts')); // only the folder's time changes
    const c = await ensureCliBundle(opts);
    expect(c).not.toBe(b);
  });
});

describe('bin/slipstream.js (the prebuilt bundle)', () => {
  const bin = path.join(repoRoot, 'bin/slipstream.js');
  const slip = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, SLIPSTREAM_FROM_SOURCES: undefined }, timeout: 120_000 });

  it('prints help, runs a command and rejects an unknown one, without a TypeScript loader', () => {
    const help = slip(['--help']);
    expect(help.status, help.stderr).toBe(0);
    expect(help.stdout).toMatch(/^Usage: slipstream <command>/);
    const ac = slip(['ac', '--shares', '1000', '--price', '100', '--sigma', '0.3', '--eta', '0.01', '--gamma', '0.001', '--epsilon', '0.01', '--horizon', '1', '--periods', '4', '--lambda', '0', '--json']);
    expect(ac.status, ac.stderr).toBe(0);
    expect(JSON.parse(ac.stdout).holdings).toEqual([1000, 750, 500, 250, 0]);
    const bad = slip(['nonsense']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/unknown command "nonsense"/);
    // The shim ran the bundle, not the sources: the bundle named in current.json exists and is current.
    const cur = JSON.parse(fs.readFileSync(path.join(repoRoot, 'dist/cli/current.json'), 'utf8'));
    expect(fs.existsSync(path.join(repoRoot, 'dist/cli', cur.dir, 'slipstream.mjs'))).toBe(true);
  });

  it('loads ECharts, DuckDB and TensorFlow.js only in the chunks of the commands that use them', async () => {
    const entry = await ensureCliBundle({ log: () => {} });
    const startup = packagesImported(staticGraph(entry));
    for (const heavy of ['echarts', '@duckdb/node-api', '@tensorflow/tfjs-core']) expect(startup.has(heavy), heavy).toBe(false);
    // …while the whole bundle does use them (so the check above could fail).
    const all = packagesImported(fs.readdirSync(path.dirname(entry)).filter((f) => f.endsWith('.mjs')).map((f) => path.join(path.dirname(entry), f)));
    expect(all.has('echarts')).toBe(true);
    expect(all.has('@duckdb/node-api')).toBe(true);
  });

  it('runs backtests on worker threads started from the bundle, and reports ordersPerSec', () => {
    const r = slip(['backtest', '--scenario', 'calm', '--strategies', 'twap', '--seeds', '1-2', '--side', 'buy', '--qty', '500', '--horizon', '30', '--workers', '2', '--resamples', '100', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.pool).toMatchObject({ mode: 'workers', workers: 2, note: null });
    expect(j.ordersPerSec).toBeGreaterThan(0);
    expect(j.paths).toHaveLength(2);
  });
});
