import { RiskLimitsSchema, type RiskLimits } from '../contract/risk.js';

export { RISK_REASONS, RiskLimitsSchema, type RiskLimits, type RiskReason } from '../contract/risk.js';

/**
 * The limits every engine order path uses unless told otherwise (what-if, backtests, the ticket's
 * parent orders, the learning environment). Chosen so that no baseline algorithm in this repo is
 * refused on an ordinary day, while a runaway loop or a fat finger is: 100,000 shares or 10
 * million a ticket, 5 % from the reference price, 1,000,000 shares either way including working
 * orders, 100 orders (or replaces) a second, 200 open orders. No loss limit and no duplicate
 * window by default: an agent's P&L swings are its own evaluation, and TWAP slices of equal size
 * at the same price one second apart are legitimate, not duplicates.
 */
export const DEFAULT_RISK_LIMITS: RiskLimits = Object.freeze({
  maxOrderQty: 100_000,
  maxNotional: 10_000_000,
  priceCollarBps: 500,
  maxPosition: 1_000_000,
  maxOrdersPerSec: 100,
  maxOpenOrders: 200,
});

/** Limits that failed validation; the message names the field, the limit and what was found. */
export class RiskLimitsError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
    this.name = 'RiskLimitsError';
  }
}

/**
 * Validates limits (from a LIMITS.json file, settings or a command). The first problem throws
 * `RiskLimitsError` naming the field, the rule and the value found, e.g. `maxOrderQty: must be 0
 * or more (max order quantity), found -1`; `source` (a file name) prefixes the message.
 */
export function parseRiskLimits(value: unknown, source?: string): RiskLimits {
  const r = RiskLimitsSchema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = issue.path.map(String).join('.') || (issue.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys.join(', ') : '(limits)');
  let found: unknown = value;
  for (const k of issue.path) found = found !== null && typeof found === 'object' ? (found as Record<PropertyKey, unknown>)[k as PropertyKey] : undefined;
  const what = issue.code === 'unrecognized_keys'
    ? `unknown limit (known: ${Object.keys(RiskLimitsSchema.shape).join(', ')})`
    : `${issue.message}, found ${JSON.stringify(found) ?? String(found)}`;
  throw new RiskLimitsError(field, `${source ? `${source}: ` : ''}${field}: ${what}`);
}

/**
 * The four limits the Order ticket shows and checks as the user types (the contract's
 * `OrderPreview.limits`, whose names predate the gate's), with absent limits as "none":
 * the largest safe integer for quantity and notional, 0 for position and collar (the ticket's
 * "no limit"). Quantities are in base units, which are the ticket's size units for whole-share
 * instruments.
 */
export function ticketLimits(l: RiskLimits): { maxOrderSize: number; maxPosition: number; maxOrderNotional: number; priceBandBps: number } {
  return {
    maxOrderSize: l.maxOrderQty ?? Number.MAX_SAFE_INTEGER,
    maxPosition: l.maxPosition ?? 0,
    maxOrderNotional: l.maxNotional ?? Number.MAX_SAFE_INTEGER,
    priceBandBps: l.priceCollarBps ?? 0,
  };
}
