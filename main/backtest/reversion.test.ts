import { describe, expect, it } from 'vitest';
import { runBacktest } from './backtest-runner.js';
import { REVERSION_HORIZON_NS } from './job-run.js';
import { toRunRecord } from './store-record.js';

describe('post-trade reversion in backtests', () => {
  it('is measured 60 s after every order on a scenario path and stored with the results', async () => {
    const r = await runBacktest(
      { strategies: ['twap', 'immediate'], sources: [{ kind: 'scenario', name: 'calm' }], seeds: [1], side: 'buy', quantity: 2_000, horizonSec: 20, startSec: 10 },
      { workers: 0 },
    );
    expect(r.outcomes).toHaveLength(2);
    for (const o of r.outcomes) {
      expect(o.tca.reversion).toHaveLength(1);
      expect(o.tca.reversion[0]!.horizon).toBe(REVERSION_HORIZON_NS);
      expect(Number.isFinite(o.tca.reversion[0]!.bps)).toBe(true);
    }
    const rows = toRunRecord(r).results;
    expect(rows.map((x) => x.reversion60sBps)).toEqual(r.outcomes.map((o) => o.tca.reversion[0]!.bps));
  });
});
