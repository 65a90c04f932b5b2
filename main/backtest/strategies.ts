import type { AlgorithmConfig, AlgorithmName, ACModel, VolumeCurve } from '../execution/algorithms/index.js';
import type { StrategyParams } from './backtest-config.js';
import type { ACWorldParams } from '../market/ac-world/ac-world-params.js';
import { metaorderShiftUnits, type ImpactKernel } from '../market/impact/propagator.js';

/**
 * What a backtest measured on a path by the order's start, from the look-back window only (no
 * look-ahead), to set the Almgren-Chriss / adaptive-shortfall model. Units: price units, size
 * units, seconds. Invariants: `sigmaUnitsPerSqrtSec` > 0 and finite; `etaUnitsPerRate` > 0 and
 * finite; `riskAversion` ≥ 0 and finite; `sigmaEstimated` false when the default σ was used.
 */
export interface PathModel {
  readonly sigmaUnitsPerSqrtSec: number;
  readonly sigmaEstimated: boolean;
  readonly etaUnitsPerRate: number;
  readonly riskAversion: number;
  readonly spreadUnits: number;
  /**
   * What η stands for, per share, in price units, for a uniform schedule of the parent (η·Q/T =
   * their sum): half the spread, walking the book's depth with one slice, and the day's impact
   * (the propagator's mean shift over the execution). Absent where η came from elsewhere (the AC
   * world's own η).
   */
  readonly etaParts?: { readonly halfSpread: number; readonly depthWalk: number; readonly dayImpact: number };
  /** Where the model came from: estimated on the path's look-back and book, or the AC world's true parameters. */
  readonly source?: 'estimated' | 'ac-world';
}

/**
 * What the book and the day say about liquidity at the order's start, for η: `touchDepth` = mean
 * size per visible level on the side we take (size units; ≤ 0 / NaN = unknown), `slices` = the
 * schedule's slices (one slice crosses at a time), `kernel` = the day's calibrated propagator
 * (recorded days with impact), whose mean shift during a uniform execution is a cost we pay.
 */
export interface PathLiquidity {
  readonly touchDepth: number;
  readonly slices: number;
  readonly kernel?: ImpactKernel;
}

/** Increments of the look-back mid needed before σ̂ replaces the default of one tick per √s. */
export const MIN_SIGMA_INCREMENTS = 20;

/**
 * The model of a path at the order's start:
 * - σ̂ = √(Σ Δmid² / Σ Δt) over the look-back mid samples (price units per √s) when at least
 *   `MIN_SIGMA_INCREMENTS` increments between two-sided mids exist and σ̂ > 0; otherwise ONE
 *   TICK per √s (a quiet large-cap: AMZN 2012 moved ≈ 3 ticks/√s);
 * - η = c / (Q / T), c = the cost per share of trading the parent uniformly over the horizon:
 *   half the spread at start (spread ≥ one tick), plus — with `liquidity` — walking the book
 *   with one slice q = Q/N (tick·q / (2·touchDepth): a linear book of `touchDepth` per tick),
 *   plus the day's impact: the mean over the execution of the propagator's shift for a constant
 *   rate Q/T (1/T ∫_0^T (Q/T)·∫_0^t G, midpoint rule). Half the spread alone (≈ 0.6 bps for
 *   2,000 AMZN over 30 minutes) was an order of magnitude below the 8–26 bps realised;
 * - λ = (urgency / T)² · η / σ̂², so that the Almgren-Chriss urgency κ = √(λσ̂²/η) gives
 *   κT = urgency: the static schedule's shape is set by `urgency` alone, while the adaptive
 *   strategy re-estimates σ̂ and re-scales λ as prices move.
 */
export function estimatePathModel(
  lookback: { readonly t: readonly number[]; readonly mid: readonly number[] },
  spreadUnits: number, tickUnits: number, quantityUnits: number, horizonSec: number, urgency: number, liquidity?: PathLiquidity,
): PathModel {
  let ss = 0;
  let dt = 0;
  let n = 0;
  for (let i = 1; i < lookback.t.length; i++) {
    const a = lookback.mid[i - 1]!;
    const b = lookback.mid[i]!;
    if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
    ss += (b - a) ** 2;
    dt += (lookback.t[i]! - lookback.t[i - 1]!) / 1e9;
    n++;
  }
  const est = n >= MIN_SIGMA_INCREMENTS && dt > 0 ? Math.sqrt(ss / dt) : 0;
  const sigmaEstimated = est > 0 && Number.isFinite(est);
  const sigma = sigmaEstimated ? est : tickUnits;
  const spread = Number.isFinite(spreadUnits) && spreadUnits > tickUnits ? spreadUnits : tickUnits;
  const halfSpread = spread / 2;
  const slice = liquidity ? quantityUnits / liquidity.slices : 0;
  const depthWalk = liquidity && liquidity.touchDepth > 0 ? (tickUnits * slice) / (2 * liquidity.touchDepth) : 0;
  const dayImpact = liquidity?.kernel ? meanUniformShift(liquidity.kernel, quantityUnits, horizonSec) : 0;
  const eta = (halfSpread + depthWalk + dayImpact) / (quantityUnits / horizonSec);
  const riskAversion = ((urgency / horizonSec) ** 2 * eta) / (sigma * sigma);
  return {
    sigmaUnitsPerSqrtSec: sigma, sigmaEstimated, etaUnitsPerRate: eta, riskAversion, spreadUnits: spread,
    ...(liquidity ? { etaParts: { halfSpread, depthWalk, dayImpact } } : {}), source: 'estimated',
  };
}

/** Mean propagator shift (price units) while Q is traded at a constant rate over `horizonSec`. */
export function meanUniformShift(kernel: ImpactKernel, quantityUnits: number, horizonSec: number): number {
  const T = horizonSec * 1e9;
  const rate = quantityUnits / T;
  const n = 64;
  let s = 0;
  for (let i = 0; i < n; i++) s += metaorderShiftUnits(kernel, rate, ((i + 0.5) * T) / n);
  return s / n;
}

/**
 * The path model of the Almgren-Chriss world: its TRUE σ and η (no estimation: the world is the
 * model), in price units (1/10,000 $), λ from the urgency as in `estimatePathModel`.
 */
export function acWorldModel(p: ACWorldParams, horizonSec: number, urgency: number): PathModel {
  const sigma = p.sigma * 10_000;
  const eta = p.eta * 10_000;
  const riskAversion = sigma > 0 ? ((urgency / horizonSec) ** 2 * eta) / (sigma * sigma) : 0;
  return { sigmaUnitsPerSqrtSec: sigma, sigmaEstimated: false, etaUnitsPerRate: eta, riskAversion, spreadUnits: 2 * p.epsilon * 10_000, source: 'ac-world' };
}

/** Stylized US-equity intraday volume in 13 half-hour bins from 09:30 to 16:00 (% of the day; U-shaped). */
export const INTRADAY_VOLUME_PCT: readonly number[] = [13, 9, 7.5, 6.5, 6, 5.5, 5, 5, 5.5, 6, 7, 8.5, 15.5];

/**
 * The VWAP volume curve on a path's scheduler clock: `INTRADAY_VOLUME_PCT` with 09:30 at
 * `openNs` (scheduler ns). Both path kinds are anchored at 09:30 (a LOBSTER day's scheduler time
 * is ns since local midnight; an agent-based session starts at 09:30), so it needs no data from
 * the path itself (no look-ahead). Over a horizon inside one bin it is uniform: VWAP = TWAP.
 */
export function intradayCurve(openNs: number): VolumeCurve {
  const bin = 1_800e9;
  return { edgesNs: INTRADAY_VOLUME_PCT.map((_, i) => openNs + i * bin).concat(openNs + INTRADAY_VOLUME_PCT.length * bin), volumes: [...INTRADAY_VOLUME_PCT] };
}

const OPEN_TOD_NS = 34_200e9;
const HALF_HOUR_NS = 1_800e9;

/**
 * The stylized U-shaped day at a fine resolution: the volume DENSITY runs piecewise-linearly
 * through the centres of the 13 half-hour bins of `INTRADAY_VOLUME_PCT` (the first and last
 * pieces extended to the open and the close, which keeps every half hour's total; 0 outside
 * 09:30–16:00 at `openNs`), cut into bins of `binNs` over
 * [fromNs, toNs] (volume of a bin = density at its middle × width). Unlike `intradayCurve`, it is
 * not flat inside a half hour, so VWAP differs from TWAP on short horizons where the day's curve
 * has a slope (strongly near the open and the close, little at midday). Invariant: a valid
 * `VolumeCurve` with ⌈(toNs − fromNs) / binNs⌉ bins.
 */
export function smoothIntradayCurve(openNs: number, fromNs: number, toNs: number, binNs: number): VolumeCurve {
  if (!(toNs > fromNs) || !(binNs > 0)) throw new RangeError(`smoothIntradayCurve: need toNs > fromNs and binNs > 0, got [${fromNs}, ${toNs}] and ${binNs}`);
  const pct = INTRADAY_VOLUME_PCT;
  const closeNs = openNs + pct.length * HALF_HOUR_NS;
  const density = (t: number): number => {
    if (t < openNs || t >= closeNs) return 0;
    const x = (t - openNs) / HALF_HOUR_NS - 0.5; // in bin-centre units
    // Linear between centres, extended with the first / last slope to the open / close.
    const i = Math.min(pct.length - 2, Math.max(0, Math.floor(x)));
    return Math.max(0, pct[i]! + (pct[i + 1]! - pct[i]!) * (x - i));
  };
  const edgesNs: number[] = [fromNs];
  const volumes: number[] = [];
  for (let a = fromNs; a < toNs; a += binNs) {
    const b = Math.min(toNs, a + binNs);
    volumes.push(density((a + b) / 2) * (b - a) / HALF_HOUR_NS);
    edgesNs.push(b);
  }
  return { edgesNs, volumes };
}

/**
 * The bin width of a VWAP curve "at the horizon's resolution": a quarter of a slice, at least
 * 1 s — so every slice's share of volume comes from several bins of the curve.
 */
export function vwapBinNs(horizonSec: number, slices: number): number {
  return Math.max(1e9, Math.floor((horizonSec * 1e9) / (4 * slices)));
}

/**
 * How far VWAP's schedule is from TWAP's: max over slices k of |cumulative target_k −
 * round(Q·(k+1)/N)| / Q, from the targets VWAP decided. 0 = identical schedules.
 */
export function scheduleDeviationFromTwap(targets: readonly number[], quantity: number): number {
  const n = targets.length;
  let worst = 0;
  for (let k = 0; k < n; k++) worst = Math.max(worst, Math.abs(targets[k]! - Math.round((quantity * (k + 1)) / n)) / quantity);
  return worst;
}

/** VWAP's schedule counts as TWAP's when no cumulative target differs by more than this fraction of the parent. */
export const SAME_SCHEDULE_FRACTION = 0.005;

/** A time-of-day curve moved onto a path's scheduler clock (`offsetNs` = scheduler time of midnight). */
function shiftCurve(c: VolumeCurve, offsetNs: number): VolumeCurve {
  return { edgesNs: c.edgesNs.map((e) => e + offsetNs), volumes: c.volumes };
}

/** The scheduler time of 09:30 for a path whose time 0 is `baseEpochNs`. */
export function sessionOpenNs(baseEpochNs: bigint): number {
  const day = 86_400_000_000_000n;
  return 34_200e9 - Number(((baseEpochNs % day) + day) % day);
}

/** Whether a strategy needs the path model (λ, σ, η). */
export function needsModel(name: AlgorithmName): boolean {
  return name === 'almgren-chriss' || name === 'adaptive-shortfall';
}

/**
 * The `createExecutor` config of each strategy in a backtest:
 * twap / vwap / almgren-chriss / adaptive-shortfall: `params.slices` slices (VWAP on
 * `params.volumeCurve` moved onto the path's clock, else `pathCurve` — the path's own curve at the
 * horizon's resolution, see `JobRun` — else the half-hour `intradayCurve`; AC and adaptive
 * shortfall on the path's `PathModel`, λ in the parent's `riskAversion`); pov: rate
 * `params.povRate`; immediate, submit-and-leave: their defaults. A `pathCurve` of null means the
 * path's volume is flat: VWAP is then uniform (TWAP's schedule).
 */
export function algorithmFor(name: AlgorithmName, params: StrategyParams, model: PathModel | null, openNs: number, pathCurve?: VolumeCurve | null): AlgorithmConfig {
  const acModel = (): ACModel => {
    if (!model) throw new RangeError(`${name} needs the path model`);
    return { sigmaUnitsPerSqrtSec: model.sigmaUnitsPerSqrtSec, etaUnitsPerRate: model.etaUnitsPerRate };
  };
  switch (name) {
    case 'twap':
      return { name, slices: params.slices };
    case 'vwap':
      if (params.volumeCurve) return { name, slices: params.slices, curve: shiftCurve(params.volumeCurve, openNs - OPEN_TOD_NS) };
      if (pathCurve === null) return { name, slices: params.slices };
      return { name, slices: params.slices, curve: pathCurve ?? intradayCurve(openNs) };
    case 'pov':
      return { name, rate: params.povRate };
    case 'almgren-chriss':
      return { name, slices: params.slices, model: acModel() };
    case 'adaptive-shortfall':
      return { name, slices: params.slices, model: acModel() };
    case 'immediate':
      return { name };
    case 'submit-and-leave':
      return { name };
  }
}
