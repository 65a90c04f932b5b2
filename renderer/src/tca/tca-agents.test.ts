import { describe, expect, it } from 'vitest';
import { agentModelTip, DEFAULT_TCA_FORM, resetTcaForm, savedAgentRows, strategyLabel, strategyShort, validateTca, type TcaFormValues } from './tca-form.js';

const form = (over: Partial<TcaFormValues>): TcaFormValues => ({ ...DEFAULT_TCA_FORM, strategies: ['twap', 'agent'], ...over });
const A = { path: '/app/native-models/execution-default', name: 'execution-default' };
const B = { path: '/data/uploads/mine-1a2b', name: 'mine' };

describe('TCA agent rows', () => {
  it('one row on the shipped default sends no agents (the engine runs the shipped agent); a chosen row sends its model and name', () => {
    expect(validateTca(form({})).args).not.toHaveProperty('agents');
    expect(validateTca(form({ agents: [B] })).args?.agents).toEqual([{ model: B.path, name: 'mine' }]);
    // Without the agent strategy, rows are not sent at all.
    expect(validateTca(form({ strategies: ['twap', 'vwap'], agents: [B] })).args).not.toHaveProperty('agents');
  });

  it('several rows compare several agents, named distinctly', () => {
    const r = validateTca(form({ agents: [A, B, { path: '/data/uploads/mine-9', name: 'mine' }] }));
    expect(r.errors).toEqual({});
    expect(r.args?.agents).toEqual([{ model: A.path, name: 'execution-default' }, { model: B.path, name: 'mine' }, { model: '/data/uploads/mine-9', name: 'mine (2)' }]);
  });

  it('names the problem in words: the same model twice, or a row without a model', () => {
    expect(validateTca(form({ agents: [A, B, A] })).errors.agents).toBe('Agents 1 and 3 use the same model execution-default: choose another or remove one.');
    expect(validateTca(form({ agents: [B, { path: null, name: 'execution-default' }] })).errors.agents).toMatch(/^Agent 2: choose a model/);
    expect(validateTca(form({ agents: [A, B] })).args).not.toBeNull();
  });

  it('Escape resets the typed fields but keeps the agent rows (they are the pickers\' saved choices)', () => {
    expect(resetTcaForm(form({ agents: [A, B], quantity: '9' })).agents).toEqual([A, B]);
  });

  it('restores as many rows as were saved (a row before the last saved one may be on the default)', () => {
    expect(savedAgentRows({})).toBe(1);
    expect(savedAgentRows({ 'tca.agent.0': 'x', 'tca.agent.1': 'y', ticket: 'z' })).toBe(2);
    expect(savedAgentRows({ 'tca.agent.2': 'y' })).toBe(3);
    expect(savedAgentRows({ 'tca.agent.9': 'y' })).toBe(1);
  });
});

describe('agent strategy labels in results', () => {
  const agents = [{ strategy: 'agent', name: 'execution-default', path: A.path, version: 'ppo 0.1.0 (model format 1)', weightsSha256: 'ab'.repeat(32) }];
  it('labels an agent column by its model, with the model in the tooltip; the baselines as before', () => {
    expect(strategyLabel('agent', agents)).toBe('Agent · execution-default');
    expect(strategyLabel('agent:mine')).toBe('Agent · mine');
    expect(strategyLabel('agent')).toBe('Agent (learned)');
    expect(strategyLabel('twap', agents)).toBe('TWAP');
    expect(strategyShort('agent:a-very-long-model-name')).toBe('a-very-long-m…');
    expect(agentModelTip('agent', agents)).toBe(`Model execution-default: ${A.path} · ppo 0.1.0 (model format 1) · weights SHA-256 ${'ab'.repeat(32)}`);
    expect(agentModelTip('twap', agents)).toBeNull();
  });
});
