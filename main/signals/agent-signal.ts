import type { Side } from '../domain/side.js';
import { FeatureEngine } from './features/feature-engine.js';
import { normalizeFeatureConfig } from './features/feature-config.js';
import { loadModel, type ModelManifest } from './models/model-store.js';
import type { SignalModel } from './models/signal-model.js';

/** Slots an `AgentSignal` fills (the execution env reserves 8, `SIGNAL_SLOTS`; the rest stay 0). */
export const AGENT_SIGNAL_NAMES = ['signalScore', 'signalFlat', 'signalReady'] as const;

/** Most feature rows handed to the model per call: the LSTM's window must fit in it. */
const MAX_CONTEXT = 256;

/**
 * A trained signal model running beside an execution agent, turning the market as it arrives into
 * the observation's reserved signal slots (`ObservationState.signals`):
 * - slot 0 `signalScore`: side × (P(up) − P(down)) for the latest feature row, in [−1, 1] — the
 *   observation's convention: POSITIVE = the market is expected to move AGAINST the order;
 * - slot 1 `signalFlat`: P(flat);
 * - slot 2 `signalReady`: 1 once a feature row exists (before that every slot is 0).
 *
 * Feed `engine` exactly as a feature run is fed (`feedReplayEvent` for a replay, `attachToExchange`
 * for the agent-based market). Invariant (causal): `slots` at time T reads only rows the engine has
 * written from events up to T, and equals what the model predicts offline for the same row of the
 * same day's batch features (the model sees the last `context` rows, enough for an LSTM's window).
 */
export class AgentSignal {
  readonly engine: FeatureEngine;
  private readonly context: number;
  private cachedRows = -1;
  private score = 0;
  private flat = 0;

  constructor(readonly model: SignalModel, readonly manifest: ModelManifest, tickUnits: number) {
    this.engine = new FeatureEngine(normalizeFeatureConfig(manifest.featureConfig), tickUnits);
    if (this.engine.featureNames.join(',') !== model.featureNames.join(',')) throw new Error(`signal model: its featureConfig gives features ${this.engine.featureNames.join(',')}, the model was fitted on ${model.featureNames.join(',')}`);
    // Only the LSTM reads past rows (its `params.window`); the other kinds predict from one row.
    const window = (model as { params?: { window?: unknown } }).params?.window;
    this.context = typeof window === 'number' && Number.isInteger(window) && window >= 1 ? window : 1;
    if (this.context > MAX_CONTEXT) throw new RangeError(`signal model: window ${this.context} exceeds ${MAX_CONTEXT} rows`);
  }

  /** Loads a folder written by `slipstream signals train`; `tickUnits` of the instrument traded (0 = infer). */
  static async load(dir: string, tickUnits: number): Promise<AgentSignal> {
    const { model, manifest } = await loadModel(dir);
    return new AgentSignal(model, manifest, tickUnits);
  }

  /** The signal slots for an order of `side` now (a new array; length `AGENT_SIGNAL_NAMES.length`). */
  slots(side: Side): Float32Array {
    const out = new Float32Array(AGENT_SIGNAL_NAMES.length);
    const n = this.engine.rowCount;
    if (n === 0) return out;
    if (n !== this.cachedRows) {
      // finish() copies the rows so far (and, on a time clock, writes the rows due up to now).
      const rows = this.engine.finish();
      const total = rows.t.length;
      const d = rows.featureNames.length;
      const k = Math.min(this.context, total);
      const X = rows.X.subarray((total - k) * d, total * d);
      // A model that can predict its last row alone (the LSTM) skips the window's other rows.
      const fast = (this.model as { predictLastProba?: (X: Float32Array) => Float32Array }).predictLastProba;
      const p = fast ? fast.call(this.model, X) : this.model.predictProba(X);
      const last = fast ? 0 : (k - 1) * 3;
      this.score = p[last + 2]! - p[last]!;
      this.flat = p[last + 1]!;
      this.cachedRows = this.engine.rowCount;
    }
    out[0] = side * this.score;
    out[1] = this.flat;
    out[2] = 1;
    return out;
  }
}
