import { describe, expect, it } from 'vitest';
import { WhatIfRun } from './what-if-run.js';
import { scenarioPath } from './scenario-path.js';

function run(seed: number, quantity: number, algorithm: 'twap' | 'passive' | 'market') {
  const args = { source: { kind: 'scenario' as const, name: 'calm', durationSec: 120 }, order: { side: 'buy' as const, quantity, algorithm, startSec: 10, horizonSec: 60, slices: 6, impact: true }, seed };
  const w = new WhatIfRun(args, () => scenarioPath('calm', 120, seed), 'w1');
  while (!w.step(1000));
  return w.result();
}

describe('WhatIfRun on the agent-based market', () => {
  it('works the parent order, reports fills, shortfall and impact, and is reproducible', () => {
    const a = run(42, 3_000, 'twap');
    expect(a.summary.filled).toBe(3_000);
    expect(a.orders.length).toBeGreaterThanOrEqual(6);
    expect(a.fills.reduce((n, f) => n + f.size, 0)).toBe(3_000);
    expect(a.summary.shortfallBps).not.toBeNull();
    expect(a.summary.eventLogHash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.path.length).toBeGreaterThan(100);
    // Before the order starts the two paths are the same path.
    const before = a.path.filter(([t]) => t < 10e9);
    expect(before.every(([, w, wo]) => w === wo)).toBe(true);
    const b = run(42, 3_000, 'twap');
    expect(b.summary.eventLogHash).toBe(a.summary.eventLogHash);
    expect(b.fills).toEqual(a.fills);
  });

  it('a large buy moves the price up against the same path without it', () => {
    const r = run(7, 40_000, 'market');
    expect(r.summary.filled).toBeGreaterThan(0);
    expect(r.summary.impactBps!).toBeGreaterThan(0);
    expect(r.summary.shortfallBps!).toBeGreaterThan(0);
  });

  it('a passive order shows in the snapshots with its queue position', () => {
    const r = run(3, 2_000, 'passive');
    const withOwn = r.snapshots.filter((s) => s.own.length > 0);
    expect(withOwn.length).toBeGreaterThan(0);
    const [id, side, price, leaves, ahead] = withOwn[0]!.own[0]!;
    expect(id).toMatch(/^W-\d+$/);
    expect(side).toBe(1);
    expect(leaves).toBeGreaterThan(0);
    expect(ahead).toBeGreaterThanOrEqual(0);
    expect(withOwn[0]!.bids.some(([p]) => p === price)).toBe(true);
  });
});
