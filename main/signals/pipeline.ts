import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { concatDatasets, type Dataset } from './dataset.js';
import { normalizeFeatureConfig, type FeatureConfig } from './features/feature-config.js';
import { featuresFromFiles } from './features/replay-features.js';
import { labelRows } from './labels.js';
import { majorityClass, signalMetrics, type SignalMetrics } from './metrics.js';
import { loadModel, saveModel, type ModelManifest } from './models/model-store.js';
import { modelFactory } from './models/registry.js';
import { selectRows } from './dataset.js';
import { purgedSplits, type SplitOptions } from './walk-forward.js';

/**
 * The features and labels of several recorded days (each day a list of files as `openReplay` takes
 * them), stacked in order. Throws the readers' `DataFormatError` (file, line, field) unchanged.
 */
export function datasetFromDays(days: readonly (readonly string[])[], config: FeatureConfig, horizon: number): Dataset {
  return concatDatasets(days.map((files) => labelRows(featuresFromFiles(files, config), horizon)));
}

/** SHA-256 of the files' bytes, in order (each preceded by its length, so file boundaries count). */
export async function hashFiles(files: readonly string[]): Promise<string> {
  const h = createHash('sha256');
  for (const f of files) {
    const chunks: Buffer[] = [];
    for await (const c of createReadStream(f)) chunks.push(c as Buffer);
    const b = Buffer.concat(chunks);
    h.update(`${b.length}:`);
    h.update(b);
  }
  return h.digest('hex');
}

/** What `trainSignalModel` needs. Invariant: the model saved in `outDir` was fitted on every row. */
export interface TrainRequest {
  kind: string;
  days: readonly (readonly string[])[];
  horizon: number;
  features?: Partial<FeatureConfig>;
  seed: number;
  params?: Record<string, number>;
  validation: SplitOptions;
  outDir: string;
  progress?: (msg: string) => void;
}

/** Per fold of the walk-forward: sizes and the model's accuracy against the naive one. */
export interface FoldReport {
  train: number;
  test: number;
  purged: number;
  embargoed: number;
  accuracy: number;
  naiveAccuracy: number;
}

export interface TrainResult {
  manifest: ModelManifest;
  folds: FoldReport[];
  rows: number;
}

/**
 * Walk-forward (purged, embargoed) out-of-sample metrics pooled over the folds (each fold's naive
 * baseline is its own training majority), then the final model fitted on every row and saved with
 * its manifest. Deterministic given the data, the settings and the seed.
 */
export async function trainSignalModel(req: TrainRequest): Promise<TrainResult> {
  const factory = await modelFactory(req.kind);
  const featureConfig = normalizeFeatureConfig(req.features);
  const say = req.progress ?? (() => {});
  say(`features of ${req.days.length} day(s)…`);
  const ds = datasetFromDays(req.days, featureConfig, req.horizon);
  const splits = purgedSplits(ds.eventIndex, req.horizon, req.validation);
  const folds: FoldReport[] = [];
  const nTest = splits.reduce((s, f) => s + f.test.length, 0);
  const y = new Int8Array(nTest);
  const ret = new Float64Array(nTest);
  const proba = new Float32Array(nTest * 3);
  const naive = new Int8Array(nTest);
  let at = 0;
  for (const [k, split] of splits.entries()) {
    say(`fold ${k + 1}/${splits.length}: train ${split.train.length} rows, test ${split.test.length}`);
    if (split.train.length === 0) throw new RangeError(`folds: fold ${k + 1} has no training rows left after purging (use fewer folds or more data)`);
    const train = selectRows(ds, split.train);
    const test = selectRows(ds, split.test);
    const model = factory.create({ seed: req.seed, params: req.params });
    await model.fit(train);
    const p = model.predictProba(test.X);
    const maj = majorityClass(train.y);
    const m = signalMetrics(test.y, test.midRet, p, maj);
    folds.push({ train: split.train.length, test: split.test.length, purged: split.purged, embargoed: split.embargoed, accuracy: m.accuracy, naiveAccuracy: m.naive.accuracy });
    y.set(test.y, at);
    ret.set(test.midRet, at);
    proba.set(p, at * 3);
    naive.fill(maj, at, at + test.y.length);
    at += test.y.length;
  }
  const metrics = signalMetrics(y, ret, proba, naive);
  say(`final fit on all ${ds.t.length} rows…`);
  const model = factory.create({ seed: req.seed, params: req.params });
  await model.fit(ds);
  const files = req.days.flat();
  const manifest: ModelManifest = {
    format: 'slipstream-signal-model', version: 1, kind: factory.kind, featureNames: ds.featureNames.slice(), featureConfig,
    horizon: req.horizon, dataHash: await hashFiles(files), dataFiles: files.slice(), trainRows: ds.t.length,
    trainMajorityClass: majorityClass(ds.y), seed: req.seed, params: { ...(req.params ?? {}) },
    validation: { mode: req.validation.mode, folds: req.validation.folds, embargoRows: req.validation.embargoRows }, metrics,
  };
  await saveModel(model, req.outDir, manifest);
  return { manifest, folds, rows: ds.t.length };
}

/** A saved model scored on new days, against the naive baseline of its own training set. */
export async function evaluateSignalModel(dir: string, days: readonly (readonly string[])[]): Promise<SignalMetrics & { kind: string; horizon: number }> {
  const { model, manifest } = await loadModel(dir);
  const ds = datasetFromDays(days, normalizeFeatureConfig(manifest.featureConfig), manifest.horizon);
  if (ds.featureNames.join(',') !== manifest.featureNames.join(',')) throw new Error(`${dir}/manifest.json: featureNames do not match the features its featureConfig gives`);
  if (ds.t.length === 0) throw new RangeError(`--data: no labelled rows (the data is shorter than the horizon ${manifest.horizon})`);
  const p = model.predictProba(ds.X);
  return { kind: manifest.kind, horizon: manifest.horizon, ...signalMetrics(ds.y, ds.midRet, p, manifest.trainMajorityClass) };
}
