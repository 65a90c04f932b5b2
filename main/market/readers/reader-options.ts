import type { InstrumentSpec } from '../../domain/instrument.js';

/**
 * Options every reader accepts. Anything left out falls back to the format's documented default
 * (or to what the file name / first row says, for symbol and venue). Decimals are fixed for the
 * whole file: a value with more non-zero decimals than configured is a `DataFormatError`, never
 * a silent rounding, so pass larger decimals if a vendor prints finer prices.
 */
export interface ReaderOptions {
  /** Price decimals: integers in [0, 9]. */
  priceDecimals?: number;
  /** Size decimals: integers in [0, 9]. */
  sizeDecimals?: number;
  /** Minimum price increment in price units (0 = unknown, infer from data). */
  tickSizeUnits?: number;
  symbol?: string;
  venue?: string;
  /** Read size for plain files (tests use tiny chunks to exercise lines straddling chunks). */
  chunkBytes?: number;
}

/** Validates decimals (integer in [0, 9], the range `InstrumentSpec` allows); throws RangeError otherwise. */
export function checkDecimals(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 9) {
    throw new RangeError(`${name} must be an integer in [0, 9], got ${value}`);
  }
  return value;
}

/**
 * Tick size in price units for a tick of `10^-tickDecimals` when prices have `priceDecimals`
 * decimals; 0 ("unknown") when the tick is finer than a price unit.
 */
export function tickUnits(tickDecimals: number, priceDecimals: number): number {
  return priceDecimals >= tickDecimals ? 10 ** (priceDecimals - tickDecimals) : 0;
}

/**
 * Builds the instrument from options and format defaults. `defaultTickDecimals` is the known
 * tick as decimals of the quote currency (2 = $0.01), or null when unknown; an explicit
 * `opts.tickSizeUnits` wins.
 */
export function buildInstrument(
  opts: ReaderOptions,
  defaults: { symbol: string; venue: string; priceDecimals: number; sizeDecimals: number; tickDecimals: number | null },
): InstrumentSpec {
  const priceDecimals = checkDecimals('priceDecimals', opts.priceDecimals ?? defaults.priceDecimals);
  const sizeDecimals = checkDecimals('sizeDecimals', opts.sizeDecimals ?? defaults.sizeDecimals);
  const tick = opts.tickSizeUnits ?? (defaults.tickDecimals === null ? 0 : tickUnits(defaults.tickDecimals, priceDecimals));
  if (!Number.isInteger(tick) || tick < 0) throw new RangeError(`tickSizeUnits must be a non-negative integer, got ${tick}`);
  return {
    symbol: opts.symbol ?? defaults.symbol,
    venue: opts.venue ?? defaults.venue,
    priceDecimals,
    sizeDecimals,
    tickSizeUnits: tick,
  };
}
