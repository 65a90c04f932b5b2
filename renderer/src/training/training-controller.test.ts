import { describe, expect, it } from 'vitest';
import type { SlipstreamApi } from '../../../main/contract/client-api.js';
import { TrainingController } from './training-controller.js';

function api(answers: Record<string, unknown>): SlipstreamApi & { sent: Array<[string, unknown]> } {
  const sent: Array<[string, unknown]> = [];
  return {
    sent,
    request: async (name: string, args: unknown) => {
      sent.push([name, args]);
      if (name in answers) return answers[name];
      throw { code: 'validation', message: `no ${name}` };
    },
    onEvent: () => () => undefined,
  } as unknown as SlipstreamApi & { sent: Array<[string, unknown]> };
}

describe('TrainingController', () => {
  it('starts from the form, follows progress, closes the curve with the final evaluation and reads the stored runs', async () => {
    const a = api({ 'train.start': { jobId: 'train-1', outDir: '/m/train-1' }, 'train.runs': [] });
    const t = new TrainingController(a);
    t.setForm({ presetId: 'cartpole-ddqn', seed: '4' });
    expect(t.store.getState().form.steps).toBe('20000');
    await t.start();
    expect(a.sent[0]).toEqual(['train.start', { algo: 'ddqn', env: 'cartpole', steps: 20_000, seed: 4, config: { checkpointEvery: 1_000, evalEvery: 2_000, evalEpisodes: 20 } }]);
    expect(t.store.getState().selected).toBe('train-1');
    t.onEvent('train.progress', { jobId: 'train-1', steps: 1000, totalSteps: 20_000, metrics: { episodeReturnMean: 20, stepsPerSec: 900, etaSec: 21 } });
    t.onEvent('train.progress', { jobId: 'train-1', steps: 2000, totalSteps: 20_000, metrics: { episodeReturnMean: 30, stepsPerSec: 950, etaSec: 19, evalMeanReturn: 40 } });
    const s = t.store.getState();
    expect(s.live['train-1']).toMatchObject({ steps: 2000, stepsPerSec: 950, etaSec: 19 });
    expect(s.jobs['train-1']!.stepsDone).toBe(2000);
    expect(s.curves['train-1']!.train).toEqual([[1000, 20], [2000, 30]]);
    t.onEvent('train.finished', {
      jobId: 'train-1', algo: 'ddqn', env: 'cartpole', steps: 20_000, seed: 4, status: 'completed', stepsDone: 20_000, outDir: '/m/train-1',
      weightsSha256: 'a'.repeat(64), runId: 'r1', error: null, metrics: { evalMeanReturn: 180 },
    });
    expect(t.store.getState().jobs['train-1']!.status).toBe('completed');
    expect(t.store.getState().curves['train-1']!.evaluation).toEqual([[2000, 40], [20_000, 180]]);
    expect(a.sent.at(-1)).toEqual(['train.runs', {}]);
  });

  it('resumes a stopped job with its own arguments and its id, as a new job', async () => {
    const a = api({ 'train.start': { jobId: 'train-1', outDir: '/m/train-1' }, 'train.runs': [] });
    const t = new TrainingController(a);
    t.setForm({ steps: '5000', seed: '2' });
    await t.start();
    expect(t.canResume('train-1')).toBe(false);
    t.onEvent('train.finished', {
      jobId: 'train-1', algo: 'ppo', env: 'cartpole', steps: 5_000, seed: 2, status: 'cancelled', stepsDone: 2_100, outDir: '/m/train-1',
      weightsSha256: 'a'.repeat(64), runId: 'r1', error: null, metrics: {},
    });
    expect(t.canResume('train-1')).toBe(true);
    t.setForm({ steps: '9', seed: '9' });
    await t.resume('train-1');
    expect(a.sent.filter(([n]) => n === 'train.start').at(-1)).toEqual(['train.start', { algo: 'ppo', env: 'cartpole', steps: 5_000, seed: 2, config: { checkpointEvery: 1_000, evalEvery: 500, evalEpisodes: 20 }, resumeJobId: 'train-1' }]);
  });

  it('draws the validation against TWAP from progress and the finished event; overlays ticked runs with their stored curves', async () => {
    const v = (step: number, diffBps: number) => ({ step, agentIsBps: 3 + diffBps, twapIsBps: 3, diffBps, ciLowBps: diffBps - 1, ciHighBps: diffBps + 1, n: 16 });
    const stored = { train: [[10, 1]], evaluation: [], rate: [[10, 99]], validation: [v(10, -2)] };
    const run = { id: 'r9', created: '2026-12-03T12:00:00.000Z', algo: 'ppo', env: 'execution', seed: 1, steps: 10, backend: 'cpu', status: 'completed', metrics: null, modelPath: '/m', weightsSha256: 'b'.repeat(64) };
    const a = api({ 'train.start': { jobId: 'train-1', outDir: '/m/train-1' }, 'train.runs': [run], 'train.curves': [{ runId: 'r9', curves: stored }] });
    const t = new TrainingController(a);
    t.setForm({ presetId: 'execution-ppo', steps: '64' });
    await t.start();
    t.onEvent('train.progress', { jobId: 'train-1', steps: 32, totalSteps: 64, metrics: { episodeReturnMean: -5, evalMeanReturn: -4 }, validation: v(32, 1.5) });
    t.onEvent('train.finished', {
      jobId: 'train-1', algo: 'ppo', env: 'execution', steps: 64, seed: 1, status: 'completed', stepsDone: 64, outDir: '/m/train-1',
      weightsSha256: 'a'.repeat(64), runId: 'r1', error: null, metrics: { evalMeanReturn: -3 }, validation: v(64, -0.5),
    });
    expect(t.store.getState().curves['train-1']!.validation).toEqual([v(32, 1.5), v(64, -0.5)]);
    expect(t.store.getState().curves['train-1']!.evaluation).toEqual([[32, -4], [64, -3]]);
    await t.toggleCompare('r9');
    expect(a.sent.at(-1)).toEqual(['train.curves', { runIds: ['r9'] }]);
    expect(t.store.getState()).toMatchObject({ view: 'compare', compare: ['r9'], compareCurves: { r9: { train: [[10, 1]], rate: [[10, 99]], validation: [v(10, -2)] } } });
    // Ticked again: no second request; unticking the last run goes back to the job's curves.
    await t.toggleCompare('r9');
    await t.toggleCompare('r9');
    expect(a.sent.filter(([n]) => n === 'train.curves')).toHaveLength(1);
    await t.toggleCompare('r9');
    expect(t.store.getState().view).toBe('job');
  });

  it('does not send a form with errors, and keeps an engine refusal in its words', async () => {
    const a = api({});
    const t = new TrainingController(a);
    t.setForm({ steps: '0' });
    await t.start();
    expect(a.sent).toEqual([]);
    t.setForm({ steps: '10' });
    await t.start();
    expect(t.store.getState().error?.info.message).toBe('no train.start');
    expect(t.store.getState().starting).toBe(false);
  });
});
