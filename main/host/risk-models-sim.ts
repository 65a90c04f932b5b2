import type { DepthBuffers } from '../market/book/book-types.js';
import type { ExecutionPosture, PostureMarket, PostureModel } from '../execution/posture.js';
import { LiveRiskModels, type LiveRiskOptions } from './risk-models.js';

/**
 * The models' sizes for one parent order's run (minutes, not a day): 10-sample regime windows
 * (so the review cadence is 10 s), regimes first fitted after 12 windows (2 min) and refitted
 * every 6, robust-z baselines of 120 samples (judging from 30), GARCH after 300 returns (5 min).
 * With the day-scale defaults (1 h before a regime) a ticket's order would end before any model spoke.
 */
export const ORDER_RUN_MODELS: Pick<LiveRiskOptions, 'window' | 'regimes' | 'anomalies' | 'garchWarmup'> = {
  window: 10,
  regimes: { warmup: 12, refitEvery: 6 },
  anomalies: { window: 120 },
  garchWarmup: 300,
};

/**
 * The live risk models over a simulated order run's market (Order ticket and What-if parents):
 * from the run's start, every `sampleSec` of scheduler time it samples the book the executor sees
 * (mid, spread in bps, depth of the best `depthLevels` levels) and the tape's volume and signed
 * flow since the last sample, feeds `LiveRiskModels`, and hands the posture to the executor
 * (`ExecutionContext.posture()`). It only reads the market, so the market's path is the same with
 * or without it. Intervals without a mid at either end are skipped (as the replay sampler does).
 */
export class SimPostureModel implements PostureModel {
  readonly models: LiveRiskModels;
  /** Samples pushed (for tests and the report). */
  samples = 0;

  constructor(opts: LiveRiskOptions, private readonly sampleSec = 1, private readonly depthLevels = 5) {
    this.models = new LiveRiskModels({ ...ORDER_RUN_MODELS, ...opts });
    if (!(sampleSec > 0)) throw new RangeError(`sampleSec must be > 0, got ${sampleSec}`);
  }

  attach(m: PostureMarket): () => ExecutionPosture | null {
    const scale = 10 ** m.sizeDecimals;
    let volume = 0;
    let flow = 0;
    m.trades?.onTrade((_ts, _price, size, aggressor) => {
      volume += size / scale;
      flow += aggressor * (size / scale);
    });
    const n = Math.max(1, this.depthLevels);
    const bufs: DepthBuffers = { bidPrice: new Float64Array(n), bidSize: new Float64Array(n), askPrice: new Float64Array(n), askSize: new Float64Array(n) };
    const stepNs = Math.round(this.sampleSec * 1e9);
    let prevMid = NaN;
    const fire = (): void => {
      const bid = m.book.bestBid();
      const ask = m.book.bestAsk();
      const mid = ask > bid ? (bid + ask) / 2 : NaN;
      if (mid > 0 && prevMid > 0) {
        const [nb, na] = m.book.depth(this.depthLevels, bufs);
        let depth = 0;
        for (let i = 0; i < nb; i++) depth += bufs.bidSize[i]!;
        for (let i = 0; i < na; i++) depth += bufs.askSize[i]!;
        this.models.push({ t: m.scheduler.now / 1e9, r: Math.log(mid / prevMid), spreadBps: ((ask - bid) / mid) * 1e4, depth: depth / scale, volume, flow });
        this.samples++;
      }
      prevMid = mid;
      volume = 0;
      flow = 0;
      m.scheduler.after(stepNs, { fire });
    };
    m.scheduler.at(m.startNs + stepNs, { fire });
    return () => this.models.posture();
  }
}
