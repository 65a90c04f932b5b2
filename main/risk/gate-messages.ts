import type { RiskLimits, RiskReason } from '../contract/risk.js';
import type { GateOrder, GateUnits } from './pre-trade-gate.js';

/** What a denial's sentence may quote, read from the gate when it denied. */
export interface DenialFacts {
  readonly limits: Readonly<RiskLimits>;
  readonly units: GateUnits;
  /** Position in size units. */
  readonly position: number;
  /** Latest reference price in price units (NaN when none). */
  readonly ref: number;
  /** Time of the same order accepted earlier (time units; NaN when none). */
  readonly lastSameTs: number;
  readonly inLastSecond: number;
  /** P&L so far in the quote currency. */
  readonly pnl: number;
}

const group = (x: number, maxDigits: number) =>
  Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: maxDigits }) : String(x);

/**
 * The sentence for a denial, in display units (shares, the quote currency, bp, seconds), naming
 * the limit and where it is set, e.g. "Quantity 250,000 exceeds max order quantity 100,000 (Risk
 * settings)." Pure: the same facts give the same words.
 */
export function explainDenial(reason: RiskReason, o: GateOrder, f: DenialFacts): string {
  const { units: u, limits: L } = f;
  const qty = (q: number) => group(q / 10 ** u.sizeDecimals, u.sizeDecimals);
  const px = (p: number) => (Number.isFinite(p)
    ? (p / 10 ** u.priceDecimals).toLocaleString('en-US', { minimumFractionDigits: u.priceDecimals, maximumFractionDigits: u.priceDecimals })
    : String(p));
  const money = (m: number) => group(m, 2);
  const sideWord = o.side === 1 ? 'buy' : 'sell';
  const what = `${sideWord} ${qty(o.qty)} ${o.symbol}${o.market ? ' at market' : ` at ${px(o.price)}`}`;
  switch (reason) {
    case 'killSwitch':
      return 'Kill switch is on: every open order is cancelled and no new order or replace is sent (Risk screen).';
    case 'invalidQty':
      if (!Number.isFinite(o.qty)) return `Quantity ${String(o.qty)} is not a number.`;
      if (o.qty <= 0) return `Quantity ${qty(o.qty)} must be above 0.`;
      if (!Number.isSafeInteger(o.qty)) return `Quantity ${String(o.qty / 10 ** u.sizeDecimals)} is not a whole multiple of the instrument's smallest quantity ${qty(1)}.`;
      return `New total quantity ${qty(o.qty)} must exceed the ${qty(o.filled)} already filled.`;
    case 'invalidPrice': {
      if (!Number.isFinite(o.price)) return `Limit price ${String(o.price)} is not a number.`;
      if (o.price <= 0) return `Limit price ${px(o.price)} must be above 0.`;
      return `Limit price ${Number.isSafeInteger(o.price) ? px(o.price) : String(o.price / 10 ** u.priceDecimals)} is not on the tick grid (tick ${px(u.tickUnits)}).`;
    }
    case 'restricted':
      return `Symbol ${o.symbol} is on the restricted list (Risk settings).`;
    case 'maxOrderQty':
      return `Quantity ${qty(o.qty)} exceeds max order quantity ${group(L.maxOrderQty!, 9)} (Risk settings).`;
    case 'maxNotional': {
      const p = o.market ? f.ref : o.price;
      const notional = (o.qty / 10 ** u.sizeDecimals) * (p / 10 ** u.priceDecimals);
      return `Notional ${money(notional)} exceeds max notional ${money(L.maxNotional!)} (Risk settings)${o.market ? `; market order valued at the reference price ${px(f.ref)}` : ''}.`;
    }
    case 'noReferencePrice':
      return o.market
        ? `No reference price for ${o.symbol} (no two-sided book seen yet, no fill): the market order's notional cannot be checked against max notional ${money(L.maxNotional!)} (Risk settings).`
        : `No reference price for ${o.symbol} (no two-sided book seen yet, no fill): the limit price ${px(o.price)} cannot be checked against the price collar of ${group(L.priceCollarBps!, 2)} bp (Risk settings).`;
    case 'priceCollarBps': {
      const bps = (Math.abs(o.price - f.ref) / f.ref) * 10_000;
      return `Limit price ${px(o.price)} is ${group(bps, 1)} bp from the reference price ${px(f.ref)}, beyond the price collar of ${group(L.priceCollarBps!, 2)} bp (Risk settings).`;
    }
    case 'duplicate': {
      const ago = (o.ts - f.lastSameTs) / u.timeUnitsPerSec;
      return `Duplicate of an order accepted ${group(ago, 3)} s earlier (${what}), within the duplicate window of ${group(L.duplicateWindowSec!, 3)} s (Risk settings).`;
    }
    case 'maxOrdersPerSec':
      return `${group(f.inLastSecond, 0)} orders accepted in the last second reach max orders per second ${group(L.maxOrdersPerSec!, 0)} (Risk settings).`;
    case 'maxPosition': {
      const after = f.position + o.side * (o.workingSameSide + o.qty - o.filled);
      const working = o.workingSameSide > 0 ? ` (position ${qty(f.position)}, working ${sideWord}s ${qty(o.workingSameSide)}, this order ${qty(o.qty - o.filled)})` : '';
      return `Position after fill ${qty(after)}${working} exceeds max position ${group(L.maxPosition!, 9)} (Risk settings).`;
    }
    case 'dailyLossLimit':
      return `P&L ${money(f.pnl)} is below the daily loss limit of −${money(L.dailyLossLimit!)} (Risk settings).`;
    case 'maxOpenOrders':
      return `Open orders ${group(o.openOrders, 0)} reach max open orders ${group(L.maxOpenOrders!, 0)} (Risk settings).`;
  }
}
