import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, normalizeConfig } from '../../backtest/backtest-config.js';
import { scenarioDurationSec } from '../../backtest/backtest-runner.js';
import { runJobSync, type JobSpec } from '../../backtest/job-run.js';
import { replayEnvFactory, scenarioEnvFactory } from './env-paths.js';
import { judgeEpisode } from './episode-judge.js';
import { judgedPathSec } from './episode-recorder.js';
import { ExecutionEnv } from './execution-env.js';

const START = 20, HORIZON = 30, SEED = 3;
const DURATION = judgedPathSec(START, HORIZON);

function job(strategy: 'twap' | null, quantity: number): ReturnType<typeof runJobSync> {
  const spec: JobSpec = {
    index: 0, pathId: 'p', source: { kind: 'scenario', name: 'calm' }, seed: SEED, startSec: START, scenarioDurationSec: DURATION,
    strategy, order: { side: 1, quantity, horizonSec: HORIZON }, params: DEFAULT_PARAMS, impact: false,
  };
  return runJobSync(spec);
}

/** TWAP pace: each decision sends (remaining / decisions left) — fraction 1 of the slice basis with multiple 1. */
const twapPaceActions = { fractions: [0, 1], sizeBasis: 'slice' as const, sliceMultiple: 1 };

describe('an episode is judged as a backtest is', () => {
  const unaffected = job(null, 1_000);
  // 5 % of the market's volume over the horizon on this path.
  const qty = Math.round((0.05 * unaffected.marketVolume) / 100) * 100;

  it('builds the same path as a backtest: same length, and the same mids without our orders', () => {
    expect(DURATION).toBe(scenarioDurationSec(normalizeConfig({ sources: [{ kind: 'scenario', name: 'calm' }], strategies: ['twap'], seeds: [SEED], side: 'buy', quantity: 1_000, horizonSec: HORIZON, startSec: [START] })));
    const env = new ExecutionEnv(scenarioEnvFactory('calm', DURATION), { side: 'buy', quantity: qty, startSec: START, horizonSec: HORIZON, decisions: 10, actions: twapPaceActions }, { record: true });
    const j = judgeEpisode(env, SEED, () => 3);
    expect(j.unaffectedMidPath.map((m) => m.ts)).toEqual(unaffected.midTs.filter((_, i) => Number.isFinite(unaffected.mid[i]!)));
    expect(j.unaffectedMidPath.map((m) => m.mid)).toEqual(unaffected.mid.filter((m) => Number.isFinite(m)));
    expect(j.measureNs).toBe(unaffected.measureNs);
    // Our orders changed the path after the start.
    expect(j.midPath.map((m) => m.mid)).not.toEqual(j.unaffectedMidPath.map((m) => m.mid));
    expect(j.tca.marketImpactBps).not.toBeNull();
    expect(j.tca.reversion.length).toBe(1);
  }, 60_000);

  it('at TWAP pace the environment reproduces the TWAP baseline\'s fills on a 5 % order (same TCA code)', () => {
    expect(qty).toBeGreaterThan(1_000);
    const twap = job('twap', qty);
    const twapFilled = twap.fills.reduce((a, f) => a + f.qty, 0);
    const twapAvg = twap.fills.reduce((a, f) => a + f.qty * f.price, 0) / twapFilled;
    for (const aggression of [0, 2]) {
      const env = new ExecutionEnv(scenarioEnvFactory('calm', DURATION), { side: 'buy', quantity: qty, startSec: START, horizonSec: HORIZON, decisions: 10, actions: twapPaceActions }, { record: true });
      const j = judgeEpisode(env, SEED, () => 3 + aggression);
      expect(twapFilled).toBe(qty);
      // Crossing at TWAP pace fills all of it; posting at TWAP pace fills at least 90 % (the rest is liquidated at the end).
      expect(j.tca.filledQty).toBeGreaterThanOrEqual(aggression === 2 ? qty : 0.9 * qty);
      expect(Math.abs(j.tca.avgPrice! - twapAvg) / twapAvg * 1e4).toBeLessThan(5);
      expect(j.tca.arrivalPrice).toBe(unaffected.mid.find((m) => Number.isFinite(m)));
    }
  }, 120_000);

  it('the TCA of a one-shot episode agrees with the environment\'s own shortfall', () => {
    const env = new ExecutionEnv(scenarioEnvFactory('calm', DURATION), { side: 'buy', quantity: 2_000, startSec: START, horizonSec: HORIZON, decisions: 10 }, { record: true });
    let last = NaN;
    const j = judgeEpisode(env, SEED, (_o, info) => {
      last = info.decision;
      return 11; // everything, crossing
    });
    expect(last).toBe(0);
    expect(j.steps).toBe(1);
    expect(j.tca.filledQty).toBe(2_000);
    const info = env.info();
    expect(j.tca.isBps!).toBeCloseTo(info.shortfallBps!, 9);
    expect(j.fills.length).toBeGreaterThan(0);
    expect(j.marketVolume).toBeGreaterThan(0);
  }, 60_000);

  it('refuses an environment that does not record', () => {
    const env = new ExecutionEnv(scenarioEnvFactory('calm', DURATION), { side: 'buy', quantity: 100, startSec: START, horizonSec: HORIZON, decisions: 1 });
    expect(() => judgeEpisode(env, 1, () => 0)).toThrow(/record: true/);
  }, 60_000);
});

describe('an episode on a replayed day is judged as a backtest is', () => {
  const sample = fileURLToPath(new URL('../../../assets/sample/AMZN_2012-06-21_34200000_57600000_message_1.csv', import.meta.url));
  const files = [sample, sample.replace('_message_', '_orderbook_')];
  const start = 900, horizon = 60;

  it('counts the market volume over the order as the backtest does (the day\'s prints, plus our fills)', () => {
    const spec: JobSpec = {
      index: 0, pathId: 'p', source: { kind: 'data', files }, seed: 4, startSec: start, scenarioDurationSec: 0,
      strategy: null, order: { side: 1, quantity: 100, horizonSec: horizon }, params: DEFAULT_PARAMS, impact: false,
    };
    const unaffected = runJobSync(spec);
    expect(unaffected.marketVolume).toBeGreaterThan(0);
    const config = { side: 'buy' as const, quantity: 300, startSec: start, horizonSec: horizon, decisions: 6, reward: { terminal: 'penalty' as const } };
    const idle = judgeEpisode(new ExecutionEnv(replayEnvFactory(files), config, { record: true }), 4, () => 0);
    expect(idle.fills).toHaveLength(0);
    expect(idle.marketVolume).toBe(unaffected.marketVolume);
    expect(idle.marketVwap).toBeCloseTo(unaffected.marketVwap!, 9);
    const busy = judgeEpisode(new ExecutionEnv(replayEnvFactory(files), config, { record: true }), 4, () => 11);
    expect(busy.tca.filledQty).toBe(300);
    expect(busy.marketVolume).toBeGreaterThanOrEqual(300);
    expect(busy.tca.participation).not.toBeNull();
  }, 60_000);
});
