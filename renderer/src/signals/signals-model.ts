import type { SignalsTrainArgs, SignalsTrainResult } from '../../../main/contract/signals.js';

/** The model kinds the screen offers, with a word on each. */
export const SIGNAL_MODELS = [
  { id: 'logreg', label: 'Logistic regression', help: 'the baseline: multinomial, fast' },
  { id: 'gbdt', label: 'Gradient-boosted trees', help: 'histogram GBDT, early stopping' },
  { id: 'mlp', label: 'MLP (TensorFlow.js)', help: 'two hidden layers, about 10 s a fold' },
  { id: 'lstm', label: 'LSTM (TensorFlow.js)', help: 'an 8-row window, the slowest' },
] as const;
export type SignalModelId = (typeof SIGNAL_MODELS)[number]['id'];

/** Feature columns offered for the lower chart panel (all computed by the engine; see main/signals/README.md). */
export const CHART_FEATURES = [
  { id: 'imbalance1', label: 'Imbalance, top level', unit: '[−1, 1]' },
  { id: 'ofiZ', label: 'Order-flow imbalance', unit: 'z-score' },
  { id: 'spreadTicks', label: 'Spread', unit: 'ticks' },
  { id: 'rvBps100', label: 'Realised vol (100 events)', unit: 'bp' },
  { id: 'micropriceMinusMidTicks', label: 'Microprice − mid', unit: 'ticks' },
  { id: 'tradeImbalance', label: 'Trade imbalance', unit: '[−1, 1]' },
] as const;
export type ChartFeatureId = (typeof CHART_FEATURES)[number]['id'];

/**
 * The form as typed. Invariant: text fields hold what the user typed; `readSignalsForm` is the one
 * place they become numbers, with an error per field naming the limit.
 */
export interface SignalsForm {
  /** `sample:<id>`, `open` (the files open in the Market screen) or `files` (the paths typed in `files`, one day, `+` between a day's files). */
  readonly source: string;
  readonly files: string;
  readonly model: SignalModelId;
  readonly horizon: string;
  readonly folds: string;
  readonly seed: string;
  readonly feature: ChartFeatureId;
}

function intIn(text: string, min: number, max: number, what: string): { value?: number; error?: string } {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return { error: `${what}: a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}` };
  const v = Number(t);
  if (v < min || v > max) return { error: `${what}: ${v.toLocaleString('en-US')} is outside ${min.toLocaleString('en-US')}…${max.toLocaleString('en-US')}` };
  return { value: v };
}

/** The `signals.train` arguments of a form, or an error per field (limits as the contract's). */
export function readSignalsForm(f: SignalsForm, openFiles?: readonly string[]): { args: SignalsTrainArgs | null; errors: Partial<Record<'source' | 'horizon' | 'folds' | 'seed', string>> } {
  const errors: Partial<Record<'source' | 'horizon' | 'folds' | 'seed', string>> = {};
  const horizon = intIn(f.horizon, 1, 100_000, 'Horizon');
  const folds = intIn(f.folds, 1, 10, 'Folds');
  const seed = intIn(f.seed, 0, 2 ** 31 - 1, 'Seed');
  if (horizon.error) errors.horizon = horizon.error;
  if (folds.error) errors.folds = folds.error;
  if (seed.error) errors.seed = seed.error;
  let source: SignalsTrainArgs['source'] | null = null;
  if (f.source.startsWith('sample:')) source = { kind: 'sample', id: f.source.slice(7) };
  else if (f.source === 'open') {
    if (openFiles && openFiles.length > 0) source = { kind: 'files', files: openFiles.slice(0, 4) };
    else errors.source = 'Data: no files are open in the Market screen (open a day there, or choose a sample)';
  } else {
    const files = f.files.split('+').map((s) => s.trim()).filter(Boolean);
    if (files.length === 0) errors.source = 'Data: type the path of a day’s file (a LOBSTER message file finds its orderbook file beside it)';
    else if (files.length > 4) errors.source = 'Data: at most 4 files for one day';
    else source = { kind: 'files', files };
  }
  if (!source || Object.keys(errors).length > 0) return { args: null, errors };
  return {
    args: { source, model: f.model, horizon: horizon.value!, folds: folds.value!, seed: seed.value!, maxPoints: 3000, chartFeatures: CHART_FEATURES.map((c) => c.id) },
    errors,
  };
}

/** One row of the metrics table: the model against the naive baseline (null where the baseline has none). */
export interface MetricRow {
  readonly key: 'accuracy' | 'macroF1' | 'auc' | 'ic';
  readonly label: string;
  readonly help: string;
  readonly model: number;
  readonly naive: number | null;
}

/**
 * The metrics table. The naive baseline (the training majority, a constant prediction) has an
 * accuracy and macro-F1; its AUC is 0.5 and its IC 0 by construction (a constant score ranks nothing).
 */
export function metricRows(m: SignalsTrainResult['metrics']): MetricRow[] {
  return [
    { key: 'accuracy', label: 'Accuracy', help: 'share of rows whose direction (down, flat, up) was predicted', model: m.accuracy, naive: m.naive.accuracy },
    { key: 'macroF1', label: 'Macro-F1', help: 'mean F1 over down, flat and up', model: m.macroF1, naive: m.naive.macroF1 },
    { key: 'auc', label: 'AUC (one-vs-rest)', help: 'mean over the classes; 0.5 = no skill', model: m.auc, naive: 0.5 },
    { key: 'ic', label: 'IC', help: 'Spearman correlation of P(up) − P(down) with the realised mid return', model: m.ic, naive: 0 },
  ];
}

/** Nanoseconds since the data's base epoch → "HH:MM:SS" (with `ms`, "HH:MM:SS.mmm") of the session's clock (exchange-local for LOBSTER). */
export function clockOf(tNs: number, ms = false): string {
  const totalMs = Math.floor(tNs / 1e6);
  const s = Math.floor(totalMs / 1000);
  const hh = Math.floor(s / 3600) % 24;
  const mm = Math.floor(s / 60) % 60;
  const ss = s % 60;
  const base = `${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}`;
  return ms ? `${base}.${String(totalMs % 1000).padStart(3, '0')}` : base;
}
