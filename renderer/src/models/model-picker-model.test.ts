import { describe, expect, it } from 'vitest';
import type { ModelInfo } from './models-controller.js';
import { defaultChoice, distinctNames, folderBatch, folderUpload, modelDetail, modelNameOf, pickerOptions, resolveChoice, shortSha } from './model-picker-model.js';

const SHA = 'ab12cd34ef56'.padEnd(64, '0');

function info(over: Partial<ModelInfo>): ModelInfo {
  return {
    id: 'shipped:execution-default', name: 'execution-default', source: 'shipped', path: '/app/native-models/execution-default', problem: null,
    algorithm: 'ppo', seed: 1, trainingSteps: 200_000, backend: 'cpu', formatVersion: '1', packageVersion: '0.1.0', weightsSha256: SHA,
    dataHash: null, observation: ['t'], actionSpace: 'discrete, 6 actions', policy: 'actor (categorical)', config: null, metrics: {}, evaluation: null, promotedFrom: null,
    ...over,
  };
}

const shipped = info({});
const other = info({ id: 'shipped:ac-lambda', name: 'ac-lambda', path: '/app/native-models/ac-lambda' });
const mine = info({ id: 'user:mine', name: 'mine', source: 'user', path: '/data/model-registry/mine', trainingSteps: 5_000, algorithm: 'ddqn', weightsSha256: 'ffff0000'.padEnd(64, '1') });
const broken = info({ id: 'user:broken', name: 'broken', source: 'user', path: '/data/model-registry/broken', problem: 'manifest.json: bad JSON', algorithm: null, weightsSha256: null });
const chosen = info({ id: 'folder:/up/x', name: 'my-agent', source: 'folder', path: '/data/uploads/my-agent-1a2b' });

describe('model picker options', () => {
  it('lists the registry (shipped, then yours) then the folders chosen, one entry per path, with name, algorithm, version, short hash and steps', () => {
    const o = pickerOptions([shipped, other, mine, broken], [chosen, { ...mine, source: 'folder' }]);
    expect(o.map((x) => x.path)).toEqual([shipped.path, other.path, mine.path, broken.path, chosen.path]);
    expect(o[0]!.detail).toBe('PPO · v0.1.0 · ab12cd34 · 200,000 steps');
    expect(o[2]).toMatchObject({ source: 'user', detail: 'DDQN · v0.1.0 · ffff0000 · 5,000 steps', disabled: false });
    expect(o[3]).toMatchObject({ disabled: true, detail: 'unreadable: manifest.json: bad JSON' });
    // The tooltip carries the folder and the whole hash.
    expect(o[0]!.title).toContain(shipped.path);
    expect(o[0]!.title).toContain(SHA);
    expect(pickerOptions(null, [])).toEqual([]);
    // A registry folder that is no model at all (native-models/evaluations/) is not offered.
    const notModel = info({ id: 'shipped:evaluations', name: 'evaluations', path: '/app/native-models/evaluations', problem: '/app/native-models/evaluations/manifest.json: no manifest.json (not a model folder)' });
    expect(pickerOptions([notModel, shipped], []).map((x) => x.name)).toEqual(['execution-default']);
  });

  it('defaults to the shipped execution-default, else the first usable shipped model, else nothing', () => {
    expect(defaultChoice(pickerOptions([other, shipped, mine], []))).toBe(shipped.path);
    expect(defaultChoice(pickerOptions([other, mine], []))).toBe(other.path);
    expect(defaultChoice(pickerOptions([mine], []))).toBeNull();
  });

  it('keeps a saved choice that is listed; a saved folder not (yet) listed is pending and shows the default meanwhile', () => {
    const o = pickerOptions([shipped, mine, broken], []);
    expect(resolveChoice(o, mine.path)).toEqual({ path: mine.path, pending: false });
    expect(resolveChoice(o, undefined)).toEqual({ path: shipped.path, pending: false });
    expect(resolveChoice(o, '/data/uploads/gone')).toEqual({ path: shipped.path, pending: true });
    // A listed but unreadable model is never chosen, and not pending either (reading it again would fail the same way).
    expect(resolveChoice(o, broken.path)).toEqual({ path: shipped.path, pending: false });
    expect(resolveChoice([], undefined)).toEqual({ path: null, pending: false });
  });

  it('names a choice by its entry, else by its folder', () => {
    const o = pickerOptions([shipped], [chosen]);
    expect(modelNameOf(o, chosen.path)).toBe('my-agent');
    expect(modelNameOf(o, '/somewhere/else/model-7/')).toBe('model-7');
    expect(modelNameOf(o, null)).toBe('execution-default');
  });

  it('describes a model without a step count or hash with dashes, never "undefined"', () => {
    expect(modelDetail(info({ trainingSteps: null, weightsSha256: null, packageVersion: null, algorithm: null }))).toBe('— · v— · — · — steps');
    expect(shortSha(undefined)).toBe('—');
  });
});

describe('agent row names', () => {
  it('makes repeated names distinct in row order', () => {
    expect(distinctNames(['a', 'b', 'a', 'a'])).toEqual(['a', 'b', 'a (2)', 'a (3)']);
    expect(distinctNames([])).toEqual([]);
  });
});

describe('a folder chosen in the browser', () => {
  const f = (p: string) => ({ name: p.split('/').pop()!, webkitRelativePath: p });
  it('uploads the files directly inside the chosen folder (not its sub-folders)', () => {
    const r = folderUpload([f('agent/model.json'), f('agent/weights.bin'), f('agent/manifest.json'), f('agent/checkpoints/step-1000/model.json')]);
    expect(r).toEqual({ folder: 'agent', files: [f('agent/model.json'), f('agent/weights.bin'), f('agent/manifest.json')] });
  });

  it('refuses a folder without manifest.json, or no folder, in words', () => {
    expect(folderUpload([f('data/day.csv')])).toEqual({ error: expect.stringMatching(/The folder data has no manifest\.json/) });
    expect(folderUpload([])).toEqual({ error: expect.stringMatching(/No folder was chosen/) });
    // A manifest only in a sub-folder does not make the chosen folder a model folder.
    expect(folderUpload([f('runs/a/manifest.json')])).toHaveProperty('error');
  });

  it('makes an upload batch id the host accepts from any folder name', () => {
    expect(folderBatch('my agent (v2)', 'a1b2c3d4')).toBe('my-agent-v2-a1b2c3d4');
    expect(folderBatch('ünïcode', '00ff')).toBe('n-code-00ff');
    expect(folderBatch('...', 'x9')).toBe('model-x9');
    expect(folderBatch('a'.repeat(100), 'f'.repeat(20))).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });
});
