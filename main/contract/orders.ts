import { z } from 'zod';
import { InstrumentSchema } from './schemas.js';
import { WhatIfResultSchema } from './whatif.js';

/**
 * Parent orders from the Order ticket: a pre-trade preview (Almgren-Chriss expected cost and
 * risk), submission (worked as a job on a market path), the persisted parent-order blotter and
 * cancel. Sizes in size units, prices in price units, costs in bps of arrival (positive = cost).
 */
export const OrderSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('scenario'), name: z.string().min(1), durationSec: z.number().int().min(10).max(6.5 * 3600), seed: z.number().int().min(0).max(2 ** 31 - 1) }),
  z.object({ kind: z.literal('sample'), id: z.string().min(1), seed: z.number().int().min(0).max(2 ** 31 - 1).default(1) }),
]);

/**
 * ALGORITHM_NAMES of main/execution/algorithms (kept literal so the renderer does not bundle the
 * executors; the engine checks they agree), then `agent`: the shipped learned agent
 * (native-models/execution-default).
 */
export const ORDER_ALGORITHMS = ['submit-and-leave', 'immediate', 'twap', 'vwap', 'pov', 'almgren-chriss', 'adaptive-shortfall', 'agent'] as const;

/** The ticket as written. Range checks that name the limit in words happen in the engine (`issues`). */
export const TicketSchema = z.object({
  source: OrderSourceSchema,
  side: z.enum(['buy', 'sell']),
  quantity: z.number(),
  algorithm: z.enum(ORDER_ALGORITHMS),
  startSec: z.number(),
  horizonSec: z.number(),
  limitPriceUnits: z.number().optional(),
  /** Almgren-Chriss urgency κT (dimensionless): 0 = TWAP, larger = more front-loaded. */
  urgency: z.number().default(2),
  /** Our share of market volume, (0, 1]; 1 = no cap. */
  maxParticipation: z.number().default(1),
  /** POV target rate, (0, 1]; required for the pov algorithm. */
  povRate: z.number().optional(),
  /** The agent algorithm's model folder; absent = the shipped agent (native-models/execution-default). Ignored by the other algorithms. */
  agentModel: z.string().min(1).optional(),
});

/** What an amendment may change on a working parent; `limitPriceUnits: null` removes the limit. At least one field. */
export const AmendmentSchema = z
  .object({
    quantity: z.number().optional(),
    limitPriceUnits: z.number().nullable().optional(),
    horizonSec: z.number().optional(),
    maxParticipation: z.number().optional(),
  })
  .refine((c) => Object.values(c).some((v) => v !== undefined), { message: 'change at least one of quantity, limitPriceUnits, horizonSec, maxParticipation' });
export type Amendment = z.infer<typeof AmendmentSchema>;

export const OrderIssueSchema = z.object({ field: z.string(), message: z.string() });

export const OrderPreviewSchema = z.object({
  arrivalPriceUnits: z.number().nullable(),
  expectedCostBps: z.number().nullable(),
  stdBps: z.number().nullable(),
  /** Fraction of the order still held at the start of each period: 1, …, 0 (N + 1 values). */
  holdings: z.array(z.number()),
  periodSec: z.number(),
  /** The urgency κT behind the schedule: the ticket's for almgren-chriss / adaptive-shortfall, 0 (the linear schedule) for the others. */
  urgencyUsed: z.number(),
  sigmaBpsPerSqrtSec: z.number().nullable(),
  /** The model behind the numbers: σ (price units/√s), η (price units per size/s), ε (half-spread, price units), λ. */
  model: z.object({ sigmaUnitsPerSqrtSec: z.number(), etaUnitsPerRate: z.number(), halfSpreadUnits: z.number(), lambda: z.number(), estimatedOverSec: z.number() }).nullable(),
  instrument: InstrumentSchema.nullable(),
  /** The engine's risk limits the ticket is checked against (the UI checks the same as the user types). */
  limits: z.object({ maxOrderSize: z.number(), maxPosition: z.number(), maxOrderNotional: z.number(), priceBandBps: z.number() }),
  issues: z.array(OrderIssueSchema),
  /** The agent algorithm: the model that would work the order (folder, version, weights hash); absent for the others or when it cannot be loaded (then an issue names `agentModel`). */
  agent: z.object({ path: z.string(), version: z.string(), weightsSha256: z.string() }).optional(),
});

export const ParentStatusSchema = z.enum(['working', 'done', 'cancelled', 'failed', 'interrupted']);
type Orders = z.infer<typeof WhatIfResultSchema>['orders'];
type Fills = z.infer<typeof WhatIfResultSchema>['fills'];
const ChildSchema = WhatIfResultSchema.shape.orders.element;
const FillSchema = WhatIfResultSchema.shape.fills.element;

export const ParentOrderRecordSchema = z.object({
  parentId: z.string(),
  /** ISO-8601 UTC. */
  created: z.string(),
  updated: z.string(),
  ticket: TicketSchema,
  status: ParentStatusSchema,
  filled: z.number(),
  avgPriceUnits: z.number().nullable(),
  arrivalPriceUnits: z.number().nullable(),
  /** Implementation shortfall of the filled part vs the arrival mid, bps, positive = cost. */
  isBps: z.number().nullable(),
  sourceLabel: z.string(),
  instrument: InstrumentSchema.nullable(),
  baseEpochNs: z.string(),
  clock: z.enum(['utc', 'exchange-local']),
  /** The order's start on the path's clock (scheduler ns from `baseEpochNs`), the time the blotter shows; null for parents stored before it was kept. */
  startNs: z.number().nullable().default(null),
  error: z.string().nullable(),
  children: z.array(ChildSchema),
  fills: z.array(FillSchema),
});

export type OrderTicket = z.input<typeof TicketSchema>;
export type OrderTicketParsed = z.output<typeof TicketSchema>;
export type OrderIssue = z.infer<typeof OrderIssueSchema>;
export type OrderPreview = z.infer<typeof OrderPreviewSchema>;
export type ParentStatus = z.infer<typeof ParentStatusSchema>;
export type ParentOrderRecord = z.infer<typeof ParentOrderRecordSchema>;
export type ChildOrderRecord = Orders[number];
export type FillRecord = Fills[number];

export const OrderCommands = {
  /** Pre-trade: Almgren-Chriss expected cost and risk on the path before the start, and every validation / risk problem in words. */
  'orders.preview': { args: z.object({ ticket: TicketSchema }), result: OrderPreviewSchema },
  /** Starts working the parent order as a job (progress, cancel); answers once it is saved as 'working'. */
  'orders.submit': { args: z.object({ ticket: TicketSchema }), result: z.object({ parentId: z.string(), jobId: z.string() }) },
  /** Every stored parent order, oldest first, with its child orders and fills. */
  'orders.list': { args: z.object({}), result: z.array(ParentOrderRecordSchema) },
  /** Cancels a working parent: no new child orders, its working children cancelled; false when it is not working. */
  'orders.cancel': { args: z.object({ parentId: z.string().min(1) }), result: z.object({ cancelled: z.boolean() }) },
  /**
   * Amends a working parent (quantity, limit, horizon, max participation) with the same checks as a
   * new ticket (errors name the field and the limit); its working children are cancelled and the
   * rest re-planned. Answers the amended ticket.
   */
  'orders.amend': { args: z.object({ parentId: z.string().min(1), changes: AmendmentSchema }), result: z.object({ parentId: z.string(), ticket: TicketSchema }) },
} as const;

/** Whether the algorithm follows the Almgren-Chriss schedule of the ticket's urgency (else the preview uses κT = 0, the linear schedule). */
export function usesUrgency(algorithm: OrderTicketParsed['algorithm']): boolean {
  return algorithm === 'almgren-chriss' || algorithm === 'adaptive-shortfall';
}

/** Risk limits the ticket checks before sending (the pre-trade gate's, see main/risk). */
export interface TicketLimits {
  readonly maxOrderSize: number;
  readonly maxPosition: number;
}

/** Most urgency κT accepted (beyond it the schedule is all in the first period). */
export const MAX_URGENCY = 20;
/** Longest horizon: one US equity session. */
export const MAX_HORIZON_SEC = 6.5 * 3600;

const fmtInt = (n: number) => Math.round(n).toLocaleString('en-US');
const fmtNum = (n: number) => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: 6 }) : String(n));

/** The instrument's price grid, for messages in display units. Invariant: `tickSizeUnits` ≥ 0 (0 = unknown, any whole unit). */
export interface PriceGrid {
  readonly priceDecimals: number;
  readonly tickSizeUnits: number;
}

/** A price in price units as the instrument shows it: 1002500 at 4 decimals → "100.2500". */
export function fmtPrice(units: number, priceDecimals: number): string {
  return (units / 10 ** priceDecimals).toLocaleString('en-US', { minimumFractionDigits: priceDecimals, maximumFractionDigits: priceDecimals });
}

/**
 * Checks a ticket in words; each issue names the field and its limit, e.g. "Quantity 250,000
 * exceeds max order quantity 100,000 (Risk settings)". Shared by the ticket (as the user types)
 * and the engine (which adds the checks that need the market: notional, price band). Without
 * `scale` (instrument not known yet) a bad limit price is named without its value rather than in
 * price units.
 */
export function ticketIssues(t: OrderTicketParsed, limits: TicketLimits, scale?: PriceGrid): OrderIssue[] {
  const out: OrderIssue[] = [];
  const add = (field: string, message: string) => out.push({ field, message });
  const q = t.quantity;
  if (!Number.isSafeInteger(q) || q <= 0) add('quantity', `Quantity ${fmtNum(q)} must be a whole number above 0.`);
  else if (q > limits.maxOrderSize) add('quantity', `Quantity ${fmtInt(q)} exceeds max order quantity ${fmtInt(limits.maxOrderSize)} (Risk settings).`);
  else if (limits.maxPosition > 0 && q > limits.maxPosition) add('quantity', `Position after fill ${fmtInt(q)} exceeds max position ${fmtInt(limits.maxPosition)} (Risk settings).`);
  if (!Number.isFinite(t.startSec) || t.startSec < 0) add('startSec', `Start ${fmtNum(t.startSec)} s must be 0 s or later.`);
  if (!Number.isFinite(t.horizonSec) || t.horizonSec <= 0) add('horizonSec', `Horizon ${fmtNum(t.horizonSec)} s must be above 0 s.`);
  else if (t.horizonSec > MAX_HORIZON_SEC) add('horizonSec', `Horizon ${fmtNum(t.horizonSec)} s exceeds one session, ${fmtInt(MAX_HORIZON_SEC)} s.`);
  else if (t.source.kind === 'scenario' && Number.isFinite(t.startSec) && t.startSec + t.horizonSec > t.source.durationSec) {
    add('horizonSec', `Start + horizon ${fmtNum(t.startSec + t.horizonSec)} s exceeds the scenario's duration ${fmtInt(t.source.durationSec)} s.`);
  }
  if (t.limitPriceUnits !== undefined) {
    // Messages speak in the instrument's display units (100.25), never in price units (1002500).
    const lp = t.limitPriceUnits;
    const shown = scale ? ` ${fmtPrice(lp, scale.priceDecimals)}` : '';
    const tick = scale && scale.tickSizeUnits > 0 ? scale.tickSizeUnits : 1;
    if (!Number.isFinite(lp) || lp <= 0) add('limitPriceUnits', `Limit price${shown} must be above 0.`);
    else if (!Number.isSafeInteger(lp) || lp % tick !== 0) {
      add('limitPriceUnits', `Limit price${shown} is not on the tick grid${scale ? ` (tick ${fmtPrice(tick, scale.priceDecimals)})` : ''}.`);
    }
  }
  if (t.limitPriceUnits !== undefined && t.algorithm === 'immediate') add('limitPriceUnits', 'A limit price cannot be used with the immediate algorithm (it sends market orders).');
  if (!Number.isFinite(t.urgency) || t.urgency < 0) add('urgency', `Urgency κT ${fmtNum(t.urgency)} must be 0 or more.`);
  else if (t.urgency > MAX_URGENCY) add('urgency', `Urgency κT ${fmtNum(t.urgency)} exceeds ${MAX_URGENCY}.`);
  if (!Number.isFinite(t.maxParticipation) || t.maxParticipation <= 0) add('maxParticipation', `Max participation ${fmtNum(t.maxParticipation)} must be above 0.`);
  else if (t.maxParticipation > 1) add('maxParticipation', `Max participation ${fmtNum(t.maxParticipation)} exceeds 1 (100 %).`);
  if (t.algorithm === 'pov') {
    if (t.povRate === undefined) add('povRate', 'POV rate is required for the pov algorithm (0 to 1).');
    else if (!Number.isFinite(t.povRate) || t.povRate <= 0) add('povRate', `POV rate ${fmtNum(t.povRate)} must be above 0.`);
    else if (t.povRate > 1) add('povRate', `POV rate ${fmtNum(t.povRate)} exceeds 1 (100 %).`);
  }
  return out;
}

/** The ticket after an amendment (only the changed fields differ; `limitPriceUnits: null` removes the limit). */
export function amendedTicket(t: OrderTicketParsed, c: Amendment): OrderTicketParsed {
  const { limitPriceUnits: _old, ...rest } = t;
  const limit = c.limitPriceUnits === undefined ? t.limitPriceUnits : (c.limitPriceUnits ?? undefined);
  return {
    ...rest,
    ...(c.quantity !== undefined ? { quantity: c.quantity } : {}),
    ...(c.horizonSec !== undefined ? { horizonSec: c.horizonSec } : {}),
    ...(c.maxParticipation !== undefined ? { maxParticipation: c.maxParticipation } : {}),
    ...(limit !== undefined ? { limitPriceUnits: limit } : {}),
  };
}

/**
 * The checks an amendment adds to a new ticket's: the quantity cannot go below what has already
 * filled, and the amended end (start + horizon) must still be ahead of the order's clock.
 */
export function amendIssues(next: OrderTicketParsed, filled: number, elapsedSec: number): OrderIssue[] {
  const out: OrderIssue[] = [];
  if (Number.isFinite(next.quantity) && next.quantity < filled) {
    out.push({ field: 'quantity', message: `Quantity ${fmtInt(next.quantity)} is below the ${fmtInt(filled)} already filled.` });
  }
  if (Number.isFinite(next.horizonSec) && next.startSec + next.horizonSec <= elapsedSec) {
    out.push({ field: 'horizonSec', message: `Horizon ${fmtNum(next.horizonSec)} s would end at ${fmtNum(next.startSec + next.horizonSec)} s, already passed (the order is at ${fmtNum(Math.floor(elapsedSec))} s).` });
  }
  return out;
}
