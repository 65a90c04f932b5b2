import type { OrderEvent } from '../../domain/order-events.js';
import type { NewOrder } from '../../domain/orders.js';
import type { EventLog } from '../../kernel/event-log.js';

/*
 * Request validation shared by the replay venue, with the wording the generative venue uses: a
 * reason always STARTS with the offending field's name (`size: …`, `priceUnits: …`), so a UI or a
 * test can point at the field.
 */

function isPosInt(x: unknown): x is number {
  return typeof x === 'number' && x > 0 && x <= Number.MAX_SAFE_INTEGER && Math.floor(x) === x;
}

/** Why a limit price is invalid (null when valid): a positive integer multiple of `tickUnits`. */
export function priceProblem(p: number | undefined, tickUnits: number): string | null {
  if (p === undefined) return 'priceUnits: required for a limit order';
  if (!(isPosInt(p) && p % tickUnits === 0)) return `priceUnits: expected a positive multiple of the tick (${tickUnits}), got ${p}`;
  return null;
}

/** Why a new order is invalid (null when valid). `known` tells whether a client order id was used before. */
export function newOrderProblem(r: NewOrder, tickUnits: number, known: (id: string) => boolean): string | null {
  if (typeof r.clientOrderId !== 'string' || r.clientOrderId === '') return `clientOrderId: expected a non-empty string, got ${JSON.stringify(r.clientOrderId)}`;
  if (known(r.clientOrderId)) return `clientOrderId: duplicate "${r.clientOrderId}"`;
  if (r.side !== 1 && r.side !== -1) return `side: expected 1 (buy) or -1 (sell), got ${String(r.side)}`;
  if (r.type !== 'limit' && r.type !== 'market') return `type: expected "limit" or "market", got ${JSON.stringify(r.type)}`;
  if (r.tif !== 'day' && r.tif !== 'ioc') return `tif: expected "day" or "ioc", got ${JSON.stringify(r.tif)}`;
  if (!isPosInt(r.size)) return `size: expected a positive integer, got ${r.size}`;
  if (r.type === 'market') return r.priceUnits === undefined ? null : `priceUnits: a market order takes no price, got ${r.priceUnits}`;
  return priceProblem(r.priceUnits, tickUnits);
}

/** Why a replace is invalid for a working order that has `filled` (null when valid). `size` is the new total. */
export function replaceProblem(size: number, priceUnits: number, filled: number, tickUnits: number): string | null {
  if (!isPosInt(size)) return `size: expected a positive integer, got ${size}`;
  if (size <= filled) return `size: the new total size must exceed the filled ${filled}, got ${size}`;
  return priceProblem(priceUnits, tickUnits);
}

/**
 * Appends one order event to a kernel `EventLog` in canonical form: type, time, client id, then
 * the type's fields in a fixed order. Two runs give the same log hash iff they produced the same
 * events with the same fields.
 */
export function recordOrderEvent(log: EventLog, ev: OrderEvent): void {
  switch (ev.type) {
    case 'OrderAccepted':
      log.record(ev.type, ev.tsNs, ev.clientOrderId, ev.venueOrderId);
      return;
    case 'OrderDenied':
      log.record(ev.type, ev.tsNs, ev.clientOrderId, ev.reason, ev.field ?? '');
      return;
    case 'OrderRejected':
    case 'OrderCancelRejected':
      log.record(ev.type, ev.tsNs, ev.clientOrderId, ev.reason);
      return;
    case 'OrderFilled':
      log.record(ev.type, ev.tsNs, ev.clientOrderId, ev.side, ev.priceUnits, ev.size, ev.leaves, ev.aggressor ? 1 : 0, ev.fee);
      return;
    case 'OrderCancelled':
      log.record(ev.type, ev.tsNs, ev.clientOrderId, ev.leaves, ev.reason);
      return;
    case 'OrderReplaced':
      log.record(ev.type, ev.tsNs, ev.clientOrderId, ev.priceUnits, ev.size, ev.leaves);
      return;
  }
}
