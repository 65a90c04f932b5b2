import type { ReaderInfo } from '../readers/reader.js';

/** What a calibration could see, for `notesFor`. */
export interface SourceFacts {
  trades: boolean;
  signed: boolean;
  maxDistance: number;
  tickInferred: boolean;
}

/**
 * Plain-language notes on what a data source can and cannot give a calibration, so that a
 * number is never read as more than it is. One note per limitation; stable wording (tests and
 * reports show them verbatim).
 */
export function notesFor(info: ReaderInfo, f: SourceFacts): string[] {
  const notes: string[] = [];
  const D = f.maxDistance;
  switch (info.bookKind) {
    case 'L3':
      notes.push(`order-level (L3) data: arrival and cancel rates are counted per order, at distances 0..${D - 1} ticks from the same-side touch`);
      break;
    case 'L2':
      notes.push(`aggregated-level (L2) data: "arrivals" and "cancels" are increases and decreases of a level's total size between consecutive book states, not single orders (orders that arrive and leave between two states are unseen, simultaneous ones net out); distances 0..${D - 1} ticks, each rate over the time that distance was inside the visible depth`);
      break;
    case 'bars':
      notes.push('OHLCV bars: only volatility (from bar closes) and the intraday volume profile can be calibrated; no spread, order flow, market orders or impact; returns below the bar length are not measured');
      break;
    case 'quotes':
      notes.push('top-of-book quotes: spread and volatility only; no order flow by distance');
      break;
    case 'trades':
      notes.push('trades only: the price series is the last trade price (no quotes, no spread), no order flow by distance');
      break;
  }
  if (info.format === 'lobster') {
    notes.push(`LOBSTER level ${info.depthLevels}: the message file holds only events that touch the top ${info.depthLevels} level(s), so distances beyond ${info.depthLevels - 1} tick(s) are unseen${info.depthLevels === 1 ? ' (touch-level statistics only)' : ''}; orders resting before the file starts appear only as cancels or executions of unknown ids; hidden executions (type 5) are trades without a visible order; auction crosses (type 6) are left out of trades`);
  }
  if (info.format === 'databento-mbo') {
    notes.push('Databento MBO: a Fill followed by the removal of the same order counts as an execution, not a cancel; trades with side N have no known aggressor and are left out of market-order rates; a file that starts pre-market gives pre-market (sparse) rates');
  }
  if (info.bookKind === 'L2' && !f.trades) {
    notes.push('no trades in this source: executions cannot be told from cancels, and there are no market-order rates, volume curve or impact estimate');
  }
  if (f.trades && !f.signed) notes.push('trades carry no aggressor side: no market-order rates and no impact estimate');
  if (f.trades && f.signed) {
    notes.push('impact vs participation is a PROXY from real data alone: signed trade-flow imbalance per bucket against the mid move over the bucket (aggregated flow, not metaorders)');
  }
  if (f.tickInferred) notes.push('tick size inferred from the data as the gcd of observed price differences');
  return notes;
}
