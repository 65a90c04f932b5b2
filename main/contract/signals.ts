import { z } from 'zod';

/**
 * Signals (issue #12 items 2 and 9): train a direction model on one recorded day in a worker, with
 * walk-forward (purged, embargoed) out-of-sample metrics against the naive baseline, and the
 * out-of-sample predicted score per row over the price for the Signals screen's chart.
 */

/** The signal model kinds (main/signals/models/registry.ts). */
export const SignalModelKindSchema = z.enum(['logreg', 'gbdt', 'mlp', 'lstm']);

/** Most points of each chart series the engine sends (the full rows stay in the result file). */
export const SIGNALS_MAX_POINTS = 20_000;

/**
 * `signals.train` arguments. Invariants: the source is a bundled sample or the files of ONE day
 * (a LOBSTER message file finds its orderbook file beside it); `horizon` 1..100,000 book events;
 * `folds` 1..10; `maxPoints` 100..SIGNALS_MAX_POINTS; `chartFeatures` are feature column names
 * (unknown names are refused, naming the field).
 */
export const SignalsTrainArgsSchema = z.strictObject({
  source: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('sample'), id: z.string().min(1) }),
    z.strictObject({ kind: z.literal('files'), files: z.array(z.string().min(1)).min(1).max(4) }),
  ]),
  model: SignalModelKindSchema,
  horizon: z.number().int().min(1).max(100_000),
  folds: z.number().int().min(1).max(10).default(4),
  embargoRows: z.number().int().min(0).max(100_000).default(0),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(1),
  maxPoints: z.number().int().min(100).max(SIGNALS_MAX_POINTS).default(3000),
  chartFeatures: z.array(z.string().min(1)).max(8).default(['imbalance1', 'ofiZ', 'spreadTicks', 'rvBps100']),
});
export type SignalsTrainArgs = z.input<typeof SignalsTrainArgsSchema>;

/** Metrics of a prediction against the realised labels (main/signals/metrics.ts); `naive` is the training majority's. */
export const SignalMetricsSchema = z.object({
  accuracy: z.number(),
  macroF1: z.number(),
  auc: z.number(),
  ic: z.number(),
  n: z.number().int(),
  naive: z.object({ accuracy: z.number(), macroF1: z.number() }),
});

/** One walk-forward fold: sizes and the model's accuracy against its own training majority. */
export const SignalFoldSchema = z.object({
  train: z.number().int(), test: z.number().int(), purged: z.number().int(), embargoed: z.number().int(),
  accuracy: z.number(), naiveAccuracy: z.number(),
});

/**
 * The chart series, downsampled to at most `maxPoints` rows (largest-triangle on the score, so its
 * peaks survive; the same rows for every series). Invariants: every array has the same length,
 * `tNs` ascending (ns since the data's base epoch, as `market.open` reports), `mid` in price
 * (decimal), `score` = P(up) − P(down) in [−1, 1], out of sample only (rows never tested are absent).
 */
export const SignalSeriesSchema = z.object({
  tNs: z.array(z.number()),
  mid: z.array(z.number()),
  score: z.array(z.number()),
  /** Realised direction H book events ahead: −1, 0, +1. */
  y: z.array(z.number().int()),
  features: z.record(z.string(), z.array(z.number())),
});

/** `signals.train` result. `resultFile`: every out-of-sample row (JSON), under the engine's data folder. */
export const SignalsTrainResultSchema = z.object({
  runId: z.string(),
  model: SignalModelKindSchema,
  horizon: z.number().int(),
  label: z.string(),
  rows: z.number().int(),
  oosRows: z.number().int(),
  featureNames: z.array(z.string()),
  metrics: SignalMetricsSchema,
  folds: z.array(SignalFoldSchema),
  series: SignalSeriesSchema,
  resultFile: z.string(),
  cpuMs: z.number(),
});
export type SignalsTrainResult = z.infer<typeof SignalsTrainResultSchema>;

export const SignalsCommands = {
  /** Trains a signal model on one day in a worker and returns its walk-forward metrics and chart series; a job (progress, `job.cancel`). */
  'signals.train': { args: SignalsTrainArgsSchema, result: SignalsTrainResultSchema },
} as const;
