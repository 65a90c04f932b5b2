import type { Side } from '../../domain/side.js';
import type { FeeModel } from './venue.js';

/** No fees at all: fee() is always 0. */
export class ZeroFees implements FeeModel {
  readonly name = 'zero';
  fee(_side: Side, _priceUnits: number, _size: number, _aggressor: boolean): number {
    return 0;
  }
}

/** Rates of `PerShareFees`, in price units per size unit (e.g. $0.0030/share at 4 price decimals = 30). */
export interface PerShareRates {
  /** Charged on passive fills; negative = rebate. */
  makerPerShareUnits: number;
  /** Charged on aggressive fills (we took liquidity). */
  takerPerShareUnits: number;
}

/**
 * Per-share schedule (US equities style): fee = size × (aggressor ? taker : maker), in price units
 * × size units, independent of price and side. Rebates are negative rates.
 */
export class PerShareFees implements FeeModel {
  readonly name: string;
  constructor(readonly rates: PerShareRates) {
    checkFinite(rates.makerPerShareUnits, 'makerPerShareUnits');
    checkFinite(rates.takerPerShareUnits, 'takerPerShareUnits');
    this.name = `per-share(maker ${rates.makerPerShareUnits}, taker ${rates.takerPerShareUnits})`;
  }

  fee(_side: Side, _priceUnits: number, size: number, aggressor: boolean): number {
    return size * (aggressor ? this.rates.takerPerShareUnits : this.rates.makerPerShareUnits);
  }
}

/** Rates of `BpsFees` in basis points of notional. */
export interface BpsRates {
  makerBps: number;
  takerBps: number;
}

/**
 * Notional schedule (crypto style): fee = priceUnits × size × (aggressor ? takerBps : makerBps) /
 * 10,000, in price units × size units (the notional's own scale), independent of side. Negative
 * bps are rebates. The fee is not rounded (fractions of a price unit are kept).
 */
export class BpsFees implements FeeModel {
  readonly name: string;
  constructor(readonly rates: BpsRates) {
    checkFinite(rates.makerBps, 'makerBps');
    checkFinite(rates.takerBps, 'takerBps');
    this.name = `bps(maker ${rates.makerBps}, taker ${rates.takerBps})`;
  }

  fee(_side: Side, priceUnits: number, size: number, aggressor: boolean): number {
    return (priceUnits * size * (aggressor ? this.rates.takerBps : this.rates.makerBps)) / 10_000;
  }
}

function checkFinite(x: number, what: string): void {
  if (!Number.isFinite(x)) throw new RangeError(`fee model: ${what} must be a finite number, got ${x}`);
}
