import type { ExecutionContext } from '../execution-context.js';
import type { ParentOrderSpec } from '../parent-order.js';
import { acCumulativeFractions, checkACModel, type ACModel, type ACOptions } from './almgren-chriss-executor.js';
import { SlicedExecutor } from './sliced-executor.js';

/** Options of `AdaptiveShortfallExecutor`. Invariants: window > 0, minSamples ≥ 2, base ≥ 1, zMax ≥ 0. */
export interface AdaptiveOptions extends ACOptions {
  /** Look-back of the volatility estimate, seconds (default 60). */
  readonly volWindowSec?: number;
  /** Mid increments needed in the window before σ̂ replaces `model.sigmaUnitsPerSqrtSec` (default 10). */
  readonly minVolSamples?: number;
  /** λ is multiplied by `favourBase` per standard deviation of favourable move (default 2). */
  readonly favourBase?: number;
  /** The move in standard deviations is clamped to ±zMax (default 2). */
  readonly zMax?: number;
}

/**
 * What the adaptive executor decided at one slice start. Invariants: `lambda ===
 * adaptiveLambda(λ, z)`; `sigma` > 0 or the model's σ; `cumulativeTarget` is before the
 * executor's clamping to [previous target, quantity].
 */
export interface AdaptiveDecision {
  readonly slice: number;
  /** σ̂ used, price units per √s. */
  readonly sigma: number;
  /** Favourable move since arrival in standard deviations (before clamping). */
  readonly z: number;
  /** The effective risk aversion λ_k. */
  readonly lambda: number;
  /** Quantity the schedule still had to do at this slice start. */
  readonly remaining: number;
  readonly cumulativeTarget: number;
}

/**
 * The adaptation rule: λ_k = λ · base^clamp(z, −zMax, zMax) ("aggressive in the money"):
 * z > 0 (price moved in our favour) ⇒ larger λ ⇒ more front-loaded; z < 0 ⇒ less.
 */
export function adaptiveLambda(lambda: number, z: number, base = 2, zMax = 2): number {
  if (!Number.isFinite(z)) return lambda;
  return lambda * base ** Math.min(zMax, Math.max(-zMax, z));
}

/**
 * Adaptive implementation shortfall: the Almgren-Chriss schedule re-optimised at every slice
 * start for what remains. Rule, exactly, at slice k's start t_k (k ≥ 1; slice 0 is the static
 * AC schedule with `model`):
 * - σ̂ = √(Σ Δmid² / Σ Δt) over the mids sampled at each heartbeat in the last `volWindowSec`
 *   (price units per √s); `model.sigmaUnitsPerSqrtSec` until `minVolSamples` increments exist;
 * - z = side × (arrival mid − mid now) / (σ̂ √(t_k − startNs)) — positive when the price moved
 *   in our favour (down for a buy, up for a sell); arrival mid = mid at startNs; z = 0 if
 *   undefined;
 * - λ_k = `adaptiveLambda(λ, z)`: ×2 per standard deviation favourable, ÷2 per standard
 *   deviation adverse, clamped to ±2 standard deviations;
 * - R = quantity − target(k−1); the AC trajectory for R over the remaining N − k slices and
 *   time (σ̂, η, λ_k) gives this slice's trade: target(k) = target(k−1) + R·f'_1.
 * Placement is `SlicedExecutor`'s, exactly: passive pegged at our touch, IOC at the opposite
 * best for the slice's shortfall at each slice end, passive catch-up, final sweep at endNs.
 */
export class AdaptiveShortfallExecutor extends SlicedExecutor {
  readonly model: ACModel;
  /** One per slice 0..N−2 (the last slice's target is the whole quantity: nothing to decide). */
  readonly decisions: AdaptiveDecision[] = [];
  private readonly windowNs: number;
  private readonly minSamples: number;
  private readonly base: number;
  private readonly zMax: number;
  private readonly sampleT: number[] = [];
  private readonly sampleMid: number[] = [];
  private arrivalMid = NaN;

  constructor(ctx: ExecutionContext, spec: ParentOrderSpec, opts: AdaptiveOptions) {
    super(ctx, spec, opts);
    checkACModel(opts.model);
    this.model = opts.model;
    this.windowNs = (opts.volWindowSec ?? 60) * 1e9;
    this.minSamples = opts.minVolSamples ?? 10;
    this.base = opts.favourBase ?? 2;
    this.zMax = opts.zMax ?? 2;
    if (!(this.windowNs > 0)) throw new RangeError(`volWindowSec ${opts.volWindowSec} must be > 0`);
    if (!(this.minSamples >= 2)) throw new RangeError(`minVolSamples ${this.minSamples} must be ≥ 2`);
    if (!(this.base >= 1)) throw new RangeError(`favourBase ${this.base} must be ≥ 1`);
    if (!(this.zMax >= 0)) throw new RangeError(`zMax ${this.zMax} must be ≥ 0`);
  }

  /** σ̂ from the sampled mid path (price units per √s), or the model's σ with too few samples. */
  sigmaEstimate(): number {
    const now = this.ctx.now();
    let ss = 0;
    let dt = 0;
    let n = 0;
    for (let i = this.sampleT.length - 1; i > 0; i--) {
      if (now - this.sampleT[i - 1]! > this.windowNs) break;
      const d = this.sampleMid[i]! - this.sampleMid[i - 1]!;
      ss += d * d;
      dt += (this.sampleT[i]! - this.sampleT[i - 1]!) / 1e9;
      n++;
    }
    return n >= this.minSamples && dt > 0 ? Math.sqrt(ss / dt) : this.model.sigmaUnitsPerSqrtSec;
  }

  protected override onStart(): void {
    this.arrivalMid = this.ctx.book.mid();
    this.sample();
    super.onStart();
  }

  protected override onHeartbeat(): void {
    this.sample();
    super.onHeartbeat();
  }

  protected cumulativeTarget(k: number, plannedBefore: number): number {
    const q = this.spec.quantity;
    const remaining = q - plannedBefore;
    const now = this.ctx.now();
    const sigma = this.sigmaEstimate();
    const mid = this.ctx.book.mid();
    const elapsedSec = (now - this.spec.startNs) / 1e9;
    const denom = sigma * Math.sqrt(elapsedSec);
    const zRaw = k > 0 && denom > 0 && Number.isFinite(mid) && Number.isFinite(this.arrivalMid) ? (this.spec.side * (this.arrivalMid - mid)) / denom : 0;
    const lambda = adaptiveLambda(this.spec.riskAversion, zRaw, this.base, this.zMax);
    const periods = this.slices - k;
    const horizonSec = (this.spec.endNs - this.boundaryNs(k)) / 1e9;
    const f1 = acCumulativeFractions({ sigmaUnitsPerSqrtSec: sigma, etaUnitsPerRate: this.model.etaUnitsPerRate }, horizonSec, periods, lambda)[0]!;
    const target = Math.round(plannedBefore + remaining * f1);
    this.decisions.push({ slice: k, sigma, z: zRaw, lambda, remaining, cumulativeTarget: target });
    return target;
  }

  private sample(): void {
    const m = this.ctx.book.mid();
    if (!Number.isFinite(m)) return;
    this.sampleT.push(this.ctx.now());
    this.sampleMid.push(m);
  }
}
