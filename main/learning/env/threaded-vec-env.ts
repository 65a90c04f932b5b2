import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { envMakerOf, type EnvSpec } from './env-spec.js';
import { runBlock } from './vec-env-block.js';
import { VecEnv } from './vec-env.js';
import { allocShared, answersAt, Cmd, CTRL_WORDS, TIMING_WORDS, type InfoLayout, type SharedVecBuffers } from './vec-env-shared.js';
import { actionWidthOf, batchActionsOf, type BatchEnv, type BatchStep, type LearningActionSpace } from './vec-env-types.js';
import type { VecWorkerData } from './vec-env-worker.js';

/** Options of `ThreadedVecEnv.create`. */
export interface ThreadedVecEnvOptions {
  /** Lanes stepping environments, the calling thread's included when `callerRuns` (default: one per core, at most n). */
  readonly workers?: number;
  /**
   * The calling thread steps the first block itself (W lanes on W − 1 worker threads) instead of
   * sleeping while W workers step (default false). Measured on the training market (#9, 256
   * envs, 8 alternating rounds, load 7.5): workers only 84,600 steps per CPU s on one lane and
   * 97,200 on two, the calling thread's lane 78,000 and 84,300 — a worker has its own heap with
   * a young generation sized for the envs (`youngGenerationMb`), the calling thread has V8's
   * default and whatever else the process runs (the learner's tensors, a bench's other markets).
   */
  readonly callerRuns?: boolean;
  readonly autoReset?: boolean;
  readonly seedStride?: number;
  /** Longest wait for one command, ms (default 120,000): a worker that died or hangs becomes an error, not a freeze (the waiting thread cannot see its exit event). */
  readonly timeoutMs?: number;
  /**
   * How long a thread polls for the other side before it sleeps in Atomics.wait, µs: a worker
   * for the next command after answering, the caller for a worker's answer after its own block
   * (default 0 = sleep at once). Measured (#9, 2 vCPUs at load 6-9): a CartPole round trip of
   * 10-17 µs without polling became 113-133 µs with 50 µs of it — a polling thread holds a core
   * the other side needs when the machine is oversubscribed. Try it on a machine with idle cores.
   */
  readonly spinMicros?: number;
  /**
   * Each worker's young generation, MiB (V8 `resourceLimits.maxYoungGenerationSizeMb`; default
   * `DEFAULT_YOUNG_GENERATION_MB`). An episode's objects live for several lockstep rounds, so
   * with V8's default (16 MiB semi-spaces) most survived two scavenges and were copied into the
   * old generation: scavenges of 20-35 ms and a third of a lane's CPU in the GC. With room for
   * a few rounds' garbage they die young. GC settings cannot change any result.
   */
  readonly youngGenerationMb?: number;
}

/**
 * Default of `ThreadedVecEnvOptions.youngGenerationMb`: 512 MiB semi-spaces (V8 sizes the young
 * generation as three semi-spaces; it commits them only as the heap grows: ~0.3-0.5 GB resident
 * per worker measured with 128-256 training-market envs). Measured (#9, 2026-12-03 21:3x UTC,
 * 256 training-market envs on one worker, steps per CPU s, alternating in one process): 192 MiB
 * 96-105k, 384 113k, 768 122k, 1,536 136-146k. Between two scavenges of a lane all its envs'
 * live episodes (~8 MB at 128 envs) are copied again; the wider the gap, the fewer copies — and,
 * in lockstep, every scavenge pause of one lane is an idle wait for the others.
 */
export const DEFAULT_YOUNG_GENERATION_MB = 1536;


/**
 * Where a `ThreadedVecEnv`'s threads spent their time since it was created (wall ms, measured
 * with performance.now around each part; a preempted thread's time counts where it was):
 * `callerBusyMs` stepping lane 0 on the calling thread, `callerWaitMs` waiting for the workers
 * after that; per worker `busyMs` stepping, `idleMs` between its answer and its next command
 * (the caller's own work, the policy's included, and the wake-up), `rounds`, `spunRounds`
 * (commands seen while polling, without sleeping).
 */
export interface ThreadedVecTiming {
  readonly rounds: number;
  readonly callerBusyMs: number;
  readonly callerWaitMs: number;
  readonly workers: ReadonlyArray<{ readonly busyMs: number; readonly idleMs: number; readonly rounds: number; readonly spunRounds: number }>;
}

/**
 * One lockstep step of a `ThreadedVecEnv` (a `BatchStep`). The arrays are VIEWS of shared memory
 * that the next `step`/`reset` overwrites (copy what you keep). Layout as `VecStepResult`; `info`
 * is Float64Array[N × infoDim] (columns `infoFields`: the env's `InfoLayout`) instead of objects,
 * and `terminalObservations` holds, for rows with done = 1 under auto-reset, the observation
 * that ended the episode.
 */
export interface ThreadedVecStepResult extends BatchStep {
  readonly info: Float64Array;
}

/**
 * Blocks until the counter `ctrl[at]` has reached `seq` (int32, wrapping: reached = (value − seq)
 * as int32 ≥ 0) or `timeoutMs` passes; true when it has. The value is
 * read ONCE per round and that same value is what `Atomics.wait` sleeps on: reading it again for
 * the wait (as this code once did) let a worker that answered between the two reads make the
 * caller sleep on the answer itself until the timeout — a 120 s stall with both threads idle,
 * seen in the env bench and as a CI timeout. `load` and `wait` are injectable for the regression test.
 */
export function awaitSequence(
  ctrl: Int32Array, at: number, seq: number, timeoutMs: number,
  wait: (a: Int32Array, i: number, v: number, ms: number) => string = Atomics.wait,
  load: (a: Int32Array, i: number) => number = Atomics.load,
): boolean {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const v = load(ctrl, at);
    if (((v - seq) | 0) >= 0) return true;
    const left = deadline - performance.now();
    if (left <= 0) return false;
    wait(ctrl, at, v, left);
  }
}

function workerEntry(): { file: URL; tsEntry: URL | null } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) return { file: new URL('./ts-worker-boot.mjs', here), tsEntry: new URL('./vec-env-worker.ts', here) };
  const built = new URL('./vec-env-worker.mjs', here);
  if (!existsSync(fileURLToPath(built))) throw new Error(`ThreadedVecEnv: no worker bundle at ${fileURLToPath(built)} (build main/learning/env/vec-env-worker.ts beside this bundle)`);
  return { file: built, tsEntry: null };
}

/**
 * `VecEnv` across threads: environment i runs in lane ⌊i·W/N⌋ (contiguous blocks), each lane a
 * plain `VecEnv` over its block (each in a worker thread; lane 0 on the calling thread with
 * `callerRuns`), all sharing one set of SharedArrayBuffers for
 * observations, actions, rewards, dones and infos; commands and completion travel through
 * Atomics on shared control words (no message per step). `step` blocks the calling thread until
 * every lane is done.
 *
 * Invariant: for the same spec, seeds and actions the observations, rewards, dones and infos are
 * bit-identical to a single-threaded `VecEnv` (environments share nothing; each worker runs the
 * same code on the same seeds), whatever the number of workers.
 */
export class ThreadedVecEnv implements BatchEnv {
  readonly obsDim: number;
  readonly actionWidth: number;
  readonly actionSpace: LearningActionSpace;
  readonly actionCount: number;
  readonly continuous?: { readonly low: Float32Array; readonly high: Float32Array };
  readonly infoFields: readonly string[];
  readonly infoDim: number;
  private readonly out: ThreadedVecStepResult;
  private seq = 0;
  /** Answers the workers have given so far (int32, wrapping; the shared counter's expected value). */
  private answered = 0;
  private readonly answersAt: number;
  private closed = false;
  private callerBusyMs = 0;
  private callerWaitMs = 0;
  /** A step begun lane by lane (`beginStep`), until `finishStep`. */
  private partial: { s: number; begun: Uint8Array; errors: string[] } | null = null;
  /** Lane k's environments [lo, hi) (lane 0 on the calling thread with `callerRuns`). */
  readonly lanes: ReadonlyArray<{ readonly lo: number; readonly hi: number }>;

  private constructor(
    readonly n: number,
    readonly workers: number,
    private readonly b: SharedVecBuffers,
    private readonly threads: Worker[],
    private readonly errorPorts: MessagePort[],
    probe: { obsDim: number; actionSpace: LearningActionSpace },
    private readonly layout: InfoLayout,
    private readonly timeoutMs: number,
    /** Lane 0 on this thread (null: every lane is a worker). */
    private readonly local: { vec: VecEnv<unknown>; hi: number; acts: Float64Array } | null,
    private readonly spinMicros: number,
  ) {
    this.obsDim = probe.obsDim;
    this.actionSpace = probe.actionSpace;
    this.actionWidth = actionWidthOf(probe.actionSpace);
    const a = batchActionsOf(probe.actionSpace);
    this.actionCount = a.actionCount;
    if (a.continuous) this.continuous = a.continuous;
    this.lanes = Array.from({ length: workers }, (_, k) => ({ lo: Math.floor((k * n) / workers), hi: Math.floor(((k + 1) * n) / workers) }));
    this.infoFields = layout.fields;
    this.infoDim = layout.dim;
    this.answersAt = answersAt(workers);
    this.out = { observations: b.obs, rewards: b.rewards, dones: b.dones, terminated: b.terminated, truncated: b.truncated, info: b.info, terminalObservations: b.terminalObs };
  }

  /** Starts the workers and builds every environment; resolves when all are ready. */
  static async create(spec: EnvSpec, n: number, opts: ThreadedVecEnvOptions = {}): Promise<ThreadedVecEnv> {
    if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`ThreadedVecEnv: n ${n} must be an integer ≥ 1`);
    const w = Math.min(n, opts.workers ?? availableParallelism());
    if (!(Number.isInteger(w) && w >= 1)) throw new RangeError(`ThreadedVecEnv: workers ${opts.workers} must be an integer ≥ 1`);
    // The config is validated and the dimensions learnt here, before any thread starts.
    const maker = envMakerOf(spec);
    const probe = maker.probe;
    const width = actionWidthOf(probe.actionSpace);
    const b = allocShared(n, probe.obsDim, width, w, maker.info.dim);
    const autoReset = opts.autoReset ?? true, seedStride = opts.seedStride ?? n;
    const callerRuns = opts.callerRuns ?? false;
    const spinMicros = opts.spinMicros ?? 0;
    if (!(Number.isFinite(spinMicros) && spinMicros >= 0)) throw new RangeError(`ThreadedVecEnv: spinMicros ${opts.spinMicros} must be a number ≥ 0`);
    const youngMb = opts.youngGenerationMb ?? DEFAULT_YOUNG_GENERATION_MB;
    if (!(Number.isFinite(youngMb) && youngMb >= 1)) throw new RangeError(`ThreadedVecEnv: youngGenerationMb ${opts.youngGenerationMb} must be a number ≥ 1`);
    let local = null;
    if (callerRuns) {
      const hi = Math.floor(n / w);
      const vec = new VecEnv<unknown>(Array.from({ length: hi }, maker.make), { autoReset, seedStride, reuseBuffers: true });
      local = { vec, hi, acts: new Float64Array(hi * width) };
    }
    const entry = w > (callerRuns ? 1 : 0) ? workerEntry() : null;
    const threads: Worker[] = [];
    const ports: MessagePort[] = [];
    const ready: Promise<void>[] = [];
    for (let k = callerRuns ? 1 : 0; k < w; k++) {
      const lo = Math.floor((k * n) / w), hi = Math.floor(((k + 1) * n) / w);
      const ch = new MessageChannel();
      const data: VecWorkerData = { spec, index: threads.length, slots: w, lo, hi, n, autoReset, seedStride, buffers: b, errors: ch.port2, spinMicros };
      const t = new Worker(entry!.file, {
        workerData: { ...data, __tsEntry: entry!.tsEntry?.href }, transferList: [ch.port2], name: `slipstream-vecenv-${k}`,
        resourceLimits: { maxYoungGenerationSizeMb: youngMb },
      });
      threads.push(t);
      ports.push(ch.port1);
      ready.push(new Promise((res, rej) => {
        t.once('message', () => res());
        t.once('error', (e) => rej(new Error(`ThreadedVecEnv worker ${k}: ${e.message}`)));
        t.once('exit', (code) => rej(new Error(`ThreadedVecEnv worker ${k} exited (${code}) before it was ready`)));
      }));
    }
    try {
      await Promise.all(ready);
    } catch (e) {
      await Promise.all(threads.map((t) => t.terminate()));
      throw e;
    }
    for (const t of threads) t.removeAllListeners('exit');
    return new ThreadedVecEnv(n, w, b, threads, ports, probe, maker.info, opts.timeoutMs ?? 120_000, local, spinMicros);
  }

  /** Resets env i with seeds[i]; returns the first observations (a shared view). */
  reset(seeds: readonly number[]): Float32Array {
    if (seeds.length !== this.n) throw new RangeError(`ThreadedVecEnv.reset: ${seeds.length} seeds for ${this.n} environments`);
    for (let i = 0; i < this.n; i++) this.b.seeds[i] = seeds[i]!;
    this.command(Cmd.Reset);
    return this.b.obs;
  }

  /** Steps every environment once (layout: `ThreadedVecStepResult`; views of shared memory). */
  step(actions: ArrayLike<number>): ThreadedVecStepResult {
    if (actions.length !== this.n * this.actionWidth) throw new RangeError(`ThreadedVecEnv.step: ${actions.length} action numbers for ${this.n} environments × ${this.actionWidth}`);
    this.b.actions.set(actions);
    this.command(Cmd.Step);
    return this.out;
  }

  /** Info row of env i (a view, `infoFields` order). */
  infoRow(i: number): Float64Array {
    return this.b.info.subarray(i * this.infoDim, (i + 1) * this.infoDim);
  }

  /** Where the threads spent their time so far (see `ThreadedVecTiming`). */
  timing(): ThreadedVecTiming {
    const t = this.b.timing;
    const workers = this.threads.map((_, k) => ({
      busyMs: t[k * TIMING_WORDS]!, idleMs: t[k * TIMING_WORDS + 1]!, rounds: t[k * TIMING_WORDS + 2]!, spunRounds: t[k * TIMING_WORDS + 3]!,
    }));
    return { rounds: this.seq, callerBusyMs: this.callerBusyMs, callerWaitMs: this.callerWaitMs, workers };
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      // A step left half begun: its workers may still be stepping, so they are stopped, not asked.
      if (this.partial === null) this.command(Cmd.Close);
      this.partial = null;
    } finally {
      await Promise.all(this.threads.map((t) => t.terminate()));
    }
  }

  /**
   * Starts lane k's part of the next lockstep step: copies its rows of `actions` (the whole
   * N × width array; other rows are not read) and sets its worker going — or, for the calling
   * thread's lane (`callerRuns`), steps it now. A learner acts for the next lane while this one
   * steps. Every lane must be started, each once, before `finishStep`; the result is the same as
   * `step(actions)` with all rows (lanes share nothing).
   */
  beginStep(k: number, actions: ArrayLike<number>): void {
    if (this.closed) throw new Error('ThreadedVecEnv: closed');
    if (!(Number.isInteger(k) && k >= 0 && k < this.workers)) throw new RangeError(`ThreadedVecEnv.beginStep: lane ${k} must be an integer in [0, ${this.workers})`);
    if (actions.length !== this.n * this.actionWidth) throw new RangeError(`ThreadedVecEnv.beginStep: ${actions.length} action numbers for ${this.n} environments × ${this.actionWidth}`);
    const p = (this.partial ??= { s: this.nextRound(), begun: new Uint8Array(this.workers), errors: [] });
    if (p.begun[k] === 1) throw new Error(`ThreadedVecEnv.beginStep: lane ${k} already started in this step`);
    p.begun[k] = 1;
    const { lo, hi } = this.lanes[k]!;
    const w = this.actionWidth;
    for (let j = lo * w; j < hi * w; j++) this.b.actions[j] = actions[j]!;
    if (this.local !== null && k === 0) this.runLocal(Cmd.Step, p.errors);
    else this.issue(this.local !== null ? k - 1 : k, Cmd.Step, p.s);
  }

  /** Waits for every lane started by `beginStep` (all of them) and returns the step (as `step`). */
  finishStep(): ThreadedVecStepResult {
    const p = this.partial;
    if (p === null || p.begun.some((x) => x === 0)) throw new Error(`ThreadedVecEnv.finishStep: every lane must be started first (beginStep 0-${this.workers - 1})`);
    this.partial = null;
    this.collect(p.s, p.errors);
    return this.out;
  }

  private issue(worker: number, cmd: number, s: number): void {
    const c = this.b.ctrl;
    Atomics.store(c, worker * CTRL_WORDS, cmd);
    Atomics.store(c, worker * CTRL_WORDS + 1, s);
    Atomics.notify(c, worker * CTRL_WORDS + 1);
  }

  private runLocal(cmd: number, errors: string[]): void {
    const l = this.local!;
    const t0 = performance.now();
    try {
      runBlock(l.vec, this.b, 0, l.hi, cmd, l.acts, this.layout);
    } catch (e) {
      errors.push(`calling thread (envs 0-${l.hi - 1}): ${e instanceof Error ? e.message : String(e)}`);
    }
    this.callerBusyMs += performance.now() - t0;
  }

  /**
   * Starts a round: its sequence number, and the answer count that completes it, stored beside
   * the counter before any command of the round is issued (the worker whose answer reaches it
   * wakes the caller; the others do not).
   */
  private nextRound(): number {
    this.answered = (this.answered + this.threads.length) | 0;
    Atomics.store(this.b.ctrl, this.answersAt + 1, this.answered);
    return ++this.seq;
  }

  /** Waits until every worker answered sequence s; throws with every lane's error (`errors` holds the calling thread's). */
  private collect(s: number, errors: string[]): void {
    const c = this.b.ctrl;
    const t1 = performance.now();
    const at = this.answersAt, want = this.answered;
    // Poll first (a sleeping caller costs a wake-up per round), then sleep until the round's last answer.
    const spinUntil = t1 + this.spinMicros / 1000;
    while (((Atomics.load(c, at) - want) | 0) < 0 && performance.now() < spinUntil);
    if (!awaitSequence(c, at, want, this.timeoutMs)) {
      const late = this.threads.map((_, k) => k).filter((k) => Atomics.load(c, k * CTRL_WORDS + 2) !== s);
      throw new Error(`ThreadedVecEnv: worker ${late.join(', ')} did not answer within ${this.timeoutMs} ms`);
    }
    for (let k = 0; k < this.threads.length; k++) {
      if (Atomics.load(c, k * CTRL_WORDS + 3) !== 0) {
        Atomics.store(c, k * CTRL_WORDS + 3, 0);
        const m = receiveMessageOnPort(this.errorPorts[k]!);
        errors.push(m ? String(m.message) : `worker ${k} failed`);
      }
    }
    this.callerWaitMs += performance.now() - t1;
    if (errors.length > 0) throw new Error(`ThreadedVecEnv: ${errors.join('; ')}`);
  }

  private command(cmd: number): void {
    if (this.closed && cmd !== Cmd.Close) throw new Error('ThreadedVecEnv: closed');
    if (this.partial !== null) throw new Error('ThreadedVecEnv: a step begun lane by lane is not finished (finishStep)');
    const s = this.nextRound();
    for (let k = 0; k < this.threads.length; k++) this.issue(k, cmd, s);
    const errors: string[] = [];
    if (this.local !== null && cmd !== Cmd.Close) this.runLocal(cmd, errors);
    this.collect(s, errors);
  }
}
