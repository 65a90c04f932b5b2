import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { MODEL_JSON, WEIGHTS_BIN, readModelFiles, writeFilesAtomically } from './model-folder.js';
import { mlpWeightSpecs, specValues } from './model-json.js';

function joinWeightData(data: tf.io.WeightData | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  const parts = Array.isArray(data) ? data : [data];
  const total = parts.reduce((a, p) => a + p.byteLength, 0);
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), o);
    o += p.byteLength;
  }
  return out;
}

/**
 * A `tf.io.IOHandler` over `node:fs` for a folder holding model.json + weights.bin (tfjs-node,
 * whose `file://` handler this replaces, is absent). `save` writes what tfjs hands it
 * (`model.save(modelFolderIOHandler(dir))`) with the same temp-then-rename steps as
 * `saveModelFolder` (an existing manifest.json is removed: it would no longer describe the
 * weights). `load` returns the folder's FIRST network — the one model.json's `modelTopology`
 * describes — so `tf.loadLayersModel(modelFolderIOHandler(dir))` (tfjs-layers) loads it
 * strictly; a model.json from elsewhere (no `userDefinedMetadata.slipstream`) is returned whole.
 * Invariant: errors name the file (missing, bad JSON, weights.bin of the wrong length).
 */
export function modelFolderIOHandler(dir: string): tf.io.IOHandler {
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) throw new Error('modelFolderIOHandler.save: a binary (GraphDef) topology is not supported; expected layers-format JSON');
      const bytes = joinWeightData(artifacts.weightData);
      const modelJson = {
        format: artifacts.format ?? 'layers-model', generatedBy: artifacts.generatedBy ?? null, convertedBy: artifacts.convertedBy ?? null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
        ...(artifacts.userDefinedMetadata ? { userDefinedMetadata: artifacts.userDefinedMetadata } : {}),
      };
      writeFilesAtomically(dir, [[WEIGHTS_BIN, bytes], [MODEL_JSON, JSON.stringify(modelJson)]]);
      fs.rmSync(path.join(dir, 'manifest.json'), { force: true });
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      const file = path.join(dir, MODEL_JSON);
      if (!fs.existsSync(file)) throw new Error(`${file}: missing`);
      const text = fs.readFileSync(file, 'utf8');
      let raw: { userDefinedMetadata?: { slipstream?: unknown }; modelTopology?: object; weightsManifest?: Array<{ paths: string[]; weights: tf.io.WeightsManifestEntry[] }>; format?: string; generatedBy?: string; convertedBy?: string | null };
      try {
        raw = JSON.parse(text);
      } catch (e) {
        throw new Error(`${file}: not valid JSON (${(e as Error).message})`, { cause: e });
      }
      if (raw.userDefinedMetadata?.slipstream !== undefined) {
        const { modelJson, bytes } = readModelFiles(dir);
        const first = modelJson.userDefinedMetadata.slipstream.networks[0]!;
        const specs = mlpWeightSpecs(first.name, first.spec);
        const n = 4 * specValues(specs);
        return {
          modelTopology: modelJson.modelTopology, format: modelJson.format, generatedBy: modelJson.generatedBy,
          weightSpecs: specs, weightData: bytes.slice(0, n).buffer,
        };
      }
      if (!raw.modelTopology || !Array.isArray(raw.weightsManifest)) throw new Error(`${file}: needs modelTopology and weightsManifest`);
      const wfile = path.join(dir, WEIGHTS_BIN);
      if (!fs.existsSync(wfile)) throw new Error(`${wfile}: missing`);
      const buf = fs.readFileSync(wfile);
      return {
        modelTopology: raw.modelTopology, format: raw.format, generatedBy: raw.generatedBy, convertedBy: raw.convertedBy ?? null,
        weightSpecs: raw.weightsManifest.flatMap((g) => g.weights), weightData: new Uint8Array(buf).buffer,
      };
    },
  };
}
