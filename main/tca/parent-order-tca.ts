import { checkMidPath, midAsOf } from './mid-path.js';
import type { ParentOrderTca, ParentOrderTcaInput, ReversionPoint, ShortfallDecomposition, TcaFill } from './tca-types.js';

const BPS = 10_000;
/** Relative tolerance on Σ fills ≤ parent quantity (float sums of decimal quantities). */
const QTY_TOLERANCE = 1e-9;

/**
 * Transaction cost analysis of one parent order (definitions in `ParentOrderTca` and
 * `ShortfallDecomposition`). Pure and deterministic; throws a RangeError naming the input for a
 * broken invariant (side not ±1, parentQty ≤ 0, a fill with qty ≤ 0 or price ≤ 0, fills summing
 * to more than the parent, an unsorted mid path, a non-positive VWAP / volume / end price).
 * A non-positive arrival price does not throw: every bps metric normalised by it is null.
 *
 * Resolution rules: end = `endTs` ?? last fill ts; P_0 (start-of-trading mid) = mid path as of the
 * first fill, else P_d; m_i (mid at fill i) = mid path as of fill i, else P_0 (so without a mid
 * path delay = timing = 0 and trading holds the whole filled-part cost); end price = `endPrice`
 * ?? mid path as of the end. A mid point at the same ts as a fill counts as before it, so paths
 * should record the pre-trade mid.
 */
export function parentOrderTca(input: ParentOrderTcaInput): ParentOrderTca {
  const { side, arrivalPrice: pd, parentQty, fills } = input;
  checkInput(input);
  const mids = input.midPath;
  const pdOk = Number.isFinite(pd) && pd > 0;

  let q = 0;
  let notional = 0;
  let fees = 0;
  let firstTs: number | null = null;
  let lastTs: number | null = null;
  for (const f of fills) {
    q += f.qty;
    notional += f.qty * f.price;
    fees += f.fee ?? 0;
    if (firstTs === null || f.ts < firstTs) firstTs = f.ts;
    if (lastTs === null || f.ts > lastTs) lastTs = f.ts;
  }
  const rawUnfilled = parentQty - q;
  const unfilled = rawUnfilled <= QTY_TOLERANCE * parentQty ? 0 : rawUnfilled;
  const avgPrice = q > 0 ? notional / q : null;
  const endTs = input.endTs ?? lastTs;
  const pathEnd = mids && endTs !== null ? midAsOf(mids, endTs) : undefined;
  const endPrice = input.endPrice ?? pathEnd ?? null;

  const isBps = pdOk && avgPrice !== null ? noNegZero((side * (avgPrice - pd) / pd) * BPS) : null;
  const shortfall = pdOk ? decompose(input, q, unfilled, fees, firstTs, endPrice) : null;

  let marketImpactBps: number | null = null;
  if (pdOk && input.unaffectedMidPath && endTs !== null && pathEnd !== undefined) {
    const without = midAsOf(input.unaffectedMidPath, endTs);
    if (without !== undefined) marketImpactBps = noNegZero((side * (pathEnd - without) / pd) * BPS);
  }

  const vwap = input.marketVwap;
  const vwapSlippageBps = vwap !== undefined && avgPrice !== null ? noNegZero((side * (avgPrice - vwap) / vwap) * BPS) : null;
  const participation = input.marketVolume !== undefined ? q / input.marketVolume : null;

  return {
    side,
    arrivalPrice: pd,
    parentQty,
    fillCount: fills.length,
    filledQty: q,
    unfilledQty: unfilled,
    fillRate: unfilled === 0 ? 1 : q / parentQty,
    notional,
    avgPrice,
    fees,
    firstFillTs: firstTs,
    lastFillTs: lastTs,
    endPrice,
    isBps,
    shortfall,
    marketImpactBps,
    vwapSlippageBps,
    participation,
    spreadCaptureBps: spreadCapture(input),
    reversion: reversion(input, pdOk, endTs, pathEnd),
  };
}

function decompose(
  input: ParentOrderTcaInput, q: number, unfilled: number, fees: number, firstTs: number | null, endPrice: number | null,
): ShortfallDecomposition {
  const { side: s, arrivalPrice: pd, parentQty, fills, midPath } = input;
  const d = (parentQty * pd) / BPS;
  const p0 = (midPath && firstTs !== null ? midAsOf(midPath, firstTs) : undefined) ?? pd;
  let timing = 0;
  let trading = 0;
  for (const f of fills) {
    const m = (midPath ? midAsOf(midPath, f.ts) : undefined) ?? p0;
    timing += f.qty * (m - p0);
    trading += f.qty * (f.price - m);
  }
  const delayBps = noNegZero((s * q * (p0 - pd)) / d);
  const timingBps = noNegZero((s * timing) / d);
  const tradingBps = noNegZero((s * trading) / d);
  const feesBps = noNegZero(fees / d);
  const opportunityBps = unfilled === 0 ? 0 : endPrice === null ? null : noNegZero((s * unfilled * (endPrice - pd)) / d);
  const totalBps = opportunityBps === null ? null : delayBps + timingBps + tradingBps + opportunityBps + feesBps;
  return { delayBps, timingBps, tradingBps, opportunityBps, feesBps, totalBps };
}

/** −0 (from side × 0 on sells) printed as 0. */
function noNegZero(x: number): number {
  return x === 0 ? 0 : x;
}

function spreadCapture(input: ParentOrderTcaInput): number | null {
  const mids = input.midPath;
  if (!mids) return null;
  let qty = 0;
  let sum = 0;
  for (const f of input.fills) {
    if (f.passive !== true) continue;
    const m = midAsOf(mids, f.ts);
    if (m === undefined) continue;
    qty += f.qty;
    sum += f.qty * (input.side * (m - f.price) / m);
  }
  return qty > 0 ? noNegZero((sum / qty) * BPS) : null;
}

function reversion(input: ParentOrderTcaInput, pdOk: boolean, endTs: number | null, midEnd: number | undefined): ReversionPoint[] {
  return (input.reversionHorizons ?? []).map((horizon) => {
    const later = input.midPath && endTs !== null ? midAsOf(input.midPath, endTs + horizon) : undefined;
    const bps = pdOk && midEnd !== undefined && later !== undefined ? noNegZero((input.side * (midEnd - later) / input.arrivalPrice) * BPS) : null;
    return { horizon, bps };
  });
}

function checkInput(input: ParentOrderTcaInput): void {
  if (input.side !== 1 && input.side !== -1) throw new RangeError(`TCA: side must be +1 (buy) or -1 (sell), got ${String(input.side)}`);
  if (!(Number.isFinite(input.parentQty) && input.parentQty > 0)) throw new RangeError(`TCA: parentQty must be a finite number > 0, got ${input.parentQty}`);
  let q = 0;
  input.fills.forEach((f: TcaFill, i) => {
    if (!(Number.isFinite(f.qty) && f.qty > 0)) throw new RangeError(`TCA: fills[${i}].qty must be a finite number > 0, got ${f.qty}`);
    if (!(Number.isFinite(f.price) && f.price > 0)) throw new RangeError(`TCA: fills[${i}].price must be a finite number > 0, got ${f.price}`);
    if (!Number.isFinite(f.ts)) throw new RangeError(`TCA: fills[${i}].ts must be finite, got ${f.ts}`);
    if (f.fee !== undefined && !Number.isFinite(f.fee)) throw new RangeError(`TCA: fills[${i}].fee must be finite, got ${f.fee}`);
    q += f.qty;
  });
  if (q > input.parentQty * (1 + QTY_TOLERANCE)) throw new RangeError(`TCA: fills sum to ${q}, more than parentQty ${input.parentQty}`);
  positiveOpt(input.marketVwap, 'marketVwap');
  positiveOpt(input.marketVolume, 'marketVolume');
  positiveOpt(input.endPrice, 'endPrice');
  if (input.endTs !== undefined && !Number.isFinite(input.endTs)) throw new RangeError(`TCA: endTs must be finite, got ${input.endTs}`);
  for (const h of input.reversionHorizons ?? []) {
    if (!(Number.isFinite(h) && h >= 0)) throw new RangeError(`TCA: reversion horizons must be finite and ≥ 0, got ${h}`);
  }
  if (input.midPath) checkMidPath(input.midPath, 'midPath');
  if (input.unaffectedMidPath) checkMidPath(input.unaffectedMidPath, 'unaffectedMidPath');
}

function positiveOpt(v: number | undefined, name: string): void {
  if (v !== undefined && !(Number.isFinite(v) && v > 0)) throw new RangeError(`TCA: ${name} must be a finite number > 0, got ${v}`);
}
