import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Side } from '../../domain/side.js';
import { AGENT_SIGNAL_NAMES } from '../../signals/agent-signal.js';
import { featuresFromFiles } from '../../signals/features/replay-features.js';
import { loadModel, type ModelManifest } from '../../signals/models/model-store.js';

/**
 * What fills the observation's signal slots at a decision: `slots(side, tNs)` reads only market
 * events at or before `tNs`; `dir` is the signal model folder it runs (checked against the env
 * config's `signalModel`, so an agent acts with the signal it was trained with).
 */
export interface SignalSlotSource {
  readonly dir: string;
  slots(side: Side, tNs: number): Float32Array;
}

/** Throws naming the file when `dir` holds no signal model manifest (a folder deleted or moved since training). */
export function checkSignalModelFolder(dir: string): void {
  const manifest = join(dir, 'manifest.json');
  if (!existsSync(manifest)) throw new Error(`${manifest}: no signal model here (missing; train one with: slipstream signals train ... --out ${dir})`);
}

/**
 * A trained signal model (a `slipstream signals train` folder) over one replayed day, for the
 * execution environment's reserved observation slots (`ObservationState.signals`, same 3 slots
 * as `AgentSignal`: side × (P(up) − P(down)), P(flat), ready).
 *
 * The day's feature rows are computed and scored ONCE per env (the day is the same for every
 * seed: our orders do not change the recorded events the features read), then each decision
 * looks up the last row with time ≤ the decision time. Invariant (causal): by the signals
 * module's no-look-ahead invariant a row at time t depends only on events at or before t, so
 * `slots(side, T)` depends only on events at or before T; it equals what `AgentSignal` fed the
 * same events up to T reports (both: the offline prediction of the last row written by T).
 * Timestamps are the replay's event ns, the clock replay paths schedule on.
 */
export class EnvSignal implements SignalSlotSource {
  private constructor(
    readonly dir: string,
    readonly manifest: ModelManifest,
    /** Row times (event ns), ascending. */
    readonly t: Float64Array,
    /** P(up) − P(down) per row. */
    readonly score: Float32Array,
    /** P(flat) per row. */
    readonly flat: Float32Array,
  ) {}

  /** Loads the model in `dir` (errors name the folder's manifest) and scores the day in `files` (as `openReplay` takes them). */
  static async load(dir: string, files: readonly string[]): Promise<EnvSignal> {
    const { model, manifest } = await loadModel(dir);
    // Only the LSTM reads a window of past rows; batch prediction gives it exactly that window per row.
    const rows = featuresFromFiles(files, manifest.featureConfig);
    if (rows.featureNames.join(',') !== model.featureNames.join(',')) throw new Error(`${dir}: the model was fitted on features ${model.featureNames.join(',')}, its featureConfig gives ${rows.featureNames.join(',')}`);
    const n = rows.t.length;
    const p = n > 0 ? model.predictProba(rows.X) : new Float32Array(0);
    const score = new Float32Array(n);
    const flat = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      score[i] = p[i * 3 + 2]! - p[i * 3]!;
      flat[i] = p[i * 3 + 1]!;
    }
    return new EnvSignal(dir, manifest, rows.t.slice(), score, flat);
  }

  /** Index of the last row with time ≤ `tNs`, or −1. */
  rowAt(tNs: number): number {
    let lo = 0;
    let hi = this.t.length; // first row with t > tNs lies in [lo, hi]
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.t[mid]! <= tNs) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }

  /** The signal slots for an order of `side` at `tNs` (a new array; zeros before the first row). */
  slots(side: Side, tNs: number): Float32Array {
    const out = new Float32Array(AGENT_SIGNAL_NAMES.length);
    const i = this.rowAt(tNs);
    if (i < 0) return out;
    out[0] = side * this.score[i]!;
    out[1] = this.flat[i]!;
    out[2] = 1;
    return out;
  }
}
