import { z } from 'zod';

/**
 * The model registry (issue #11, item 8): the shipped models (`native-models/<name>/`) and the
 * user's (`<dataDir>/model-registry/<name>/`, a training run promoted under a name), their
 * manifests and evaluation results; the training-run registry's rows for comparing runs.
 */

/** A registry name: letters, digits, `-`, `_`, `.`; 1–64 characters, not starting with `.`. */
export const ModelNameSchema = z.string().regex(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}$/, 'must be 1–64 letters, digits, "-", "_" or "." (not starting with ".")');

/**
 * One model folder. Invariants: `id` is `<source>:<name>` and unique; `problem` is null exactly
 * when the manifest was read and valid (then the manifest fields are set, else they are null);
 * `evaluation` is the folder's `evaluation.json` as written by `slipstream evaluate --json`
 * (null when the folder has none); `promotedFrom` says which training run a user model came from.
 */
export const ModelSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  /** `folder`: a folder the user chose (`models.inspect`), not in the registry. */
  source: z.enum(['shipped', 'user', 'folder']),
  path: z.string(),
  problem: z.string().nullable(),
  algorithm: z.string().nullable(),
  seed: z.number().nullable(),
  trainingSteps: z.number().nullable(),
  backend: z.string().nullable(),
  formatVersion: z.string().nullable(),
  packageVersion: z.string().nullable(),
  weightsSha256: z.string().nullable(),
  dataHash: z.string().nullable(),
  observation: z.array(z.string()).nullable(),
  actionSpace: z.string().nullable(),
  policy: z.string().nullable(),
  config: z.unknown(),
  metrics: z.record(z.string(), z.number().nullable()).nullable(),
  evaluation: z.unknown().nullable(),
  promotedFrom: z.object({ runId: z.string(), created: z.string() }).nullable(),
});

/** A row of the training-run registry (main/store/training-runs.ts), as the Training screen compares them. */
export const TrainingRunRowSchema = z.object({
  id: z.string(),
  created: z.string(),
  algo: z.string(),
  env: z.string(),
  seed: z.number(),
  steps: z.number(),
  backend: z.string(),
  status: z.enum(['completed', 'cancelled']),
  metrics: z.record(z.string(), z.number().nullable()).nullable(),
  modelPath: z.string(),
  weightsSha256: z.string(),
});

export const ModelRegistryCommands = {
  /** Every shipped and user model, shipped first, each group by name. A folder with a bad manifest is listed with its `problem`. */
  'models.list': { args: z.object({}), result: z.array(ModelSummarySchema) },
  /** Deletes a user model's folder; shipped models are refused (`validation`, field `id`). */
  'models.delete': { args: z.object({ id: z.string().min(1) }), result: z.object({ deleted: z.literal(true) }) },
  /** Copies a stored training run's model folder into the user's registry under `name` (refused when the name is taken). */
  'models.promote': { args: z.object({ runId: z.string().min(1), name: ModelNameSchema }), result: ModelSummarySchema },
  /**
   * A model folder the user chose (or one of the registry's), read and checked against this
   * build's execution environment (observation size and names, action space) before it is used:
   * the summary when it fits; refused with an error naming the field (e.g. `obsDim`) when not. The
   * folder must be one the user chose (file-access.ts), else refused naming `path`.
   */
  'models.inspect': { args: z.object({ path: z.string().min(1) }), result: ModelSummarySchema },
  /** The training-run registry, oldest first (empty before the first stored run). */
  'train.runs': { args: z.object({}), result: z.array(TrainingRunRowSchema) },
} as const;
