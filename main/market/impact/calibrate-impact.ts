import { EventKind, type MarketEvent } from '../events/market-event.js';
import type { ReaderInfo } from '../readers/reader.js';
import type { EventTape } from '../replay/event-tape.js';
import { TapePlayer } from '../replay/tape-player.js';
import { PropagatorImpact } from './propagator.js';

/** Inputs of the square-root law. */
export interface SquareRootInputs {
  /** The day's price volatility in price units (standard deviation of the open-to-close move). */
  sigmaUnits: number;
  /** The day's traded volume in size units. */
  dailyVolume: number;
  /** The law's prefactor Y (of order 1; default 1). */
  y?: number;
  /** Exponent δ (default 0.5: the square root). */
  delta?: number;
}

/**
 * G0 from the square-root law of market impact: trading Q in a day of volume V and volatility σ
 * moves the price by I(Q) = Y · σ · (Q / V)^δ (δ = 1/2). Asking one trade of size v to have that
 * immediate impact, G0 · v^δ = Y · σ · (v / V)^δ, gives
 *
 *   G0 = Y · σ / V^δ        (price units per size unit^δ)
 *
 * Invariant: returns a finite G0 ≥ 0; throws on non-positive volume or negative σ.
 */
export function fitG0SquareRoot(p: SquareRootInputs): number {
  const y = p.y ?? 1;
  const delta = p.delta ?? 0.5;
  if (!(p.dailyVolume > 0)) throw new RangeError(`fitG0SquareRoot: dailyVolume must be > 0, got ${p.dailyVolume}`);
  if (!(p.sigmaUnits >= 0)) throw new RangeError(`fitG0SquareRoot: sigmaUnits must be >= 0, got ${p.sigmaUnits}`);
  return (y * p.sigmaUnits) / Math.pow(p.dailyVolume, delta);
}

/** What `dayStatsFromTape` measured. */
export interface DayStats {
  /** Realised volatility over the day: sqrt(Σ (Δmid)²) over `intervals` mid changes, price units. */
  sigmaUnits: number;
  /** Σ sizes of executions (visible and hidden; auction crosses excluded). */
  dailyVolume: number;
  intervals: number;
  intervalNs: number;
}

/**
 * The day's volatility and volume from a recorded tape: the mid is sampled every `intervalNs`
 * (default 60 s) from the first to the last event (samples with a one-sided book are skipped),
 * σ = sqrt(Σ (mid_k − mid_{k−1})²) (realised volatility, so it scales to the whole day), and V =
 * the volume of Execute and Trade events.
 */
export function dayStatsFromTape(tape: EventTape, info: ReaderInfo, intervalNs = 60e9): DayStats {
  const player = new TapePlayer(tape, info);
  if (tape.inputCount === 0) return { sigmaUnits: 0, dailyVolume: 0, intervals: 0, intervalNs };
  let volume = 0;
  const count = (_k: number, ev: MarketEvent): void => {
    if (ev.kind === EventKind.Execute || ev.kind === EventKind.Trade) volume += ev.size;
  };
  const t0 = tape.inputTs(0);
  const t1 = tape.inputTs(tape.inputCount - 1);
  let prev = NaN;
  let sum2 = 0;
  let intervals = 0;
  for (let t = t0; ; t += intervalNs) {
    player.advanceUntilTs(Math.min(t, t1), Number.MAX_SAFE_INTEGER, count);
    const mid = player.book.mid();
    if (mid === mid) {
      if (prev === prev) {
        sum2 += (mid - prev) * (mid - prev);
        intervals++;
      }
      prev = mid;
    }
    if (t >= t1) break;
  }
  return { sigmaUnits: Math.sqrt(sum2), dailyVolume: volume, intervals, intervalNs };
}

/** Options of `calibratePropagator`. */
export interface CalibrateOptions {
  kernel?: 'power-law' | 'exponential';
  /** Kernel time scale (default 60 s). */
  tau0Ns?: number;
  /** Power-law exponent (default 0.5). */
  beta?: number;
  y?: number;
  delta?: number;
  intervalNs?: number;
}

/** A propagator for a recorded day: G0 = Y·σ/V^δ from `dayStatsFromTape` (see `fitG0SquareRoot`). */
export function calibratePropagator(tape: EventTape, info: ReaderInfo, opts: CalibrateOptions = {}): { impact: PropagatorImpact; stats: DayStats; g0: number } {
  const stats = dayStatsFromTape(tape, info, opts.intervalNs);
  const delta = opts.delta ?? 0.5;
  const g0 = fitG0SquareRoot({ sigmaUnits: stats.sigmaUnits, dailyVolume: stats.dailyVolume, y: opts.y, delta });
  const tau0Ns = opts.tau0Ns ?? 60e9;
  const impact = new PropagatorImpact({
    kernel: opts.kernel === 'exponential' ? { kind: 'exponential', g0, tau0Ns } : { kind: 'power-law', g0, tau0Ns, beta: opts.beta ?? 0.5 },
    delta,
  });
  return { impact, stats, g0 };
}
