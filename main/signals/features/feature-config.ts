/**
 * What the feature engine computes and when it samples a row.
 *
 * Invariants (checked by `normalizeFeatureConfig`): `levels` in [1, 50]; `rvHorizons` distinct
 * integers in [2, 100,000] (book events); half-lives ≥ 1; at least one clock: `everyEvents` ≥ 1
 * (a row after every k-th book event) and/or `everyNs` > 0 (a row at each multiple of everyNs,
 * holding the events up to and including that time).
 */
export interface FeatureConfig {
  levels: number;
  rvHorizons: readonly number[];
  /** Half-life, in trades, of the signed-trade and in book events of the queue-depletion averages. */
  flowHalfLife: number;
  /** Half-life, in rows, of the running mean and variance behind every z-score. */
  zHalfLife: number;
  everyEvents: number;
  everyNs: number;
}

export const DEFAULT_FEATURE_CONFIG: FeatureConfig = {
  levels: 5,
  rvHorizons: [10, 100, 1000],
  flowHalfLife: 50,
  zHalfLife: 500,
  everyEvents: 10,
  everyNs: 0,
};

/** Fills defaults and checks limits; throws a RangeError naming the field and its limit. */
export function normalizeFeatureConfig(input: Partial<FeatureConfig> = {}): FeatureConfig {
  const c: FeatureConfig = { ...DEFAULT_FEATURE_CONFIG, ...input };
  const int = (name: string, v: number, lo: number, hi: number) => {
    if (!Number.isInteger(v) || v < lo || v > hi) throw new RangeError(`${name}: ${v} must be an integer in [${lo}, ${hi}]`);
  };
  int('levels', c.levels, 1, 50);
  if (c.rvHorizons.length === 0) throw new RangeError('rvHorizons: at least one horizon');
  for (const h of c.rvHorizons) int('rvHorizons', h, 2, 100_000);
  if (new Set(c.rvHorizons).size !== c.rvHorizons.length) throw new RangeError('rvHorizons: horizons must be distinct');
  if (!(c.flowHalfLife >= 1)) throw new RangeError(`flowHalfLife: ${c.flowHalfLife} must be ≥ 1`);
  if (!(c.zHalfLife >= 1)) throw new RangeError(`zHalfLife: ${c.zHalfLife} must be ≥ 1`);
  int('everyEvents', c.everyEvents, 0, 1_000_000);
  if (!(c.everyNs >= 0 && Number.isFinite(c.everyNs))) throw new RangeError(`everyNs: ${c.everyNs} must be ≥ 0`);
  if (c.everyEvents === 0 && c.everyNs === 0) throw new RangeError('everyEvents/everyNs: give at least one sampling clock');
  return c;
}

/** One feature: its column name and what it measures (units included). */
export interface FeatureDoc {
  name: string;
  doc: string;
}

/**
 * The columns the engine writes for `c`, in order, with their docs. Every feature is scale-free
 * (ticks, ratios, bps, z-scores) so a model fitted on one stock can be applied to another.
 */
export function featureDocs(c: FeatureConfig): FeatureDoc[] {
  const out: FeatureDoc[] = [
    { name: 'spreadTicks', doc: 'best ask − best bid, in ticks' },
    { name: 'spreadZ', doc: 'z-score of spreadTicks against the running mean/variance of earlier rows' },
  ];
  for (let l = 1; l <= c.levels; l++) {
    out.push({ name: `imbalance${l}`, doc: `(bid size − ask size) / (bid size + ask size) over the top ${l} level(s); in [−1, 1]` });
  }
  out.push(
    { name: 'micropriceMinusMidTicks', doc: 'size-weighted microprice − mid, in ticks (positive: pressure up)' },
    { name: 'micropriceMinusMidBps', doc: 'microprice − mid, in basis points of the mid' },
    { name: 'ofiNorm', doc: 'order-flow imbalance (Cont, Kukanov & Stoikov 2014) summed over the book events since the previous row, divided by the running mean touch size' },
    { name: 'ofiZ', doc: 'z-score of ofiNorm against earlier rows' },
    { name: 'depthLogRatio', doc: `ln((bid size + 1) / (ask size + 1)) over the top ${c.levels} levels` },
    { name: 'depthZ', doc: `z-score of ln(1 + total size over the top ${c.levels} levels per side) against earlier rows` },
    { name: 'tradeImbalance', doc: `EWMA (half-life ${c.flowHalfLife} trades) of signed trade volume / EWMA of volume; +1 all buyer-initiated; in [−1, 1]` },
    { name: 'tradeImbalanceRow', doc: 'signed / total trade volume since the previous row (0 without trades)' },
  );
  for (const h of c.rvHorizons) {
    out.push({ name: `rvBps${h}`, doc: `realised volatility: √(Σ squared log mid changes) over the last ${h} book events, in bps` });
  }
  out.push(
    { name: 'volumeRatio', doc: 'traded volume since the previous row / running mean volume per row (1 = usual)' },
    { name: 'volumeZ', doc: 'z-score of ln(1 + volume since the previous row) against earlier rows' },
    { name: 'queueDepletionBid', doc: `EWMA (half-life ${c.flowHalfLife} book events) of the fraction of the best bid queue removed per book event (1 when the level empties)` },
    { name: 'queueDepletionAsk', doc: 'the same for the best ask queue' },
    { name: 'midRetBps', doc: 'log return of the mid since the previous row, in bps' },
  );
  return out;
}
