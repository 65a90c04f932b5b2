import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { envMakerOf, type EnvSpec } from './env-spec.js';
import { runBlock } from './vec-env-block.js';
import { answersAt, awaitChange, Cmd, CTRL_WORDS, TIMING_WORDS, type SharedVecBuffers } from './vec-env-shared.js';
import { actionWidthOf } from './vec-env-types.js';
import { VecEnv } from './vec-env.js';

/** What a VecEnv worker is started with (structured-cloned; the buffers are shared). */
export interface VecWorkerData {
  readonly spec: EnvSpec;
  /** Its control words: index × CTRL_WORDS. */
  readonly index: number;
  /** Worker slots in the control words (the answer counter sits after them: `answersAt(slots)`). */
  readonly slots: number;
  /** Its environments: global indices [lo, hi). */
  readonly lo: number;
  readonly hi: number;
  readonly n: number;
  readonly autoReset: boolean;
  readonly seedStride: number;
  readonly buffers: SharedVecBuffers;
  readonly errors: MessagePort;
  /** How long to poll for the next command before sleeping in Atomics.wait, µs (0: sleep at once). */
  readonly spinMicros: number;
}

/**
 * The worker side of `ThreadedVecEnv`: a plain `VecEnv` over envs [lo, hi) (so the semantics,
 * auto-reset seeds included, are exactly the single-threaded ones), driven by the control words
 * (Atomics.wait on the request sequence; results written in place, then the done sequence and
 * the answer counter, whose round-completing answer wakes the caller).
 */
function main(d: VecWorkerData): void {
  const b = d.buffers;
  const maker = envMakerOf(d.spec);
  const count = d.hi - d.lo;
  const vec = new VecEnv<unknown>(Array.from({ length: count }, maker.make), { autoReset: d.autoReset, seedStride: d.seedStride, reuseBuffers: true });
  const width = actionWidthOf(vec.actionSpace);
  const acts = new Float64Array(count * width);
  const base = d.index * CTRL_WORDS;
  const tb = d.index * TIMING_WORDS;
  const answers = answersAt(d.slots);
  parentPort!.postMessage({ ready: true });
  let seen = 0;
  let t = performance.now();
  for (;;) {
    const spun = awaitChange(b.ctrl, base + 1, seen, seen === 0 ? 0 : d.spinMicros);
    seen = Atomics.load(b.ctrl, base + 1);
    const cmd = Atomics.load(b.ctrl, base);
    const t1 = performance.now();
    if (seen > 1) b.timing[tb + 1]! += t1 - t; // idle since the last answer (not the wait before the first command)
    try {
      runBlock(vec, b, d.lo, d.hi, cmd, acts, maker.info);
    } catch (e) {
      d.errors.postMessage(`worker ${d.index} (envs ${d.lo}-${d.hi - 1}): ${e instanceof Error ? e.message : String(e)}`);
      Atomics.store(b.ctrl, base + 3, 1);
    }
    t = performance.now();
    b.timing[tb]! += t - t1;
    b.timing[tb + 2]! += 1;
    if (spun) b.timing[tb + 3]! += 1;
    Atomics.store(b.ctrl, base + 2, seen);
    // Count the answer; only the one the caller waits for (the round's last) wakes it.
    const count = (Atomics.add(b.ctrl, answers, 1) + 1) | 0;
    if (count === Atomics.load(b.ctrl, answers + 1)) Atomics.notify(b.ctrl, answers);
    if (cmd === Cmd.Close) break;
  }
  d.errors.close();
}

main(workerData as VecWorkerData);
