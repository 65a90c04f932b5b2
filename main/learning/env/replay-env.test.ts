import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { DEFAULT_ACTIONS, encodeDiscrete } from './actions.js';
import { replayEnvFactory } from './env-paths.js';
import { ExecutionEnv, type StepResult } from './execution-env.js';
import { OBS } from './observation.js';

const sample = fileURLToPath(new URL('../../../assets/sample/AMZN_2012-06-21_34200000_57600000_message_1.csv', import.meta.url));
const files = [sample, sample.replace('_message_', '_orderbook_')];

describe('ExecutionEnv on the replayed AMZN day', () => {
  it('works a sell over one minute through the real queue, then crosses the rest; deterministic', () => {
    const run = () => {
      const env = new ExecutionEnv(replayEnvFactory(files), { side: 'sell', quantity: 500, startSec: 600, horizonSec: 60, decisions: 6, reward: { impactEta: 0 } });
      const obs = [env.reset(1)];
      const steps: StepResult[] = [];
      const policy = (k: number) => (k < 3 ? encodeDiscrete(2, 0, DEFAULT_ACTIONS) : encodeDiscrete(3, 2, DEFAULT_ACTIONS));
      for (let k = 0; !env.done; k++) {
        const r = env.step(policy(k));
        steps.push(r);
        obs.push(r.observation);
      }
      return { obs, steps };
    };
    const { obs, steps } = run();
    const o = obs[0]!;
    expect(o[OBS.timeLeft]).toBe(1);
    expect(o[OBS.inventoryLeft]).toBe(1);
    expect(o[OBS.spread]).toBeGreaterThan(0);
    expect(steps[0]!.info.arrivalPriceUnits).toBeGreaterThan(2_000_000); // AMZN ≈ $220 in 1e-4 units
    // The passive sell rested in the historical queue at some observation.
    expect(obs.some((x) => x[OBS.queuePosition]! < 1)).toBe(true);
    const last = steps.at(-1)!;
    expect(last.done).toBe(true);
    expect(last.info.filled).toBe(500);
    const sum = steps.reduce((s, r) => s + r.reward, 0);
    expect(sum).toBeCloseTo(-last.info.shortfallBps!, 9);
    const again = run();
    expect(again.obs).toEqual(obs);
    expect(again.steps.map((r) => r.reward)).toEqual(steps.map((r) => r.reward));
  });
});
