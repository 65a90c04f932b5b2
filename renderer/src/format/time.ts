/** Nanoseconds in a day. */
export const DAY_NS = 86_400_000_000_000;
const DAY_NS_BIG = 86_400_000_000_000n;

/** How a session's timestamps are anchored: `tsNs` counts from `baseEpochNs` (a string bigint, UTC epoch ns of a midnight). */
export interface TimeBase {
  /** UTC epoch nanoseconds of the midnight `tsNs` counts from, as a decimal string. */
  readonly baseEpochNs: string;
  /** 'exchange-local': the base is the exchange's local midnight; 'utc': a UTC midnight. */
  readonly clock: 'utc' | 'exchange-local';
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function parseBase(baseEpochNs: string): bigint {
  try {
    return BigInt(baseEpochNs);
  } catch {
    return 0n;
  }
}

/**
 * Nanoseconds since the wall-clock midnight of the base's day in the session's own clock. For an
 * exchange-local base that midnight IS the base, so this is `tsNs` itself; for a UTC base that
 * is not exactly midnight, the remainder is added.
 */
export function nsSinceMidnight(tsNs: number, base: TimeBase): number {
  if (base.clock === 'exchange-local') return tsNs;
  const rem = Number(((parseBase(base.baseEpochNs) % DAY_NS_BIG) + DAY_NS_BIG) % DAY_NS_BIG);
  return rem + tsNs;
}

/** Formats nanoseconds since midnight as HH:MM:SS.mmm (wrapping past 24 h; truncates to the millisecond). */
export function formatTimeOfDayNs(nsOfDay: number): string {
  if (!Number.isFinite(nsOfDay)) return '—';
  const ms = Math.floor(nsOfDay / 1_000_000);
  const dayMs = ((ms % 86_400_000) + 86_400_000) % 86_400_000;
  const h = Math.floor(dayMs / 3_600_000);
  const m = Math.floor((dayMs % 3_600_000) / 60_000);
  const s = Math.floor((dayMs % 60_000) / 1000);
  return `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}.${pad(dayMs % 1000, 3)}`;
}

/** HH:MM:SS.mmm in the session's clock (exchange-local for LOBSTER) from `tsNs` + `baseEpochNs`. */
export function formatSessionTime(tsNs: number | null | undefined, base: TimeBase | null): string {
  if (tsNs === null || tsNs === undefined || !Number.isFinite(tsNs)) return '—';
  return formatTimeOfDayNs(base ? nsSinceMidnight(tsNs, base) : tsNs);
}

/**
 * The session's calendar date (YYYY-MM-DD) at `tsNs`. An exchange-local midnight lies within
 * ±14 h of UTC midnight of the same date, so rounding the base to the nearest UTC day recovers
 * the local date.
 */
export function formatSessionDate(tsNs: number, base: TimeBase): string {
  const b = parseBase(base.baseEpochNs);
  const day = base.clock === 'exchange-local' ? (b + DAY_NS_BIG / 2n) / DAY_NS_BIG : b / DAY_NS_BIG;
  const extraDays = Math.floor(nsSinceMidnight(tsNs, base) / DAY_NS);
  const d = new Date((Number(day) + extraDays) * 86_400_000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

/** Milliseconds since the session's midnight, the x value the price chart plots. */
export function chartMs(tsNs: number, base: TimeBase | null): number {
  return (base ? nsSinceMidnight(tsNs, base) : tsNs) / 1_000_000;
}

/** Formats chart x values (ms since midnight) as HH:MM:SS.mmm. */
export function formatChartMs(ms: number): string {
  return formatTimeOfDayNs(ms * 1_000_000);
}

/** Which clock a view's times are on, in words for its label. */
export type ClockName = 'exchange-local' | 'UTC' | 'simulated' | 'wall';

/**
 * The clock of a path's times: a generated (scenario) path runs on a simulated session clock;
 * a replayed day on the data's clock (exchange-local for LOBSTER, UTC for the others).
 */
export function pathClockName(base: Pick<TimeBase, 'clock'>, simulated: boolean): ClockName {
  if (simulated) return 'simulated';
  return base.clock === 'exchange-local' ? 'exchange-local' : 'UTC';
}
