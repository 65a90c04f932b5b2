import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { runBacktest } from './backtest-runner.js';
import { fillSummaries } from './outcomes.js';

// Issue #8.6: a parent the market could not absorb is flagged, and its unfilled rest is a cost.
const AMZN = fileURLToPath(new URL('../../../shared/data/lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv', import.meta.url));

describe('partially filled parents', () => {
  it('10,000 shares of TWAP in 60 s on the AMZN day: flagged, fill rate given, the rest costed as opportunity', async () => {
    const r = await runBacktest({ strategies: ['twap'], sources: [{ kind: 'data', files: [AMZN] }], seeds: [1], side: 'buy', quantity: 10_000, horizonSec: 60, startSec: 30, bootstrapResamples: 100 }, { workers: 0 });
    const o = r.outcomes[0]!;
    expect(o.partiallyFilled).toBe(true);
    expect(o.fillRate).toBeLessThan(1);
    expect(o.fillRate).toBeCloseTo(o.tca.filledQty / 10_000, 12);
    const sd = o.tca.shortfall!;
    // Opportunity cost: the unfilled shares at the end mid against arrival, in bps of the parent.
    const expected = ((10_000 - o.tca.filledQty) * (o.tca.endPrice! - o.tca.arrivalPrice)) / (10_000 * o.tca.arrivalPrice) * 1e4;
    expect(sd.opportunityBps).toBeCloseTo(expected, 9);
    expect(Math.abs(sd.opportunityBps!)).toBeGreaterThan(1);
    // The comparison's IS is the total: filled part + opportunity (+ fees).
    expect(o.isBps).toBeCloseTo(sd.delayBps + sd.timingBps + sd.tradingBps + sd.opportunityBps! + sd.feesBps, 9);
    expect(fillSummaries(['twap'], r.outcomes)).toEqual([{ strategy: 'twap', parents: 1, partiallyFilled: 1, meanFillRate: o.fillRate }]);
  }, 60_000);
});
