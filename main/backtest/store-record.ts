import type { ParentOrderResultRow, RunRecord } from '../store/index.js';
import type { BacktestResult } from './backtest-runner.js';

/**
 * A backtest as a run-store record: kind `backtest`; the normalised config; its seeds; the input
 * hash; engine and model versions; status; summary = { comparison, table, paths, pathCheck
 * (identical paths left out of the comparison), sourceHashes, timing } (timing is the only part that varies between identical runs); one result row per
 * parent order, in job order, with the costs of `ParentOrderOutcome.tca`.
 */
export function toRunRecord(r: BacktestResult): RunRecord {
  const labels = new Map(r.paths.map((p) => [p.pathId, p.label] as const));
  const results = r.outcomes.map((o): ParentOrderResultRow => {
    const t = o.tca;
    const sf = t.shortfall;
    return {
      jobIndex: o.jobIndex, strategy: o.strategy, pathId: o.pathId, source: labels.get(o.pathId) ?? o.pathId, seed: o.seed, startSec: o.startSec,
      side: t.side, parentQty: t.parentQty, filledQty: t.filledQty, fillRate: t.fillRate, fillCount: t.fillCount, childOrders: o.childOrders,
      arrivalPrice: t.arrivalPrice, avgPrice: t.avgPrice, endPrice: t.endPrice, isBps: t.isBps, totalIsBps: sf?.totalBps ?? null,
      delayBps: sf?.delayBps ?? null, timingBps: sf?.timingBps ?? null, tradingBps: sf?.tradingBps ?? null, opportunityBps: sf?.opportunityBps ?? null,
      feesBps: sf?.feesBps ?? null, marketImpactBps: t.marketImpactBps, vwapSlippageBps: t.vwapSlippageBps, participation: t.participation,
      spreadCaptureBps: t.spreadCaptureBps, reversion60sBps: t.reversion[0]?.bps ?? null, marketVwap: o.marketVwap, marketVolume: o.marketVolume,
      pathHash: o.pathHash, unaffectedPathHash: o.unaffectedPathHash,
    };
  });
  return {
    kind: 'backtest',
    config: r.config,
    seeds: r.config.seeds,
    dataHash: r.dataHash,
    engineVersion: r.engineVersion,
    modelVersion: r.modelVersion,
    status: r.status,
    summary: {
      comparison: r.comparison, table: r.table, paths: r.paths, pathCheck: r.pathCheck ?? null, sourceHashes: r.sourceHashes,
      timing: { elapsedMs: r.elapsedMs, ordersPerSec: r.ordersPerSec, pool: r.pool },
    },
    results,
    explanations: r.outcomes.filter((o) => o.explanations !== undefined).map((o) => ({ jobIndex: o.jobIndex, explanations: o.explanations })),
  };
}
