import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTraining } from '../../main/learning/train/run-training.js';
import { selectTfBackend } from '../../main/learning/tf-backend.js';
import { runBrowserTraining } from './compute-trainer.js';

// The compute page's trainer run in Node on the cpu backend: the same loop as runTraining, so the
// same weights bit for bit; the browser context itself is tested in e2e/gpu-training.e2e.test.ts.
const config = { algo: 'ppo', env: { kind: 'cartpole' }, steps: 1024, seed: 5, backend: 'cpu', numEnvs: 2, evalEpisodes: 3, ppo: { numSteps: 128, updateEpochs: 1, numMinibatches: 2 } };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compute-trainer-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('runBrowserTraining (the compute page trainer)', () => {
  it('gives runTraining\'s weightsSha256 and evaluation on the same backend, and returns the model as numbers', async () => {
    const node = await runTraining(config, { outDir: dir });
    const seen: number[] = [];
    const page = await runBrowserTraining({ kind: 'training', jobId: 'j', config }, { backend: (await selectTfBackend({ backend: 'cpu', source: 'test' })).name, onProgress: (p) => seen.push(p.step) });
    expect(page.result.weightsSha256).toBe(node.weightsSha256);
    expect(page.result.evalMeanReturn).toBe(node.evalMeanReturn);
    expect(page.result.status).toBe('completed');
    expect(seen).toEqual([256, 512, 768, 1024]);
    expect(page.model.mlps.map((m) => m.name)).toEqual(['actor', 'critic']);
    expect(page.model.manifest.backend).toBe('cpu');
    // Numbers survive JSON exactly (float32 values as doubles).
    const back = JSON.parse(JSON.stringify(page.model)) as typeof page.model;
    expect(back.mlps[0]!.weights[0]).toEqual(page.model.mlps[0]!.weights[0]);
  });

  it('stops at the next unit when asked, with the weights so far; refuses checkpoints, naming the field', async () => {
    let units = 0;
    const r = await runBrowserTraining({ kind: 'training', jobId: 'j', config: { ...config, steps: 100_000 } }, { backend: 'cpu', onProgress: () => void units++, shouldStop: () => units >= 2 });
    expect(r.result.status).toBe('cancelled');
    expect(r.result.steps).toBe(512);
    await expect(runBrowserTraining({ kind: 'training', jobId: 'j', config: { ...config, checkpointEvery: 256 } }, { backend: 'cpu' })).rejects.toThrow(/config\.checkpointEvery: must be 0 on the compute page \(got 256\)/);
  });
});
