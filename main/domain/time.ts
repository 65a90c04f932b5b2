/**
 * Timestamps in the engine are `tsNs`: integer nanoseconds since a base (`baseEpochNs`, a bigint
 * of UTC-scale epoch nanoseconds at the data's midnight). For exchange-local clocks the base is
 * the local midnight written on the UTC scale, so the same arithmetic gives local wall time.
 */
export type ClockKind = 'utc' | 'exchange-local';

/**
 * ISO-8601 with nanoseconds: `2012-06-21T09:30:00.017459617` (exchange-local, no zone) or
 * `2025-07-17T08:05:03.360677248Z` (UTC). NaN gives an empty string.
 */
export function formatIsoNs(baseEpochNs: bigint, tsNs: number, clock: ClockKind): string {
  if (!Number.isFinite(tsNs)) return '';
  const total = baseEpochNs + BigInt(Math.round(tsNs));
  const ms = total / 1_000_000n;
  const nsInSec = Number(((total % 1_000_000_000n) + 1_000_000_000n) % 1_000_000_000n);
  const whole = new Date(Number(ms - (ms % 1000n))).toISOString().slice(0, 19);
  return `${whole}.${String(nsInSec).padStart(9, '0')}${clock === 'utc' ? 'Z' : ''}`;
}

/** `HH:MM:SS.mmm` of the wall time at `tsNs` (for screens). */
export function formatClockMs(baseEpochNs: bigint, tsNs: number): string {
  if (!Number.isFinite(tsNs)) return '--:--:--.---';
  const total = baseEpochNs + BigInt(Math.round(tsNs));
  const ms = Number(total / 1_000_000n);
  return new Date(ms).toISOString().slice(11, 23);
}
