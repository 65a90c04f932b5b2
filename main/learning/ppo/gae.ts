/**
 * Generalised advantage estimation (Schulman et al. 2016) over a rollout of T steps × N envs,
 * row-major [t·N + i]. `ends[t·N+i] = 1` when env i's episode ended with step t (its next value
 * is not bootstrapped — a truncation's bootstrap is folded into its reward by the caller);
 * `lastValues[i]` is V of the observation after the last step.
 *   δ_t = r_t + γ·(1 − end_t)·V_{t+1} − V_t,   A_t = δ_t + γλ·(1 − end_t)·A_{t+1}
 * Writes advantages and returns (A + V) into the given arrays.
 */
export function computeGae(
  rewards: Float64Array, values: Float32Array, ends: Uint8Array, lastValues: Float32Array,
  n: number, gamma: number, lambda: number, advantages: Float32Array, returns: Float32Array,
): void {
  const T = rewards.length / n;
  if (!Number.isInteger(T) || values.length !== rewards.length || ends.length !== rewards.length || lastValues.length !== n) {
    throw new RangeError(`computeGae: shapes differ (rewards ${rewards.length}, values ${values.length}, ends ${ends.length}, lastValues ${lastValues.length}, n ${n})`);
  }
  for (let i = 0; i < n; i++) {
    let last = 0;
    for (let t = T - 1; t >= 0; t--) {
      const k = t * n + i;
      const notEnd = 1 - ends[k]!;
      const nextV = t === T - 1 ? lastValues[i]! : values[k + n]!;
      const delta = rewards[k]! + gamma * nextV * notEnd - values[k]!;
      last = delta + gamma * lambda * notEnd * last;
      advantages[k] = last;
      returns[k] = last + values[k]!;
    }
  }
}
