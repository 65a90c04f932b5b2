import type { Side } from '../../domain/side.js';
import type { ImpactModel } from '../venue/venue.js';

/**
 * Decay kernel G(τ) of a propagator, τ in ns since the trade. Invariants: g0 ≥ 0, tau0Ns > 0,
 * beta > 0; G(0) = g0 and G decreases monotonically to 0.
 * - power-law: G(τ) = g0 · (1 + τ/tau0Ns)^−beta (slow, scale-free decay; β ≈ 0.5 in the literature)
 * - exponential: G(τ) = g0 · e^(−τ/tau0Ns)
 */
export type ImpactKernel =
  | { kind: 'power-law'; g0: number; tau0Ns: number; beta: number }
  | { kind: 'exponential'; g0: number; tau0Ns: number };

/** Parameters of `PropagatorImpact`. */
export interface PropagatorParams {
  kernel: ImpactKernel;
  /** Concavity of the per-trade impact f(v) = v^delta (default 0.5). In [0, 1]. */
  delta?: number;
}

/** G(τ) of `kernel` (τ < 0 gives 0: a trade has no effect before it happens). */
export function kernelAt(kernel: ImpactKernel, tauNs: number): number {
  if (tauNs < 0) return 0;
  return kernel.kind === 'power-law'
    ? kernel.g0 * Math.pow(1 + tauNs / kernel.tau0Ns, -kernel.beta)
    : kernel.g0 * Math.exp(-tauNs / kernel.tau0Ns);
}

/**
 * Transient impact of OUR trades on a replayed market (Bouchaud's propagator model):
 *
 *   shift(t) = Σ_{i: t_i ≤ t} G(t − t_i) · sign_i · v_i^delta      (price units)
 *
 * over our trades i (time t_i, side sign_i = +1 buy / −1 sell, size v_i in size units). With G0
 * in price units per (size unit)^delta, one buy of v moves prices up by G0·v^δ at once and the
 * move decays as G. The replay venue adds shift(t), rounded to ticks, to every historical price
 * our orders interact with.
 *
 * Invariants: shift is 0 before the first trade; buys raise it, sells lower it; it is linear in
 * the trades (superposition). Queries at non-decreasing times cost O(1) for the exponential
 * kernel (a running sum) and O(trades) for the power law; earlier times are answered exactly by
 * summing.
 */
export class PropagatorImpact implements ImpactModel {
  readonly name: string;
  readonly kernel: ImpactKernel;
  readonly delta: number;
  private readonly ts: number[] = [];
  private readonly amp: number[] = [];
  // Exponential running sum: value at `accT` of all trades up to index `accN`.
  private acc = 0;
  private accT = -Infinity;
  private accN = 0;

  constructor(p: PropagatorParams) {
    const k = p.kernel;
    if (!(k.g0 >= 0 && Number.isFinite(k.g0))) throw new RangeError(`PropagatorImpact: g0 must be a finite number >= 0, got ${k.g0}`);
    if (!(k.tau0Ns > 0)) throw new RangeError(`PropagatorImpact: tau0Ns must be > 0, got ${k.tau0Ns}`);
    if (k.kind === 'power-law' && !(k.beta > 0)) throw new RangeError(`PropagatorImpact: beta must be > 0, got ${k.beta}`);
    this.delta = p.delta ?? 0.5;
    if (!(this.delta >= 0 && this.delta <= 1)) throw new RangeError(`PropagatorImpact: delta must be in [0, 1], got ${this.delta}`);
    this.kernel = k;
    this.name = k.kind === 'power-law'
      ? `propagator(power-law g0 ${k.g0}, tau0 ${k.tau0Ns}ns, beta ${k.beta}, delta ${this.delta})`
      : `propagator(exponential g0 ${k.g0}, tau0 ${k.tau0Ns}ns, delta ${this.delta})`;
  }

  onOwnTrade(tsNs: number, side: Side, size: number, _priceUnits: number): void {
    if (!(size > 0)) return;
    this.ts.push(tsNs);
    this.amp.push(side * Math.pow(size, this.delta));
  }

  shiftUnits(tsNs: number): number {
    const n = this.ts.length;
    if (n === 0) return 0;
    if (this.kernel.kind === 'exponential' && tsNs >= this.accT && (this.accN === 0 || this.ts[this.accN - 1]! <= tsNs)) {
      return this.runningExp(tsNs);
    }
    let s = 0;
    for (let i = 0; i < n; i++) {
      const t = this.ts[i]!;
      if (t <= tsNs) s += kernelAt(this.kernel, tsNs - t) * this.amp[i]!;
    }
    return s;
  }

  /** Number of trades recorded. */
  get trades(): number {
    return this.ts.length;
  }

  private runningExp(tsNs: number): number {
    const k = this.kernel as Extract<ImpactKernel, { kind: 'exponential' }>;
    // Bring the running sum (without g0) to tsNs, adding the trades that happened meanwhile.
    let acc = this.accN === 0 ? 0 : this.acc * Math.exp(-(tsNs - this.accT) / k.tau0Ns);
    let i = this.accN;
    while (i < this.ts.length && this.ts[i]! <= tsNs) {
      acc += this.amp[i]! * Math.exp(-(tsNs - this.ts[i]!) / k.tau0Ns);
      i++;
    }
    this.acc = acc;
    this.accT = tsNs;
    this.accN = i;
    return k.g0 * acc;
  }
}
