import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { SignalsTrainResult } from '../contract/signals.js';
import type { SignalsTrainArgsSchema } from '../contract/signals.js';
import type { z } from 'zod';
import { EngineError } from './engine-error.js';
import type { JobRegistry } from './job-registry.js';
import { listSamples } from './samples.js';
import { runSignalsWorker } from './signals-job.js';

/** Where `signals.train` keeps each run's full out-of-sample rows, under the engine's data folder. */
export const SIGNALS_FOLDER = 'signals';

/**
 * `signals.train`: resolves the source (a bundled sample, or files the engine already checked),
 * trains in a worker as a cancellable job, writes every out-of-sample row to
 * `<dataDir>/signals/<runId>.json` and returns the metrics with the downsampled chart series.
 */
export async function runSignalsTrain(args: z.output<typeof SignalsTrainArgsSchema>, jobs: JobRegistry, samplesDir: string, dataDir: string, runId: string): Promise<SignalsTrainResult> {
  let files: string[];
  if (args.source.kind === 'sample') {
    const id = args.source.id;
    const s = listSamples(samplesDir).find((x) => x.id === id);
    if (!s) throw new EngineError('not-found', `No bundled sample "${id}"`, 'source.id');
    files = s.files;
  } else files = args.source.files;
  const label = basename(files[0]!);
  const job = jobs.start(`Signals · ${args.model} · H ${args.horizon}`, 'rows/s');
  let rows = 0;
  try {
    const { out, cpuMs, rows: r } = await runSignalsWorker({ ...args, files }, job);
    rows = r;
    const resultFile = join(dataDir, SIGNALS_FOLDER, `${runId}.json`);
    await mkdir(join(dataDir, SIGNALS_FOLDER), { recursive: true });
    await writeFile(resultFile, JSON.stringify({ runId, files, args, featureNames: out.featureNames, metrics: out.metrics, folds: out.folds, rows: out.full }));
    return {
      runId, model: args.model, horizon: args.horizon, label, rows: out.rows, oosRows: out.full.tNs.length, featureNames: out.featureNames,
      metrics: out.metrics, folds: out.folds, series: out.series, resultFile, cpuMs,
    };
  } finally {
    jobs.end(job, rows);
  }
}
