/**
 * An intraday volume profile: the expected market volume in consecutive time bins, on the
 * executor's clock (scheduler ns, the time base of `ctx.now()`). Invariants: `edgesNs` strictly
 * increasing with `edgesNs.length === volumes.length + 1`; every volume finite and ≥ 0; volume is
 * spread uniformly within a bin; no volume outside [edgesNs[0], edgesNs[last]]. Only the shape
 * matters (VWAP uses fractions of the horizon's total).
 */
export interface VolumeCurve {
  readonly edgesNs: readonly number[];
  readonly volumes: readonly number[];
}

/** Checks a curve's invariants; throws a RangeError naming the bin. */
export function checkVolumeCurve(c: VolumeCurve): void {
  if (c.edgesNs.length !== c.volumes.length + 1 || c.volumes.length === 0) {
    throw new RangeError(`VolumeCurve: ${c.edgesNs.length} edges for ${c.volumes.length} bins (need bins + 1, bins ≥ 1)`);
  }
  for (let i = 0; i < c.volumes.length; i++) {
    if (!(c.edgesNs[i + 1]! > c.edgesNs[i]!)) throw new RangeError(`VolumeCurve: edgesNs[${i + 1}] ${c.edgesNs[i + 1]} must be after edgesNs[${i}] ${c.edgesNs[i]}`);
    const v = c.volumes[i]!;
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`VolumeCurve: volumes[${i}] ${v} must be a finite number ≥ 0`);
  }
}

/** Expected volume from the curve's first edge up to `tNs` (piecewise linear, constant outside). */
export function cumulativeVolume(c: VolumeCurve, tNs: number): number {
  let sum = 0;
  for (let i = 0; i < c.volumes.length; i++) {
    const a = c.edgesNs[i]!;
    const b = c.edgesNs[i + 1]!;
    if (tNs >= b) sum += c.volumes[i]!;
    else {
      if (tNs > a) sum += (c.volumes[i]! * (tNs - a)) / (b - a);
      break;
    }
  }
  return sum;
}

/**
 * Fraction of the horizon's expected volume traded by `tNs`: (C(t) − C(start)) / (C(end) −
 * C(start)), clamped to [0, 1]; the uniform (t − start)/(end − start) when the curve is absent
 * or has no volume in the horizon.
 */
export function volumeFraction(c: VolumeCurve | undefined, startNs: number, endNs: number, tNs: number): number {
  const lin = Math.min(1, Math.max(0, (tNs - startNs) / (endNs - startNs)));
  if (!c) return lin;
  const c0 = cumulativeVolume(c, startNs);
  const total = cumulativeVolume(c, endNs) - c0;
  if (!(total > 0)) return lin;
  return Math.min(1, Math.max(0, (cumulativeVolume(c, tNs) - c0) / total));
}

/** Options of `volumeCurveFromBars`. */
export interface BarsCurveOptions {
  /** Bin width, ns (e.g. 5 min = 300e9). Must divide `dayNs`. */
  readonly binNs: number;
  /** Length of a day in the bars' clock, ns (default 86,400 s). */
  readonly dayNs?: number;
  /** Time of day (bars' clock, ns) that scheduler time 0 corresponds to (default 0). */
  readonly originNs?: number;
}

/**
 * A historical intraday profile from bars (e.g. the `Bar` events of the bars reader: `tsNs` =
 * bar open time, `size` = volume): each bar's volume goes to the bin of its time of day
 * ((tsNs − originNs) mod dayNs), summed over days. The result covers [0, dayNs) of scheduler
 * time in `dayNs / binNs` bins.
 */
export function volumeCurveFromBars(bars: Iterable<{ readonly tsNs: number; readonly size: number }>, opts: BarsCurveOptions): VolumeCurve {
  const day = opts.dayNs ?? 86_400e9;
  const bin = opts.binNs;
  if (!(bin > 0) || day % bin !== 0) throw new RangeError(`volumeCurveFromBars: binNs ${bin} must be > 0 and divide dayNs ${day}`);
  const n = day / bin;
  const volumes = new Array<number>(n).fill(0);
  const origin = opts.originNs ?? 0;
  for (const b of bars) {
    const tod = (((b.tsNs - origin) % day) + day) % day;
    volumes[Math.min(n - 1, Math.floor(tod / bin))]! += Math.max(0, b.size);
  }
  return { edgesNs: Array.from({ length: n + 1 }, (_, i) => i * bin), volumes };
}
