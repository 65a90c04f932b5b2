import { unitsToDecimal, type InstrumentSpec } from '../domain/instrument.js';
import type { OrderEvent } from '../domain/order-events.js';
import type { TcaFill } from './tca-types.js';

/**
 * The `OrderFilled` events of a parent order's children as TCA fills, in decimals of `instrument`:
 * ts = tsNs, qty = size / 10^sizeDecimals, price = priceUnits / 10^priceDecimals,
 * fee = fee / 10^(priceDecimals + sizeDecimals) (the venue's fee is in price units × size units),
 * passive = !aggressor. Other event types are skipped; order is kept.
 */
export function fillsFromOrderEvents(events: readonly OrderEvent[], instrument: InstrumentSpec): TcaFill[] {
  const out: TcaFill[] = [];
  for (const e of events) {
    if (e.type !== 'OrderFilled') continue;
    out.push({
      ts: e.tsNs,
      qty: unitsToDecimal(e.size, instrument.sizeDecimals),
      price: unitsToDecimal(e.priceUnits, instrument.priceDecimals),
      fee: unitsToDecimal(e.fee, instrument.priceDecimals + instrument.sizeDecimals),
      passive: !e.aggressor,
    });
  }
  return out;
}
