import { z } from 'zod';

/**
 * The pre-trade gate's reasons, in the order the gate checks them (the first that fails is the
 * reason). `killSwitch` comes first: a switched-off agent is refused whatever the order looks like.
 * `invalidQty` / `invalidPrice` / `noReferencePrice` refuse orders no limit can judge (size 0,
 * NaN, off the grid; no price to value or collar the order against). `maxOpenOrders` applies to
 * working orders, which the CLI's instant-fill model never has.
 */
export const RISK_REASONS = [
  'killSwitch', 'invalidQty', 'invalidPrice', 'restricted', 'maxOrderQty', 'maxNotional', 'noReferencePrice',
  'priceCollarBps', 'duplicate', 'maxOrdersPerSec', 'maxPosition', 'dailyLossLimit', 'maxOpenOrders',
] as const;
/** A machine-readable reason for a denial; one of RISK_REASONS. */
export type RiskReason = (typeof RISK_REASONS)[number];

const nonNeg = (what: string) => z.number({ error: `expected a number (${what})` }).finite().min(0, `must be 0 or more (${what})`);

/**
 * Hard pre-trade limits, in display units: quantities in the instrument's base units (shares,
 * BTC), prices and money in the quote currency. An absent key means no limit; 0 is a real limit
 * (e.g. `maxOrderQty: 0` refuses every order). Unknown keys are errors, so a misspelt limit never
 * silently disables itself. Invariant after parsing: every present limit is finite and ≥ 0.
 */
export const RiskLimitsSchema = z.strictObject({
  /** Largest quantity of one order. */
  maxOrderQty: nonNeg('max order quantity').optional(),
  /** Largest qty × price of one order (market orders at the reference price). */
  maxNotional: nonNeg('max notional').optional(),
  /** Largest |position| after the order and every working order on its side fill in full. */
  maxPosition: nonNeg('max position').optional(),
  /** Orders accepted in (t − 1 s, t] must number below this for a new one to pass. */
  maxOrdersPerSec: z.number().int('must be a whole number (max orders per second)').min(0, 'must be 0 or more (max orders per second)').max(1_000_000, 'must be at most 1,000,000 (max orders per second)').optional(),
  /** Largest |price − referencePrice| / referencePrice × 10,000 of a limit order, in basis points. */
  priceCollarBps: nonNeg('price collar, bp').optional(),
  /** Refuse new orders once P&L (fills marked at the latest reference prices, fees paid) is below −limit. */
  dailyLossLimit: nonNeg('daily loss limit').optional(),
  /** An order equal in symbol, side, qty and price to one accepted less than this many seconds earlier is a duplicate. */
  duplicateWindowSec: nonNeg('duplicate window, s').max(86_400, 'must be at most 86,400 s (duplicate window)').optional(),
  /** Symbols that may not be traded at all. */
  restricted: z.array(z.string().min(1, 'a symbol may not be empty')).max(100_000).optional(),
  /** Most working orders at once (live and simulated order paths; the CLI never has working orders). */
  maxOpenOrders: z.number().int('must be a whole number (max open orders)').min(0, 'must be 0 or more (max open orders)').optional(),
});
export type RiskLimits = z.infer<typeof RiskLimitsSchema>;

/** Who a kill switch applies to: every order path, or one agent (a parent order's id). */
export const KillSwitchScopeSchema = z.union([z.literal('global'), z.object({ agent: z.string().min(1).max(200) })]);
export type KillSwitchScope = z.infer<typeof KillSwitchScopeSchema>;

/** Which kill switches are on. Invariant: `agents` sorted, no duplicates. */
export const KillSwitchStateSchema = z.object({ global: z.boolean(), agents: z.array(z.string()) });
export type KillSwitchState = z.infer<typeof KillSwitchStateSchema>;

/** The limits whose use `risk.usage` measures (the ones that accumulate while orders work). */
export const RISK_USAGE_LIMITS = ['maxOpenOrders', 'maxPosition', 'maxOrdersPerSec', 'dailyLossLimit'] as const;

/**
 * One limit's use by the ticket's working parent orders, against the engine's limits now. Each
 * parent has its own gate, so `used` is the highest among them (`parentId` says whose; null when
 * none works). Units: orders; base units (|position + working size on that side|); orders accepted
 * in the last second of the parent's clock; quote currency (loss = −P&L marked at the mid, ≥ 0).
 * `limitValue` null = no limit. `fraction` = used / limit (1 when the limit is 0), null without a limit.
 */
export const RiskUsageItemSchema = z.object({
  limit: z.enum(RISK_USAGE_LIMITS),
  used: z.number().finite().min(0),
  limitValue: z.number().nullable(),
  fraction: z.number().nullable(),
  parentId: z.string().nullable(),
});
export type RiskUsageItem = z.infer<typeof RiskUsageItemSchema>;

/** A child order the gate denied: its parent, id and the gate's sentence. */
export const RiskDenialRecordSchema = z.object({ parentId: z.string(), clientOrderId: z.string(), message: z.string() });
export type RiskDenialRecord = z.infer<typeof RiskDenialRecordSchema>;

/**
 * Live risk usage: one item per RISK_USAGE_LIMITS entry (in that order), the highest fraction among
 * them (null when no limit applies), and the most recent gate denials this engine has seen, newest
 * first (at most 100).
 */
export const RiskUsageSchema = z.object({
  workingParents: z.number().int().min(0),
  items: z.array(RiskUsageItemSchema),
  highest: z.number().nullable(),
  denials: z.array(RiskDenialRecordSchema),
});
export type RiskUsage = z.infer<typeof RiskUsageSchema>;

export const RiskCommands = {
  /** Live use of the accumulating limits by the working parent orders, and recent denials. */
  'risk.usage': { args: z.object({}), result: RiskUsageSchema },
  /** Turns a kill switch on (cancels every open order in its scope at once, refuses new ones) or off. */
  'risk.setKillSwitch': { args: z.object({ scope: KillSwitchScopeSchema, on: z.boolean() }), result: KillSwitchStateSchema },
  /** Which kill switches are on. */
  'risk.getKillSwitch': { args: z.object({}), result: KillSwitchStateSchema },
  /** The limits the engine checks tickets against and gives each new parent order's gate. */
  'risk.getLimits': { args: z.object({}), result: RiskLimitsSchema },
  /**
   * Replaces those limits (validated on arrival: an error names the field and the rule, e.g.
   * `limits.maxOrderQty`); they apply to tickets and parent orders from now on, while a parent
   * already working keeps the limits it started with. The host keeps them in its settings.
   */
  'risk.setLimits': { args: z.object({ limits: RiskLimitsSchema }), result: RiskLimitsSchema },
} as const;
