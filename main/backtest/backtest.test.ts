import { describe, expect, it } from 'vitest';
import { runBacktest, type BacktestResult } from './backtest-runner.js';
import type { BacktestConfigInput } from './backtest-config.js';
import { runJobSync } from './job-run.js';
import { buildJobs } from './backtest-runner.js';
import { normalizeConfig } from './backtest-config.js';

// Small on purpose (2 shared cores): 3 seeds × (1 run without orders + 3 strategies), 20 s orders.
const CONFIG: BacktestConfigInput = {
  strategies: ['twap', 'pov', 'ac'],
  sources: [{ kind: 'scenario', name: 'calm' }],
  seeds: [1, 2, 3],
  side: 'buy',
  quantity: 2_000,
  horizonSec: 20,
  startSec: 10,
  bootstrapResamples: 500,
};

/** Everything that must not depend on the worker count (timing and pool info left out). */
function deterministicPart(r: BacktestResult) {
  return { config: r.config, status: r.status, dataHash: r.dataHash, paths: r.paths, outcomes: r.outcomes, comparison: r.comparison, table: r.table };
}

describe('backtest runner', () => {
  it('gives identical results in-process, with 1 and with 2 workers (same seeds ⇒ same table)', async () => {
    const two = await runBacktest(CONFIG, { workers: 2 });
    const one = await runBacktest(CONFIG, { workers: 1 });
    const inProcess = await runBacktest(CONFIG, { workers: 0 });
    expect(two.pool).toMatchObject({ mode: 'workers', workers: 2 });
    expect(one.pool).toMatchObject({ mode: 'workers', workers: 1 });
    expect(inProcess.pool.mode).toBe('in-process');
    expect(two.status).toBe('completed');
    expect(two.outcomes).toHaveLength(9);
    expect(deterministicPart(one)).toEqual(deterministicPart(two));
    expect(deterministicPart(inProcess)).toEqual(deterministicPart(two));
    expect(two.table!.columns).toEqual(['twap', 'pov', 'almgren-chriss']);
    // Outcomes in job order: per path the strategies in config order.
    expect(two.outcomes.map((o) => o.strategy)).toEqual(['twap', 'pov', 'almgren-chriss', 'twap', 'pov', 'almgren-chriss', 'twap', 'pov', 'almgren-chriss']);
    expect(two.outcomes.map((o) => o.jobIndex)).toEqual([1, 2, 3, 5, 6, 7, 9, 10, 11]);
    for (const o of two.outcomes) {
      expect(o.refusals).toEqual([]);
      expect(o.finished).toBe(true);
      expect(Number.isFinite(o.isBps)).toBe(true);
      expect(o.marketImpactBps).not.toBeNull();
    }
    // TWAP and AC complete (final sweep); a strategy with a model got one estimated from the path.
    for (const o of two.outcomes.filter((x) => x.strategy !== 'pov')) expect(o.tca.fillRate).toBe(1);
    expect(two.outcomes.find((o) => o.strategy === 'almgren-chriss')!.model!.sigmaEstimated).toBe(true);
  }, 30_000);

  it('runs every strategy of a seed on the same path, and that path again without our orders', async () => {
    const r = await runBacktest(CONFIG, { workers: 0 });
    expect(r.paths.map((p) => p.pathId)).toEqual(['calm@10s/seed1', 'calm@10s/seed2', 'calm@10s/seed3']);
    // Rates per wall and per CPU second: the CPU figure is the process's CPU time over the orders.
    expect(r.cpuMs).toBeGreaterThan(0);
    expect(r.ordersPerCpuSec).toBeCloseTo(r.outcomes.length / (r.cpuMs! / 1000), 9);
    expect(r.ordersPerSec).toBeCloseTo(r.outcomes.length / (r.elapsedMs / 1000), 9);
    for (const p of r.paths) {
      const mine = r.outcomes.filter((o) => o.pathId === p.pathId);
      expect(mine).toHaveLength(3);
      // The without-orders path (hash) is the same for every strategy of the seed, and each
      // strategy's own run was the same path up to its start (look-back mids, book, events).
      expect(new Set(mine.map((o) => o.unaffectedPathHash))).toEqual(new Set([p.pathHash]));
      expect(new Set(mine.map((o) => o.prefixHash))).toEqual(new Set([p.prefixHash]));
      // Our orders changed the path after the start.
      for (const o of mine) expect(o.pathHash).not.toBe(p.pathHash);
    }
    // Different seeds are different paths.
    expect(new Set(r.paths.map((p) => p.prefixHash)).size).toBe(3);
    // Rebuilding the seed-2 path without orders, on its own, gives the same hash again.
    const config = normalizeConfig(CONFIG);
    const again = runJobSync(buildJobs(config).find((j) => j.pathId === 'calm@10s/seed2' && j.strategy === null)!);
    expect(again.pathHash).toBe(r.paths[1]!.pathHash);
    expect(again.prefixHash).toBe(r.paths[1]!.prefixHash);
  }, 15_000);

  it('cancel stops early (AbortSignal with workers; shouldStop in-process) and reports progress', async () => {
    const big: BacktestConfigInput = { ...CONFIG, seeds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] };
    const ac = new AbortController();
    const seen: Array<{ fraction: number; etaSec: number | null }> = [];
    const t0 = performance.now();
    const r = await runBacktest(big, {
      workers: 2,
      signal: ac.signal,
      progressIntervalMs: 0,
      onProgress: (p) => {
        seen.push({ fraction: p.fraction, etaSec: p.etaSec });
        if (p.done >= 2) ac.abort();
      },
    });
    expect(r.status).toBe('cancelled');
    expect(r.outcomes.length).toBeLessThan(30);
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(seen.length).toBeGreaterThan(0);
    for (const p of seen) expect(p.fraction >= 0 && p.fraction <= 1).toBe(true);
    expect(seen.some((p) => p.etaSec !== null && p.etaSec > 0)).toBe(true);

    let polls = 0;
    const local = await runBacktest(big, { workers: 0, shouldStop: () => ++polls > 3 });
    expect(local.status).toBe('cancelled');
    expect(local.outcomes.length).toBeLessThan(3);
    expect(local.comparison).toBeNull();
  }, 20_000);

  it('falls back to in-process (with a note) when no worker entry exists', async () => {
    const r = await runBacktest({ ...CONFIG, seeds: [4], strategies: ['twap'] }, { workers: 2, workerEntry: null });
    expect(r.pool.mode).toBe('in-process');
    expect(r.pool.note).toMatch(/no backtest worker entry/);
    expect(r.outcomes).toHaveLength(1);
  });

  it('rejects with an error naming the job when a run fails (order longer than the recorded day)', async () => {
    const day = { kind: 'data' as const, files: ['assets/sample/AMZN_2012-06-21_34200000_57600000_message_1.csv'] };
    await expect(runBacktest({ ...CONFIG, sources: [day], seeds: [1], strategies: ['twap'], horizonSec: 30_000 }, { workers: 0 }))
      .rejects.toThrow(/job 0 .*AMZN_2012-06-21.*horizon 30000 s ends after the path/);
  });
});
