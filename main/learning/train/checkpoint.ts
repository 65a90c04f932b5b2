import * as fs from 'node:fs';
import * as path from 'node:path';
import { MANIFEST_JSON, loadModelFolderSync, saveModelFolderSync, type ModelFolderContents, type ModelManifest } from '../model-io/index.js';
import { decodeState, encodeState } from './state-codec.js';
import type { ValidationVsTwap } from './validation-types.js';

export const STATE_JSON = 'state.json';
export const STATE_BIN = 'state.bin';
export const CHECKPOINTS = 'checkpoints';

/** The trainer's own counters, kept in a checkpoint beside the learner's and the env's state. */
export interface TrainerState {
  readonly nextEval: number;
  readonly nextCheckpoint: number;
  readonly nextProgress: number;
  readonly evalHistory: Array<{ step: number; meanReturn: number }>;
  /** Validations against TWAP so far (absent in checkpoints written before it existed: none). */
  readonly validationHistory?: ValidationVsTwap[];
  /** Best early-stopping score so far (higher is better: the return, or −validationDiffBps). */
  readonly best: number;
  readonly sinceBest: number;
  readonly elapsedSec: number;
  readonly lastEpisodeReturnMean: number | null;
}

/** Everything a checkpoint holds besides its model files. */
export interface CheckpointData {
  readonly trainer: TrainerState;
  readonly learner: unknown;
  /** The env's snapshot (null: the env could not be saved, so the checkpoint cannot be resumed). */
  readonly env: unknown;
}

/** `outDir/checkpoints/step-N`. */
export function checkpointDir(outDir: string, step: number): string {
  return path.join(outDir, CHECKPOINTS, `step-${step}`);
}

/**
 * Writes a checkpoint folder: a whole model folder (so any checkpoint loads as a model) plus
 * state.json + state.bin (`encodeState`), all in one atomic write with manifest.json last — a
 * checkpoint without manifest.json is incomplete and never resumed from.
 */
export function writeCheckpoint(dir: string, model: ModelFolderContents, data: CheckpointData): ModelManifest {
  const { json, bin } = encodeState(data);
  return saveModelFolderSync(dir, model, [[STATE_BIN, bin], [STATE_JSON, json]]);
}

/** Reads and verifies a checkpoint folder; errors name the file. */
export function readCheckpoint(dir: string): { manifest: ModelManifest; data: CheckpointData } {
  const { manifest } = loadModelFolderSync(dir);
  const jf = path.join(dir, STATE_JSON), bf = path.join(dir, STATE_BIN);
  for (const f of [jf, bf]) if (!fs.existsSync(f)) throw new Error(`${f}: missing — not a checkpoint (a model folder only?)`);
  const data = decodeState(fs.readFileSync(jf, 'utf8'), new Uint8Array(fs.readFileSync(bf)), jf) as CheckpointData;
  if (!data || typeof data !== 'object' || !('trainer' in data) || !('learner' in data)) throw new Error(`${jf}: not a checkpoint state (needs trainer and learner)`);
  return { manifest, data };
}

/**
 * The checkpoint to resume from: `from` itself when it holds state.json, else the complete
 * checkpoint (manifest.json present) with the most steps under `from/checkpoints/`.
 */
export function findCheckpoint(from: string): string {
  if (fs.existsSync(path.join(from, STATE_JSON))) return from;
  const root = path.join(from, CHECKPOINTS);
  if (!fs.existsSync(root)) throw new Error(`${from}: no ${STATE_JSON} and no ${CHECKPOINTS}/ folder — not a checkpoint or a run folder`);
  const steps = fs.readdirSync(root)
    .map((n) => /^step-(\d+)$/.exec(n))
    .filter((m): m is RegExpExecArray => m !== null && fs.existsSync(path.join(root, m[0], MANIFEST_JSON)))
    .map((m) => Number(m[1]));
  if (steps.length === 0) throw new Error(`${root}: no complete checkpoint (step-N with ${MANIFEST_JSON})`);
  return path.join(root, `step-${Math.max(...steps)}`);
}
