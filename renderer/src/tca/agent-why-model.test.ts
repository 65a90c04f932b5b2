import { describe, expect, it } from 'vitest';
import { AgentExplanationsSchema } from '../../../main/contract/agent-explanations.js';
import { agentWhyRows } from './agent-why-model.js';

const EX = AgentExplanationsSchema.parse({
  featureNames: ['timeLeft', 'inventoryLeft', 'spread', 'signal0'],
  actionLabels: ['0 (wait)', '1 passive', '1 cross'],
  decisions: [
    { decision: 0, tNs: 30e9, obs: [1, 1, 0.1, 0], action: 1, probs: [0.1, 0.8, 0.1], fraction: 1, aggression: 'passive', childOrderId: 'B1', size: 200, priceUnits: 10001 },
    { decision: 1, tNs: 32e9, obs: [0.9, 0.85, 0.2, 0], action: 0, qValues: [-1.5, -2, -3.25], fraction: 0, aggression: 'passive', childOrderId: null, size: 0, priceUnits: null },
    { decision: 2, tNs: 34e9, obs: [0.8, 0.85, 0, 0.5], action: 2, probs: [0, 0, 1], fraction: 1, aggression: 'cross', childOrderId: null, size: 0, priceUnits: null, note: 'no cross price: the book side to price from is empty' },
  ],
});

describe('why the agent sent it', () => {
  it('one row per decision: time from the start, action, its probability or Q-value, the runners-up, the features by name, the child', () => {
    const rows = agentWhyRows(EX, 30e9, 100);
    expect(rows.map((r) => r.at)).toEqual(['0.0 s', '2.0 s', '4.0 s']);
    expect(rows[0]).toMatchObject({ action: '1 passive', confidence: 'p 0.800', alternatives: '0 (wait) p 0.100, 1 cross p 0.100', child: 'B1 · 200 @ 100.01', childOrderId: 'B1' });
    expect(rows[0]!.features).toBe('timeLeft 1.00 · inventoryLeft 1.00 · spread 0.100');
    expect(rows[1]).toMatchObject({ action: '0 (wait)', confidence: 'Q -1.50', alternatives: '1 passive Q -2.00, 1 cross Q -3.25', child: '— (waited)' });
    // A zero feature that is not a reserved signal slot is still shown; a non-zero signal is too.
    expect(rows[2]!.features).toBe('timeLeft 0.800 · inventoryLeft 0.850 · spread 0.000 · signal0 0.500');
    expect(rows[2]!.child).toMatch(/no cross price/);
  });
});
