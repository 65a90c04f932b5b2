import type { Dataset } from '../dataset.js';

/**
 * A model predicting the direction of the mid H book events ahead. Every kind (logistic regression,
 * GBDT, MLP, LSTM) implements it and is created through `models/registry.ts`.
 *
 * Invariants:
 * - `fit` is deterministic given the dataset and the seed it was created with.
 * - `predictProba(X)` takes `rows × featureNames.length` features, row-major, in the feature order the
 *   model was fitted on, and returns `rows × 3` probabilities, row-major, columns in `CLASSES` order
 *   (down, flat, up); each row sums to 1 (up to float rounding).
 * - `save(dir)` writes everything `load` needs into `dir` (the registry adds `manifest.json`);
 *   a loaded model predicts exactly what the saved one did.
 */
export interface SignalModel {
  readonly kind: string;
  /** Feature names, in column order, that the model was fitted on (empty before `fit`). */
  readonly featureNames: readonly string[];
  fit(ds: Dataset): Promise<void>;
  predictProba(X: Float32Array): Float32Array;
  save(dir: string): Promise<void>;
}

/** Creates an unfitted model from its options (a seed among them) and loads a saved one. */
export interface SignalModelFactory {
  readonly kind: string;
  create(opts: SignalModelOptions): SignalModel;
  load(dir: string): Promise<SignalModel>;
}

/** Options every model accepts; a model ignores what it does not use. */
export interface SignalModelOptions {
  seed: number;
  /** Model-specific settings (numbers only, so they go into manifest.json as they are). */
  params?: Readonly<Record<string, number>>;
}
