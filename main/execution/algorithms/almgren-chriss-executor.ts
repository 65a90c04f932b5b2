import { optimalTrajectory, type ACParams } from '../../market/ac-world/almgren-chriss.js';
import type { ExecutionContext } from '../execution-context.js';
import type { ParentOrderSpec } from '../parent-order.js';
import { SlicedExecutor, type SlicedOptions } from './sliced-executor.js';

/**
 * The market model the Almgren-Chriss schedule needs, in the instrument's units with time in
 * SECONDS. Invariants: both finite; σ ≥ 0; η > 0.
 */
export interface ACModel {
  /** Volatility σ of the mid, price units per √second. */
  readonly sigmaUnitsPerSqrtSec: number;
  /** Temporary impact η: price units of execution-price concession per (size units per second) of trading rate. */
  readonly etaUnitsPerRate: number;
}

/** Options of `AlmgrenChrissExecutor`. */
export interface ACOptions extends SlicedOptions {
  readonly model: ACModel;
}

/** Checks an `ACModel`; throws a RangeError naming the field. */
export function checkACModel(m: ACModel): void {
  if (!Number.isFinite(m.sigmaUnitsPerSqrtSec) || m.sigmaUnitsPerSqrtSec < 0) throw new RangeError(`model.sigmaUnitsPerSqrtSec ${m.sigmaUnitsPerSqrtSec} must be a finite number ≥ 0`);
  if (!Number.isFinite(m.etaUnitsPerRate) || m.etaUnitsPerRate <= 0) throw new RangeError(`model.etaUnitsPerRate ${m.etaUnitsPerRate} must be a finite number > 0`);
}

/**
 * Cumulative fractions f_1..f_N of the Almgren-Chriss (2000) optimal schedule for risk aversion
 * λ over `horizonSec` in N periods: f_k = 1 − x_k/X with x_k = sinh(κ(T − t_k))/sinh(κT)·X from
 * main/market/ac-world's `optimalTrajectory` (permanent impact γ = 0 and ε = 0: neither changes
 * the optimal trajectory beyond η̃ = η). When κT < 1e-8 (λ → 0) the result is EXACTLY the linear
 * k/N (TWAP). Invariant: 0 < f_1 < … < f_N = 1; larger λ ⇒ every f_k larger (more front-loaded).
 */
export function acCumulativeFractions(model: ACModel, horizonSec: number, periods: number, lambda: number): number[] {
  const p: ACParams = { S0: 1, sigma: model.sigmaUnitsPerSqrtSec, epsilon: 0, gamma: 0, eta: model.etaUnitsPerRate, T: horizonSec, N: periods };
  const traj = optimalTrajectory(p, 1, lambda);
  const out: number[] = [];
  for (let k = 1; k <= periods; k++) out.push(traj.kappa * horizonSec < 1e-8 ? k / periods : 1 - traj.holdings[k]!);
  out[periods - 1] = 1;
  return out;
}

/**
 * Almgren-Chriss: the closed-form mean-variance schedule for the parent's risk aversion λ
 * (`spec.riskAversion`), computed ONCE at startNs from `model` and mapped onto the horizon's
 * N slices (period k = slice k). Cumulative target by the end of slice k = round(quantity ×
 * f_{k+1}) (`acCumulativeFractions`); λ = 0 gives TWAP's linear schedule exactly. Placement is
 * `SlicedExecutor`'s, exactly: passive pegged at our touch, IOC at the opposite best for the
 * slice's shortfall at each slice end, passive catch-up, final sweep at endNs.
 */
export class AlmgrenChrissExecutor extends SlicedExecutor {
  readonly model: ACModel;
  private fractions: number[] = [];
  private linear = true;

  constructor(ctx: ExecutionContext, spec: ParentOrderSpec, opts: ACOptions) {
    super(ctx, spec, opts);
    checkACModel(opts.model);
    this.model = opts.model;
  }

  /** The planned cumulative fractions (empty before start). */
  get schedule(): readonly number[] {
    return this.fractions;
  }

  protected override onStart(): void {
    const horizonSec = (this.spec.endNs - this.spec.startNs) / 1e9;
    this.fractions = acCumulativeFractions(this.model, horizonSec, this.slices, this.spec.riskAversion);
    this.linear = this.fractions.every((f, i) => f === (i + 1) / this.slices);
    super.onStart();
  }

  protected cumulativeTarget(k: number): number {
    // The linear limit uses TWAP's exact arithmetic, so λ = 0 reproduces TWAP child for child.
    if (this.linear) return Math.round((this.spec.quantity * (k + 1)) / this.slices);
    return Math.round(this.spec.quantity * this.fractions[k]!);
  }
}
