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
    expect(a.sent[0]).toEqual(['train.start', { algo: 'ddqn', env: 'cartpole', steps: 20_000, seed: 4, config: { checkpointEvery: 1_000 } }]);
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
    expect(a.sent.filter(([n]) => n === 'train.start').at(-1)).toEqual(['train.start', { algo: 'ppo', env: 'cartpole', steps: 5_000, seed: 2, config: { checkpointEvery: 1_000 }, resumeJobId: 'train-1' }]);
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
