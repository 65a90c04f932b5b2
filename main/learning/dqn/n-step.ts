/** One n-step transition: R = Σ_{k<m} γ^k r_k, bootstrap factor `discount` = γ^m (0 if the episode terminated). */
export interface NStepTransition {
  readonly obs: Float32Array;
  readonly action: number;
  readonly ret: number;
  readonly nextObs: Float32Array;
  readonly discount: number;
}

interface Pending {
  obs: Float32Array;
  action: number;
  reward: number;
}

/**
 * Turns one env's 1-step transitions into n-step ones. While the episode runs, each step emits
 * the transition that started n steps earlier; when it ends, every pending one is emitted with
 * the rewards it has (m < n). Invariant: a terminated episode's transitions have discount 0, a
 * truncated one's bootstrap from the final observation with γ^m.
 */
export class NStepAccumulator {
  private pending: Pending[] = [];

  constructor(readonly n: number, readonly gamma: number) {}

  /** Adds (s, a, r) and the step's outcome; `nextObs` is the observation after it (the terminal one when the episode ended). Copies what it keeps. */
  push(obs: Float32Array, action: number, reward: number, nextObs: Float32Array, terminated: boolean, done: boolean, emit: (t: NStepTransition) => void): void {
    this.pending.push({ obs: obs.slice(), action, reward });
    if (done) {
      const next = nextObs.slice();
      while (this.pending.length > 0) emit(this.pop(next, terminated));
    } else if (this.pending.length === this.n) {
      emit(this.pop(nextObs.slice(), false));
    }
  }

  /** The pending 1-step transitions (copies), for checkpoints. */
  getState(): Array<{ obs: Float32Array; action: number; reward: number }> {
    return this.pending.map((p) => ({ obs: p.obs.slice(), action: p.action, reward: p.reward }));
  }

  setState(pending: ReadonlyArray<{ obs: Float32Array; action: number; reward: number }>): void {
    if (pending.length >= this.n) throw new RangeError(`NStepAccumulator.setState: ${pending.length} pending transitions, at most ${this.n - 1} can be`);
    this.pending = pending.map((p) => ({ obs: p.obs.slice(), action: p.action, reward: p.reward }));
  }

  private pop(next: Float32Array, terminated: boolean): NStepTransition {
    let ret = 0;
    let g = 1;
    for (const p of this.pending) {
      ret += g * p.reward;
      g *= this.gamma;
    }
    const first = this.pending.shift()!;
    return { obs: first.obs, action: first.action, ret, nextObs: next, discount: terminated ? 0 : g };
  }
}
