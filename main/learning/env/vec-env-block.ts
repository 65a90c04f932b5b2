import { Cmd, type InfoLayout, type SharedVecBuffers } from './vec-env-shared.js';
import type { VecEnv } from './vec-env.js';

/**
 * Runs one command of a threaded VecEnv on one block of environments (global indices [lo, hi))
 * held by a plain `VecEnv`, reading actions / seeds from and writing results into the shared
 * buffers (infos through the env's `InfoLayout`). The same code runs in every worker and on the
 * calling thread, so the results cannot depend on where a block runs. `acts` is scratch of
 * (hi − lo) × action width. The block's `VecEnv` may reuse its result arrays (`reuseBuffers`):
 * everything is copied into the shared buffers before this returns.
 */
export function runBlock(vec: VecEnv<unknown>, b: SharedVecBuffers, lo: number, hi: number, cmd: number, acts: Float64Array, layout: InfoLayout): void {
  const count = hi - lo;
  const dim = vec.obsDim;
  const width = acts.length / Math.max(1, count);
  if (cmd === Cmd.Reset) {
    b.obs.set(vec.reset(Array.from(b.seeds.subarray(lo, hi))), lo * dim);
    for (let i = 0; i < count; i++) {
      layout.write(b.info, lo + i, vec.envs[i]!.info());
      b.dones[lo + i] = 0;
      b.terminated[lo + i] = 0;
      b.truncated[lo + i] = 0;
      b.rewards[lo + i] = 0;
    }
  } else if (cmd === Cmd.Step) {
    acts.set(b.actions.subarray(lo * width, hi * width));
    const r = vec.step(acts);
    b.obs.set(r.observations, lo * dim);
    b.rewards.set(r.rewards, lo);
    b.dones.set(r.dones, lo);
    b.terminated.set(r.terminated, lo);
    b.truncated.set(r.truncated, lo);
    for (let i = 0; i < count; i++) {
      const info = r.infos[i]!;
      layout.write(b.info, lo + i, info);
      if (info.terminalObservation) b.terminalObs.set(info.terminalObservation, (lo + i) * dim);
    }
  }
}
