import { optimalCostMoments, type ACParams } from '../market/ac-world/almgren-chriss.js';
import type { PathSim } from './what-if/path-sim.js';

/** The shortest window σ and η are estimated over; a start earlier than this looks ahead to it (documented look-ahead). */
export const MIN_ESTIMATION_SEC = 10;
/** Sampling step of the mid for σ, seconds. */
const SAMPLE_SEC = 0.5;

/** Periods of the schedule (and AC slices) for a horizon: about one per 5 s, 4 to 20. */
export function periodsFor(horizonSec: number): number {
  return Math.max(4, Math.min(20, Math.round(horizonSec / 5)));
}

/**
 * The market model behind the preview, estimated on the path BEFORE the order's start
 * (scheduler time [path start, start]; when the start is earlier than MIN_ESTIMATION_SEC, the
 * first MIN_ESTIMATION_SEC of the path, a documented look-ahead):
 * - σ: standard deviation of the mid's changes over SAMPLE_SEC steps, divided by √SAMPLE_SEC
 *   (price units per √s);
 * - ε: the mean half-spread (price units), the fixed cost of crossing;
 * - η: the half-spread per unit of our TWAP rate, ε / (X / T) — trading at the order's average
 *   rate costs one more half-spread; faster costs proportionally more (price units per size/s);
 * - arrival: the mid at the start (the first two-sided mid at or after it).
 */
export interface PathModel {
  readonly sigmaUnitsPerSqrtSec: number;
  readonly halfSpreadUnits: number;
  readonly arrivalPriceUnits: number | null;
  readonly estimatedOverSec: number;
}

function midOf(sim: PathSim): number {
  return sim.mid ? sim.mid() : sim.venue.book.mid();
}

/** Runs `sim` (a fresh path without our orders) up to the start and estimates `PathModel`. */
export function estimatePathModel(sim: PathSim, startSec: number): PathModel {
  const startNs = sim.startNs + startSec * 1e9;
  const windowEnd = Math.min(sim.endNs, Math.max(startNs, sim.startNs + MIN_ESTIMATION_SEC * 1e9));
  const mids: number[] = [];
  let spreadSum = 0;
  let spreadN = 0;
  for (let t = sim.startNs; t <= windowEnd; t += SAMPLE_SEC * 1e9) {
    sim.advanceTo(t);
    const m = midOf(sim);
    if (Number.isFinite(m)) mids.push(m);
    const bb = sim.venue.book.bestBid();
    const ba = sim.venue.book.bestAsk();
    if (Number.isFinite(bb) && Number.isFinite(ba) && ba > bb) {
      spreadSum += (ba - bb) / 2;
      spreadN++;
    }
  }
  let arrival: number | null = null;
  for (let t = Math.max(startNs, sim.scheduler.now); t <= sim.endNs && arrival === null; t += SAMPLE_SEC * 1e9) {
    sim.advanceTo(t);
    const m = midOf(sim);
    if (Number.isFinite(m)) arrival = m;
  }
  const d: number[] = [];
  for (let i = 1; i < mids.length; i++) d.push(mids[i]! - mids[i - 1]!);
  const mean = d.reduce((a, b) => a + b, 0) / Math.max(1, d.length);
  const variance = d.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, d.length - 1);
  const tick = Math.max(1, sim.instrument.tickSizeUnits);
  return {
    sigmaUnitsPerSqrtSec: Math.sqrt(variance / SAMPLE_SEC),
    halfSpreadUnits: spreadN > 0 ? spreadSum / spreadN : tick / 2,
    arrivalPriceUnits: arrival,
    estimatedOverSec: (windowEnd - sim.startNs) / 1e9,
  };
}

/** The Almgren-Chriss numbers of the preview. */
export interface ACPreview {
  readonly expectedCostBps: number | null;
  readonly stdBps: number | null;
  readonly holdings: number[];
  readonly periodSec: number;
  readonly etaUnitsPerRate: number;
  readonly lambda: number;
}

/**
 * Almgren-Chriss closed forms (main/market/ac-world `optimalCostMoments`) for `quantity` over the
 * horizon in N periods, with γ = 0, ε = half-spread, η from `PathModel`, and the risk aversion λ
 * that gives urgency κT (cosh κτ = 1 + λσ²τ²/(2η̃) solved for λ). E and √V in bps of arrival.
 */
export function acPreview(m: PathModel, quantity: number, horizonSec: number, urgencyKT: number): ACPreview {
  const N = periodsFor(horizonSec);
  const T = horizonSec;
  const tau = T / N;
  const X = quantity;
  const eta = m.halfSpreadUnits / (X / T);
  const kappa = urgencyKT / T;
  const sigma = m.sigmaUnitsPerSqrtSec;
  const lambda = sigma > 0 ? ((2 * (Math.cosh(kappa * tau) - 1)) / (tau * tau)) * eta / (sigma * sigma) : 0;
  const holdings: number[] = [];
  for (let j = 0; j <= N; j++) holdings.push(kappa * T < 1e-8 ? 1 - j / N : Math.sinh(kappa * (T - j * tau)) / Math.sinh(kappa * T));
  holdings[0] = 1;
  holdings[N] = 0;
  const p: ACParams = { S0: m.arrivalPriceUnits ?? 0, sigma, epsilon: m.halfSpreadUnits, gamma: 0, eta, T, N };
  const { expected, variance } = optimalCostMoments(p, X, lambda);
  const arr = m.arrivalPriceUnits;
  const bps = (v: number) => (arr && arr > 0 && Number.isFinite(v) ? (v / (X * arr)) * 10_000 : null);
  return { expectedCostBps: bps(expected), stdBps: bps(Math.sqrt(Math.max(0, variance))), holdings, periodSec: tau, etaUnitsPerRate: eta, lambda };
}
