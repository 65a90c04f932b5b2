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
}

/** G(τ) of `kernel` (τ < 0 gives 0: a trade has no effect before it happens). */
export function kernelAt(kernel: ImpactKernel, tauNs: number): number {
  if (tauNs < 0) return 0;
  return kernel.kind === 'power-law'
    ? kernel.g0 * Math.pow(1 + tauNs / kernel.tau0Ns, -kernel.beta)
    : kernel.g0 * Math.exp(-tauNs / kernel.tau0Ns);
}

/** ∫_a^b G(τ) dτ (ns · price units per size unit), 0 ≤ a ≤ b; closed form for both kernels. */
export function kernelIntegral(kernel: ImpactKernel, aNs: number, bNs: number): number {
  const a = Math.max(0, aNs);
  const b = Math.max(a, bNs);
  const t0 = kernel.tau0Ns;
  if (kernel.kind === 'exponential') return kernel.g0 * t0 * (Math.exp(-a / t0) - Math.exp(-b / t0));
  const beta = kernel.beta;
  if (Math.abs(beta - 1) < 1e-12) return kernel.g0 * t0 * Math.log((1 + b / t0) / (1 + a / t0));
  return (kernel.g0 * t0 * (Math.pow(1 + b / t0, 1 - beta) - Math.pow(1 + a / t0, 1 - beta))) / (1 - beta);
}

/**
 * The price shift of a metaorder traded at a constant rate (size units per ns) over `durationNs`,
 * read `afterEndNs` after its end (0 = the peak): r · ∫_{after}^{after + duration} G. This is the
 * continuous limit of `PropagatorImpact` for a uniformly sliced order: with β = 1/2 and
 * duration ≫ τ0, the peak is 2·g0·√(τ0·r)·√Q — the square-root law in Q at fixed participation.
 */
export function metaorderShiftUnits(kernel: ImpactKernel, rateUnitsPerNs: number, durationNs: number, afterEndNs = 0): number {
  return rateUnitsPerNs * kernelIntegral(kernel, afterEndNs, afterEndNs + durationNs);
}

/**
 * Transient impact of OUR trades on a replayed market — the linear propagator (Bouchaud et al.
 * 2004; Gatheral's transient-impact model):
 *
 *   shift(t) = Σ_{i: t_i ≤ t} G(t − t_i) · sign_i · v_i      (price units)
 *
 * over our trades i (time t_i, side sign_i = +1 buy / −1 sell, size v_i in size units), G0 in
 * price units per size unit. The model acts on the signed FLOW of our trades, not on their
 * count: splitting a trade into pieces at the same time changes nothing (linearity), so slicing
 * alone is free, while the same quantity traded faster costs more (less time for G to decay). The
 * concavity of metaorder impact comes from the kernel: with a power law of exponent β the peak
 * impact of a metaorder at fixed participation grows like Q^(1−β) (the square-root law at
 * β = 1/2), and it decays after the order ends (like 1/√t for β = 1/2). The replay venue adds
 * shift(t), rounded to ticks, to every historical price our orders interact with.
 *
 * Invariants: shift is 0 before the first trade; buys raise it, sells lower it; it is linear in
 * the trades (superposition). Queries at non-decreasing times cost O(1) for the exponential
 * kernel (a running sum) and O(trades) for the power law; earlier times are answered exactly by
 * summing.
 */
export class PropagatorImpact implements ImpactModel {
  readonly name: string;
  readonly kernel: ImpactKernel;
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
    this.kernel = k;
    this.name = k.kind === 'power-law'
      ? `propagator(power-law g0 ${k.g0}, tau0 ${k.tau0Ns}ns, beta ${k.beta})`
      : `propagator(exponential g0 ${k.g0}, tau0 ${k.tau0Ns}ns)`;
  }

  onOwnTrade(tsNs: number, side: Side, size: number, _priceUnits: number): void {
    if (!(size > 0)) return;
    const n = this.ts.length;
    // Trades at the same instant are one flow: merged, so the sum stays short.
    if (n > 0 && this.ts[n - 1] === tsNs && n > this.accN) {
      this.amp[n - 1]! += side * size;
      return;
    }
    this.ts.push(tsNs);
    this.amp.push(side * size);
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

  /** Number of distinct trade times recorded. */
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
