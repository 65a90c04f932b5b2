import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MODEL_FORMAT_VERSION, PACKAGE_VERSION, parseManifest, type ModelManifest, type ModelManifestInput } from './manifest.js';
import { buildModelJson, decodeLe, encodeLe, mlpWeightSpecs, parseModelJson, specValues, type ModelJson, type NamedMlp, type NamedTensor } from './model-json.js';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';
export const MANIFEST_JSON = 'manifest.json';
export const GENERATED_BY = `slipstream ${PACKAGE_VERSION} model-io ${MODEL_FORMAT_VERSION}`;

/** What `saveModelFolder` writes: networks (the first is the acting, tfjs-loadable one), extra tensors, and the manifest's caller-supplied fields. */
export interface ModelFolderContents {
  readonly mlps: readonly NamedMlp[];
  readonly tensors?: readonly NamedTensor[];
  readonly manifest: ModelManifestInput;
}

/** A model folder read back and verified (files present, JSON valid, sizes and SHA-256 right). */
export interface LoadedModelFolder {
  readonly manifest: ModelManifest;
  readonly mlps: NamedMlp[];
  readonly tensors: NamedTensor[];
  readonly modelJson: ModelJson;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Writes `files` (name → bytes) into `dir` so a reader never takes a half-written folder for a
 * whole one: every file goes to a temporary name first (flushed), then manifest.json — the file
 * a reader requires — is removed, the others are renamed into place, and manifest.json is
 * renamed LAST. A crash in between leaves a folder without manifest.json (refused by the
 * reader, naming it) or, when no manifest is written, stale data files only.
 */
export function writeFilesAtomically(dir: string, files: ReadonlyArray<readonly [string, Uint8Array | string]>): void {
  fs.mkdirSync(dir, { recursive: true });
  const tmp = files.map(([name, data]) => {
    const t = path.join(dir, `.${name}.tmp-${process.pid}`);
    const fd = fs.openSync(t, 'w');
    try {
      fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    return [t, path.join(dir, name)] as const;
  });
  const manifest = path.join(dir, MANIFEST_JSON);
  fs.rmSync(manifest, { force: true });
  // manifest.json (if written) goes last.
  tmp.sort((a, b) => Number(a[1] === manifest) - Number(b[1] === manifest));
  for (const [t, final] of tmp) fs.renameSync(t, final);
}

/**
 * `saveModelFolder` without the Promise (the training loop runs synchronously between updates).
 * `extraFiles` (e.g. a checkpoint's learner state) are written in the same step, before the manifest.
 */
export function saveModelFolderSync(dir: string, contents: ModelFolderContents, extraFiles: ReadonlyArray<readonly [string, Uint8Array | string]> = []): ModelManifest {
  const tensors = contents.tensors ?? [];
  const modelJson = buildModelJson(contents.mlps, tensors, WEIGHTS_BIN, GENERATED_BY);
  const bytes = encodeLe([...contents.mlps.flatMap((m) => m.weights), ...tensors.map((t) => t.values)]);
  const manifest: ModelManifest = {
    format: 'slipstream-model',
    version: { format: MODEL_FORMAT_VERSION, package: PACKAGE_VERSION },
    ...contents.manifest,
    weightsSha256: sha256Hex(bytes),
  };
  if (!contents.mlps.some((m) => m.name === manifest.policy.network)) {
    throw new RangeError(`model folder: manifest policy.network ${JSON.stringify(manifest.policy.network)} is not one of the networks (${contents.mlps.map((m) => m.name).join(', ')})`);
  }
  const manifestText = JSON.stringify(manifest, null, 2);
  // Validate what we are about to write with the reader's own schema: a folder we write is one we can read.
  parseManifest(manifestText, path.join(dir, MANIFEST_JSON));
  writeFilesAtomically(dir, [...extraFiles, [WEIGHTS_BIN, bytes], [MODEL_JSON, JSON.stringify(modelJson, null, 1)], [MANIFEST_JSON, manifestText]]);
  return manifest;
}

/**
 * Writes a model folder: model.json (TensorFlow.js layers format), weights.bin (float32 LE) and
 * manifest.json (with `weightsSha256` of weights.bin, format and package versions filled in).
 * Returns the manifest written. See `writeFilesAtomically` for the crash guarantee.
 */
export async function saveModelFolder(dir: string, contents: ModelFolderContents): Promise<ModelManifest> {
  return saveModelFolderSync(dir, contents);
}

function readText(dir: string, name: string): string {
  const file = path.join(dir, name);
  if (!fs.existsSync(file)) {
    throw new Error(`${file}: missing${name === MANIFEST_JSON ? ' — not a model folder, or its save did not finish' : ''}`);
  }
  return fs.readFileSync(file, 'utf8');
}

/** Reads model.json and weights.bin (checked against each other; no manifest needed): what the tfjs IO handler loads. */
export function readModelFiles(dir: string): { modelJson: ModelJson; bytes: Uint8Array } {
  const modelJson = parseModelJson(readText(dir, MODEL_JSON), path.join(dir, MODEL_JSON));
  const paths = modelJson.weightsManifest.flatMap((g) => g.paths);
  if (paths.length !== 1 || paths[0] !== WEIGHTS_BIN) throw new Error(`${path.join(dir, MODEL_JSON)}: weightsManifest paths must be ["${WEIGHTS_BIN}"], got ${JSON.stringify(paths)}`);
  const wfile = path.join(dir, WEIGHTS_BIN);
  if (!fs.existsSync(wfile)) throw new Error(`${wfile}: missing`);
  const bytes = new Uint8Array(fs.readFileSync(wfile));
  const need = 4 * specValues(modelJson.weightsManifest.flatMap((g) => g.weights));
  if (bytes.length !== need) {
    throw new Error(`${wfile}: ${bytes.length} bytes, model.json's weightsManifest needs ${need}${bytes.length < need ? ' (truncated)' : ''}`);
  }
  return { modelJson, bytes };
}

/** `loadModelFolder` without the Promise. */
export function loadModelFolderSync(dir: string): LoadedModelFolder {
  const mfile = path.join(dir, MANIFEST_JSON);
  const manifest = parseManifest(readText(dir, MANIFEST_JSON), mfile);
  const { modelJson, bytes } = readModelFiles(dir);
  const sha = sha256Hex(bytes);
  if (sha !== manifest.weightsSha256) {
    throw new Error(`${path.join(dir, WEIGHTS_BIN)}: SHA-256 ${sha} ≠ manifest.json's weightsSha256 ${manifest.weightsSha256} (corrupt or from another save)`);
  }
  const meta = modelJson.userDefinedMetadata.slipstream;
  if (!meta.networks.some((n) => n.name === manifest.policy.network)) {
    throw new Error(`${mfile}: policy.network ${JSON.stringify(manifest.policy.network)} is not in model.json's networks (${meta.networks.map((n) => n.name).join(', ')})`);
  }
  const arrays = decodeLe(bytes, modelJson.weightsManifest.flatMap((g) => g.weights));
  let k = 0;
  const mlps = meta.networks.map((n) => {
    const count = mlpWeightSpecs(n.name, n.spec).length;
    const weights = arrays.slice(k, k + count);
    k += count;
    return { name: n.name, spec: n.spec, weights };
  });
  const tensors = meta.tensors.map((t) => ({ name: t.name, shape: t.shape, values: arrays[k++]! }));
  return { manifest, mlps, tensors, modelJson };
}

/**
 * Reads and verifies a model folder. Errors name the file: a missing file, invalid JSON or
 * fields, a weights.bin of the wrong length (truncated), or one whose SHA-256 differs from the
 * manifest's.
 */
export async function loadModelFolder(dir: string): Promise<LoadedModelFolder> {
  return loadModelFolderSync(dir);
}
