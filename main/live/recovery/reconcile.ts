import type { InstrumentSpec } from '../../domain/instrument.js';
import { parseFixUnits, type FixField, type FixMessage } from '../fix/fix-codec.js';
import { TAG, sideToFix } from '../fix-fields.js';
import type { ReconcileResult } from './audit-records.js';
import type { RestoredOrder } from './order-state.js';

/** The OrderStatusRequest (35=H) body asking the venue about one of our orders. */
export function statusRequestBody(o: RestoredOrder, symbol: string): FixField[] {
  return [[TAG.ClOrdID, o.fixId], [TAG.Symbol, symbol], [TAG.Side, sideToFix(o.order.side)]];
}

/**
 * Compares the venue's answer to an OrderStatusRequest (ExecutionReport, ExecType I) with what we
 * booked. FIX sequencing makes the comparison exact: every report the venue sent before this one
 * (resends included) reached us first, in order. OrdStatus 8 with OrdRejReason 5 (unknown order)
 * or Text "unknown order" means the venue never received the order.
 */
export function compareStatus(o: RestoredOrder, m: FixMessage, instrument: InstrumentSpec): ReconcileResult {
  const status = m.get(TAG.OrdStatus) ?? '?';
  const cum = parseFixUnits(m.get(TAG.CumQty) ?? '0', instrument.sizeDecimals) ?? Number.NaN;
  const unknown = status === '8' && (m.get(TAG.OrdRejReason) === '5' || /unknown order/i.test(m.get(TAG.Text) ?? ''));
  return { clientOrderId: o.order.clientOrderId, venueOrdStatus: status, venueCumQty: cum, ourCumQty: o.filled, unknownAtVenue: unknown, match: cum === o.filled };
}
