import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BacktestExport, BacktestExportArgs } from '../contract/backtest.js';
import { resultsCsv, runJson, writeResultsParquet } from '../store/run-export.js';
import { StoreError } from '../store/store-error.js';
import { KEPT_BACKTESTS, type BacktestMemory } from './backtest-detail.js';
import { EngineError } from './engine-error.js';

const MIME = { csv: 'text/csv', json: 'application/json', parquet: 'application/vnd.apache.parquet' } as const;

/**
 * `backtest.export`: a kept backtest's per-order results, read back from the run registry it was
 * stored in, as the CLI's `--out` writes them (CSV: `run_id` + the result columns; JSON:
 * `{ run, results }`) or as Parquet (the CSV's columns with their SQL types, via DuckDB). The
 * bytes travel base64 so the UI can save them wherever the trader chooses. Errors name the field.
 */
export async function exportBacktest(args: BacktestExportArgs, memory: BacktestMemory): Promise<BacktestExport> {
  const kept = memory.get(args.runId);
  if (!kept) throw new EngineError('not-found', `Backtest ${args.runId} is no longer kept (only the last ${KEPT_BACKTESTS} can be exported from here); run it again or export it with the CLI`, 'runId');
  if (!kept.storedId || !kept.storeFile) throw new EngineError('state', `Backtest ${args.runId} was not stored in the run registry, so it cannot be exported`, 'runId');
  const { RunStore } = await import('../store/run-store.js');
  let store;
  try {
    store = await RunStore.open(kept.storeFile);
  } catch (e) {
    throw new EngineError('internal', e instanceof Error ? e.message : String(e));
  }
  try {
    const run = await store.getRun(kept.storedId);
    const results = await store.getResults(kept.storedId);
    const fileName = `backtest-${kept.storedId.slice(0, 8)}.${args.format}`;
    let bytes: Buffer;
    if (args.format === 'csv') bytes = Buffer.from(resultsCsv(run.id, results));
    else if (args.format === 'json') bytes = Buffer.from(runJson(run, results));
    else {
      const dir = mkdtempSync(join(tmpdir(), 'slipstream-export-'));
      try {
        const file = join(dir, fileName);
        await writeResultsParquet(run.id, results, file);
        bytes = readFileSync(file);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    return { fileName, mime: MIME[args.format], base64: bytes.toString('base64'), rows: results.length };
  } catch (e) {
    if (e instanceof EngineError) throw e;
    if (e instanceof StoreError) throw new EngineError(e.reason === 'not-found' ? 'not-found' : 'internal', e.message);
    throw new EngineError('internal', `Exporting backtest ${args.runId} as ${args.format} failed: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    store.close();
  }
}
