import type { CartPoleInfo } from '../cartpole/cartpole-env.js';
import type { StepInfo } from './execution-env.js';

/**
 * Per-environment info fields in shared memory (Float64Array[N × INFO_DIM], env i's row at
 * [i·INFO_DIM, (i+1)·INFO_DIM)); null values (no fill yet) are NaN. Order = `INFO_FIELDS`.
 */
export const INFO_FIELDS = [
  'seed', 'decision', 'tNs', 'filled', 'leaves', 'stepFilled', 'avgPriceUnits', 'arrivalPriceUnits', 'midUnits', 'shortfallBps',
  'costShortfallBps', 'costImpactPenalty', 'costTerminalBps',
] as const;
export const INFO_DIM = INFO_FIELDS.length;

/** Writes one `StepInfo` into row i of `out`. */
export function writeInfo(out: Float64Array, i: number, s: StepInfo): void {
  const o = i * INFO_DIM;
  out[o] = s.seed;
  out[o + 1] = s.decision;
  out[o + 2] = s.tNs;
  out[o + 3] = s.filled;
  out[o + 4] = s.leaves;
  out[o + 5] = s.stepFilled;
  out[o + 6] = s.avgPriceUnits ?? NaN;
  out[o + 7] = s.arrivalPriceUnits;
  out[o + 8] = s.midUnits;
  out[o + 9] = s.shortfallBps ?? NaN;
  out[o + 10] = s.costs.shortfallBps;
  out[o + 11] = s.costs.impactPenalty;
  out[o + 12] = s.costs.terminalBps;
}

/**
 * How an env's info objects become rows of numbers in shared memory: `fields` names the
 * columns (`dim` = fields.length), `write(out, i, info)` fills row i. Invariant: a row is a pure
 * function of the info (same info ⇒ same bits).
 */
export interface InfoLayout<I = unknown> {
  readonly fields: readonly string[];
  readonly dim: number;
  write(out: Float64Array, i: number, info: I): void;
}

/** The execution env's info rows (`INFO_FIELDS`). */
export const EXECUTION_INFO: InfoLayout<StepInfo> = { fields: INFO_FIELDS, dim: INFO_DIM, write: writeInfo };

/** CartPole's info rows: seed, step, terminated (0/1), truncated (0/1). */
export const CARTPOLE_INFO: InfoLayout<CartPoleInfo> = {
  fields: ['seed', 'step', 'terminated', 'truncated'],
  dim: 4,
  write(out, i, s) {
    out[4 * i] = s.seed;
    out[4 * i + 1] = s.step;
    out[4 * i + 2] = s.terminated ? 1 : 0;
    out[4 * i + 3] = s.truncated ? 1 : 0;
  },
};

/**
 * Control words per worker in the shared Int32Array: command, request sequence, done sequence,
 * error flag, then padding: each worker's words fill their own 64-byte cache line (the caller
 * writes one worker's request while another writes its answer; on one line every such store
 * would take the line from the other core). After the workers' lines, one line holds the
 * answer counter (`answersAt`).
 */
export const CTRL_WORDS = 16;
/** Index in `ctrl` of the answer counter of `workers` workers (see `SharedVecBuffers.ctrl`). */
export const answersAt = (workers: number): number => workers * CTRL_WORDS;
/**
 * Timing words per worker in the shared Float64Array `timing`: ms spent stepping (busy), ms
 * between finishing a round and seeing the next command (idle: the caller's work, plus the
 * wake-up), rounds, and rounds whose command was seen while spinning (no sleep); padded to 64
 * bytes per worker (each worker writes its own every round).
 */
export const TIMING_WORDS = 8;
export const Cmd = { Reset: 1, Step: 2, Close: 3 } as const;

/**
 * The shared buffers of a threaded VecEnv (all SharedArrayBuffer-backed, so workers write
 * results in place and nothing is copied per step): observations N × obsDim, terminal
 * observations (auto-reset), rewards, dones split into terminated / truncated, actions
 * N × width, seeds, infos N × info dim (the env's `InfoLayout`), and the control words.
 */
export interface SharedVecBuffers {
  readonly obs: Float32Array;
  readonly terminalObs: Float32Array;
  readonly rewards: Float64Array;
  readonly dones: Uint8Array;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;
  readonly actions: Float64Array;
  readonly seeds: Float64Array;
  readonly info: Float64Array;
  /**
   * CTRL_WORDS per worker, then at `answersAt(workers)` the answer counter and the count that
   * completes the current round (set by the caller before it issues the round): every worker adds
   * 1 to the counter for each command it answered (int32, wrapping), and only the answer that
   * brings it to the round's count notifies — the caller sleeps once per round, not once per
   * worker (a wake-up of a sleeping thread is tens of µs on this VM).
   */
  readonly ctrl: Int32Array;
  /** TIMING_WORDS per worker (written by that worker only; read for `ThreadedVecEnv.timing`). */
  readonly timing: Float64Array;
}

/** Allocates the buffers for n envs, obsDim, action width, w workers and infoDim numbers of info per env. */
export function allocShared(n: number, obsDim: number, width: number, workers: number, infoDim: number = INFO_DIM): SharedVecBuffers {
  // Views of exactly the asked length (a SharedArrayBuffer of 0 bytes is avoided: 8 at least).
  const f32 = (len: number) => new Float32Array(new SharedArrayBuffer(Math.max(8, 4 * len)), 0, len);
  const f64 = (len: number) => new Float64Array(new SharedArrayBuffer(Math.max(8, 8 * len)), 0, len);
  const u8 = (len: number) => new Uint8Array(new SharedArrayBuffer(Math.max(8, len)), 0, len);
  return {
    obs: f32(n * obsDim),
    terminalObs: f32(n * obsDim),
    rewards: f64(n),
    dones: u8(n),
    terminated: u8(n),
    truncated: u8(n),
    actions: f64(n * width),
    seeds: f64(n),
    info: f64(n * infoDim),
    ctrl: new Int32Array(new SharedArrayBuffer(4 * CTRL_WORDS * (workers + 1))),
    timing: f64(TIMING_WORDS * workers),
  };
}

/**
 * Waits until `ctrl[at]` differs from `seen`: polls for up to `spinMicros` first, then sleeps in
 * Atomics.wait. Polling matters because waking a sleeping thread costs a futex wake plus, in a
 * VM, an inter-processor interrupt to a halted vCPU (tens of µs, measured: `ThreadedVecEnv.timing`);
 * a round of the training market is a few hundred µs per lane, so that latency, paid twice per
 * round (command, answer), was a large share of it. True when the change was seen while polling.
 */
export function awaitChange(ctrl: Int32Array, at: number, seen: number, spinMicros: number): boolean {
  if (spinMicros > 0) {
    const until = performance.now() + spinMicros / 1000;
    do {
      if (Atomics.load(ctrl, at) !== seen) return true;
    } while (performance.now() < until);
  }
  Atomics.wait(ctrl, at, seen);
  return false;
}
