import type { OrderType, TimeInForce } from '../domain/orders.js';
import type { Side } from '../domain/side.js';

/** FIX 4.4 tags the order path uses, by name (the wire is numeric). */
export const TAG = {
  Account: 1, AvgPx: 6, ClOrdID: 11, Commission: 12, CommType: 13, CumQty: 14, ExecID: 17, LastPx: 31,
  LastQty: 32, OrderID: 37, OrderQty: 38, OrdStatus: 39, OrdType: 40, OrigClOrdID: 41, PossDupFlag: 43,
  Price: 44, RefSeqNum: 45, Side: 54, Symbol: 55, Text: 58, TimeInForce: 59, TransactTime: 60,
  CxlRejReason: 102, OrdRejReason: 103, ExecType: 150, LeavesQty: 151, RefTagID: 371, RefMsgType: 372,
  SessionRejectReason: 373, BusinessRejectReason: 380, CxlRejResponseTo: 434, LastLiquidityInd: 851,
} as const;

/** Side (54): 1 buy, 2 sell. */
export function sideToFix(s: Side): string {
  return s === 1 ? '1' : '2';
}
export function sideFromFix(v: string | undefined): Side | null {
  return v === '1' ? 1 : v === '2' ? -1 : null;
}

/** OrdType (40): 1 market, 2 limit. */
export function ordTypeToFix(t: OrderType): string {
  return t === 'market' ? '1' : '2';
}
export function ordTypeFromFix(v: string | undefined): OrderType | null {
  return v === '1' ? 'market' : v === '2' ? 'limit' : null;
}

/** TimeInForce (59): 0 day (also when absent, FIX's default), 3 IOC. */
export function tifToFix(t: TimeInForce): string {
  return t === 'ioc' ? '3' : '0';
}
export function tifFromFix(v: string | undefined): TimeInForce | null {
  return v === undefined || v === '0' ? 'day' : v === '3' ? 'ioc' : null;
}
