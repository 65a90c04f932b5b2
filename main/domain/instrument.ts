/**
 * How an instrument's numbers are scaled to integers. Every price in the engine is an
 * integer count of `10^-priceDecimals` quote-currency units ("price units"); every size is an
 * integer count of `10^-sizeDecimals` base units ("size units"). `tickSizeUnits` is the
 * minimum price increment in price units when known (0 = infer from the data).
 *
 * Invariants: decimals are integers in [0, 9]; tickSizeUnits >= 0 and an integer.
 */
export interface InstrumentSpec {
  readonly symbol: string;
  readonly venue: string;
  readonly priceDecimals: number;
  readonly sizeDecimals: number;
  readonly tickSizeUnits: number;
}

/** Powers of ten up to 1e18 as numbers; index = exponent. */
const POW10: readonly number[] = Array.from({ length: 19 }, (_, i) => 10 ** i);

/** Converts price units to a decimal number (for display and statistics only). */
export function unitsToDecimal(units: number, decimals: number): number {
  return units / POW10[decimals]!;
}

/**
 * Rescales an integer from `fromDecimals` to `toDecimals`, rounding half away from zero
 * when precision is lost (only when going to fewer decimals).
 */
export function rescaleUnits(units: number, fromDecimals: number, toDecimals: number): number {
  if (toDecimals >= fromDecimals) return units * POW10[toDecimals - fromDecimals]!;
  const q = units / POW10[fromDecimals - toDecimals]!;
  return q < 0 ? -Math.round(-q) : Math.round(q);
}

/** Formats a price in units with exactly `decimals` digits after the point. */
export function formatUnits(units: number, decimals: number): string {
  const neg = units < 0;
  const abs = Math.abs(units);
  const s = String(abs).padStart(decimals + 1, '0');
  const whole = decimals === 0 ? s : s.slice(0, s.length - decimals);
  const frac = decimals === 0 ? '' : '.' + s.slice(s.length - decimals);
  return (neg ? '-' : '') + whole + frac;
}
