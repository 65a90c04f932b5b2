import { describe, expect, it } from 'vitest';
import { testParams } from '../../market/queue-reactive/qr-test-params.js';
import { DEFAULT_ACTIONS, encodeDiscrete } from './actions.js';
import { ExecutionEnv } from './execution-env.js';
import { judgeEpisode } from './episode-judge.js';
import { qrEnvFactory } from './qr-env-path.js';

const factory = qrEnvFactory(testParams(), { durationSec: 60, warmUpSec: 120, everySec: 30, snapshots: 16 });
const config = { side: 'buy' as const, quantity: 600, startSec: 15, horizonSec: 30, decisions: 10 };

function run(env: ExecutionEnv, seed: number, actions: (k: number) => number) {
  const out: number[] = Array.from(env.reset(seed));
  for (let k = 0; !env.done; k++) {
    const r = env.step(actions(k));
    out.push(...r.observation, r.reward, r.info.filled, r.info.tNs);
    expect(r.info.filled + r.info.leaves).toBe(600);
  }
  return out;
}

describe('ExecutionEnv on the queue-reactive training market', () => {
  it('episodes start from a bank snapshot (no warm-up at reset) and are deterministic in seed and actions', () => {
    const env = new ExecutionEnv(factory, config);
    const policy = (k: number) => (k * 5) % 12;
    const a = run(env, 4, policy);
    expect(run(new ExecutionEnv(factory, config), 4, policy)).toEqual(a);
    expect(run(env, 5, policy)).not.toEqual(a);
    const path = factory(4);
    expect(path.startNs).toBe(factory.bank.pick(4).scalars[4]);
    expect(path.startNs).toBeGreaterThanOrEqual(120e9);
  });

  it('a reset on a recycled market (pooled after the previous episode) gives exactly what a fresh one gives', () => {
    const opts = { durationSec: 60, warmUpSec: 120, everySec: 30, snapshots: 16 };
    const policy = (k: number) => (k * 7 + 3) % 12;
    const pooled = new ExecutionEnv(qrEnvFactory(testParams(), opts), config);
    for (let seed = 1; seed <= 6; seed++) {
      const fresh = new ExecutionEnv(qrEnvFactory(testParams(), opts), config);
      expect(run(pooled, seed, policy)).toEqual(run(fresh, seed, policy));
    }
  });

  it('is judged like the other markets: the TCA of an episode against the same seeded path without our orders', () => {
    const env = new ExecutionEnv(factory, config, { record: true });
    const j = judgeEpisode(env, 9, (_o, _i, k) => (k % 2 === 0 ? 5 : 11));
    expect(j.tca.filledQty).toBe(600);
    expect(j.arrivalPrice * 1e4).toBe(env.info().arrivalPriceUnits); // same path before our first order
    expect(j.midPath[0]).toEqual(j.unaffectedMidPath[0]);
    expect(j.tca.marketImpactBps).not.toBeNull();
    expect(j.marketVolume).toBeGreaterThan(0);
  });

  it('our orders move the market: sweeping the whole order at once lifts the ask above where it was', () => {
    const env = new ExecutionEnv(factory, { ...config, quantity: 2_000 });
    env.reset(2);
    const path = factory(2);
    path.advanceTo(path.startNs + 15e9);
    const askBefore = path.venue.book.bestAsk();
    const r = env.step(encodeDiscrete(3, 2, { ...DEFAULT_ACTIONS, crossLimitBps: 500 }));
    expect(r.info.filled).toBeGreaterThan(0);
    // The parent bought through several levels: its average is above the untouched path's ask.
    expect(r.info.avgPriceUnits!).toBeGreaterThan(askBefore);
    expect(r.info.midUnits).toBeGreaterThan(r.info.arrivalPriceUnits);
  });
});
