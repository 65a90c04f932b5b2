import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The team's real market data (`../shared/data` beside the repository). Benchmarks are bundled
 * into bench/results/, so paths are resolved from the working directory (`npm run bench` runs at
 * the repository root), or from SLIPSTREAM_SHARED_DATA.
 */
export function sharedDataDir(): string {
  const dir = process.env.SLIPSTREAM_SHARED_DATA ?? resolve(process.cwd(), '../shared/data');
  if (!existsSync(dir)) throw new Error(`benchmark data not found at ${dir} (set SLIPSTREAM_SHARED_DATA)`);
  return dir;
}
