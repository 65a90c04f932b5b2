/**
 * One parent order's result as stored (one row of `parent_order_results`), strategy-agnostic:
 * the backtest (or any later job: a trained agent's evaluation) maps its outcomes to it.
 * Units: prices and quantities in DECIMALS of the instrument; costs in bps, POSITIVE = COST
 * (spread capture: positive = earned), as in `main/tca`. Invariants: `jobIndex` unique within
 * a run and (strategy, pathId) unique within a run; `side` ±1; 0 ≤ filledQty ≤ parentQty;
 * `fillRate` in [0, 1]; null = the metric was not available (never NaN or Infinity).
 */
export interface ParentOrderResultRow {
  readonly jobIndex: number;
  readonly strategy: string;
  readonly pathId: string;
  readonly source: string;
  readonly seed: number;
  readonly startSec: number;
  readonly side: 1 | -1;
  readonly parentQty: number;
  readonly filledQty: number;
  readonly fillRate: number;
  readonly fillCount: number;
  readonly childOrders: number;
  readonly arrivalPrice: number | null;
  readonly avgPrice: number | null;
  readonly endPrice: number | null;
  /** Implementation shortfall of the filled part. */
  readonly isBps: number | null;
  /** Total shortfall: delay + timing + trading + opportunity + fees (what strategies are compared on). */
  readonly totalIsBps: number | null;
  readonly delayBps: number | null;
  readonly timingBps: number | null;
  readonly tradingBps: number | null;
  readonly opportunityBps: number | null;
  readonly feesBps: number | null;
  readonly marketImpactBps: number | null;
  readonly vwapSlippageBps: number | null;
  readonly participation: number | null;
  readonly spreadCaptureBps: number | null;
  /** Post-trade reversion 60 s after the end, bps, positive = prices came back (temporary impact). */
  readonly reversion60sBps: number | null;
  readonly marketVwap: number | null;
  readonly marketVolume: number | null;
  readonly pathHash: string;
  readonly unaffectedPathHash: string;
}

/** SQL type of a stored column. */
export type SqlType = 'VARCHAR' | 'INTEGER' | 'BIGINT' | 'DOUBLE';

/** One column of `parent_order_results`: the row field, its SQL name and type, and whether it may be NULL. */
export interface ResultColumn {
  readonly key: keyof ParentOrderResultRow;
  readonly column: string;
  readonly sql: SqlType;
  readonly nullable: boolean;
}

const c = (key: keyof ParentOrderResultRow, sql: SqlType, nullable = false): ResultColumn => ({
  key, sql, nullable, column: key.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`),
});

/**
 * The result columns in table (and CSV) order, after `run_id`. Column names are the row fields
 * in snake_case (`totalIsBps` → `total_is_bps`).
 */
export const RESULT_COLUMNS: readonly ResultColumn[] = [
  c('jobIndex', 'INTEGER'), c('strategy', 'VARCHAR'), c('pathId', 'VARCHAR'), c('source', 'VARCHAR'), c('seed', 'BIGINT'), c('startSec', 'DOUBLE'),
  c('side', 'INTEGER'), c('parentQty', 'DOUBLE'), c('filledQty', 'DOUBLE'), c('fillRate', 'DOUBLE'), c('fillCount', 'INTEGER'), c('childOrders', 'INTEGER'),
  c('arrivalPrice', 'DOUBLE', true), c('avgPrice', 'DOUBLE', true), c('endPrice', 'DOUBLE', true),
  c('isBps', 'DOUBLE', true), c('totalIsBps', 'DOUBLE', true), c('delayBps', 'DOUBLE', true), c('timingBps', 'DOUBLE', true), c('tradingBps', 'DOUBLE', true),
  c('opportunityBps', 'DOUBLE', true), c('feesBps', 'DOUBLE', true), c('marketImpactBps', 'DOUBLE', true), c('vwapSlippageBps', 'DOUBLE', true),
  c('participation', 'DOUBLE', true), c('spreadCaptureBps', 'DOUBLE', true), c('reversion60sBps', 'DOUBLE', true), c('marketVwap', 'DOUBLE', true), c('marketVolume', 'DOUBLE', true),
  c('pathHash', 'VARCHAR'), c('unaffectedPathHash', 'VARCHAR'),
];

/** Checks a row against the invariants the table cannot express; returns the first problem or null. */
export function rowProblem(r: ParentOrderResultRow): string | null {
  for (const col of RESULT_COLUMNS) {
    const v = r[col.key] as unknown;
    if (v === null || v === undefined) {
      if (!col.nullable) return `${col.key} is required`;
      continue;
    }
    if (col.sql === 'VARCHAR' ? typeof v !== 'string' : typeof v !== 'number' || !Number.isFinite(v)) return `${col.key} must be ${col.sql === 'VARCHAR' ? 'a string' : 'a finite number'}, got ${String(v)}`;
    if ((col.sql === 'INTEGER' || col.sql === 'BIGINT') && !Number.isSafeInteger(v)) return `${col.key} must be an integer, got ${String(v)}`;
  }
  if (r.side !== 1 && r.side !== -1) return `side must be 1 or -1, got ${r.side}`;
  return null;
}
