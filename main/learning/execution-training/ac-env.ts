import { Rng } from '../../kernel/rng.js';
import type { LearningActionSpace } from '../env/vec-env-types.js';

/**
 * The discrete Almgren–Chriss world (Almgren & Chriss 2000, section 3): sell X over N periods of
 * τ = T/N; holdings x_0 = X … x_N = 0, trade n_k = x_{k−1} − x_k in period k; the price moves
 * S_k = S_{k−1} + σ√τ ξ_k − γ n_k (permanent impact), the trade gets S_{k−1} − η n_k / τ
 * (temporary impact). Invariants: X, T > 0, N ≥ 1 integer, σ, γ, λ ≥ 0, η̃ = η − ½γτ > 0 (the
 * model's condition for a convex problem).
 */
export interface AcWorld {
  readonly X: number;
  readonly T: number;
  readonly N: number;
  readonly sigma: number;
  readonly gamma: number;
  readonly eta: number;
  /** Risk aversion λ of the objective E[cost] + λ Var[cost]. */
  readonly lambda: number;
}

/** Checks a world; throws a RangeError naming the field and its limit. */
export function checkAcWorld(w: AcWorld): void {
  const bad: string[] = [];
  if (!(w.X > 0)) bad.push(`X ${w.X} must be > 0`);
  if (!(w.T > 0)) bad.push(`T ${w.T} must be > 0`);
  if (!(Number.isInteger(w.N) && w.N >= 1)) bad.push(`N ${w.N} must be an integer ≥ 1`);
  for (const k of ['sigma', 'gamma', 'lambda'] as const) if (!(w[k] >= 0)) bad.push(`${k} ${w[k]} must be ≥ 0`);
  if (!(w.eta - 0.5 * w.gamma * (w.T / w.N) > 0)) bad.push(`eta ${w.eta} must exceed ½·gamma·τ = ${0.5 * w.gamma * (w.T / w.N)} (η̃ > 0)`);
  if (bad.length > 0) throw new RangeError(`Almgren-Chriss world: ${bad.join('; ')}`);
}

/** E[cost], Var[cost] and E + λVar of a deterministic schedule of holdings x_0 = X … x_N = 0. */
export function acObjective(w: AcWorld, holdings: ArrayLike<number>): { mean: number; variance: number; objective: number } {
  const tau = w.T / w.N, etaT = w.eta - 0.5 * w.gamma * tau;
  let sumN2 = 0, sumX2 = 0;
  for (let k = 1; k <= w.N; k++) {
    const n = holdings[k - 1]! - holdings[k]!;
    sumN2 += n * n;
    sumX2 += holdings[k]! * holdings[k]!;
  }
  const mean = 0.5 * w.gamma * w.X * w.X + (etaT / tau) * sumN2;
  const variance = w.sigma * w.sigma * tau * sumX2;
  return { mean, variance, objective: mean + w.lambda * variance };
}

/**
 * The closed-form optimal holdings x_j = X sinh(κ(T − t_j)) / sinh(κT) with
 * (2/τ²)(cosh κτ − 1) = λσ²/η̃; λσ² = 0 gives the straight line (TWAP).
 */
export function acOptimalHoldings(w: AcWorld): Float64Array {
  checkAcWorld(w);
  const tau = w.T / w.N, etaT = w.eta - 0.5 * w.gamma * tau;
  const k2 = (w.lambda * w.sigma * w.sigma) / etaT;
  const out = new Float64Array(w.N + 1);
  if (k2 === 0) {
    for (let j = 0; j <= w.N; j++) out[j] = w.X * (1 - j / w.N);
    return out;
  }
  const kappa = Math.acosh(1 + (k2 * tau * tau) / 2) / tau;
  for (let j = 0; j <= w.N; j++) out[j] = (w.X * Math.sinh(kappa * (w.T - j * tau))) / Math.sinh(kappa * w.T);
  return out;
}

/**
 * The AC world as a learning env: the agent sees ONLY time left and inventory left (fractions)
 * and chooses the fraction of its remaining holdings to sell this period (continuous a ∈ [−1, 1] ↦ (a + 1) / 2;
 * the last period sells the rest). Reward of period k = −(γ x_k n_k + η n_k²/τ − σ√τ ξ_k x_k +
 * λσ²τ x_k²), so the expected return of a deterministic schedule is −(E[cost] + λVar[cost])
 * (the price noise term has mean zero; it is kept so the learner sees a noisy market). No state
 * is exploitable: ξ is i.i.d. and not observed. Deterministic in the seed.
 */
export class AcEnv {
  readonly obsDim = 2;
  /** a ∈ [−1, 1] sells the fraction (a + 1) / 2 of the holdings (so an untrained policy, mean 0, sits mid-range, not on a bound). */
  readonly actionSpace: LearningActionSpace = { kind: 'continuous', shape: [1], low: -1, high: 1 };
  readonly observation = new Float32Array(2);
  private rng = new Rng(0);
  private k = 0;
  private x = 0;

  constructor(readonly world: AcWorld) {
    checkAcWorld(world);
  }

  reset(seed: number): Float32Array {
    this.rng = new Rng(`ac:${seed}`);
    this.k = 0;
    this.x = this.world.X;
    this.observe();
    return this.observation.slice();
  }

  stepInPlace(action: number | ArrayLike<number>) {
    const w = this.world, tau = w.T / w.N;
    const a = typeof action === 'number' ? action : action[0]!;
    const f = this.k === w.N - 1 ? 1 : Math.min(1, Math.max(0, (a + 1) / 2));
    const n = f * this.x;
    const x = this.x - n;
    const xi = this.rng.normal();
    const cost = w.gamma * x * n + (w.eta * n * n) / tau - w.sigma * Math.sqrt(tau) * xi * x + w.lambda * w.sigma * w.sigma * tau * x * x;
    this.x = x;
    this.k++;
    this.observe();
    return { reward: -cost, done: this.k === w.N, info: null };
  }

  private observe(): void {
    this.observation[0] = 1 - this.k / this.world.N;
    this.observation[1] = this.x / this.world.X;
  }
}

/** The greedy schedule (holdings x_0 … x_N) a policy of (time left, inventory left) → fraction produces in the AC env. */
export function acScheduleOf(w: AcWorld, act: (obs: Float32Array) => number): Float64Array {
  const env = new AcEnv({ ...w, sigma: 0 });
  let obs = env.reset(0);
  const out = new Float64Array(w.N + 1);
  out[0] = w.X;
  for (let k = 1; k <= w.N; k++) {
    env.stepInPlace(act(obs));
    obs = env.observation;
    out[k] = obs[1]! * w.X;
  }
  return out;
}
