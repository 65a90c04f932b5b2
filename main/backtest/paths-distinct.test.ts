import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { drawStartSec, normalizeConfig } from './backtest-config.js';
import { buildJobs, runBacktest } from './backtest-runner.js';
import { runJobSync } from './job-run.js';
import { checkDistinctPaths, compareOutcomes, joinOutcomes } from './outcomes.js';

// Issue #8.1: seeds on a replayed day are different paths, and copies are never counted as evidence.
const AMZN = fileURLToPath(new URL('../../../shared/data/lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv', import.meta.url));

describe('drawn starts on recorded days', () => {
  it('draws a whole-second start per seed, leaving room for the look-back, the horizon and the post-trade window', () => {
    const starts = Array.from({ length: 50 }, (_, seed) => drawStartSec(seed, 23_400, 1_800, 300, 62, 'day'));
    for (const s of starts) {
      expect(Number.isInteger(s)).toBe(true);
      expect(s).toBeGreaterThanOrEqual(300);
      expect(s).toBeLessThanOrEqual(23_400 - 1_800 - 62);
    }
    expect(new Set(starts).size).toBeGreaterThan(45);
    // Across the day, not bunched: both halves are drawn.
    expect(starts.some((s) => s < 11_000) && starts.some((s) => s > 12_000)).toBe(true);
    expect(drawStartSec(7, 23_400, 1_800, 300, 62, 'day')).toBe(starts[7]);
    // A short day: the look-back shrinks before the order would not fit.
    expect(drawStartSec(3, 400, 300, 300, 62, 'day')).toBeLessThanOrEqual(38);
    expect(() => drawStartSec(1, 300, 300, 300, 62, 'AMZN.csv')).toThrow(/^horizonSec: 300 s \+ 62 s after the order does not fit in AMZN\.csv/);
  });

  it('without --start a recorded day gets one drawn start per seed; scenarios and given starts do not', () => {
    const drawn = normalizeConfig({ strategies: ['twap'], sources: [{ kind: 'data', files: [AMZN] }, { kind: 'scenario', name: 'calm' }], seeds: [1, 2], side: 'buy', quantity: 100, horizonSec: 60 });
    expect(drawn.startDrawn).toBe(true);
    expect(normalizeConfig(drawn).startDrawn).toBe(true); // a normalized config keeps it
    const ids = [...new Set(buildJobs(drawn).map((j) => `${j.pathId} ${j.drawStart}`))];
    expect(ids).toEqual([
      'AMZN_2012-06-21_34200000_57600000_message_1.csv@drawn/seed1 true', 'AMZN_2012-06-21_34200000_57600000_message_1.csv@drawn/seed2 true',
      'calm@30s/seed1 false', 'calm@30s/seed2 false',
    ]);
    const given = normalizeConfig({ ...drawn, startDrawn: undefined, startSec: 600 });
    expect(given.startDrawn).toBe(false);
    expect(buildJobs(given).every((j) => !j.drawStart && j.startSec === 600)).toBe(true);
  });
});

describe('seeds on the AMZN day', () => {
  const base = { strategies: ['twap', 'vwap'], sources: [{ kind: 'data' as const, files: [AMZN] }], side: 'buy' as const, quantity: 500, horizonSec: 60, bootstrapResamples: 200 };

  it('are different paths: different starts, different costs, a real spread', async () => {
    const r = await runBacktest({ ...base, seeds: [1, 2, 3, 4] }, { workers: 0 });
    expect(new Set(r.paths.map((p) => p.startSec)).size).toBe(4);
    expect(r.pathCheck!).toMatchObject({ paths: 4, distinct: 4, note: null });
    const twap = r.comparison!.strategies.find((s) => s.strategy === 'twap')!;
    expect(twap.isBps.n).toBe(4);
    expect(twap.timingRiskBps).toBeGreaterThan(0.1);
    expect(twap.isBps.ci.hi - twap.isBps.ci.lo).toBeGreaterThan(0.1);
    // Every outcome reports the start its path used.
    for (const o of r.outcomes) expect(o.startSec).toBe(r.paths.find((p) => p.pathId === o.pathId)!.startSec);
  }, 60_000);

  it('copies of one path (what seeds used to give on a replayed day) are flagged and left out; the paired test is refused (was p = 0.002)', () => {
    const config = normalizeConfig({ ...base, seeds: [1, 2, 3], startSec: 600 });
    const jobs = buildJobs(config);
    const seed1 = jobs.slice(0, 3).map((j) => runJobSync(j));
    // Seeds 2 and 3 as exact copies of seed 1's runs (only the ids differ).
    const results = [0, 1, 2].flatMap((k) => seed1.map((r, i) => ({ ...r, index: k * 3 + i, pathId: jobs[k * 3]!.pathId, seed: k + 1 })));
    const joined = joinOutcomes(config, results, 3);
    const check = checkDistinctPaths(joined);
    expect(check.paths).toBe(3);
    expect(check.distinct).toBe(1);
    expect(check.duplicates.map((d) => d.sameAs)).toEqual([jobs[0]!.pathId, jobs[0]!.pathId]);
    expect(check.note).toMatch(/3 paths but only 1 distinct.*no paired test is possible/);
    const { comparison, table } = compareOutcomes(config, joined)!;
    const vwap = comparison.strategies.find((s) => s.strategy === 'vwap')!;
    expect(vwap.isBps.n).toBe(1);
    expect(vwap.vsBaseline!.refused).toMatch(/at least 2 distinct paths/);
    expect(vwap.vsBaseline!.headlinePValue).toBeNaN();
    expect(vwap.isBps.ci.lo).toBeNaN(); // no zero-width interval from one path
    expect(table.rows.at(-1)!.cells[1]).toMatch(/p=n\/a/);
  }, 60_000);

  it('from one fixed start still differ by the seed (latency of our orders), and are kept', async () => {
    const r = await runBacktest({ ...base, seeds: [1, 2, 3], startSec: 600 }, { workers: 0 });
    expect(new Set(r.paths.map((p) => p.pathHash)).size).toBe(1); // the same market without our orders
    expect(new Set(r.outcomes.filter((o) => o.strategy === 'twap').map((o) => o.isBps.toFixed(6))).size).toBe(3);
    expect(r.pathCheck!.distinct).toBe(3);
  }, 60_000);
});
