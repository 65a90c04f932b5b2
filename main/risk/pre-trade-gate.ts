import type { RiskLimits, RiskReason } from '../contract/risk.js';
import { explainDenial } from './gate-messages.js';
import { RateWindow, SymbolState } from './gate-state.js';

/**
 * An order (or a replace) as the gate sees it, in the caller's integer units: `qty` in size units,
 * `price` in price units, `ts` in time units (non-decreasing from call to
 * call). `filled` is what a replaced order has already filled (0 for a new order);
 * `workingSameSide` the unfilled size of the caller's OTHER working orders on this side in this
 * symbol, and `openOrders` how many other orders are working (both 0 where every accepted order
 * fills at once, as in `risk check`). Mutable so a hot loop can reuse one object.
 */
export interface GateOrder {
  symbol: string;
  side: 1 | -1;
  qty: number;
  /** A market order has no price (`price` is ignored, NaN by convention). */
  market: boolean;
  price: number;
  ts: number;
  replace: boolean;
  filled: number;
  workingSameSide: number;
  openOrders: number;
}

/**
 * How the caller's integers map to display units. `sizeDecimals` / `priceDecimals`: a quantity
 * of `qty` size units is `qty / 10^sizeDecimals` base units (shares, BTC), likewise prices.
 * `tickUnits`: limit prices must be positive multiples of it (1 = any integer). `timeUnitsPerSec`:
 * 1e9 for nanoseconds. Invariants: decimals integers in [0, 9]; tickUnits and timeUnitsPerSec > 0.
 */
export interface GateUnits {
  readonly sizeDecimals: number;
  readonly priceDecimals: number;
  readonly tickUnits: number;
  readonly timeUnitsPerSec: number;
}

/** A denial: the machine-readable reason and a sentence in display units naming the limit. */
export interface RiskDenial {
  readonly reason: RiskReason;
  readonly message: string;
}

/** A limit in display units → the caller's units, snapping float noise (0.57 × 100 = 56.99…) to the integer it means. */
function scaled(limit: number | undefined, scale: number): number {
  if (limit === undefined) return Infinity;
  const x = limit * scale;
  const r = Math.round(x);
  return Math.abs(x - r) <= 1e-9 * Math.max(1, Math.abs(x)) ? r : x;
}

/**
 * The pre-trade risk gate: the same code on every order path (simulated venue, paper, live, and
 * `slipstream risk check`), independent of every model. `check` returns the first reason that
 * fails, in this order, or null:
 *   killSwitch → invalidQty → invalidPrice → restricted → maxOrderQty → maxNotional →
 *   priceCollarBps → duplicate → maxOrdersPerSec → maxPosition → dailyLossLimit → maxOpenOrders
 * (`noReferencePrice` where the notional of a market order or the collar of a limit order needs a
 * reference price and none has been seen). Duplicate and open-order checks apply to new orders
 * only; a replace is checked against every other limit with its new total quantity and price.
 * Position is the worst case: position + every working order on the same side + this one.
 *
 * A denied order changes nothing. The caller reports what happened: `accepted` after a pass,
 * `filled` for every fill, `mark` for every reference price (mid, last trade) it observes.
 * `check` allocates nothing; `explain` builds the sentence for a denial.
 */
export class PreTradeGate {
  /** Kill switch for everything this gate guards; the owner sets it. */
  killed = false;
  readonly limits: Readonly<RiskLimits>;
  private readonly maxQty: number;
  private readonly maxPos: number;
  /** Max notional in price units × size units. */
  private readonly maxNotionalUnits: number;
  private readonly collarBps: number;
  private readonly dupWindow: number;
  private readonly lossLimitUnits: number;
  private readonly maxOpen: number;
  private readonly unitProduct: number;
  private readonly rate: RateWindow | null;
  private readonly restricted: ReadonlySet<string>;
  private readonly symbols = new Map<string, SymbolState>();
  private readonly states: SymbolState[] = [];
  private lastSymbol = '';
  private lastState: SymbolState | null = null;

  constructor(limits: RiskLimits, readonly units: GateUnits) {
    this.limits = Object.freeze({ ...limits, ...(limits.restricted ? { restricted: [...limits.restricted] } : {}) });
    const qs = 10 ** units.sizeDecimals;
    const ps = 10 ** units.priceDecimals;
    this.unitProduct = qs * ps;
    this.maxQty = scaled(limits.maxOrderQty, qs);
    this.maxPos = scaled(limits.maxPosition, qs);
    this.maxNotionalUnits = scaled(limits.maxNotional, this.unitProduct);
    this.collarBps = limits.priceCollarBps ?? Infinity;
    this.dupWindow = limits.duplicateWindowSec === undefined ? 0 : scaled(limits.duplicateWindowSec, units.timeUnitsPerSec);
    this.lossLimitUnits = -scaled(limits.dailyLossLimit, this.unitProduct);
    this.maxOpen = limits.maxOpenOrders ?? Infinity;
    this.rate = limits.maxOrdersPerSec === undefined ? null : new RateWindow(limits.maxOrdersPerSec, units.timeUnitsPerSec);
    this.restricted = new Set(limits.restricted ?? []);
  }

  /** The first reason the order fails, or null when it passes. Changes nothing. */
  check(o: GateOrder): RiskReason | null {
    if (this.killed) return 'killSwitch';
    const qty = o.qty;
    if (!(qty > 0 && Number.isSafeInteger(qty) && qty > o.filled)) return 'invalidQty';
    const price = o.price;
    const limit = !o.market;
    if (limit && !(price > 0 && Number.isSafeInteger(price) && price % this.units.tickUnits === 0)) return 'invalidPrice';
    const st = this.state(o.symbol);
    if (st.restricted) return 'restricted';
    if (qty > this.maxQty) return 'maxOrderQty';
    const ref = st.ref;
    if (this.maxNotionalUnits !== Infinity) {
      const px = limit ? price : ref;
      if (px !== px) return 'noReferencePrice';
      if (qty * px > this.maxNotionalUnits) return 'maxNotional';
    }
    if (limit && this.collarBps !== Infinity) {
      if (ref !== ref) return 'noReferencePrice';
      // |price − ref| / ref × 10,000 > bps, multiplied out so integer inputs compare exactly.
      if (Math.abs(price - ref) * 10_000 > scaled(this.collarBps, ref)) return 'priceCollarBps';
    }
    if (!o.replace && this.dupWindow > 0) {
      const t = st.recent.last(limit ? price : -1, o.side * qty);
      if (t === t && o.ts - t < this.dupWindow) return 'duplicate';
    }
    if (this.rate !== null && this.rate.full(o.ts)) return 'maxOrdersPerSec';
    if (this.maxPos !== Infinity && Math.abs(st.position + o.side * (o.workingSameSide + qty - o.filled)) > this.maxPos) return 'maxPosition';
    if (this.lossLimitUnits !== -Infinity && this.pnlUnits() < this.lossLimitUnits) return 'dailyLossLimit';
    if (!o.replace && o.openOrders >= this.maxOpen) return 'maxOpenOrders';
    return null;
  }

  /** The sentence for a denial `check` just returned (call before the gate's state changes). */
  explain(o: GateOrder, reason: RiskReason): RiskDenial {
    const st = this.state(o.symbol);
    return { reason, message: explainDenial(reason, o, {
      limits: this.limits, units: this.units, position: st.position, ref: st.ref, lastSameTs: st.recent.last(o.market ? -1 : o.price, o.side * o.qty),
      inLastSecond: this.rate ? this.rate.inLastSecond(o.ts) : 0, pnl: this.pnlUnits() / this.unitProduct,
    }) };
  }

  /** `check` and, on a denial, `explain`: null when the order passes. */
  decide(o: GateOrder): RiskDenial | null {
    const r = this.check(o);
    return r === null ? null : this.explain(o, r);
  }

  /** Records an order (or replace) that passed and was sent: it counts for the rate limit and duplicates. */
  accepted(o: GateOrder): void {
    if (this.rate !== null) this.rate.add(o.ts);
    if (!o.replace && this.dupWindow > 0) this.state(o.symbol).recent.remember(o.market ? -1 : o.price, o.side * o.qty, o.ts, this.dupWindow);
  }

  /** Records a fill (price units, size units; fee in price × size units, positive = paid). */
  filled(symbol: string, side: 1 | -1, qty: number, price: number, fee = 0): void {
    const st = this.state(symbol);
    st.position += side * qty;
    st.cash -= side * qty * price;
    st.fees += fee;
    if (st.ref !== st.ref) st.ref = price; // no reference yet: our own trade is the last trade
  }

  /** Records the latest reference price (mid or last trade) of a symbol; NaN keeps the previous one. */
  mark(symbol: string, ref: number): void {
    if (ref === ref && ref > 0) this.state(symbol).ref = ref;
  }

  /** Signed position in size units. */
  position(symbol: string): number {
    return this.symbols.get(symbol)?.position ?? 0;
  }

  /** P&L of every fill so far, marked at each symbol's latest reference price, fees paid, in the quote currency. */
  pnl(): number {
    return this.pnlUnits() / this.unitProduct;
  }

  private pnlUnits(): number {
    let sum = 0;
    for (let i = 0; i < this.states.length; i++) sum += this.states[i]!.pnlUnits();
    return sum;
  }

  private state(symbol: string): SymbolState {
    if (symbol === this.lastSymbol && this.lastState !== null) return this.lastState;
    let st = this.symbols.get(symbol);
    if (st === undefined) {
      st = new SymbolState(symbol, this.restricted.has(symbol));
      this.symbols.set(symbol, st);
      this.states.push(st);
    }
    this.lastSymbol = symbol;
    this.lastState = st;
    return st;
  }
}
