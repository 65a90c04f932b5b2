import { Cmd, writeInfo, type SharedVecBuffers } from './vec-env-shared.js';
import type { VecEnv } from './vec-env.js';

/**
 * Runs one command of a threaded VecEnv on one block of environments (global indices [lo, hi))
 * held by a plain `VecEnv`, reading actions / seeds from and writing results into the shared
 * buffers. The same code runs in every worker and on the calling thread, so the results cannot
 * depend on where a block runs. `acts` is scratch of (hi − lo) × action width.
 */
export function runBlock(vec: VecEnv, b: SharedVecBuffers, lo: number, hi: number, cmd: number, acts: Float64Array): void {
  const count = hi - lo;
  const dim = vec.obsDim;
  const width = vec.actionSpace.kind === 'continuous' ? 2 : 1;
  if (cmd === Cmd.Reset) {
    b.obs.set(vec.reset(Array.from(b.seeds.subarray(lo, hi))), lo * dim);
    for (let i = 0; i < count; i++) {
      writeInfo(b.info, lo + i, vec.envs[i]!.info());
      b.dones[lo + i] = 0;
      b.rewards[lo + i] = 0;
    }
  } else if (cmd === Cmd.Step) {
    acts.set(b.actions.subarray(lo * width, hi * width));
    const r = vec.step(acts);
    b.obs.set(r.observations, lo * dim);
    b.rewards.set(r.rewards, lo);
    b.dones.set(r.dones, lo);
    for (let i = 0; i < count; i++) {
      const info = r.infos[i]!;
      writeInfo(b.info, lo + i, info);
      if (info.terminalObservation) b.terminalObs.set(info.terminalObservation, (lo + i) * dim);
    }
  }
}
