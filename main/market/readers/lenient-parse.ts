/**
 * The slow-path parsers for what real vendors and tools write that the strict byte parsers of
 * `decimal-parse.ts` refuse. They run only after a strict parse failed, so the hot path of a
 * clean file is untouched; a file written entirely in one of these spellings is still read, just
 * more slowly. Every function parses exactly `[start, end)` and returns NaN when even the
 * lenient reading fails (the caller then reports the strict expectation).
 *
 * Accepted, with the rule for each:
 * - a leading `+` sign (`+100`);
 * - scientific notation (`1e-05`, `2.5E+3`), as pandas and most float printers write small and
 *   large numbers; the value is still converted exactly, digit by digit;
 * - integers written as decimals with a zero fraction (`100.0`), as pandas writes an integer
 *   column that held a missing value;
 * - binary floating-point noise beyond the configured decimals (`91.14000000000001`,
 *   `0.30000000000000004`): only when the number has at least `NOISE_SIGNIFICANT_DIGITS`
 *   significant digits (the shortest round-trip print of a float64 that is not the decimal it was
 *   meant to be) AND the digits beyond the decimals are within 1/1000 of a unit of the nearest
 *   unit (they start with `000` or `999`). It is rounded to the nearest unit and reported as
 *   `rounded`. A genuinely finer value (`91.14567`) is still refused;
 * - timestamps in seconds with more than 9 fraction digits (`35821.088778456004`, LOBSTER files
 *   written through a float): rounded half up to the nanosecond and reported as `rounded`.
 */

import { parseDateTime, type DateTimeParts } from './decimal-parse.js';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const NS_PER_DAY = 86_400_000_000_000;

/** Significant digits from which a decimal is taken for a float64 print with binary noise. */
export const NOISE_SIGNIFICANT_DIGITS = 15;

let lenientRounded = false;

/** True when the last successful lenient parse had to round the value (the caller counts it). */
export function lastParseRounded(): boolean {
  return lenientRounded;
}

/**
 * A decimal in any of the accepted spellings, scaled to integer units at `decimals` places.
 * NaN when the text is not a number, when it has non-noise digits beyond `decimals` (unless
 * `round`: then any extra digits round half away from zero, as `parseDecimal`'s `round`, and that
 * is not reported), or when the result exceeds `Number.MAX_SAFE_INTEGER` units. See `lastParseRounded`.
 */
export function parseDecimalLenient(buf: Uint8Array, start: number, end: number, decimals: number, round = false): number {
  lenientRounded = false;
  let p = start;
  let neg = false;
  if (buf[p] === 45 /* - */) { neg = true; p++; } else if (buf[p] === 43 /* + */) p++;
  // Mantissa digits (leading zeros dropped) and the power of ten of the last one.
  let digits = '';
  let pointExp = 0;
  let seenDigit = false;
  let seenPoint = false;
  while (p < end) {
    const c = buf[p]!;
    if (c >= 48 && c <= 57) {
      seenDigit = true;
      if (digits.length > 0 || c !== 48) digits += String.fromCharCode(c);
      if (seenPoint) pointExp--;
    } else if (c === 46 /* . */ && !seenPoint) {
      seenPoint = true;
    } else {
      break;
    }
    p++;
  }
  if (!seenDigit) return NaN;
  let exp = 0;
  if (p < end && (buf[p] === 101 || buf[p] === 69) /* e E */) {
    p++;
    let eneg = false;
    if (buf[p] === 45) { eneg = true; p++; } else if (buf[p] === 43) p++;
    const e0 = p;
    while (p < end && buf[p]! >= 48 && buf[p]! <= 57 && p - e0 < 4) exp = exp * 10 + buf[p++]! - 48;
    if (p === e0) return NaN;
    if (eneg) exp = -exp;
  }
  if (p !== end) return NaN;
  // Trailing zeros of the mantissa carry no information.
  let n = digits.length;
  let scale = pointExp + exp + decimals; // units = digits x 10^scale
  while (n > 0 && digits.charCodeAt(n - 1) === 48) { n--; scale++; }
  digits = digits.slice(0, n);
  if (n === 0) return 0;
  let units: number;
  if (scale >= 0) {
    if (n + scale > 16) return NaN;
    units = Number(digits) * 10 ** scale;
  } else {
    const cut = n + scale; // digits kept as whole units
    const whole = cut > 0 ? digits.slice(0, cut) : '';
    const frac = cut >= 0 ? digits.slice(cut) : '0'.repeat(-cut) + digits;
    let up: boolean;
    if (round) {
      up = frac.charCodeAt(0) >= 53; // half away from zero, like parseDecimal's `round`
    } else {
      if (n < NOISE_SIGNIFICANT_DIGITS) return NaN;
      up = frac.startsWith('999');
      if (!up && !frac.startsWith('000')) return NaN;
      lenientRounded = true;
    }
    if (whole.length > 16) return NaN;
    units = (whole === '' ? 0 : Number(whole)) + (up ? 1 : 0);
  }
  if (!(units <= MAX_SAFE)) return NaN;
  return neg && units !== 0 ? -units : units;
}

/**
 * An integer in any accepted spelling (`+5`, `5.0`, `5e3`, noise as for `parseDecimalLenient`).
 * NaN otherwise, and for negative values when `signed` is false. See `lastParseRounded`.
 */
export function parseIntLenient(buf: Uint8Array, start: number, end: number, signed: boolean): number {
  const v = parseDecimalLenient(buf, start, end, 0);
  return !signed && v < 0 ? NaN : v;
}

/**
 * Seconds with any number of fraction digits to integer nanoseconds, rounded half up past the 9th
 * digit; `+` allowed. NaN when not such a number or beyond `Number.MAX_SAFE_INTEGER` ns.
 * `lastParseRounded` tells whether digits that were not zeros were dropped.
 */
export function parseSecondsLenient(buf: Uint8Array, start: number, end: number): number {
  lenientRounded = false;
  let p = start;
  if (buf[p] === 43) p++;
  const s0 = p;
  let sec = 0;
  while (p < end && buf[p]! >= 48 && buf[p]! <= 57) sec = sec * 10 + buf[p++]! - 48;
  if (p === s0) return NaN;
  let frac = 0;
  let taken = 0;
  let roundUp = false;
  if (p < end && buf[p] === 46) {
    p++;
    let first = true;
    while (p < end) {
      const d = buf[p]! - 48;
      if (d < 0 || d > 9) return NaN;
      if (taken < 9) { frac = frac * 10 + d; taken++; }
      else {
        if (first) roundUp = d >= 5;
        first = false;
        if (d !== 0) lenientRounded = true;
      }
      p++;
    }
  }
  if (p !== end) return NaN;
  const ns = sec * 1e9 + frac * 10 ** (9 - taken) + (roundUp ? 1 : 0);
  return ns > MAX_SAFE ? NaN : ns;
}

/**
 * A timestamp `parseDateTime` refused, in a spelling real files use: an ISO timestamp with a UTC
 * offset (`2024-01-01 00:00:00+00:00`, as pandas writes tz-aware times; `+01:00`, `-0500`,
 * `+01` are converted to UTC), or integer epoch time of 10 (s), 13 (ms), 16 (us) or 19 (ns)
 * digits (Databento's CSV without `pretty_ts`). Writes `out` and returns true, or false.
 */
export function parseDateTimeLenient(buf: Uint8Array, start: number, end: number, out: DateTimeParts): boolean {
  if (buf[start] === 43) start++;
  let p = start;
  while (p < end && buf[p]! >= 48 && buf[p]! <= 57) p++;
  if (p === end) return epochDigits(buf, start, end, out);
  // Offset: a sign after "YYYY-MM-DD HH:MM:SS".
  let q = start + 19;
  while (q < end && buf[q] !== 43 && buf[q] !== 45) q++;
  if (q >= end) return false;
  const sign = buf[q] === 45 ? -1 : 1;
  const o = q + 1;
  const len = end - o;
  const two = (i: number) => (buf[i]! - 48) * 10 + (buf[i + 1]! - 48);
  const isDigit = (i: number) => buf[i]! >= 48 && buf[i]! <= 57;
  let hh: number;
  let mm = 0;
  if (len === 2 && isDigit(o) && isDigit(o + 1)) hh = two(o);
  else if (len === 4 && [0, 1, 2, 3].every((i) => isDigit(o + i))) { hh = two(o); mm = two(o + 2); }
  else if (len === 5 && buf[o + 2] === 58 && [0, 1, 3, 4].every((i) => isDigit(o + i))) { hh = two(o); mm = two(o + 3); }
  else return false;
  if (hh > 23 || mm > 59) return false;
  if (!parseDateTime(buf, start, q, out)) return false;
  let ns = out.nsOfDay - sign * (hh * 3600 + mm * 60) * 1e9;
  let day = out.day;
  if (ns < 0) { ns += NS_PER_DAY; day--; } else if (ns >= NS_PER_DAY) { ns -= NS_PER_DAY; day++; }
  out.day = day;
  out.nsOfDay = ns;
  out.cacheYmd = -1; // the cached day belongs to the local date, not to `day`
  return true;
}

function epochDigits(buf: Uint8Array, start: number, end: number, out: DateTimeParts): boolean {
  const n = end - start;
  const sub = n === 10 ? 0 : n === 13 ? 3 : n === 16 ? 6 : n === 19 ? 9 : -1;
  if (sub < 0) return false;
  let sec = 0;
  for (let p = start; p < end - sub; p++) sec = sec * 10 + buf[p]! - 48;
  let frac = 0;
  for (let p = end - sub; p < end; p++) frac = frac * 10 + buf[p]! - 48;
  const day = Math.floor(sec / 86_400);
  out.day = day;
  out.nsOfDay = (sec - day * 86_400) * 1e9 + frac * 10 ** (9 - sub);
  return true;
}
