import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { replayPath } from './replay-path.js';
import { WhatIfRun } from './what-if-run.js';

const sample = fileURLToPath(new URL('../../../assets/sample/AMZN_2012-06-21_34200000_57600000_message_1.csv', import.meta.url));
const files = [sample, sample.replace('_message_', '_orderbook_')];

function run(algorithm: 'twap' | 'passive' | 'market', quantity: number, impact: boolean, seed = 1) {
  const args = { source: { kind: 'sample' as const, id: 'AMZN' }, order: { side: 'buy' as const, quantity, algorithm, startSec: 3_600, horizonSec: 600, slices: 5, impact }, seed };
  const w = new WhatIfRun(args, (withOrders) => replayPath(files, seed, impact, withOrders), 'w1');
  while (!w.step(5_000));
  return w.result();
}

describe('what-if on the real AMZN day', () => {
  it('without impact, the paths differ only where our fills took liquidity', () => {
    const r = run('twap', 1_000, false);
    expect(r.summary.filled).toBe(1_000);
    const firstFill = Math.min(...r.fills.map((f) => f.tsNs));
    expect(r.path.filter(([t]) => t < firstFill).every(([, w, wo]) => w === wo)).toBe(true);
    const diff = r.path.filter(([, w, wo]) => w !== wo);
    expect(diff.every(([t]) => t >= firstFill)).toBe(true);
    expect(r.clock).toBe('exchange-local');
    expect(r.summary.eventLogHash).toBe(run('twap', 1_000, false).summary.eventLogHash);
  });

  it('with the propagator impact, a large market buy lifts the path against the historical one', () => {
    const r = run('market', 3_000, true);
    expect(r.summary.filled).toBe(3_000);
    expect(r.summary.impactBps!).toBeGreaterThan(0);
    const after = r.path.filter(([t]) => t > 34_200e9 + 3_600e9 + 1e9);
    expect(after.some(([, w, wo]) => w !== null && wo !== null && w > wo)).toBe(true);
  });

  it('a passive buy waits in the real queue and the snapshots show its position', () => {
    const r = run('passive', 500, false);
    const own = r.snapshots.flatMap((s) => s.own);
    expect(own.length).toBeGreaterThan(0);
    const [, side, , leaves, sizeAhead, ordersAhead] = own[0]!;
    expect(side).toBe(1);
    expect(leaves).toBeGreaterThan(0);
    expect(sizeAhead).toBeGreaterThanOrEqual(0);
    expect(Number.isInteger(ordersAhead)).toBe(true);
  });
});
