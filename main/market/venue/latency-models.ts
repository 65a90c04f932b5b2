import type { Rng } from '../../kernel/rng.js';
import type { LatencyKind, LatencyModel } from './venue.js';

/** Throws unless `x` is a finite number ≥ 0 (latency parameters are checked once, at construction). */
function nonNegative(what: string, x: number): number {
  if (!(x >= 0 && Number.isFinite(x))) throw new RangeError(`${what} must be a finite number >= 0, got ${x}`);
  return x;
}

/**
 * Every message of every kind is delayed by exactly `delayNs` (rounded to whole ns).
 * Invariant: deterministic, draws nothing from the Rng.
 */
export class ConstantLatency implements LatencyModel {
  readonly name: string;
  private readonly ns: number;

  constructor(delayNs: number) {
    this.ns = Math.round(nonNegative('ConstantLatency: delayNs', delayNs));
    this.name = `constant(${this.ns}ns)`;
  }

  skipDraws(): void {
    // Draws nothing.
  }

  delayNs(_kind: LatencyKind, _rng: Rng, _load: number): number {
    return this.ns;
  }
}

/** Parameters of `LognormalLatency`. */
export interface LognormalLatencyParams {
  /** Median delay in ns (> 0): the delay is median × e^(sigma·Z). */
  medianNs: number;
  /** Log-scale spread (≥ 0); 0 makes it constant. */
  sigma: number;
  /** Delays are clamped to [minNs, maxNs] (defaults 0 and +∞). */
  minNs?: number;
  maxNs?: number;
}

/**
 * Delay = round(clamp(medianNs × exp(sigma × Z), minNs, maxNs)) with Z ~ N(0, 1) drawn from the
 * venue's Rng (one normal per message). So ln(delay) ~ N(ln median, sigma²): the median is
 * `medianNs` and the mean is median × e^(sigma²/2). Same kind-independent law for every message
 * kind (combine with `PerKindLatency` to give kinds their own laws).
 */
export class LognormalLatency implements LatencyModel {
  readonly name: string;
  private readonly mu: number;
  private readonly sigma: number;
  private readonly minNs: number;
  private readonly maxNs: number;

  constructor(p: LognormalLatencyParams) {
    if (!(p.medianNs > 0 && Number.isFinite(p.medianNs))) throw new RangeError(`LognormalLatency: medianNs must be > 0, got ${p.medianNs}`);
    this.sigma = nonNegative('LognormalLatency: sigma', p.sigma);
    this.minNs = nonNegative('LognormalLatency: minNs', p.minNs ?? 0);
    this.maxNs = p.maxNs ?? Number.POSITIVE_INFINITY;
    if (!(this.maxNs >= this.minNs)) throw new RangeError(`LognormalLatency: maxNs (${this.maxNs}) must be >= minNs (${this.minNs})`);
    this.mu = Math.log(p.medianNs);
    this.name = `lognormal(median ${p.medianNs}ns, sigma ${p.sigma})`;
  }

  /** One normal per delay: skipping draws the normals only (no exp, no rounding). */
  skipDraws(_kind: LatencyKind, rng: Rng, n: number): void {
    for (let i = 0; i < n; i++) rng.normal();
  }

  /** The longest delay this model gives (its `maxNs` clip; Infinity when unclipped). */
  get maxDelayNs(): number {
    return this.maxNs;
  }

  delayNs(_kind: LatencyKind, rng: Rng, _load: number): number {
    const d = rng.lognormal(this.mu, this.sigma);
    return Math.round(d < this.minNs ? this.minNs : d > this.maxNs ? this.maxNs : d);
  }
}

/**
 * One model per message kind: order entry (new orders), cancel (cancels and cancel-replaces),
 * acknowledgement (every venue → client event) and market data. `cancel` defaults to the entry
 * model. Invariant: a message of kind k is delayed by exactly `models[k].delayNs(k, rng, load)`.
 */
export class PerKindLatency implements LatencyModel {
  readonly name: string;
  private readonly byKind: Record<LatencyKind, LatencyModel>;

  constructor(models: { entry: LatencyModel; ack: LatencyModel; marketData: LatencyModel; cancel?: LatencyModel }) {
    this.byKind = { entry: models.entry, ack: models.ack, marketData: models.marketData, cancel: models.cancel ?? models.entry };
    const k = this.byKind;
    this.name = `per-kind(entry ${k.entry.name}, cancel ${k.cancel.name}, ack ${k.ack.name}, md ${k.marketData.name})`;
  }

  delayNs(kind: LatencyKind, rng: Rng, load: number): number {
    return this.byKind[kind].delayNs(kind, rng, load);
  }

  skipDraws(kind: LatencyKind, rng: Rng, n: number): void {
    skipDraws(this.byKind[kind], kind, rng, n);
  }
}

/** Parameters of `LoadDependentLatency`. */
export interface LoadDependentParams {
  /** The delay at zero load. */
  base: LatencyModel;
  /** Message rate (per second) at which the load factor is 2^exponent. > 0. */
  capacityPerSec: number;
  /** How steeply delay rises with load (default 1). ≥ 0. */
  exponent?: number;
  /** Largest load factor (default 10). ≥ 1. */
  maxFactor?: number;
}

/**
 * Congestion: delay = round(base × min(maxFactor, (1 + load / capacityPerSec)^exponent)), where
 * `load` is the venue's recent message rate per second (see `MessageRateMeter`) and `base` is the
 * base model's draw for the same kind. At zero load it equals the base model; it never exceeds
 * maxFactor × base.
 */
export class LoadDependentLatency implements LatencyModel {
  readonly name: string;
  private readonly base: LatencyModel;
  private readonly capacity: number;
  private readonly exponent: number;
  private readonly maxFactor: number;

  constructor(p: LoadDependentParams) {
    if (!(p.capacityPerSec > 0 && Number.isFinite(p.capacityPerSec))) throw new RangeError(`LoadDependentLatency: capacityPerSec must be > 0, got ${p.capacityPerSec}`);
    this.base = p.base;
    this.capacity = p.capacityPerSec;
    this.exponent = nonNegative('LoadDependentLatency: exponent', p.exponent ?? 1);
    this.maxFactor = p.maxFactor ?? 10;
    if (!(this.maxFactor >= 1)) throw new RangeError(`LoadDependentLatency: maxFactor must be >= 1, got ${this.maxFactor}`);
    this.name = `load(${p.base.name}, capacity ${p.capacityPerSec}/s, k ${this.exponent}, cap x${this.maxFactor})`;
  }

  /** The multiplier applied to the base delay at `load` messages per second. */
  factor(load: number): number {
    const f = Math.pow(1 + Math.max(0, load) / this.capacity, this.exponent);
    return f < this.maxFactor ? f : this.maxFactor;
  }

  delayNs(kind: LatencyKind, rng: Rng, load: number): number {
    return Math.round(this.base.delayNs(kind, rng, load) * this.factor(load));
  }

  skipDraws(kind: LatencyKind, rng: Rng, n: number): void {
    skipDraws(this.base, kind, rng, n);
  }
}

/**
 * The venue's recent message rate, as an exponentially weighted count: rate(t) = Σ_i n_i ×
 * e^(−(t − t_i)/window) / window(s), over messages n_i at times t_i ≤ t. A steady flow of r
 * messages per second reads ≈ r. Invariant: times passed to `add` never decrease (earlier times
 * are treated as the last one); the rate is ≥ 0.
 */
export class MessageRateMeter {
  private level = 0;
  private lastNs = 0;
  private readonly windowSec: number;

  constructor(private readonly windowNs = 1e9) {
    if (!(windowNs > 0)) throw new RangeError(`MessageRateMeter: windowNs must be > 0, got ${windowNs}`);
    this.windowSec = windowNs / 1e9;
  }

  /** Counts `n` messages at `tsNs`. */
  add(tsNs: number, n = 1): void {
    this.decayTo(tsNs);
    this.level += n;
  }

  /** The meter's state (a checkpoint: restore with `restore`). */
  snapshot(): { readonly level: number; readonly lastNs: number } {
    return { level: this.level, lastNs: this.lastNs };
  }

  /** Back to a state `snapshot` returned. */
  restore(s: { readonly level: number; readonly lastNs: number }): void {
    this.level = s.level;
    this.lastNs = s.lastNs;
  }

  /** Messages per second as of `tsNs`. */
  rate(tsNs: number): number {
    this.decayTo(tsNs);
    return this.level / this.windowSec;
  }

  private decayTo(tsNs: number): void {
    if (tsNs > this.lastNs) {
      if (this.level > 0) this.level *= Math.exp(-(tsNs - this.lastNs) / this.windowNs);
      this.lastNs = tsNs;
    }
  }
}

/** Advances `rng` as `n` delays of `kind` from `model` would (its `skipDraws`, else `n` real draws at load 0). */
export function skipDraws(model: LatencyModel, kind: LatencyKind, rng: Rng, n: number): void {
  if (model.skipDraws) model.skipDraws(kind, rng, n);
  else for (let i = 0; i < n; i++) model.delayNs(kind, rng, 0);
}
