import { formatUnits, rescaleUnits } from '../../../main/domain/instrument.js';

/** The slice of an instrument spec the formatters need (`InstrumentSpec` satisfies it). */
export interface PriceScale {
  readonly priceDecimals: number;
  readonly sizeDecimals: number;
  readonly tickSizeUnits: number;
}

/** A short text for tight cells plus the exact value for its tooltip. */
export interface CompactText {
  readonly text: string;
  readonly exact: string;
}

/** Inserts thousands separators (",") into the integer part of a plain decimal string. */
export function groupThousands(decimal: string): string {
  const neg = decimal.startsWith('-');
  const body = neg ? decimal.slice(1) : decimal;
  const dot = body.indexOf('.');
  const whole = dot < 0 ? body : body.slice(0, dot);
  const frac = dot < 0 ? '' : body.slice(dot);
  let out = '';
  for (let i = 0; i < whole.length; i++) {
    if (i > 0 && (whole.length - i) % 3 === 0) out += ',';
    out += whole[i];
  }
  return (neg ? '-' : '') + out + frac;
}

/**
 * How many decimals the instrument's tick needs: a tick of 100 units at 4 price decimals
 * (0.0100) shows 2 decimals; a tick of 25 units shows all 4. Unknown tick (0) → all decimals.
 */
export function tickDecimals(priceDecimals: number, tickSizeUnits: number): number {
  if (!(tickSizeUnits > 0) || !Number.isInteger(tickSizeUnits)) return priceDecimals;
  let d = priceDecimals;
  let t = tickSizeUnits;
  while (d > 0 && t % 10 === 0) {
    t /= 10;
    d--;
  }
  return d;
}

/**
 * Infers display decimals from observed integer prices when the tick is unknown: the fewest
 * decimals that still show every observed price exactly.
 */
export function inferDecimalsFromPrices(priceDecimals: number, pricesUnits: readonly number[]): number {
  let d = 0;
  for (const p of pricesUnits) {
    if (!Number.isInteger(p)) return priceDecimals;
    let need = priceDecimals;
    let v = Math.abs(p);
    while (need > d && v % 10 === 0) {
      v /= 10;
      need--;
    }
    if (need > d) d = need;
    if (d === priceDecimals) break;
  }
  return d;
}

/**
 * Formats an integer price in units at `displayDecimals` (≤ priceDecimals) using exact integer
 * arithmetic; fractional units (a mid or microprice) fall back to a rounded decimal.
 */
export function formatPrice(units: number | null | undefined, priceDecimals: number, displayDecimals = priceDecimals): string {
  if (units === null || units === undefined || !Number.isFinite(units)) return '—';
  const shown = Math.min(displayDecimals, priceDecimals);
  if (Number.isInteger(units)) {
    const scaled = rescaleUnits(units, priceDecimals, shown);
    return groupThousands(formatUnits(scaled, shown));
  }
  return groupThousands((units / 10 ** priceDecimals).toFixed(shown));
}

/** Formats a size in size units with thousands separators, e.g. 1234567 → "1,234,567". */
export function formatSize(units: number | null | undefined, sizeDecimals = 0): string {
  if (units === null || units === undefined || !Number.isFinite(units)) return '—';
  if (Number.isInteger(units)) return groupThousands(formatUnits(units, sizeDecimals));
  return groupThousands((units / 10 ** sizeDecimals).toFixed(sizeDecimals));
}

/** An integer count with separators: 57514 → "57,514". */
export function formatCount(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  return groupThousands(String(Math.round(n)));
}

/**
 * k/M/B abbreviation for tight cells with the exact value kept for the tooltip. Values below
 * `threshold` (default 10,000) keep their full form.
 */
export function formatCompact(value: number, decimals = 0, threshold = 10_000): CompactText {
  const exactValue = value / 10 ** decimals;
  const exact = Number.isInteger(value) ? formatSize(value, decimals) : groupThousands(exactValue.toFixed(decimals));
  const abs = Math.abs(exactValue);
  if (abs < threshold) return { text: exact, exact };
  const [div, suffix] = abs >= 1e9 ? [1e9, 'B'] : abs >= 1e6 ? [1e6, 'M'] : [1e3, 'k'];
  const scaled = exactValue / div;
  const digits = Math.abs(scaled) >= 100 ? 0 : Math.abs(scaled) >= 10 ? 1 : 2;
  let text = scaled.toFixed(digits);
  if (text.includes('.')) text = text.replace(/\.?0+$/, '');
  return { text: text + suffix, exact };
}

/** Basis points with one decimal and an explicit sign when asked: 1.234 → "1.2 bp". */
export function formatBps(bps: number | null | undefined, signed = false): string {
  if (bps === null || bps === undefined || !Number.isFinite(bps)) return '—';
  const s = bps.toFixed(1);
  return (signed && bps > 0 ? '+' : '') + s + ' bp';
}

/** A rate such as events/s, compact above 10k: 123456 → "123k/s". */
export function formatRate(perSec: number | null | undefined, unit = '/s'): string {
  if (perSec === null || perSec === undefined || !Number.isFinite(perSec)) return '—';
  return formatCompact(Math.round(perSec)).text + unit;
}

/** A job's rate with its unit, per second: (116000, 'events') → "116k events/s"; a unit already ending in "/s" is kept. */
export function formatJobRate(rate: number | null | undefined, unit: string): string {
  const u = unit.trim();
  return formatRate(rate, u === '' ? '/s' : u.endsWith('/s') ? ` ${u}` : ` ${u}/s`);
}

/** A duration in seconds as "3.2 s", "1 m 05 s" or "1 h 02 m"; null → "—". */
export function formatDuration(sec: number | null | undefined): string {
  if (sec === null || sec === undefined || !Number.isFinite(sec) || sec < 0) return '—';
  if (sec < 10) return sec.toFixed(1) + ' s';
  if (sec < 60) return Math.round(sec) + ' s';
  const m = Math.floor(sec / 60);
  if (m < 60) return `${m} m ${String(Math.round(sec % 60)).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} m`;
}

/** A fraction in [0, 1] as a percentage: 0.4567 → "45.7%". */
export function formatPercent(fraction: number | null | undefined, digits = 1): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '—';
  return (fraction * 100).toFixed(digits) + '%';
}

/** A signed ratio in [-1, 1] such as book imbalance: 0.25 → "+0.250". */
export function formatSigned(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const s = value.toFixed(digits);
  return value > 0 ? '+' + s : value < 0 ? '−' + s.slice(1) : s;
}
