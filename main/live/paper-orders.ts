import { formatUnits, type InstrumentSpec } from '../domain/instrument.js';
import type { OrderEvent } from '../domain/order-events.js';
import type { OrderRequest } from '../domain/orders.js';
import type { Side } from '../domain/side.js';
import { parseFixUnits, type FixField, type FixMessage } from './fix/fix-codec.js';
import { TAG, ordTypeFromFix, sideFromFix, sideToFix, tifFromFix } from './fix-fields.js';

/** What the paper venue does with one inbound application message. */
export type Inbound =
  | { readonly kind: 'submit'; readonly req: OrderRequest }
  | { readonly kind: 'reply'; readonly msgType: string; readonly body: FixField[] }
  | { readonly kind: 'session-reject'; readonly tag: number; readonly text: string }
  | { readonly kind: 'business-reject'; readonly text: string };

interface Pending {
  readonly kind: 'cancel' | 'replace';
  readonly clOrdId: string;
  readonly origClOrdId: string;
}

/** One order as the FIX side sees it. Invariant: cumQty ≤ orderQty; `key` is the first ClOrdID (the venue's id). */
interface PaperOrder {
  readonly key: string;
  clOrdId: string;
  readonly side: Side;
  orderQty: number;
  priceUnits: number | undefined;
  cumQty: number;
  /** Σ price × size of fills, for AvgPx. */
  notional: number;
  orderId: string;
  status: string;
  readonly pending: Pending[];
}

/**
 * The FIX 4.4 application layer of the paper venue: NewOrderSingle (D), OrderCancelRequest (F)
 * and OrderCancelReplaceRequest (G) become venue requests; venue `OrderEvent`s become
 * ExecutionReports (8: ExecType 0 new, F trade, 4 canceled, 5 replaced, 8 rejected) and
 * OrderCancelRejects (9); OrderStatusRequest (H) is answered with ExecType I (order status). A missing required tag ⇒ session Reject naming the tag; a bad value ⇒
 * an ExecutionReport Rejected (or OrderCancelReject) whose Text starts with the field name.
 * The venue keys an order by its first ClOrdID; later ClOrdIDs of its cancel/replace chain map to
 * it, and the venue's answers to cancels and replaces are matched to requests in FIFO order per
 * order (the venue processes them in arrival order). Invariant: each venue event gives exactly
 * one outbound message, with a unique ExecID.
 */
export class PaperOrders {
  private readonly orders = new Map<string, PaperOrder>();
  private readonly byClOrdId = new Map<string, PaperOrder>();
  private execSeq = 0;

  /**
   * `execIdPrefix` makes ExecIDs unique across restarts of the venue (a client that remembers the
   * ExecIDs it booked would take a repeated one for a resend and drop a real fill).
   */
  constructor(private readonly instrument: InstrumentSpec, private readonly nowStamp: () => string, private readonly execIdPrefix = 'X') {}

  /** Handles one inbound application message. */
  inbound(msg: FixMessage): Inbound {
    switch (msg.msgType) {
      case 'D':
        return this.newOrder(msg);
      case 'F':
      case 'G':
        return this.cancelOrReplace(msg);
      case 'H':
        return this.statusRequest(msg);
      default:
        return { kind: 'business-reject', text: `MsgType ${msg.msgType} is not supported` };
    }
  }

  private newOrder(msg: FixMessage): Inbound {
    const missing = requireTags(msg, [TAG.ClOrdID, TAG.Symbol, TAG.Side, TAG.OrderQty, TAG.OrdType, TAG.TransactTime]);
    if (missing !== null) return missing;
    const id = msg.get(TAG.ClOrdID)!;
    const side = sideFromFix(msg.get(TAG.Side));
    const reject = (text: string): Inbound => ({ kind: 'reply', msgType: '8', body: this.rejectReport(id, side ?? 1, msg, text) });
    if (this.byClOrdId.has(id)) return reject(`ClOrdID: duplicate "${id}"`);
    if (msg.get(TAG.Symbol) !== this.instrument.symbol) return reject(`Symbol: this venue trades ${this.instrument.symbol}, got "${msg.get(TAG.Symbol)}"`);
    if (side === null) return reject(`Side: expected 1 (buy) or 2 (sell), got "${msg.get(TAG.Side)}"`);
    const type = ordTypeFromFix(msg.get(TAG.OrdType));
    if (type === null) return reject(`OrdType: expected 1 (market) or 2 (limit), got "${msg.get(TAG.OrdType)}"`);
    const tif = tifFromFix(msg.get(TAG.TimeInForce));
    if (tif === null) return reject(`TimeInForce: expected 0 (day) or 3 (IOC), got "${msg.get(TAG.TimeInForce)}"`);
    const size = parseFixUnits(msg.get(TAG.OrderQty)!, this.instrument.sizeDecimals);
    if (size === null || size <= 0) return reject(`OrderQty: expected a positive quantity with at most ${this.instrument.sizeDecimals} decimals, got "${msg.get(TAG.OrderQty)}"`);
    let priceUnits: number | undefined;
    if (type === 'limit') {
      const px = msg.get(TAG.Price);
      if (px === undefined) return { kind: 'session-reject', tag: TAG.Price, text: 'Price (44) is required for a limit order' };
      const p = parseFixUnits(px, this.instrument.priceDecimals);
      if (p === null || p <= 0) return reject(`Price: expected a positive price with at most ${this.instrument.priceDecimals} decimals, got "${px}"`);
      priceUnits = p;
    }
    const o: PaperOrder = { key: id, clOrdId: id, side, orderQty: size, priceUnits, cumQty: 0, notional: 0, orderId: 'NONE', status: 'A', pending: [] };
    this.orders.set(id, o);
    this.byClOrdId.set(id, o);
    return { kind: 'submit', req: { kind: 'new', clientOrderId: id, side, type, tif, size, ...(priceUnits !== undefined ? { priceUnits } : {}) } };
  }

  /**
   * OrderStatusRequest (H): an ExecutionReport with ExecType I (order status) carrying the order's
   * OrdStatus, CumQty, LeavesQty and AvgPx, found by any ClOrdID of its chain; an order we never
   * received gets OrdStatus 8, OrdRejReason 5 (unknown order). It changes nothing.
   */
  private statusRequest(msg: FixMessage): Inbound {
    const missing = requireTags(msg, [TAG.ClOrdID, TAG.Side]);
    if (missing !== null) return missing;
    const id = msg.get(TAG.ClOrdID)!;
    const o = this.byClOrdId.get(id);
    if (o !== undefined) return { kind: 'reply', ...this.report(o, 'I', id) };
    return {
      kind: 'reply', msgType: '8',
      body: [[TAG.OrderID, 'NONE'], [TAG.ClOrdID, id], [TAG.ExecID, `${this.execIdPrefix}${++this.execSeq}`], [TAG.ExecType, 'I'], [TAG.OrdStatus, '8'], [TAG.Symbol, msg.get(TAG.Symbol) ?? this.instrument.symbol],
        [TAG.Side, msg.get(TAG.Side)!], [TAG.LeavesQty, '0'], [TAG.CumQty, '0'], [TAG.AvgPx, '0'], [TAG.OrdRejReason, '5'], [TAG.Text, 'unknown order']],
    };
  }

  private cancelOrReplace(msg: FixMessage): Inbound {
    const replace = msg.msgType === 'G';
    const tags: number[] = [TAG.ClOrdID, TAG.OrigClOrdID, TAG.Side, TAG.TransactTime];
    if (replace) tags.push(TAG.OrderQty, TAG.OrdType);
    const missing = requireTags(msg, tags);
    if (missing !== null) return missing;
    const clOrdId = msg.get(TAG.ClOrdID)!;
    const orig = msg.get(TAG.OrigClOrdID)!;
    const o = this.byClOrdId.get(orig);
    const refuse = (text: string, unknown: boolean): Inbound => ({
      kind: 'reply', msgType: '9',
      body: [[TAG.OrderID, o?.orderId ?? 'NONE'], [TAG.ClOrdID, clOrdId], [TAG.OrigClOrdID, orig], [TAG.OrdStatus, o?.status ?? '8'], [TAG.CxlRejResponseTo, replace ? '2' : '1'], [TAG.CxlRejReason, unknown ? '1' : '99'], [TAG.Text, text]],
    });
    if (o === undefined) return refuse(`OrigClOrdID: unknown order "${orig}"`, true);
    if (this.byClOrdId.has(clOrdId)) return refuse(`ClOrdID: duplicate "${clOrdId}"`, false);
    if (!replace) {
      o.pending.push({ kind: 'cancel', clOrdId, origClOrdId: orig });
      this.byClOrdId.set(clOrdId, o);
      return { kind: 'submit', req: { kind: 'cancel', clientOrderId: o.key } };
    }
    const size = parseFixUnits(msg.get(TAG.OrderQty)!, this.instrument.sizeDecimals);
    if (size === null || size <= 0) return refuse(`OrderQty: expected a positive quantity, got "${msg.get(TAG.OrderQty)}"`, false);
    const px = msg.get(TAG.Price);
    const p = px === undefined ? o.priceUnits : parseFixUnits(px, this.instrument.priceDecimals);
    if (p === null || p === undefined) return refuse(`Price: expected a positive price, got "${px ?? ''}"`, false);
    o.pending.push({ kind: 'replace', clOrdId, origClOrdId: orig });
    this.byClOrdId.set(clOrdId, o);
    return { kind: 'submit', req: { kind: 'replace', clientOrderId: o.key, priceUnits: p, size } };
  }

  /** The outbound message for one venue event (null for an event about no order we know). */
  outbound(ev: OrderEvent): { msgType: string; body: FixField[] } | null {
    const o = this.orders.get(ev.clientOrderId);
    if (o === undefined) return null;
    switch (ev.type) {
      case 'OrderAccepted':
        o.orderId = ev.venueOrderId;
        o.status = '0';
        return this.report(o, '0', o.clOrdId);
      case 'OrderRejected':
        o.status = '8';
        return this.report(o, '8', o.clOrdId, [[TAG.OrdRejReason, '99'], [TAG.Text, ev.reason]]);
      case 'OrderFilled': {
        o.cumQty += ev.size;
        o.notional += ev.priceUnits * ev.size;
        o.status = ev.leaves === 0 ? '2' : '1';
        const extra: FixField[] = [[TAG.LastPx, this.px(ev.priceUnits)], [TAG.LastQty, this.qty(ev.size)], [TAG.LastLiquidityInd, ev.aggressor ? '2' : '1']];
        if (ev.fee !== 0) extra.push([TAG.Commission, String(ev.fee / 10 ** (this.instrument.priceDecimals + this.instrument.sizeDecimals))], [TAG.CommType, '3']);
        return this.report(o, 'F', o.clOrdId, extra, ev.leaves);
      }
      case 'OrderCancelled': {
        o.status = '4';
        const p = ev.reason === 'requested' ? shift(o, 'cancel') : undefined;
        if (p !== undefined) o.clOrdId = p.clOrdId;
        return this.report(o, '4', o.clOrdId, p !== undefined ? [[TAG.OrigClOrdID, p.origClOrdId]] : [[TAG.Text, ev.reason]], 0);
      }
      case 'OrderReplaced': {
        const p = shift(o, 'replace');
        if (p !== undefined) o.clOrdId = p.clOrdId;
        o.orderQty = ev.size;
        o.priceUnits = ev.priceUnits;
        o.status = o.cumQty > 0 ? '1' : '0';
        return this.report(o, '5', o.clOrdId, p !== undefined ? [[TAG.OrigClOrdID, p.origClOrdId]] : [], ev.leaves);
      }
      case 'OrderCancelRejected': {
        const p = o.pending.shift();
        if (p === undefined) return null;
        return {
          msgType: '9',
          body: [[TAG.OrderID, o.orderId], [TAG.ClOrdID, p.clOrdId], [TAG.OrigClOrdID, p.origClOrdId], [TAG.OrdStatus, o.status], [TAG.CxlRejResponseTo, p.kind === 'cancel' ? '1' : '2'], [TAG.CxlRejReason, '99'], [TAG.Text, ev.reason]],
        };
      }
      default:
        return null;
    }
  }

  private report(o: PaperOrder, execType: string, clOrdId: string, extra: FixField[] = [], leaves?: number): { msgType: string; body: FixField[] } {
    const leavesQty = leaves ?? (o.status === '8' || o.status === '4' ? 0 : o.orderQty - o.cumQty);
    const body: FixField[] = [
      [TAG.OrderID, o.orderId], [TAG.ClOrdID, clOrdId], [TAG.ExecID, `${this.execIdPrefix}${++this.execSeq}`], [TAG.ExecType, execType], [TAG.OrdStatus, o.status],
      [TAG.Symbol, this.instrument.symbol], [TAG.Side, sideToFix(o.side)], [TAG.OrderQty, this.qty(o.orderQty)],
    ];
    if (o.priceUnits !== undefined) body.push([TAG.Price, this.px(o.priceUnits)]);
    body.push([TAG.LeavesQty, this.qty(leavesQty)], [TAG.CumQty, this.qty(o.cumQty)], [TAG.AvgPx, o.cumQty > 0 ? String(o.notional / o.cumQty / 10 ** this.instrument.priceDecimals) : '0'], [TAG.TransactTime, this.nowStamp()], ...extra);
    return { msgType: '8', body };
  }

  private rejectReport(clOrdId: string, side: Side, msg: FixMessage, text: string): FixField[] {
    this.execSeq++;
    return [
      [TAG.OrderID, 'NONE'], [TAG.ClOrdID, clOrdId], [TAG.ExecID, `${this.execIdPrefix}${this.execSeq}`], [TAG.ExecType, '8'], [TAG.OrdStatus, '8'], [TAG.Symbol, msg.get(TAG.Symbol) ?? this.instrument.symbol],
      [TAG.Side, sideToFix(side)], [TAG.OrderQty, msg.get(TAG.OrderQty) ?? '0'], [TAG.LeavesQty, '0'], [TAG.CumQty, '0'], [TAG.AvgPx, '0'], [TAG.TransactTime, this.nowStamp()], [TAG.OrdRejReason, '99'], [TAG.Text, text],
    ];
  }

  private qty(units: number): string {
    return formatUnits(units, this.instrument.sizeDecimals);
  }
  private px(units: number): string {
    return formatUnits(units, this.instrument.priceDecimals);
  }
}

function shift(o: PaperOrder, kind: Pending['kind']): Pending | undefined {
  return o.pending[0]?.kind === kind ? o.pending.shift() : undefined;
}

const TAG_NAMES = new Map<number, string>(Object.entries(TAG).map(([k, v]) => [v, k]));

function requireTags(msg: FixMessage, tags: readonly number[]): Inbound | null {
  for (const t of tags) if (msg.get(t) === undefined) return { kind: 'session-reject', tag: t, text: `${TAG_NAMES.get(t) ?? 'tag'} (${t}) is required in MsgType ${msg.msgType}` };
  return null;
}
