import { describe, expect, it } from 'vitest';
import { MarketSession } from '../../market/abm/market-session.js';
import { PRESETS } from '../../market/scenarios/presets.js';
import { labelRows } from '../labels.js';
import { FeatureEngine, type FeatureRows } from './feature-engine.js';
import { attachToExchange } from './simulation-features.js';

function simulate(seed: number, untilSec: number): FeatureRows {
  const s = new MarketSession(PRESETS.calm, { seed });
  const engine = new FeatureEngine({ everyEvents: 5 }, s.exchange.tickUnits);
  attachToExchange(engine, s.exchange);
  s.runUntilSec(untilSec);
  return engine.finish();
}

describe('features of the agent-based market', () => {
  it('gives finite rows with trades, the same bit for bit for the same seed and different for another', () => {
    const a = simulate(3, 60);
    expect(a.t.length).toBeGreaterThan(100);
    for (const x of a.X) expect(Number.isFinite(x)).toBe(true);
    const traded = a.featureNames.indexOf('tradeImbalance');
    expect(Array.from({ length: a.t.length }, (_, i) => a.X[i * a.featureNames.length + traded]!).some((v) => v !== 0)).toBe(true);
    expect(Buffer.from(simulate(3, 60).X.buffer).equals(Buffer.from(a.X.buffer))).toBe(true);
    expect(Buffer.from(simulate(4, 60).X.buffer).equals(Buffer.from(a.X.buffer))).toBe(false);
    const ds = labelRows(a, 20);
    expect(new Set(ds.y).size).toBeGreaterThan(1);
  });

  it('a row at t does not change when the market runs on past t', () => {
    const short = simulate(5, 30);
    const long = simulate(5, 60);
    const n = short.t.length;
    const cols = short.featureNames.length;
    expect(n).toBeGreaterThan(10);
    expect(Array.from(long.X.subarray(0, n * cols))).toEqual(Array.from(short.X));
  });
});
