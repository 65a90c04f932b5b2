import type { InstrumentSpec } from '../domain/instrument.js';
import { formatUnits, unitsToDecimal } from '../domain/instrument.js';
import type { NewOrder } from '../domain/orders.js';
import type { RiskLimits } from './risk-limits.js';

/** What the gate needs to know about the moment an order is sent. */
export interface RiskContext {
  /** Reference price (mid) in price units; NaN when the book has no two sides. */
  referencePriceUnits: number;
  openOrders: number;
  /** Current signed position in size units. */
  position: number;
  killSwitch: boolean;
}

/** A denial: the reason in words (naming the field and the limit) and the field. */
export interface RiskDenial {
  reason: string;
  field: 'size' | 'priceUnits' | 'notional' | 'openOrders' | 'position' | 'killSwitch';
}

const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');

/**
 * The pre-trade risk gate: a pure check of one new order against hard limits. A denied order
 * becomes an `OrderDenied` event, never an exception. Messages follow the UI convention, e.g.
 * "Quantity 250,000 exceeds max order quantity 100,000 (Risk settings)".
 * Checks, in order: kill switch, size, notional, price band, open orders, position.
 */
export function checkOrder(order: NewOrder, ctx: RiskContext, limits: RiskLimits, inst: InstrumentSpec): RiskDenial | null {
  if (ctx.killSwitch) return { reason: 'Kill switch is on: no new orders (Risk screen)', field: 'killSwitch' };
  if (order.size > limits.maxOrderSize) {
    return { reason: `Quantity ${fmtInt(order.size)} exceeds max order quantity ${fmtInt(limits.maxOrderSize)} (Risk settings)`, field: 'size' };
  }
  const px = order.type === 'limit' && order.priceUnits !== undefined ? order.priceUnits : ctx.referencePriceUnits;
  if (Number.isFinite(px)) {
    const notional = unitsToDecimal(px, inst.priceDecimals) * unitsToDecimal(order.size, inst.sizeDecimals);
    if (notional > limits.maxOrderNotional) {
      return { reason: `Notional ${fmtInt(notional)} exceeds max order notional ${fmtInt(limits.maxOrderNotional)} (Risk settings)`, field: 'notional' };
    }
  }
  if (order.type === 'limit' && order.priceUnits !== undefined && limits.priceBandBps > 0 && Number.isFinite(ctx.referencePriceUnits)) {
    const through = (order.side * (order.priceUnits - ctx.referencePriceUnits)) / ctx.referencePriceUnits * 10_000;
    if (through > limits.priceBandBps) {
      return {
        reason: `Limit price ${formatUnits(order.priceUnits, inst.priceDecimals)} is ${through.toFixed(0)} bp through the mid ${formatUnits(Math.round(ctx.referencePriceUnits), inst.priceDecimals)}, beyond the price band of ${limits.priceBandBps} bp (Risk settings)`,
        field: 'priceUnits',
      };
    }
  }
  if (limits.maxOpenOrders > 0 && ctx.openOrders >= limits.maxOpenOrders) {
    return { reason: `Open orders ${ctx.openOrders} reach max open orders ${limits.maxOpenOrders} (Risk settings)`, field: 'openOrders' };
  }
  const after = ctx.position + order.side * order.size;
  if (limits.maxPosition > 0 && Math.abs(after) > limits.maxPosition) {
    return { reason: `Position after fill ${fmtInt(after)} exceeds max position ${fmtInt(limits.maxPosition)} (Risk settings)`, field: 'position' };
  }
  return null;
}
