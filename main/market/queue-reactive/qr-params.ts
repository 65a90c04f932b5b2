import type { InstrumentSpec } from '../../domain/instrument.js';

/**
 * Parameters of the queue-reactive market (see README.md), as fitted by `fitQueueReactive` or
 * written by hand. Rates are per second and per side (both sides share them: the fit pools bid
 * and ask). Queue state n = ceil(displayed size at the touch / `aesUnits`), capped at `buckets`;
 * index 0 of the rate arrays is unused (a touch with no size does not exist).
 *
 * Invariants (checked by `validateQrParams`): `aesUnits` > 0; `buckets` ≥ 1 and each of
 * `limitRate`, `cancelRate`, `marketRate` has `buckets + 1` finite entries ≥ 0; `insideRate[s]`
 * is the rate of a new best price inside a spread of s ticks (index 0 and 1 unused, s capped at
 * `insideRate.length − 1`); every `*Sizes` / `gapTicks` / `insideTicks` sample is non-empty,
 * sorted ascending, of positive integers; `initialSpreadTicks` ≥ 1; `initialMidUnits` > 0.
 */
export interface QrParams {
  readonly instrument: InstrumentSpec;
  /** Where the parameters came from (data file, date) — shown in reports. */
  readonly source: string;
  /** Average event size at the touch (size units): the unit of the queue state. */
  readonly aesUnits: number;
  readonly buckets: number;
  readonly limitRate: readonly number[];
  readonly cancelRate: readonly number[];
  readonly marketRate: readonly number[];
  readonly insideRate: readonly number[];
  /** Empirical quantiles (ascending) of: limit-order sizes at the touch, cancel sizes, market-order sizes. */
  readonly limitSizes: readonly number[];
  readonly cancelSizes: readonly number[];
  readonly marketSizes: readonly number[];
  /** Size at a level revealed when the touch empties. */
  readonly refillSizes: readonly number[];
  /** Size at a new inside price (optional; default `refillSizes`). */
  readonly insideSizes?: readonly number[];
  /** Ticks the touch moves back when its queue empties. */
  readonly gapTicks: readonly number[];
  /** Ticks a new inside price improves on the old touch (capped at spread − 1). */
  readonly insideTicks: readonly number[];
  readonly initialMidUnits: number;
  readonly initialSpreadTicks: number;
  /** Seconds of the fitted session (the stylized-facts comparison simulates this long). */
  readonly sessionSec: number;
  /**
   * Intraday seasonality (optional; absent = flat): every rate is multiplied by
   * `seasonality[k]` during [k, k + 1) × `seasonBinSec` after the session's start (time 0), the
   * last entry beyond. The fitted rates are the de-seasonalised ones (time-weighted mean of the
   * multipliers over the fitted day = 1).
   */
  readonly seasonBinSec?: number;
  readonly seasonality?: readonly number[];
}

function sortedPositive(name: string, xs: readonly number[], bad: string[]): void {
  if (xs.length === 0) bad.push(`${name}: needs at least one value`);
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!;
    if (!(Number.isSafeInteger(x) && x > 0)) {
      bad.push(`${name}[${i}] ${x} must be a positive integer`);
      return;
    }
    if (i > 0 && x < xs[i - 1]!) {
      bad.push(`${name}[${i}] ${x} must be ≥ the one before (${xs[i - 1]}): samples are sorted ascending`);
      return;
    }
  }
}

function rates(name: string, xs: readonly number[], n: number, bad: string[]): void {
  if (xs.length !== n) bad.push(`${name}: expected ${n} entries, got ${xs.length}`);
  xs.forEach((x, i) => {
    if (!(Number.isFinite(x) && x >= 0)) bad.push(`${name}[${i}] ${x} must be a finite rate ≥ 0 (per second)`);
  });
}

/** Throws a RangeError naming every field that breaks an invariant of `QrParams`. */
export function validateQrParams(p: QrParams): QrParams {
  const bad: string[] = [];
  if (!(p.aesUnits > 0 && Number.isFinite(p.aesUnits))) bad.push(`aesUnits ${p.aesUnits} must be > 0`);
  if (!(Number.isInteger(p.buckets) && p.buckets >= 1 && p.buckets <= 1000)) bad.push(`buckets ${p.buckets} must be an integer in [1, 1000]`);
  else {
    rates('limitRate', p.limitRate, p.buckets + 1, bad);
    rates('cancelRate', p.cancelRate, p.buckets + 1, bad);
    rates('marketRate', p.marketRate, p.buckets + 1, bad);
  }
  if (p.insideRate.length < 2) bad.push(`insideRate: needs at least 2 entries (index = spread in ticks), got ${p.insideRate.length}`);
  else rates('insideRate', p.insideRate, p.insideRate.length, bad);
  sortedPositive('limitSizes', p.limitSizes, bad);
  sortedPositive('cancelSizes', p.cancelSizes, bad);
  sortedPositive('marketSizes', p.marketSizes, bad);
  sortedPositive('refillSizes', p.refillSizes, bad);
  if (p.insideSizes !== undefined) sortedPositive('insideSizes', p.insideSizes, bad);
  sortedPositive('gapTicks', p.gapTicks, bad);
  sortedPositive('insideTicks', p.insideTicks, bad);
  if (!(Number.isInteger(p.initialSpreadTicks) && p.initialSpreadTicks >= 1)) bad.push(`initialSpreadTicks ${p.initialSpreadTicks} must be an integer ≥ 1`);
  if (!(p.initialMidUnits > 0 && Number.isFinite(p.initialMidUnits))) bad.push(`initialMidUnits ${p.initialMidUnits} must be > 0`);
  if (!(p.instrument.tickSizeUnits >= 1)) bad.push(`instrument.tickSizeUnits ${p.instrument.tickSizeUnits} must be ≥ 1 (the model moves in ticks)`);
  if (!(p.sessionSec > 0)) bad.push(`sessionSec ${p.sessionSec} must be > 0`);
  if (p.seasonality !== undefined) {
    if (!(p.seasonBinSec !== undefined && p.seasonBinSec > 0 && Number.isFinite(p.seasonBinSec))) bad.push(`seasonBinSec ${p.seasonBinSec} must be > 0 with seasonality`);
    if (p.seasonality.length === 0) bad.push('seasonality: needs at least one multiplier');
    p.seasonality.forEach((x, i) => {
      if (!(x > 0 && Number.isFinite(x))) bad.push(`seasonality[${i}] ${x} must be a finite multiplier > 0`);
    });
  }
  if (bad.length > 0) throw new RangeError(`queue-reactive params (${p.source}): ${bad.join('; ')}`);
  return p;
}

/** `count` evenly spaced quantiles of `values` (sorted ascending, rounded to integers ≥ 1): a compact empirical distribution. */
export function quantileSample(values: ArrayLike<number>, count = 128): number[] {
  const v = Float64Array.from(values).sort();
  if (v.length === 0) return [];
  const n = Math.min(count, v.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(Math.max(1, Math.round(v[Math.floor(((i + 0.5) / n) * v.length)]!)));
  return out;
}
