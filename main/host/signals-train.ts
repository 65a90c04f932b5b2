import { FeatureEngine } from '../signals/features/feature-engine.js';
import { normalizeFeatureConfig } from '../signals/features/feature-config.js';
import { feedReplayEvent } from '../signals/features/replay-features.js';
import { labelRows } from '../signals/labels.js';
import { majorityClass, signalMetrics, type SignalMetrics } from '../signals/metrics.js';
import { modelFactory } from '../signals/models/registry.js';
import { selectRows } from '../signals/dataset.js';
import { purgedSplits } from '../signals/walk-forward.js';
import { openReplay } from '../market/replay/open-replay.js';
import { lttbIndices } from './signals-downsample.js';

/** What the worker trains: one day's files, the model and the walk-forward settings (already validated). */
export interface SignalsTrainSpec {
  readonly files: readonly string[];
  readonly model: string;
  readonly horizon: number;
  readonly folds: number;
  readonly embargoRows: number;
  readonly seed: number;
  readonly maxPoints: number;
  readonly chartFeatures: readonly string[];
}

/** Every out-of-sample row (the result file) and the metrics. Invariant: all row arrays have `n` entries, in time order. */
export interface SignalsTrainOutput {
  featureNames: string[];
  rows: number;
  metrics: SignalMetrics;
  folds: { train: number; test: number; purged: number; embargoed: number; accuracy: number; naiveAccuracy: number }[];
  /** Out-of-sample rows, full resolution. */
  full: { tNs: number[]; mid: number[]; score: number[]; y: number[]; features: Record<string, number[]> };
  /** The same, downsampled to `maxPoints` for the chart. */
  series: { tNs: number[]; mid: number[]; score: number[]; y: number[]; features: Record<string, number[]> };
}

/** A phase's progress: fraction done and rows processed so far. */
export type SignalsProgress = (fraction: number, rows: number, phase: string) => void;

/** Share of the job spent computing features (the replay); the folds share the rest. */
const FEATURE_SHARE = 0.25;

/**
 * Features of one day (no look-ahead, main/signals), labels H book events ahead, then a walk-forward
 * of `folds` test blocks: each fold's model is fitted on earlier rows only (purged, embargoed) and
 * predicts its block; the pooled out-of-sample predictions give the metrics against each fold's
 * naive baseline (its training majority) and the chart's score P(up) − P(down). Deterministic given
 * the files and the spec. Throws the readers' DataFormatError (file, line, field) unchanged, and a
 * RangeError naming `chartFeatures` or `folds` when they cannot be met.
 */
export async function trainSignalsForChart(spec: SignalsTrainSpec, progress: SignalsProgress = () => {}): Promise<SignalsTrainOutput> {
  const factory = await modelFactory(spec.model);
  const config = normalizeFeatureConfig({});
  let engine: FeatureEngine | null = null;
  let batched = false;
  let events = 0;
  const replay = openReplay(spec.files, {
    onEvent: (_i, ev, book) => {
      feedReplayEvent(engine!, ev, book, batched);
      if (++events % 200_000 === 0) progress(FEATURE_SHARE * 0.5, 0, 'features');
    },
  });
  let rowsOut;
  let priceDecimals: number;
  try {
    if (replay.info.bookKind === 'bars') throw new Error(`${spec.files.join('+')}: bars have no order book; signal features need book data (LOBSTER, Databento MBO, Binance depth, Tardis)`);
    batched = replay.info.format !== 'lobster';
    priceDecimals = replay.info.instrument.priceDecimals;
    engine = new FeatureEngine(config, replay.info.instrument.tickSizeUnits);
    replay.runToEnd();
    rowsOut = engine.finish();
  } finally {
    replay.close();
  }
  const unknown = spec.chartFeatures.filter((f) => !rowsOut.featureNames.includes(f));
  if (unknown.length > 0) throw new RangeError(`chartFeatures: unknown feature(s) ${unknown.join(', ')} (known: ${rowsOut.featureNames.join(', ')})`);
  const ds = labelRows(rowsOut, spec.horizon);
  const n = ds.t.length;
  if (n === 0) throw new RangeError(`horizon: no labelled rows (the data is shorter than the horizon ${spec.horizon} book events)`);
  progress(FEATURE_SHARE, n, 'features');
  const splits = purgedSplits(ds.eventIndex, spec.horizon, { mode: 'walk-forward', folds: spec.folds, embargoRows: spec.embargoRows });
  const nTest = splits.reduce((s, f) => s + f.test.length, 0);
  const rowIdx = new Int32Array(nTest);
  const proba = new Float32Array(nTest * 3);
  const naive = new Int8Array(nTest);
  const folds: SignalsTrainOutput['folds'] = [];
  let at = 0;
  let done = 0;
  for (const [k, split] of splits.entries()) {
    if (split.train.length === 0) throw new RangeError(`folds: fold ${k + 1} has no training rows left after purging (use fewer folds or more data)`);
    const train = selectRows(ds, split.train);
    const test = selectRows(ds, split.test);
    const model = factory.create({ seed: spec.seed });
    await model.fit(train);
    const p = model.predictProba(test.X);
    const maj = majorityClass(train.y);
    const m = signalMetrics(test.y, test.midRet, p, maj);
    folds.push({ train: split.train.length, test: split.test.length, purged: split.purged, embargoed: split.embargoed, accuracy: m.accuracy, naiveAccuracy: m.naive.accuracy });
    rowIdx.set(split.test, at);
    proba.set(p, at * 3);
    naive.fill(maj, at, at + split.test.length);
    at += split.test.length;
    done += split.train.length + split.test.length;
    progress(FEATURE_SHARE + ((1 - FEATURE_SHARE) * (k + 1)) / splits.length, n + done, `fold ${k + 1}/${splits.length}`);
  }
  const y = Array.from(rowIdx, (i) => ds.y[i]!);
  const metrics = signalMetrics(y, Array.from(rowIdx, (i) => ds.midRet[i]!), proba, naive);
  const cols = ds.featureNames.length;
  const scale = 10 ** -priceDecimals;
  const full: SignalsTrainOutput['full'] = {
    tNs: Array.from(rowIdx, (i) => ds.t[i]!),
    // mids[e] is the mid (price units) right after book event e: the row's own time.
    mid: Array.from(rowIdx, (i) => rowsOut.mids[ds.eventIndex[i]!]! * scale),
    score: Array.from({ length: nTest }, (_, r) => proba[r * 3 + 2]! - proba[r * 3]!),
    y,
    features: Object.fromEntries(spec.chartFeatures.map((f) => {
      const c = ds.featureNames.indexOf(f);
      return [f, Array.from(rowIdx, (i) => ds.X[i * cols + c]!)];
    })),
  };
  const keep = lttbIndices(full.tNs, full.score, spec.maxPoints);
  const pick = (a: readonly number[]) => keep.map((i) => a[i]!);
  const series: SignalsTrainOutput['series'] = {
    tNs: pick(full.tNs), mid: pick(full.mid), score: pick(full.score), y: pick(full.y),
    features: Object.fromEntries(Object.entries(full.features).map(([k, v]) => [k, pick(v)])),
  };
  return { featureNames: ds.featureNames.slice(), rows: n, metrics, folds, full, series };
}
