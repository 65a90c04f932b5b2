import { z } from 'zod';

/** Semver of the model-folder format (model.json + weights.bin + manifest.json) this code writes and reads. */
export const MODEL_FORMAT_VERSION = '1.0.0';
/** The package version written into manifests (kept equal to package.json's `version`, tested). */
export const PACKAGE_VERSION = '0.1.0';

const finite = z.number().refine(Number.isFinite, 'must be a finite number');

/** The action space a model was trained on: K discrete actions, or per-dimension bounds (low ≤ high). */
export const ActionSpaceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('discrete'), n: z.number().int().min(2) }).strict(),
  z.object({ kind: z.literal('continuous'), low: z.array(finite).min(1), high: z.array(finite).min(1) }).strict()
    .refine((a) => a.low.length === a.high.length, { message: 'low and high must have the same length', path: ['high'] })
    .refine((a) => a.low.every((l, i) => l <= a.high[i]!), { message: 'every low must be ≤ its high', path: ['low'] }),
]);
export type ModelActionSpace = z.output<typeof ActionSpaceSchema>;

/**
 * `manifest.json` of a model folder. Invariants: `weightsSha256` is the SHA-256 (hex) of
 * weights.bin's bytes (float32, little-endian, in model.json's weightsManifest order) — on a
 * little-endian host it equals the algorithm's `weightsSha256()`; `observation.names` has
 * `observation.size` entries; `policy` says which network acts and how its outputs are read.
 */
export const ModelManifestSchema = z.object({
  format: z.literal('slipstream-model'),
  /** Format semver (`MODEL_FORMAT_VERSION`) and the package version that wrote it. */
  version: z.object({ format: z.string().regex(/^\d+\.\d+\.\d+$/, 'must be a semver x.y.z'), package: z.string().min(1) }).strict(),
  algorithm: z.enum(['ppo', 'ddqn']),
  /** The validated training config (algorithm hyperparameters included). */
  config: z.unknown(),
  seed: z.number().int(),
  /** Hash of the training data (null when the env has none, e.g. CartPole or a scenario). */
  dataHash: z.string().nullable(),
  backend: z.string().min(1),
  trainingSteps: z.number().int().min(0),
  /** Numeric metrics; a value that was not a number (NaN) is stored as null. */
  metrics: z.record(z.string(), z.number().nullable()),
  weightsSha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits'),
  observation: z.object({ size: z.number().int().min(1), names: z.array(z.string()) }).strict()
    .refine((o) => o.names.length === o.size, { message: 'names must have `size` entries', path: ['names'] }),
  actionSpace: ActionSpaceSchema,
  /**
   * The acting network (a name in model.json's networks) and its head: `categorical` (logits →
   * softmax), `gaussian` (mean; the `log_std` tensor holds the state-independent log std),
   * `q` (Q-values) or `dueling-q` ([V, A…] → V + A − mean A).
   */
  policy: z.object({ network: z.string().min(1), head: z.enum(['categorical', 'gaussian', 'q', 'dueling-q']) }).strict(),
}).strict();

/** A validated manifest (see `ModelManifestSchema`). */
export type ModelManifest = z.output<typeof ModelManifestSchema>;
/** What a caller supplies to `saveModelFolder`: the manifest without what the writer fills in (format, version, weightsSha256). */
export type ModelManifestInput = Omit<ModelManifest, 'format' | 'version' | 'weightsSha256'>;

/** Parses manifest.json's text; throws an Error naming the file and every bad field. */
export function parseManifest(text: string, file: string): ModelManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`, { cause: e });
  }
  const r = ModelManifestSchema.safeParse(raw);
  if (!r.success) {
    const msg = r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(manifest)'}: ${i.message}`).join('; ');
    throw new Error(`${file}: invalid manifest: ${msg}`);
  }
  const major = r.data.version.format.split('.')[0];
  if (major !== MODEL_FORMAT_VERSION.split('.')[0]) {
    throw new Error(`${file}: format version ${r.data.version.format} is not readable by this version (reads ${MODEL_FORMAT_VERSION.split('.')[0]}.x)`);
  }
  return r.data;
}

/** Metrics for JSON: non-finite numbers become null (JSON has no NaN). */
export function jsonMetrics(m: Readonly<Record<string, number | null | undefined>>): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [k, v] of Object.entries(m)) out[k] = typeof v === 'number' && Number.isFinite(v) ? v : null;
  return out;
}
