import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OBS_NAMES } from '../env/observation.js';
import { judgedPathSec } from '../env/episode-recorder.js';
import { checkModelMatchesEnv, loadPolicy } from '../model-io/index.js';
import { runTraining } from './run-training.js';

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'train-exec-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const EPISODE = { side: 'buy', quantity: 500, startSec: 15, horizonSec: 30, decisions: 10 };
const env = (actionSpace: 'discrete' | 'continuous') => ({
  kind: 'execution', market: { kind: 'scenario', name: 'calm', durationSec: judgedPathSec(15, 30), forkSec: 15 }, config: { ...EPISODE, actionSpace },
});

describe.each(['discrete', 'continuous'] as const)('PPO on the execution env (%s actions)', (space) => {
  it('resumes from a mid-episode checkpoint to the uninterrupted weightsSha256; the model fits the env and refuses CartPole', async () => {
    // 2 envs × 16 steps per update; episodes of 10 decisions, so the checkpoint at 32 steps is mid-episode.
    const cfg = { algo: 'ppo', env: env(space), steps: 96, seed: 2, numEnvs: 2, backend: 'cpu', evalEpisodes: 2, checkpointEvery: 32, ppo: { numSteps: 16, numMinibatches: 2, updateEpochs: 1, hidden: [16] } };
    const full = await runTraining(cfg, { outDir: path.join(root, `${space}-full`) });
    expect(full.steps).toBe(96);
    expect(Number.isFinite(full.evalMeanReturn)).toBe(true);
    const resumed = await runTraining(cfg, { outDir: path.join(root, `${space}-resumed`), resumeFrom: path.join(full.out, 'checkpoints', 'step-32') });
    expect(resumed.weightsSha256).toBe(full.weightsSha256);
    const policy = await loadPolicy(full.out);
    expect(policy.manifest.observation.names).toEqual([...OBS_NAMES]);
    expect(policy.manifest.policy.head).toBe(space === 'discrete' ? 'categorical' : 'gaussian');
    const shape = space === 'discrete' ? { kind: 'discrete' as const, n: (policy.manifest.actionSpace as { n: number }).n } : { kind: 'continuous' as const, low: [0, 0], high: [1, 1] };
    expect(() => checkModelMatchesEnv(policy.manifest, { obsDim: OBS_NAMES.length, obsNames: OBS_NAMES, actionSpace: shape })).not.toThrow();
    expect(() => checkModelMatchesEnv(policy.manifest, { obsDim: 4, actionSpace: { kind: 'discrete', n: 2 } })).toThrow(/observation size 4 ≠ model's 18/);
  }, 300_000);
});
