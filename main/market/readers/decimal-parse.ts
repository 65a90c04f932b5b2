/**
 * Exact number parsing straight from bytes. Every function parses exactly the byte range
 * `[start, end)` of `buf` (one CSV field or JSON token) and returns `NaN` when the range is not a
 * valid number of the requested shape, so the hot path allocates nothing and never goes through
 * a float parse: decimals become integer "units" digit by digit, which is exact as long as the
 * result stays within `Number.MAX_SAFE_INTEGER` (larger results are rejected, never rounded).
 * The `describe*` functions are the slow path that explains a failure for an error message.
 */

/** Powers of ten that are exact in a float64; index = exponent (0..18). */
export const POW10: readonly number[] = Array.from({ length: 19 }, (_, i) => 10 ** i);

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const NS_PER_DAY = 86_400_000_000_000;

/**
 * Unsigned decimal integer (digits only, no sign). NaN if the range is empty, holds a non-digit or
 * exceeds `Number.MAX_SAFE_INTEGER`.
 */
export function parseUint(buf: Uint8Array, start: number, end: number): number {
  if (start >= end) return NaN;
  let v = 0;
  for (let p = start; p < end; p++) {
    const d = buf[p]! - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  // Once past 2^53 the running value is inexact but still > MAX_SAFE, so this check is sound.
  return v > MAX_SAFE ? NaN : v;
}

/** Signed decimal integer (optional leading `-` or `+`). NaN as for `parseUint`. */
export function parseInt10(buf: Uint8Array, start: number, end: number): number {
  const c = buf[start];
  if (c === 45 /* - */) {
    const v = parseUint(buf, start + 1, end);
    return v === 0 ? 0 : -v;
  }
  return c === 43 /* + */ ? parseUint(buf, start + 1, end) : parseUint(buf, start, end);
}

/**
 * Signed decimal (`-12.3400`, `5`, `5.`, `.5`) scaled to integer units at `decimals` places:
 * `"5.51" @ 4 -> 55100`. Digits beyond `decimals` must be zeros (`5.510000000 @ 4` is fine),
 * otherwise NaN, unless `round` is set: then the value is rounded half away from zero (only used
 * for vendor statistics that are floats to begin with, e.g. bar volumes). NaN also for an empty
 * range, a range without digits, any other character (exponents included) or a result beyond
 * `Number.MAX_SAFE_INTEGER` units.
 */
export function parseDecimal(buf: Uint8Array, start: number, end: number, decimals: number, round = false): number {
  let p = start;
  let neg = false;
  const c0 = buf[p];
  if (c0 === 45 /* - */) { neg = true; p++; } else if (c0 === 43 /* + */) p++;
  let v = 0;
  let digits = 0;
  while (p < end) {
    const d = buf[p]! - 48;
    if (d < 0 || d > 9) break;
    v = v * 10 + d;
    digits++;
    p++;
  }
  let taken = 0;
  if (p < end && buf[p] === 46 /* . */) {
    p++;
    let roundUp = false;
    let extra = false;
    while (p < end) {
      const d = buf[p]! - 48;
      if (d < 0 || d > 9) return NaN;
      digits++;
      if (taken < decimals) { v = v * 10 + d; taken++; }
      else if (!extra) { extra = true; roundUp = d >= 5; if (d !== 0 && !round) return NaN; }
      else if (d !== 0 && !round) return NaN;
      p++;
    }
    if (roundUp) v += 1; // only set once all `decimals` digits were taken, so this is one unit
  }
  if (p !== end || digits === 0) return NaN;
  v *= POW10[decimals - taken]!;
  if (v > MAX_SAFE) return NaN;
  return neg && v !== 0 ? -v : v;
}

/**
 * Explains why `parseDecimal` rejected a range, as the "expected ..." part of an error message.
 */
export function describeDecimalError(buf: Uint8Array, start: number, end: number, decimals: number): string {
  if (!Number.isNaN(parseDecimal(buf, start, end, decimals, true))) {
    // Syntax is fine, so either there were non-zero digits beyond `decimals` or the value is too big.
    let dot = start;
    while (dot < end && buf[dot] !== 46) dot++;
    if (dot < end && end - dot - 1 > decimals) {
      for (let p = dot + 1 + decimals; p < end; p++) {
        if (buf[p] !== 48) return `a decimal with at most ${decimals} decimal places (configure more decimals to read it)`;
      }
    }
    return `a decimal below ${MAX_SAFE} units at ${decimals} decimal places`;
  }
  if (!Number.isNaN(parseDecimal(buf, start, end, 0, true))) {
    return `a decimal below ${MAX_SAFE} units at ${decimals} decimal places`;
  }
  return 'a decimal number';
}

/**
 * Seconds with up to 9 fraction digits (`34200.017459617`) to integer nanoseconds, digit by
 * digit: exact for any value below ~104 days. No sign allowed. NaN when invalid, when more than
 * 9 fraction digits are non-zero, or when the result exceeds `Number.MAX_SAFE_INTEGER` ns.
 * `baseSeconds` is subtracted from the integer part before scaling so that epoch seconds
 * (1.6e9 s = 1.6e18 ns, not exact) can be made relative to a midnight first.
 */
export function parseSecondsNs(buf: Uint8Array, start: number, end: number, baseSeconds = 0): number {
  let p = start;
  let sec = 0;
  while (p < end) {
    const d = buf[p]! - 48;
    if (d < 0 || d > 9) break;
    sec = sec * 10 + d;
    p++;
  }
  if (p === start) return NaN;
  let frac = 0;
  let taken = 0;
  if (p < end && buf[p] === 46 /* . */) {
    p++;
    while (p < end) {
      const d = buf[p]! - 48;
      if (d < 0 || d > 9) return NaN;
      if (taken < 9) { frac = frac * 10 + d; taken++; } else if (d !== 0) return NaN;
      p++;
    }
  }
  if (p !== end) return NaN;
  const ns = (sec - baseSeconds) * 1e9 + frac * POW10[9 - taken]!;
  return ns > MAX_SAFE || ns < -MAX_SAFE ? NaN : ns;
}

/** The integer part of an unsigned seconds value (`1673302660.926 -> 1673302660`); NaN if invalid. */
export function parseSecondsIntPart(buf: Uint8Array, start: number, end: number): number {
  let p = start;
  while (p < end && buf[p] !== 46) p++;
  return parseUint(buf, start, p);
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil; no Date object). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Output slot of `parseDateTime`, owned and reused by the caller (no allocation per row). */
export interface DateTimeParts {
  /** Days since 1970-01-01. */
  day: number;
  /** Nanoseconds since that day's midnight, exact. */
  nsOfDay: number;
  /** Cache: yyyymmdd of the last date converted, and its day number (consecutive rows share dates). */
  cacheYmd: number;
  cacheDay: number;
}

/** A fresh `DateTimeParts`. */
export function newDateTimeParts(): DateTimeParts {
  return { day: 0, nsOfDay: 0, cacheYmd: -1, cacheDay: 0 };
}

function digits2(buf: Uint8Array, p: number): number {
  const a = buf[p]! - 48;
  const b = buf[p + 1]! - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : NaN;
}

/**
 * `YYYY-MM-DD`, optionally followed by `T` or a space and `HH:MM:SS[.fraction up to 9 digits]`,
 * optionally ending in `Z` (the time is taken as UTC; no other offsets). Writes the day number
 * and the exact nanoseconds of the day into `out` and returns true, or returns false (leaving
 * `out` unspecified) when the range is not such a timestamp.
 */
export function parseDateTime(buf: Uint8Array, start: number, end: number, out: DateTimeParts): boolean {
  if (end - start < 10 || buf[start + 4] !== 45 || buf[start + 7] !== 45) return false;
  const y = digits2(buf, start) * 100 + digits2(buf, start + 2);
  const mo = digits2(buf, start + 5);
  const d = digits2(buf, start + 8);
  if (!(mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && y >= 0)) return false;
  const ymd = (y * 100 + mo) * 100 + d;
  if (ymd !== out.cacheYmd) {
    out.cacheYmd = ymd;
    out.cacheDay = daysFromCivil(y, mo, d);
  }
  out.day = out.cacheDay;
  const p = start + 10;
  if (p < end && buf[end - 1] === 90 /* Z */) end--;
  if (p === end) { out.nsOfDay = 0; return true; }
  const sep = buf[p];
  if ((sep !== 84 /* T */ && sep !== 32) || end - p < 9 || buf[p + 3] !== 58 || buf[p + 6] !== 58) return false;
  const h = digits2(buf, p + 1);
  const mi = digits2(buf, p + 4);
  if (!(h < 24 && mi < 60)) return false;
  // Exactly two second digits ("05.1", not "5.1" or "005"), then an optional fraction.
  if (Number.isNaN(digits2(buf, p + 7)) || (p + 9 < end && buf[p + 9] !== 46)) return false;
  const secNs = parseSecondsNs(buf, p + 7, end);
  if (!(secNs < 61e9)) return false;
  out.nsOfDay = (h * 3600 + mi * 60) * 1e9 + secNs;
  return true;
}

/** UTC epoch nanoseconds (bigint) of the midnight starting day number `day`. */
export function dayToEpochNs(day: number): bigint {
  return BigInt(day) * BigInt(NS_PER_DAY);
}

/** Nanoseconds per day as a number (exact). */
export const NANOS_PER_DAY = NS_PER_DAY;

/** Bytes of a range as text, for error messages only (latin1 keeps it 1:1 and never throws). */
export function bytesText(buf: Uint8Array, start: number, end: number, max = 60): string {
  const e = Math.min(end, start + max);
  let s = '';
  for (let p = start; p < e; p++) s += String.fromCharCode(buf[p]!);
  return e < end ? s + '...' : s;
}
