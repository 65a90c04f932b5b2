import { fitLine } from './series-stats.js';

/**
 * Impact against participation, binned, with a fitted power law impactBps = A × participation^β.
 *
 * Invariants: `participation`, `impactBps` and `count` are aligned, one entry per bin, ordered by
 * participation; bins hold (nearly) equal numbers of observations (quantile bins). The fit is an
 * OLS of ln(impactBps) on ln(participation) over the bins where both are > 0, reported only when
 * at least 3 bins qualify (else null). The square-root law predicts β ≈ 0.5.
 *
 * `method`:
 * - 'metaorders': one observation per metaorder: participation = its quantity / market volume
 *   over its execution; impact = side × (mid at end − mid at start) / mid at start, in bps.
 * - 'trade-flow-imbalance-proxy': no metaorders are known (real data alone). Time is cut into
 *   buckets of `bucketSec`; in each bucket the net signed trade flow Q = Σ aggressorSide × size
 *   is treated as if it were one metaorder: participation = |Q| / V (V = the bucket's traded
 *   volume, so it lies in (0, 1]) and impact = sign(Q) × ln(mid_end / mid_start) × 10⁴ with mids
 *   sampled previous-tick at the bucket's edges. This is aggregated order-flow impact, a proxy:
 *   it mixes many traders' flow and is contaminated by reverse causality (flow that follows
 *   price moves), so its exponent is only indicative.
 * - 'none': neither metaorders nor signed trades were available.
 */
export interface ImpactCurve {
  method: 'metaorders' | 'trade-flow-imbalance-proxy' | 'none';
  /** Bucket length for the proxy (null for metaorders). */
  bucketSec: number | null;
  /** Observations used (metaorders, or buckets with trades and a non-zero imbalance). */
  observations: number;
  participation: number[];
  impactBps: number[];
  count: number[];
  exponent: number | null;
  prefactorBps: number | null;
  r2: number | null;
}

const NONE: ImpactCurve = {
  method: 'none', bucketSec: null, observations: 0, participation: [], impactBps: [], count: [], exponent: null, prefactorBps: null, r2: null,
};

/** Impact curve from known metaorders (aligned arrays; non-finite or non-positive participation is skipped). */
export function impactFromMetaorders(participation: ArrayLike<number>, impactBps: ArrayLike<number>, bins = 8): ImpactCurve {
  const phi: number[] = [];
  const imp: number[] = [];
  for (let i = 0; i < Math.min(participation.length, impactBps.length); i++) {
    const p = participation[i]!, m = impactBps[i]!;
    if (p > 0 && Number.isFinite(p) && Number.isFinite(m)) {
      phi.push(p);
      imp.push(m);
    }
  }
  return binAndFit('metaorders', null, phi, imp, bins);
}

/** Inputs of the trade-flow proxy; all times in ns on the same base. */
export interface TradeFlowInput {
  midTsNs: ArrayLike<number>;
  mid: ArrayLike<number>;
  tradeTsNs: ArrayLike<number>;
  tradeSize: ArrayLike<number>;
  /** Aggressor side per trade: +1 buyer-initiated, −1 seller-initiated, 0 unknown (ignored in Q, kept in V). */
  tradeSide: ArrayLike<number>;
  sessionStartNs: number;
  sessionEndNs: number;
  bucketSec: number;
}

/** Impact curve from signed trade-flow imbalance per bucket (see `ImpactCurve`, method 'trade-flow-imbalance-proxy'). */
export function impactFromTradeFlow(input: TradeFlowInput, bins = 8): ImpactCurve {
  const { midTsNs, mid, tradeTsNs, tradeSize, tradeSide, sessionStartNs, sessionEndNs, bucketSec } = input;
  const bucketNs = bucketSec * 1e9;
  const nb = Math.floor((sessionEndNs - sessionStartNs) / bucketNs);
  if (nb < 1 || midTsNs.length === 0 || tradeTsNs.length === 0) return NONE;
  const q = new Float64Array(nb);
  const v = new Float64Array(nb);
  let signed = 0;
  for (let i = 0; i < tradeTsNs.length; i++) {
    const b = Math.floor((tradeTsNs[i]! - sessionStartNs) / bucketNs);
    if (b < 0 || b >= nb) continue;
    const s = tradeSide[i]!;
    if (s !== 0) signed++;
    q[b]! += s * tradeSize[i]!;
    v[b]! += tradeSize[i]!;
  }
  if (signed === 0) return NONE;
  const phi: number[] = [];
  const imp: number[] = [];
  for (let b = 0; b < nb; b++) {
    if (v[b]! <= 0 || q[b] === 0) continue;
    const m0 = valueAt(midTsNs, mid, sessionStartNs + b * bucketNs);
    const m1 = valueAt(midTsNs, mid, sessionStartNs + (b + 1) * bucketNs);
    if (!(m0 > 0 && m1 > 0)) continue;
    phi.push(Math.abs(q[b]!) / v[b]!);
    imp.push(Math.sign(q[b]!) * Math.log(m1 / m0) * 1e4);
  }
  return binAndFit('trade-flow-imbalance-proxy', bucketSec, phi, imp, bins);
}

/** Previous-tick value at time t (binary search); NaN before the first observation. */
export function valueAt(ts: ArrayLike<number>, value: ArrayLike<number>, t: number): number {
  let lo = 0, hi = ts.length - 1;
  if (hi < 0 || ts[0]! > t) return NaN;
  while (lo < hi) {
    const m = (lo + hi + 1) >> 1;
    if (ts[m]! <= t) lo = m;
    else hi = m - 1;
  }
  return value[lo]!;
}

function binAndFit(method: ImpactCurve['method'], bucketSec: number | null, phi: number[], imp: number[], bins: number): ImpactCurve {
  const n = phi.length;
  if (n === 0) return { ...NONE, method, bucketSec };
  const order = phi.map((_, i) => i).sort((a, b) => phi[a]! - phi[b]! || a - b);
  const k = Math.max(1, Math.min(bins, n));
  const participation: number[] = [];
  const impactBps: number[] = [];
  const count: number[] = [];
  for (let j = 0; j < k; j++) {
    const from = Math.floor((j * n) / k), to = Math.floor(((j + 1) * n) / k);
    if (to <= from) continue;
    let sp = 0, si = 0;
    for (let r = from; r < to; r++) {
      sp += phi[order[r]!]!;
      si += imp[order[r]!]!;
    }
    participation.push(sp / (to - from));
    impactBps.push(si / (to - from));
    count.push(to - from);
  }
  const lx: number[] = [], ly: number[] = [];
  for (let j = 0; j < participation.length; j++) {
    if (participation[j]! > 0 && impactBps[j]! > 0) {
      lx.push(Math.log(participation[j]!));
      ly.push(Math.log(impactBps[j]!));
    }
  }
  const fit = lx.length >= 3 ? fitLine(lx, ly) : null;
  return {
    method, bucketSec, observations: n, participation, impactBps, count,
    exponent: fit ? fit.slope : null,
    prefactorBps: fit ? Math.exp(fit.intercept) : null,
    r2: fit ? fit.r2 : null,
  };
}
