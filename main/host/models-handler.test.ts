import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModelRegistry, type TrainingRunRow } from './models-handler.js';

const SHA = 'ab'.repeat(32);
function manifest(seed: number): Record<string, unknown> {
  return {
    format: 'slipstream-model', version: { format: '1.0.0', package: '0.1.0' }, algorithm: 'ppo', config: { lr: 3e-4 }, seed,
    dataHash: null, backend: 'cpu', trainingSteps: 4096, metrics: { evalMeanReturn: 187.5, stepsPerSec: null }, weightsSha256: SHA,
    observation: { size: 2, names: ['timeLeft', 'inventoryLeft'] }, actionSpace: { kind: 'discrete', n: 5 }, policy: { network: 'pi', head: 'categorical' },
  };
}
function folder(dir: string, m: unknown, extra: Record<string, string> = {}): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'manifest.json'), typeof m === 'string' ? m : JSON.stringify(m));
  writeFileSync(join(dir, 'weights.bin'), 'w');
  for (const [k, v] of Object.entries(extra)) writeFileSync(join(dir, k), v);
}

let tmp = '';
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'models-handler-'));
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

describe('ModelRegistry', () => {
  const setup = (runs: TrainingRunRow[] = []) => new ModelRegistry({ nativeDir: join(tmp, 'native'), userDir: join(tmp, 'user'), runs: async () => runs });

  it('lists shipped then user models with their manifests, evaluation, and a broken folder with the reason naming the field', () => {
    folder(join(tmp, 'native', 'execution-default'), manifest(7), { 'evaluation.json': JSON.stringify({ strategies: { agent: { meanIsBps: 1.5 } } }) });
    folder(join(tmp, 'user', 'mine'), manifest(3));
    folder(join(tmp, 'user', 'broken'), { ...manifest(1), weightsSha256: 'nope' });
    const list = setup().list();
    expect(list.map((m) => m.id)).toEqual(['shipped:execution-default', 'user:broken', 'user:mine']);
    const shipped = list[0]!;
    expect(shipped).toMatchObject({ source: 'shipped', algorithm: 'ppo', seed: 7, trainingSteps: 4096, actionSpace: 'discrete, 5 actions', policy: 'pi (categorical)', problem: null });
    expect(shipped.observation).toEqual(['timeLeft', 'inventoryLeft']);
    expect(shipped.metrics).toEqual({ evalMeanReturn: 187.5, stepsPerSec: null });
    expect(shipped.evaluation).toEqual({ strategies: { agent: { meanIsBps: 1.5 } } });
    expect(list[1]!.problem).toMatch(/manifest\.json: invalid manifest: weightsSha256: must be 64 lower-case hex digits/);
    expect(list[1]!.algorithm).toBeNull();
  });

  it('deletes a user model, refuses a shipped one and an unknown id (naming the field)', () => {
    folder(join(tmp, 'native', 'execution-default'), manifest(7));
    folder(join(tmp, 'user', 'mine'), manifest(3));
    const reg = setup();
    expect(() => reg.delete('shipped:execution-default')).toThrow(/shipped with Slipstream and cannot be deleted/);
    expect(existsSync(join(tmp, 'native', 'execution-default', 'manifest.json'))).toBe(true);
    expect(() => reg.delete('user:nope')).toThrow(expect.objectContaining({ field: 'id', code: 'not-found' }));
    expect(reg.delete('user:mine')).toEqual({ deleted: true });
    expect(existsSync(join(tmp, 'user', 'mine'))).toBe(false);
    expect(reg.list().map((m) => m.id)).toEqual(['shipped:execution-default']);
  });

  it('promotes a stored run under a name (without its checkpoints), and refuses a taken name or an unknown run', async () => {
    const runDir = join(tmp, 'models', 'train-1');
    folder(runDir, manifest(11));
    folder(join(runDir, 'checkpoints', 'step-100'), manifest(11));
    const run: TrainingRunRow = { id: 'r1', created: '2026-12-03T10:00:00.000Z', algo: 'ppo', env: 'cartpole', seed: 11, steps: 4096, backend: 'cpu', status: 'completed', metrics: null, modelPath: runDir, weightsSha256: SHA };
    const reg = setup([run]);
    const m = await reg.promote('r1', 'cartpole-a');
    expect(m).toMatchObject({ id: 'user:cartpole-a', seed: 11, promotedFrom: { runId: 'r1', created: run.created }, problem: null });
    expect(readFileSync(join(tmp, 'user', 'cartpole-a', 'weights.bin'), 'utf8')).toBe('w');
    expect(existsSync(join(tmp, 'user', 'cartpole-a', 'checkpoints'))).toBe(false);
    await expect(reg.promote('r1', 'cartpole-a')).rejects.toMatchObject({ field: 'name', message: expect.stringMatching(/already exists/) });
    await expect(reg.promote('r9', 'other')).rejects.toMatchObject({ field: 'runId', code: 'not-found' });
    expect(reg.list().map((x) => x.id)).toEqual(['user:cartpole-a']);
  });
});
