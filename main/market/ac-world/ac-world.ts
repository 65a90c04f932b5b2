import { Rng } from '../../kernel/rng.js';
import { periodLength, type ACParams } from './almgren-chriss.js';

/** One period's outcome of `ACWorld.step`. */
export interface ACStep {
  /** S̃_k = S_{k−1} − h(n_k/τ): the average price our n_k shares traded at. */
  readonly executionPrice: number;
  /** S_k: the new unaffected price (after permanent impact and the random move). */
  readonly price: number;
  /** The period just completed, 1..N (steps past N keep counting). */
  readonly period: number;
}

/**
 * The Almgren-Chriss (2000) world as a seeded simulator, for training and checking execution
 * agents against the closed-form optimum (`almgren-chriss.ts`). Rule per `step(n)` (n = shares
 * SOLD this period; negative = bought), with v = n/τ and ξ ~ N(0, 1) from the world's `Rng`:
 *   executionPrice = S − (ε·sgn(v) + η·v);  S ← S + σ√τ·ξ − τ·γ·v.
 * Prices are plain floats in $/share (arithmetic Brownian motion: they may go negative, as in
 * the paper). Same seed ⇒ same path for the same trades.
 */
export class ACWorld {
  price: number;
  period = 0;
  /** Σ n_k·S̃_k so far (cash received). */
  proceeds = 0;
  /** Σ n_k so far. */
  sold = 0;
  private readonly rng: Rng;
  private readonly tau: number;
  private readonly sqrtTau: number;

  constructor(
    readonly params: ACParams,
    readonly seed: number | string,
  ) {
    this.rng = new Rng(seed);
    this.price = params.S0;
    this.tau = periodLength(params);
    this.sqrtTau = Math.sqrt(this.tau);
  }

  step(sharesTradedThisPeriod: number): ACStep {
    const p = this.params;
    const n = sharesTradedThisPeriod;
    const v = n / this.tau;
    const executionPrice = this.price - (p.epsilon * Math.sign(v) + p.eta * v);
    this.price = this.price + p.sigma * this.sqrtTau * this.rng.normal() - this.tau * p.gamma * v;
    this.proceeds += n * executionPrice;
    this.sold += n;
    this.period++;
    return { executionPrice, price: this.price, period: this.period };
  }

  /** Implementation shortfall so far: sold·S_0 − proceeds (the cost the paper's E and V describe). */
  shortfall(): number {
    return this.sold * this.params.S0 - this.proceeds;
  }
}

/** Runs `trades` (n_1..n_N) in a fresh world from `seed`; returns its implementation shortfall. */
export function simulateShortfall(params: ACParams, trades: readonly number[], seed: number | string): number {
  const w = new ACWorld(params, seed);
  for (const n of trades) w.step(n);
  return w.shortfall();
}
