import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FeatureConfig } from '../features/feature-config.js';
import type { SignalMetrics } from '../metrics.js';
import { modelFactory } from './registry.js';
import type { SignalModel } from './signal-model.js';

/**
 * `manifest.json` of a saved signal model: enough to rebuild its features on new data and to judge
 * it. Invariants: `featureNames` are the model's columns in order, computed with `featureConfig`;
 * labels looked `horizon` book events ahead; `dataHash` is the SHA-256 of the training files' bytes
 * (see `hashFiles`); `metrics` are out-of-sample (walk-forward) figures, never in-sample ones.
 */
export interface ModelManifest {
  format: 'slipstream-signal-model';
  version: 1;
  kind: string;
  featureNames: string[];
  featureConfig: FeatureConfig;
  horizon: number;
  dataHash: string;
  dataFiles: string[];
  trainRows: number;
  /** The training set's majority class: the naive baseline `evaluate` compares against. */
  trainMajorityClass: -1 | 0 | 1;
  seed: number;
  params: Record<string, number>;
  validation: { mode: string; folds: number; embargoRows: number };
  metrics: SignalMetrics | null;
}

const MANIFEST = 'manifest.json';

/** Writes the model's own files and `manifest.json` into `dir` (created when missing). */
export async function saveModel(model: SignalModel, dir: string, manifest: ModelManifest): Promise<void> {
  await mkdir(dir, { recursive: true });
  await model.save(dir);
  // NaN is not JSON: an undefined metric is written as null.
  await writeFile(join(dir, MANIFEST), `${JSON.stringify(manifest, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`);
}

/** Reads `dir/manifest.json` and loads the model through the registry; errors name the file and field. */
export async function loadModel(dir: string): Promise<{ model: SignalModel; manifest: ModelManifest }> {
  const path = join(dir, MANIFEST);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new Error(`${path}: no model manifest here (train one with: slipstream signals train ... --out ${dir})`);
  }
  let m: ModelManifest;
  try {
    m = JSON.parse(text) as ModelManifest;
  } catch (e) {
    throw new Error(`${path}: not valid JSON (${(e as Error).message})`, { cause: e });
  }
  if (m.format !== 'slipstream-signal-model') throw new Error(`${path}: format must be "slipstream-signal-model", got ${JSON.stringify(m.format)}`);
  if (m.version !== 1) throw new Error(`${path}: version ${JSON.stringify(m.version)} is not supported (1)`);
  if (!(Number.isInteger(m.horizon) && m.horizon >= 1)) throw new Error(`${path}: horizon must be an integer ≥ 1, got ${JSON.stringify(m.horizon)}`);
  if (!Array.isArray(m.featureNames) || m.featureNames.length === 0) throw new Error(`${path}: featureNames must be a non-empty list`);
  if (typeof m.featureConfig !== 'object' || m.featureConfig === null) throw new Error(`${path}: featureConfig is missing`);
  if (![-1, 0, 1].includes(m.trainMajorityClass)) throw new Error(`${path}: trainMajorityClass must be -1, 0 or 1`);
  const model = await (await modelFactory(String(m.kind))).load(dir);
  if (model.featureNames.join(',') !== m.featureNames.join(',')) throw new Error(`${path}: featureNames differ from the model file's`);
  return { model, manifest: m };
}
