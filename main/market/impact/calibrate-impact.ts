import { EventKind, type MarketEvent } from '../events/market-event.js';
import type { ReaderInfo } from '../readers/reader.js';
import type { EventTape } from '../replay/event-tape.js';
import { TapePlayer } from '../replay/tape-player.js';
import { metaorderShiftUnits, PropagatorImpact, type ImpactKernel } from './propagator.js';

/** Inputs of the square-root law. */
export interface SquareRootInputs {
  /** The day's price volatility in price units (standard deviation of the open-to-close move). */
  sigmaUnits: number;
  /** The day's traded volume in size units. */
  dailyVolume: number;
  /** The session's length (ns) over which `dailyVolume` traded. */
  sessionNs: number;
  /** The law's prefactor Y (of order 1; default 1). */
  y?: number;
  /** Participation rate π of the reference metaorder the kernel is fitted to (default 0.1). */
  participation?: number;
  /** Duration of that reference metaorder (default 600 s). */
  referenceNs?: number;
}

/** A kernel without its amplitude: the shape that `fitG0SquareRoot` scales. */
export type KernelShape = { kind: 'power-law'; tau0Ns: number; beta: number } | { kind: 'exponential'; tau0Ns: number };

/** Defaults of the day-calibrated propagator: power law, τ0 = 5 s, β = 1/2 (square-root law). */
export const DEFAULT_KERNEL_SHAPE: KernelShape = { kind: 'power-law', tau0Ns: 5e9, beta: 0.5 };

/**
 * G0 from the square-root law of market impact: a metaorder of Q in a day of volume V and
 * volatility σ moves the price by I(Q) = Y · σ · √(Q / V). The linear propagator gives a
 * metaorder traded at rate r over T the peak r · ∫_0^T G (`metaorderShiftUnits`), so G0 is set
 * for the REFERENCE metaorder — participation π (r = π·V / session) over `referenceNs`:
 *
 *   G0 = Y · σ · √(π · T_ref / session) / (r · ∫_0^T_ref G/G0)       (price units per size unit)
 *
 * With β = 1/2 and T ≫ τ0 the kernel reproduces the law at every size at that participation
 * (peak ∝ √Q), and at participation π' it scales by √(π'/π) (faster trading costs more).
 * Invariant: returns a finite G0 ≥ 0; throws a RangeError naming the input on non-positive
 * volume, session, participation or reference, or negative σ.
 */
export function fitG0SquareRoot(p: SquareRootInputs, shape: KernelShape = DEFAULT_KERNEL_SHAPE): number {
  const y = p.y ?? 1;
  const pi = p.participation ?? 0.1;
  const tRef = p.referenceNs ?? 600e9;
  if (!(p.dailyVolume > 0)) throw new RangeError(`fitG0SquareRoot: dailyVolume must be > 0, got ${p.dailyVolume}`);
  if (!(p.sessionNs > 0)) throw new RangeError(`fitG0SquareRoot: sessionNs must be > 0, got ${p.sessionNs}`);
  if (!(p.sigmaUnits >= 0)) throw new RangeError(`fitG0SquareRoot: sigmaUnits must be >= 0, got ${p.sigmaUnits}`);
  if (!(pi > 0 && pi <= 1)) throw new RangeError(`fitG0SquareRoot: participation must be in (0, 1], got ${pi}`);
  if (!(tRef > 0)) throw new RangeError(`fitG0SquareRoot: referenceNs must be > 0, got ${tRef}`);
  const rate = (pi * p.dailyVolume) / p.sessionNs;
  const unit: ImpactKernel = { ...shape, g0: 1 };
  const target = y * p.sigmaUnits * Math.sqrt((pi * tRef) / p.sessionNs);
  return target / metaorderShiftUnits(unit, rate, tRef);
}

/** What `dayStatsFromTape` measured. */
export interface DayStats {
  /** Realised volatility over the day: sqrt(Σ (Δmid)²) over `intervals` mid changes, price units. */
  sigmaUnits: number;
  /** Σ sizes of executions (visible and hidden; auction crosses excluded). */
  dailyVolume: number;
  /** From the first to the last event (ns). */
  sessionNs: number;
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
  if (tape.inputCount === 0) return { sigmaUnits: 0, dailyVolume: 0, sessionNs: 0, intervals: 0, intervalNs };
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
  return { sigmaUnits: Math.sqrt(sum2), dailyVolume: volume, sessionNs: t1 - t0, intervals, intervalNs };
}

/** Options of `calibratePropagator` (defaults: `DEFAULT_KERNEL_SHAPE`, Y = 1, π = 0.1, 600 s, 60 s intervals). */
export interface CalibrateOptions {
  kernel?: 'power-law' | 'exponential';
  /** Kernel time scale (default 5 s). */
  tau0Ns?: number;
  /** Power-law exponent (default 0.5). */
  beta?: number;
  y?: number;
  participation?: number;
  referenceNs?: number;
  intervalNs?: number;
}

/**
 * A propagator for a recorded day: the kernel shape from the options, G0 from the day's σ, volume
 * and session length (`dayStatsFromTape`) by the square-root law (`fitG0SquareRoot`). With no
 * volume on the tape G0 = 0 (no impact), so the replay still runs.
 */
export function calibratePropagator(tape: EventTape, info: ReaderInfo, opts: CalibrateOptions = {}): { impact: PropagatorImpact; stats: DayStats; g0: number } {
  const stats = dayStatsFromTape(tape, info, opts.intervalNs);
  const tau0Ns = opts.tau0Ns ?? DEFAULT_KERNEL_SHAPE.tau0Ns;
  const shape: KernelShape = opts.kernel === 'exponential' ? { kind: 'exponential', tau0Ns } : { kind: 'power-law', tau0Ns, beta: opts.beta ?? 0.5 };
  const g0 = stats.dailyVolume > 0 && stats.sessionNs > 0
    ? fitG0SquareRoot({ sigmaUnits: stats.sigmaUnits, dailyVolume: stats.dailyVolume, sessionNs: stats.sessionNs, y: opts.y, participation: opts.participation, referenceNs: opts.referenceNs }, shape)
    : 0;
  const impact = new PropagatorImpact({ kernel: { ...shape, g0 } });
  return { impact, stats, g0 };
}
