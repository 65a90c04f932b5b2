import { z } from 'zod';
import type { OrderEvent } from '../domain/order-events.js';
import { TERMINAL_STATUSES } from '../domain/order-status.js';
import type { Side } from '../domain/side.js';
import type { ExecutionContext } from './execution-context.js';
import type { ChildOrder } from './order-manager.js';
import type { OrderIntent } from './order-path.js';

type Refine = z.core.$RefinementCtx;
const custom = (ctx: Refine, message: string) => ctx.addIssue({ code: 'custom', message });
const isInt = (v: number) => Number.isSafeInteger(v);

/**
 * A parent order as a trader (or the what-if screen, or a test) writes it. Validated by
 * `parseParentOrder`; every failed check names the field and the limit, e.g.
 * "maxParticipation 1.5 exceeds 1 (100 %)".
 *
 * Output invariants (`ParentOrderSpec`): `id` non-empty (the strategy tag of every child, unique
 * per order path); `side` ±1; `quantity` a positive integer in size units; `startNs` an integer
 * ≥ 0 and `endNs` an integer > `startNs` (scheduler ns); `limitPriceUnits`, when present, a
 * positive integer in price units (buy: never pay more; sell: never receive less);
 * `riskAversion` λ ≥ 0, finite — Almgren-Chriss's λ in 1/(price units × size units), the weight
 * of Var[shortfall] with shortfall in price units × size units (0 = risk neutral, the linear
 * TWAP schedule); `maxParticipation` in (0, 1] (1 = no cap): our filled quantity may never
 * exceed this fraction of the market volume printed since `startNs` (our own prints included).
 */
export const ParentOrderSchema = z
  .strictObject({
    id: z.string().superRefine((v, ctx) => {
      if (v.length === 0) custom(ctx, 'id must be a non-empty string (the strategy tag of the child orders)');
    }),
    symbol: z.string().superRefine((v, ctx) => {
      if (v.length === 0) custom(ctx, 'symbol must be a non-empty instrument symbol');
    }),
    side: z.union([z.literal(1), z.literal(-1), z.literal('buy'), z.literal('sell')]).transform((s): Side => (s === 'buy' || s === 1 ? 1 : -1)),
    quantity: z.number().superRefine((v, ctx) => {
      if (!isInt(v) || v <= 0) custom(ctx, `quantity ${v} must be a positive integer (size units)`);
    }),
    startNs: z.number().superRefine((v, ctx) => {
      if (!isInt(v) || v < 0) custom(ctx, `startNs ${v} must be an integer ≥ 0 (scheduler ns)`);
    }),
    endNs: z.number().superRefine((v, ctx) => {
      if (!isInt(v) || v < 0) custom(ctx, `endNs ${v} must be an integer ≥ 0 (scheduler ns)`);
    }),
    limitPriceUnits: z.number().superRefine((v, ctx) => {
      if (!isInt(v) || v <= 0) custom(ctx, `limitPriceUnits ${v} must be a positive integer (price units)`);
    }).optional(),
    riskAversion: z.number().superRefine((v, ctx) => {
      if (!Number.isFinite(v) || v < 0) custom(ctx, `riskAversion ${v} must be a finite number ≥ 0 (Almgren-Chriss λ)`);
    }).default(0),
    maxParticipation: z.number().superRefine((v, ctx) => {
      if (!Number.isFinite(v)) custom(ctx, `maxParticipation ${v} must be a finite number in (0, 1]`);
      else if (v > 1) custom(ctx, `maxParticipation ${v} exceeds 1 (100 %)`);
      else if (v <= 0) custom(ctx, `maxParticipation ${v} must be greater than 0`);
    }).default(1),
  })
  .superRefine((o, ctx) => {
    if (o.endNs <= o.startNs) ctx.addIssue({ code: 'custom', path: ['endNs'], message: `endNs ${o.endNs} must be after startNs ${o.startNs}` });
  });

/** A parent order as written, before validation (side may be 'buy' / 'sell'; λ and max participation optional); no invariant holds until `parseParentOrder`. */
export type ParentOrderInput = z.input<typeof ParentOrderSchema>;
/** A validated parent order; see `ParentOrderSchema` for its invariants. */
export type ParentOrderSpec = z.output<typeof ParentOrderSchema>;

/** One failed check: the field and a message naming the field and its limit. */
export interface ParentOrderIssue {
  readonly field: string;
  readonly message: string;
}

/** A parent order that failed validation. `message` joins the issues with "; ". */
export class ParentOrderError extends Error {
  constructor(readonly issues: readonly ParentOrderIssue[]) {
    super(issues.map((i) => i.message).join('; '));
    this.name = 'ParentOrderError';
  }
}

/** Validates a parent order; the issues name the field and the limit. */
export function safeParseParentOrder(input: unknown): { ok: true; spec: ParentOrderSpec } | { ok: false; issues: ParentOrderIssue[] } {
  const r = ParentOrderSchema.safeParse(input);
  if (r.success) return { ok: true, spec: r.data };
  return {
    ok: false,
    issues: r.error.issues.map((i) => {
      const field = i.path.map(String).join('.') || '(parent order)';
      return { field, message: i.code === 'custom' ? i.message : `${field}: ${i.message}` };
    }),
  };
}

/** Validates a parent order or throws `ParentOrderError`. */
export function parseParentOrder(input: unknown): ParentOrderSpec {
  const r = safeParseParentOrder(input);
  if (!r.ok) throw new ParentOrderError(r.issues);
  return r.spec;
}

/** A child order as an algorithm writes it: the parent fills in the strategy tag (`spec.id`); same invariants as `NewOrder`. */
export type ChildIntent = Omit<OrderIntent, 'strategy'>;

/**
 * A parent order at run time: it owns its child orders (every child carries `strategy ===
 * spec.id`) and reports filled / leaves / average price from their fills.
 *
 * Invariants:
 * - `filled` = Σ fills of its children ≤ `quantity`; `leaves = quantity − filled`;
 * - `inFlight()` = Σ leaves of children not yet terminal (sent and possibly still filling),
 *   so `filled + inFlight() ≤ quantity` at all times: `place` refuses (returns null, reason in
 *   `refusals`) any child larger than `unallocated()`, any child on the other side, a market
 *   child when a limit price is set, a limit child priced through the limit price, and any
 *   child before `startNs`.
 */
export class ParentOrder {
  /** Why `place` refused a child (an algorithm bug if non-empty). */
  readonly refusals: string[] = [];
  private readonly kids = new Map<string, ChildOrder>();
  private filledQty = 0;
  private notional = 0;
  private feesPaid = 0;
  private readonly listeners: Array<(ev: OrderEvent, child: ChildOrder) => void> = [];

  constructor(
    private readonly ctx: ExecutionContext,
    readonly spec: ParentOrderSpec,
  ) {
    if (spec.symbol !== ctx.instrument.symbol) {
      throw new ParentOrderError([{ field: 'symbol', message: `symbol ${spec.symbol} does not match the context's instrument ${ctx.instrument.symbol}` }]);
    }
    ctx.onOrderEvent((ev, child) => {
      if (!child || child.order.strategy !== spec.id) return;
      this.kids.set(child.order.clientOrderId, child);
      if (ev.type === 'OrderFilled') {
        this.filledQty += ev.size;
        this.notional += ev.priceUnits * ev.size;
        this.feesPaid += ev.fee;
      }
      for (const l of this.listeners) l(ev, child);
    });
  }

  get id(): string {
    return this.spec.id;
  }
  get side(): Side {
    return this.spec.side;
  }
  get quantity(): number {
    return this.spec.quantity;
  }
  /** Filled quantity (size units). */
  get filled(): number {
    return this.filledQty;
  }
  /** Quantity not yet filled: quantity − filled (working or not). */
  get leaves(): number {
    return this.spec.quantity - this.filledQty;
  }
  /** Size-weighted average fill price in price units; NaN before the first fill. */
  get avgPriceUnits(): number {
    return this.filledQty > 0 ? this.notional / this.filledQty : NaN;
  }
  /** Fees paid over all fills (FeeModel scale; negative = rebates). */
  get fees(): number {
    return this.feesPaid;
  }
  get complete(): boolean {
    return this.filledQty >= this.spec.quantity;
  }

  /** Every child in creation order. */
  children(): ChildOrder[] {
    return [...this.kids.values()];
  }

  /** Children not yet terminal (they may still fill). */
  working(): ChildOrder[] {
    const out: ChildOrder[] = [];
    for (const c of this.kids.values()) if (!TERMINAL_STATUSES.has(c.status)) out.push(c);
    return out;
  }

  /** The first working child in creation order (`working()[0]`) without building the array: the execution env asks every step. */
  firstWorking(): ChildOrder | undefined {
    for (const c of this.kids.values()) if (!TERMINAL_STATUSES.has(c.status)) return c;
    return undefined;
  }

  /** The child with this client order id, if it is one of this parent's. */
  child(clientOrderId: string): ChildOrder | undefined {
    return this.kids.get(clientOrderId);
  }

  /** Σ leaves of working children: quantity that may still fill without a new order. */
  inFlight(): number {
    let n = 0;
    for (const c of this.kids.values()) if (!TERMINAL_STATUSES.has(c.status)) n += c.leaves;
    return n;
  }

  /** Quantity a new child may have: quantity − filled − inFlight (never negative). */
  unallocated(): number {
    return Math.max(0, this.spec.quantity - this.filledQty - this.inFlight());
  }

  /** Listens to events of this parent's children only (after the OMS applied them). */
  onChildEvent(listener: (ev: OrderEvent, child: ChildOrder) => void): void {
    this.listeners.push(listener);
  }

  /** Sends a child tagged with this parent's id; null (reason in `refusals`) when it breaks an invariant. */
  place(intent: ChildIntent): string | null {
    const why = this.check(intent);
    if (why !== null) {
      this.refusals.push(`${this.ctx.now()}: ${why}`);
      return null;
    }
    const id = this.ctx.place({ ...intent, strategy: this.spec.id });
    if (!this.kids.has(id)) {
      // The OMS registered it (PendingNew) before any event reached our listener: find it by id
      // where the context can (no copy of every order per child), else in `orders()`.
      const c = this.ctx.order?.(id);
      if (c !== undefined) {
        this.kids.set(id, c);
        return id;
      }
      const all = this.ctx.orders();
      for (let i = all.length - 1; i >= 0; i--) {
        if (all[i]!.order.clientOrderId === id) {
          this.kids.set(id, all[i]!);
          break;
        }
      }
    }
    return id;
  }

  private check(o: ChildIntent): string | null {
    const s = this.spec;
    if (this.ctx.now() < s.startNs) return `child before startNs ${s.startNs}`;
    if (o.side !== s.side) return `child side ${o.side} differs from the parent's side ${s.side}`;
    if (!Number.isSafeInteger(o.size) || o.size < 1) return `child size ${o.size} must be a positive integer`;
    const room = this.unallocated();
    if (o.size > room) return `child size ${o.size} exceeds the unallocated quantity ${room}`;
    const lim = s.limitPriceUnits;
    if (lim !== undefined) {
      if (o.type === 'market') return `market child not allowed with limitPriceUnits ${lim}`;
      if (o.priceUnits === undefined || s.side * (o.priceUnits - lim) > 0) return `child price ${o.priceUnits} is through limitPriceUnits ${lim}`;
    }
    return null;
  }
}
