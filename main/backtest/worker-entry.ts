import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * How to start a backtest worker from where this code runs. `file` is what the Worker runs;
 * `tsEntry` (TypeScript sources only) is the module the boot file imports after registering tsx.
 */
export interface BacktestWorkerEntry {
  readonly file: URL;
  readonly tsEntry: URL | null;
}

/**
 * Picks the worker entry, or null when none exists here (the runner then works in-process):
 * - from TypeScript sources (`here` ends in .ts: vitest, tsx, bin/slipstream.js):
 *   `ts-worker-boot.mjs` beside this file, importing `backtest-worker.ts`;
 * - from an esbuild bundle: `backtest-worker.mjs` beside the bundle (build it from
 *   main/backtest/backtest-worker.ts with the same options as the bundle; the benchmark does);
 * - `SLIPSTREAM_BACKTEST_WORKER` (a path to a built worker) overrides both.
 */
export function resolveBacktestWorker(here: string = import.meta.url): BacktestWorkerEntry | null {
  const env = process.env.SLIPSTREAM_BACKTEST_WORKER;
  if (env) return existsSync(env) ? { file: pathToFileURL(resolve(env)), tsEntry: null } : null;
  if (here.endsWith('.ts')) {
    const boot = new URL('./ts-worker-boot.mjs', here);
    const ts = new URL('./backtest-worker.ts', here);
    return existsSync(fileURLToPath(boot)) && existsSync(fileURLToPath(ts)) ? { file: boot, tsEntry: ts } : null;
  }
  const built = new URL('./backtest-worker.mjs', here);
  return existsSync(fileURLToPath(built)) ? { file: built, tsEntry: null } : null;
}
