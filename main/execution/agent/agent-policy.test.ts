import { describe, expect, it } from 'vitest';
import { OBS_NAMES } from '../../learning/env/observation.js';
import { AgentModelMismatch, checkAgentModel } from './agent-policy.js';
import { twapPaceModel } from './agent-test-support.js';

function fieldOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof AgentModelMismatch) return e.field;
    throw e;
  }
  return '(accepted)';
}

describe('a model that does not fit the execution environment is refused, naming the field', () => {
  it('accepts a matching model and returns its env config', () => {
    const env = checkAgentModel(twapPaceModel());
    expect(env.decisions).toBe(10);
    expect(env.actions.sizeBasis).toBe('slice');
  });
  it('observation size, feature names, action space size and kind, env fields', () => {
    expect(fieldOf(() => checkAgentModel(twapPaceModel({ obsDim: 17 })))).toBe('obsDim');
    expect(fieldOf(() => checkAgentModel(twapPaceModel({ obsNames: ['timeLeft', 'spread', ...OBS_NAMES.slice(2)] })))).toBe('obsNames');
    expect(fieldOf(() => checkAgentModel(twapPaceModel({ actionSpace: { kind: 'discrete', n: 12 } })))).toBe('actionSpace.n');
    expect(fieldOf(() => checkAgentModel(twapPaceModel({ actionSpace: { kind: 'continuous' } })))).toBe('actionSpace.kind');
    expect(fieldOf(() => checkAgentModel(twapPaceModel({ env: { decisions: 10, actions: { sizeBasis: 'lots' as never } } })))).toBe('env.actions.sizeBasis');
    expect(fieldOf(() => checkAgentModel(twapPaceModel({ env: { decisions: 0 } })))).toBe('env.decisions');
    expect(() => checkAgentModel(twapPaceModel({ obsDim: 17 }))).toThrow(/obsDim: the model takes 17 inputs, the environment gives 18/);
  });
});
