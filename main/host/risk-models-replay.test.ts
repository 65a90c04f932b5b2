import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PostureChangeSchema, RiskModelsStateSchema } from '../contract/index.js';
import { loadDaySeries } from '../risk/returns.js';
import { JobRegistry } from './job-registry.js';
import { ReplayController } from './replay-controller.js';
import { LiveRiskModels } from './risk-models.js';
import type { PostureChange } from '../risk/posture/posture-tracker.js';
import { REPLAY_POSTURE_BOUNDS } from './risk-models-replay.js';

const AMZN = fileURLToPath(new URL('../../../shared/data/lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv', import.meta.url));

describe('risk models on the Market screen replay', () => {
  it('emits every posture change as the models over the day give it, and the models view per frame; a seek rebuilds silently', async () => {
    const events: Array<{ name: string; payload: unknown }> = [];
    const rc = new ReplayController((name, payload) => void events.push({ name, payload }), new JobRegistry(() => undefined));
    const open = await rc.open([AMZN]);
    // Step through the whole day in two moves (each ends in a frame).
    const half = Math.floor(open.events / 2);
    rc.step(half);
    rc.step(open.events);
    const postures = events.filter((e) => e.name === 'risk.posture').map((e) => PostureChangeSchema.parse(e.payload));
    const models = events.filter((e) => e.name === 'risk.models').map((e) => RiskModelsStateSchema.parse(e.payload));
    expect(models.length).toBeGreaterThanOrEqual(2);

    // The same models fed the batch series of the day.
    const day = loadDaySeries([AMZN]);
    const expected: PostureChange[] = [];
    const live = new LiveRiskModels({ agent: `replay ${open.sessionId}`, bounds: REPLAY_POSTURE_BOUNDS, day: 'AMZN_2012-06-21_34200000_57600000_message_1.csv', onPosture: (c) => expected.push(c) });
    for (let i = 0; i < day.t.length; i++) live.push({ t: day.t[i]!, r: day.r[i]!, spreadBps: day.spreadBps[i]!, depth: day.depth[i]!, volume: day.volume[i]!, flow: day.flow[i]! });
    expect(expected.length).toBeGreaterThan(0);
    expect(postures).toEqual(expected.map((c) => ({ ...c, reasons: [...c.reasons] })));
    // The tape's last partial second is never sampled, so the last view is the day's last sample's.
    expect(models[models.length - 1]).toEqual(live.state());
    expect(models[models.length - 1]!.regime).not.toBeNull();

    // Seek back: no posture change is repeated; the models view is sent; later changes are a new generation.
    const before = events.length;
    rc.seek(undefined, 0.25);
    const during = events.slice(before);
    expect(during.some((e) => e.name === 'risk.posture')).toBe(false);
    expect(during.some((e) => e.name === 'risk.models')).toBe(true);
    rc.step(open.events);
    const after = events.slice(before).filter((e) => e.name === 'risk.posture').map((e) => e.payload as PostureChange);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((c) => c.agent === `replay ${open.sessionId}/1`)).toBe(true);
    rc.dispose();
  });
});
