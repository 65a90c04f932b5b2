import { describe, expect, it } from 'vitest';
import { WhatIfRun } from '../what-if/what-if-run.js';
import { scenarioPath } from '../what-if/scenario-path.js';
import { putAgentPolicy } from './agent-policies.js';
import { constantPolicy } from './agent-test-support.js';

function run(seed: number, key: string) {
  const args = { source: { kind: 'scenario' as const, name: 'calm', durationSec: 120 }, order: { side: 'sell' as const, quantity: 3_000, algorithm: 'agent' as const, startSec: 20, horizonSec: 60, slices: 10, impact: true, agentModel: key }, seed };
  const w = new WhatIfRun(args, () => scenarioPath('calm', 120, seed), 'w1');
  while (!w.step(1000));
  return w.result();
}

describe('the agent in a what-if', () => {
  it('works the order through the what-if run at TWAP pace, explains every decision, and is reproducible', () => {
    const p = constantPolicy(5); // one TWAP slice per decision, crossing
    putAgentPolicy('mem:wi', p);
    const a = run(11, 'mem:wi');
    expect(a.summary.filled).toBe(3_000);
    const ex = a.explanations!;
    expect(ex.decisions).toHaveLength(10);
    expect(ex.decisions.map((d) => d.decision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Each decision at t0 + k·6 s sent one child of (remaining / decisions left).
    expect(ex.decisions.every((d) => d.childOrderId !== null && d.size === 300)).toBe(true);
    expect(new Set(a.orders.map((o) => o.clientOrderId))).toEqual(new Set(ex.decisions.map((d) => d.childOrderId)));
    // The first observation had a market behind it (warm-up mids and trades before the start).
    expect(p.seen[0]![6]! + p.seen[0]![7]!).toBeGreaterThan(0);
    const b = run(11, 'mem:wi');
    expect(b.summary.eventLogHash).toBe(a.summary.eventLogHash);
    expect(b.explanations).toEqual(a.explanations);
  }, 60_000);
});

describe('the agent in a what-if on a replayed day', () => {
  it('sees the day\'s trades through the venue\'s lagged view (volume and flow features, as the env reads them)', async () => {
    const { fileURLToPath } = await import('node:url');
    const { replayPath } = await import('../what-if/replay-path.js');
    const msg = fileURLToPath(new URL('../../../assets/sample/AMZN_2012-06-21_34200000_57600000_message_1.csv', import.meta.url));
    const files = [msg, msg.replace('_message_', '_orderbook_')];
    const p = constantPolicy(3);
    putAgentPolicy('mem:wi-replay', p);
    const args = { source: { kind: 'files' as const, files }, order: { side: 'buy' as const, quantity: 300, algorithm: 'agent' as const, startSec: 600, horizonSec: 120, slices: 10, impact: true, agentModel: 'mem:wi-replay' }, seed: 3 };
    const w = new WhatIfRun(args, (withOrders) => replayPath(files, 3, true, withOrders), 'w2');
    while (!w.step(1000));
    const r = w.result();
    expect(r.explanations!.decisions.length).toBeGreaterThan(0);
    // Market volume over the interval (feature 7) is seen at decision 0 and later ones.
    expect(p.seen[0]![7]!).toBeGreaterThan(0);
    expect(p.seen.slice(1).some((o) => o[7]! > 0)).toBe(true);
  }, 120_000);
});
