import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS } from '../../backtest/backtest-config.js';
import { runJobSync, type JobSpec } from '../../backtest/job-run.js';
import { scenarioEnvFactory } from '../../learning/env/env-paths.js';
import { judgedPathSec } from '../../learning/env/episode-recorder.js';
import { ExecutionEnv } from '../../learning/env/execution-env.js';
import { OBS_NAMES } from '../../learning/env/observation.js';
import { putAgentPolicy } from './agent-policies.js';
import { constantPolicy, TWAP_PACE_ENV } from './agent-test-support.js';

const START = 20, HORIZON = 30, SEED = 3;
const DURATION = judgedPathSec(START, HORIZON);

function job(strategy: 'twap' | 'agent' | null, quantity: number, agentModel?: string): ReturnType<typeof runJobSync> {
  const spec: JobSpec = {
    index: 0, pathId: 'p', source: { kind: 'scenario', name: 'calm' }, seed: SEED, startSec: START, scenarioDurationSec: DURATION,
    strategy, ...(agentModel ? { agentModel } : {}), order: { side: 1, quantity, horizonSec: HORIZON }, params: DEFAULT_PARAMS, impact: false,
  };
  return runJobSync(spec);
}

const avg = (fills: ReadonlyArray<{ qty: number; price: number }>) => fills.reduce((a, f) => a + f.qty * f.price, 0) / fills.reduce((a, f) => a + f.qty, 0);

describe('the agent strategy', () => {
  const unaffected = job(null, 1_000);
  const qty = Math.round((0.05 * unaffected.marketVolume) / 100) * 100; // 5 % of the horizon's volume

  it('at TWAP pace fills a 5 % order like the TWAP baseline on the calm scenario', () => {
    expect(qty).toBeGreaterThan(1_000);
    const twap = job('twap', qty);
    const twapAvg = avg(twap.fills);
    for (const action of [3, 5]) {
      putAgentPolicy(`mem:pace${action}`, constantPolicy(action));
      const r = job('agent', qty, `mem:pace${action}`);
      expect(r.prefixHash).toBe(unaffected.prefixHash); // nothing of the agent touched the path before its start
      const filled = r.fills.reduce((a, f) => a + f.qty, 0);
      // Crossing one slice per decision fills everything; posting fills most (the rest goes at the end).
      expect(filled).toBeGreaterThanOrEqual(action === 5 ? qty : 0.9 * qty);
      expect(Math.abs(avg(r.fills) - twapAvg) / twapAvg * 1e4).toBeLessThan(5);
      expect(r.childOrders).toBeGreaterThanOrEqual(10);
      // One explanation per decision, features by name, probabilities of every action.
      const ex = r.explanations!;
      expect(ex.featureNames).toEqual(OBS_NAMES);
      expect(ex.actionLabels).toHaveLength(6);
      expect(ex.decisions.length).toBeGreaterThanOrEqual(9);
      expect(ex.decisions.length).toBeLessThanOrEqual(10);
      for (const d of ex.decisions) {
        expect(d.action).toBe(action);
        expect(d.probs).toHaveLength(6);
        expect(d.obs).toHaveLength(OBS_NAMES.length);
      }
      expect(ex.decisions[0]!.childOrderId).not.toBeNull();
    }
  }, 120_000);

  it('is reproducible bit for bit (same seed ⇒ same fills, events and explanations)', () => {
    putAgentPolicy('mem:pace3', constantPolicy(3));
    const a = job('agent', 2_000, 'mem:pace3');
    const b = job('agent', 2_000, 'mem:pace3');
    expect(a.orderEventsHash).toBe(b.orderEventsHash);
    expect(a.pathHash).toBe(b.pathHash);
    expect(a.fills).toEqual(b.fills);
    expect(a.explanations).toEqual(b.explanations);
  }, 60_000);

  it('sees at decision 0 exactly what the execution environment sees on the same path', () => {
    const p = constantPolicy(3);
    putAgentPolicy('mem:obs', p);
    job('agent', 2_000, 'mem:obs');
    const env = new ExecutionEnv(scenarioEnvFactory('calm', DURATION), { side: 'buy', quantity: 2_000, startSec: START, horizonSec: HORIZON, ...TWAP_PACE_ENV });
    const first = env.reset(SEED);
    expect(Array.from(p.seen[0]!)).toEqual(Array.from(first));
    // A live-looking market: spread, volatility and volume are not all zero.
    expect(first[2]! + first[6]! + first[7]!).toBeGreaterThan(0);
  }, 60_000);
});

describe('the agent strategy on a replayed day', () => {
  it('sees at decision 0 what the execution environment sees on the same replayed path', async () => {
    const { fileURLToPath } = await import('node:url');
    const { replayEnvFactory } = await import('../../learning/env/env-paths.js');
    const msg = fileURLToPath(new URL('../../../assets/sample/AMZN_2012-06-21_34200000_57600000_message_1.csv', import.meta.url));
    const files = [msg, msg.replace('_message_', '_orderbook_')];
    const p = constantPolicy(3);
    putAgentPolicy('mem:replay-obs', p);
    const spec: JobSpec = {
      index: 0, pathId: 'p', source: { kind: 'data', files }, seed: 4, startSec: 900, scenarioDurationSec: 0,
      strategy: 'agent', agentModel: 'mem:replay-obs', order: { side: -1, quantity: 300, horizonSec: 600 }, params: DEFAULT_PARAMS, impact: false,
    };
    runJobSync(spec);
    const env = new ExecutionEnv(replayEnvFactory(files, false), { side: 'sell', quantity: 300, startSec: 900, horizonSec: 600, ...TWAP_PACE_ENV });
    const first = Array.from(env.reset(4));
    // The same reading of the same lagged book, mids and trades (the market's prints over the last interval).
    expect(Array.from(p.seen[0]!)).toEqual(first);
    expect(first[7]!).toBeGreaterThan(0); // the day traded in that interval: the volume feature is exercised
  }, 120_000);
});
