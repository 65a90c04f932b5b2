import { describe, expect, it } from 'vitest';
import { DEFAULT_ACTIONS, encodeDiscrete } from './actions.js';
import { scenarioEnvFactory } from './env-paths.js';
import { ExecutionEnv, type EnvAction, type StepResult } from './execution-env.js';
import type { EnvConfigInput } from './env-config.js';
import { OBS, OBS_DIM } from './observation.js';

// A short calm agent-based path: decisions every 3 s from 20 s to 50 s of a 60 s session.
const factory = scenarioEnvFactory('calm', 60);
const base: EnvConfigInput = { side: 'buy', quantity: 3_000, startSec: 20, horizonSec: 30, decisions: 10 };
const CROSS_ALL = encodeDiscrete(3, 2, DEFAULT_ACTIONS);
const NOTHING = encodeDiscrete(0, 0, DEFAULT_ACTIONS);

function episode(env: ExecutionEnv, seed: number, policy: (k: number) => EnvAction) {
  const obs = [env.reset(seed)];
  const steps: StepResult[] = [];
  for (let k = 0; !env.done; k++) {
    const r = env.step(policy(k));
    steps.push(r);
    obs.push(r.observation);
    expect(r.info.filled).toBeLessThanOrEqual(env.config.quantity);
    expect(r.info.filled + r.info.leaves).toBe(env.config.quantity);
  }
  return { obs, steps, sum: steps.reduce((s, r) => s + r.reward, 0), last: steps.at(-1)! };
}

describe('ExecutionEnv on the agent-based market', () => {
  it('reset gives the documented observation of a fresh order', () => {
    const env = new ExecutionEnv(factory, base);
    const o = env.reset(1);
    expect(o).toBeInstanceOf(Float32Array);
    expect(o).toHaveLength(OBS_DIM);
    expect(o[OBS.timeLeft]).toBe(1);
    expect(o[OBS.inventoryLeft]).toBe(1);
    expect(o[OBS.spread]).toBeGreaterThan(0);
    expect(Math.abs(o[OBS.imbalance1]!)).toBeLessThanOrEqual(1);
    expect(Math.abs(o[OBS.imbalance5]!)).toBeLessThanOrEqual(1);
    expect(o[OBS.volatility]).toBeGreaterThanOrEqual(0);
    expect(o[OBS.volume]).toBeGreaterThan(0); // the warm-up interval before t0 traded
    expect(o[OBS.queuePosition]).toBe(1);
    expect(Array.from(o.subarray(OBS.signal0))).toEqual(new Array(OBS_DIM - OBS.signal0).fill(0));
    const info = env.info();
    expect(info).toMatchObject({ seed: 1, decision: 0, tNs: 20e9, filled: 0, leaves: 3_000, avgPriceUnits: null });
    expect(info.arrivalPriceUnits).toBe(info.midUnits);
    expect(env.actionSpace).toEqual({ kind: 'discrete', n: 12 });
  });

  it('crossing everything at step 0 fills at once and the summed reward is −IS (bps) with η = 0, −IS − η with η', () => {
    const env = new ExecutionEnv(factory, { ...base, reward: { impactEta: 0 } });
    const { steps, sum, last } = episode(env, 2, () => CROSS_ALL);
    expect(steps).toHaveLength(1);
    expect(last.done).toBe(true);
    expect(last.info.filled).toBe(3_000);
    expect(last.info.stepFilled).toBe(3_000);
    expect(last.observation[OBS.inventoryLeft]).toBe(0);
    const is = ((last.info.avgPriceUnits! - last.info.arrivalPriceUnits) / last.info.arrivalPriceUnits) * 1e4;
    expect(last.info.shortfallBps).toBeCloseTo(is, 12);
    expect(sum).toBeCloseTo(-is, 9);
    expect(last.info.costs.terminalBps).toBe(0);

    const withEta = episode(new ExecutionEnv(factory, { ...base, reward: { impactEta: 2 } }), 2, () => CROSS_ALL);
    expect(withEta.sum).toBeCloseTo(-is - 2, 9);
  });

  it('doing nothing pays the terminal penalty: leftover valued at the final mid plus the penalty spread', () => {
    const env = new ExecutionEnv(factory, { ...base, reward: { terminalPenaltyBps: 30 } });
    const { steps, sum, last } = episode(env, 3, () => NOTHING);
    expect(steps).toHaveLength(10);
    expect(steps.slice(0, -1).every((r) => r.reward === 0 && !r.done)).toBe(true);
    expect(last.info.filled).toBe(0);
    expect(last.observation[OBS.timeLeft]).toBe(0);
    const { arrivalPriceUnits: a, midUnits: m } = last.info;
    const expected = ((m - a) / a) * 1e4 + 30;
    expect(last.info.costs.terminalBps).toBeCloseTo(expected, 12);
    expect(sum).toBeCloseTo(-expected, 12);
  });

  it("terminal 'liquidate' crosses the leftover at the end and charges it as shortfall", () => {
    const env = new ExecutionEnv(factory, { ...base, reward: { terminal: 'liquidate', impactEta: 0 } });
    const { sum, last } = episode(env, 3, () => NOTHING);
    expect(last.info.filled).toBe(3_000);
    expect(last.info.costs.terminalBps).toBe(0);
    expect(sum).toBeCloseTo(-last.info.shortfallBps!, 9);
  });

  it('same seed + config + actions ⇒ identical observations, rewards and infos; another seed differs', () => {
    const actions = [encodeDiscrete(1, 0, DEFAULT_ACTIONS), encodeDiscrete(1, 0, DEFAULT_ACTIONS), encodeDiscrete(2, 1, DEFAULT_ACTIONS), NOTHING, encodeDiscrete(1, 2, DEFAULT_ACTIONS), encodeDiscrete(3, 0, DEFAULT_ACTIONS)];
    const policy = (k: number) => actions[k % actions.length]!;
    const run = (seed: number) => episode(new ExecutionEnv(factory, base), seed, policy);
    const a = run(5);
    const b = run(5);
    expect(b.obs).toEqual(a.obs);
    expect(b.steps.map((r) => r.reward)).toEqual(a.steps.map((r) => r.reward));
    expect(b.steps.map((r) => r.info)).toEqual(a.steps.map((r) => r.info));
    expect(a.steps.some((r) => r.info.stepFilled > 0)).toBe(true);
    const c = run(6);
    expect(c.obs).not.toEqual(a.obs);
  });

  it('a resting passive child shows its queue position and keeps its place when the action repeats', () => {
    const cfg: EnvConfigInput = { ...base, quantity: 20_000, side: 'sell' };
    const PASSIVE_ALL = encodeDiscrete(3, 0, DEFAULT_ACTIONS);
    const run = (keepQueue: boolean) => {
      const env = new ExecutionEnv(factory, { ...cfg, actions: { keepQueue } });
      // A path whose touch stays put between decisions 1 and 2 (the child keeps its place only at an
      // unchanged price; that holds on about a third of the seeds). Seed 7's path changed with #9's sampling.
      env.reset(9);
      return [0, 1, 2].map(() => env.step(PASSIVE_ALL));
    };
    const kept = run(true);
    expect(kept[0]!.info.action).toEqual({ fraction: 1, aggression: 'passive' });
    // Same price and size ≤ leaves: the working child stays (no cancel, no new id).
    expect(kept[2]!.info.childOrderId).toBe(kept[1]!.info.childOrderId);
    expect(kept.every((r) => r.observation[OBS.queuePosition]! < 1)).toBe(true);
    const ids = run(false).map((r) => r.info.childOrderId);
    expect(new Set(ids).size).toBe(3);
  });

  it('takes continuous actions [fraction, aggressiveness]', () => {
    const env = new ExecutionEnv(factory, { ...base, actionSpace: 'continuous' });
    expect(env.actionSpace).toEqual({ kind: 'continuous', shape: [2], low: 0, high: 1 });
    env.reset(4);
    const r = env.step([0.1, 0.9]);
    expect(r.info.action).toEqual({ fraction: 0.1, aggression: 'cross' });
    expect(r.info.stepFilled).toBe(300);
    expect(() => env.step(3)).toThrow(RangeError);
  });

  it('rejects bad configs with the field named, and stepping before reset or after done', () => {
    expect(() => new ExecutionEnv(factory, { ...base, quantity: 0 })).toThrow(/quantity 0/);
    expect(() => new ExecutionEnv(factory, { ...base, decisions: 2.5 })).toThrow(/decisions/);
    expect(() => new ExecutionEnv(factory, { ...base, actions: { fractions: [0, 2] } })).toThrow(/fractions/);
    expect(() => new ExecutionEnv(factory, { ...base, reward: { impactEta: -1 } })).toThrow(/impactEta/);
    const env = new ExecutionEnv(factory, { ...base, horizonSec: 50 });
    expect(() => env.step(0)).toThrow(/reset/);
    expect(() => env.reset(1)).toThrow(/after the path's end/);
    const ok = new ExecutionEnv(factory, base);
    episode(ok, 1, () => CROSS_ALL);
    expect(() => ok.step(0)).toThrow(/done/);
  });
});
