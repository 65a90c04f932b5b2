import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

/** How to start the engine worker from where this code is running. */
export interface WorkerEntry {
  /** The file the Worker runs. */
  readonly file: URL;
  /** For a TypeScript entry: the module the boot file imports after registering tsx. */
  readonly tsEntry: URL | null;
}

/**
 * Picks the engine worker entry. From the bundle (dist/app/*.mjs) it is the built
 * dist/engine/engine-worker.mjs. From TypeScript sources (tsx, vitest) it is
 * main/host/engine-worker.ts, started through a tiny .mjs boot file, because on Node 20
 * `execArgv: ['--import', 'tsx']` does not apply to a Worker's own .ts entry
 * (ERR_UNKNOWN_FILE_EXTENSION) while `register()` inside the worker does. Running sources
 * never silently picks up a stale dist/ build.
 */
export function resolveWorkerEntry(here: string = import.meta.url): WorkerEntry {
  const fromSources = here.endsWith('.ts');
  const built = fromSources ? new URL('../../dist/engine/engine-worker.mjs', here) : new URL('../engine/engine-worker.mjs', here);
  const ts = new URL('../../main/host/engine-worker.ts', here);
  if (fromSources && fs.existsSync(fileURLToPath(ts))) return { file: new URL('./ts-worker-boot.mjs', here), tsEntry: ts };
  if (fs.existsSync(fileURLToPath(built))) return { file: built, tsEntry: null };
  throw new Error(`Engine worker not found (looked for ${fileURLToPath(built)}); run "npm run build".`);
}
