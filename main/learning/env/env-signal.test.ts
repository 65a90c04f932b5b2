import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { dataPath } from '../../market/readers/test-support.js';
import { openReplay } from '../../market/replay/open-replay.js';
import { AgentSignal } from '../../signals/agent-signal.js';
import { featuresFromFiles, feedReplayEvent } from '../../signals/features/replay-features.js';
import { trainSignalModel } from '../../signals/pipeline.js';
import { DEFAULT_ACTIONS, encodeDiscrete } from './actions.js';
import { resolveEnvConfig, type EnvConfigInput } from './env-config.js';
import { checkpointReplayEnvFactory } from './replay-env-path.js';
import { EnvSignal } from './env-signal.js';
import { ExecutionEnv } from './execution-env.js';
import { OBS, SIGNAL_SLOTS } from './observation.js';

const MSFT = dataPath('lobster/MSFT_2012-06-21_34200000_37800000_message_50.csv');
const base: EnvConfigInput = { side: 'sell', quantity: 400, startSec: 0.5, horizonSec: 2, decisions: 8, reward: { impactEta: 0 } };
const policy = (k: number) => (k % 3 === 2 ? encodeDiscrete(1, 2, DEFAULT_ACTIONS) : encodeDiscrete(2, 0, DEFAULT_ACTIONS));

let dir = '';
let signal: EnvSignal;
const factory = checkpointReplayEnvFactory([MSFT]);

function run(env: ExecutionEnv, seed: number): { obs: Float32Array[]; tNs: number[] } {
  const obs = [env.reset(seed)];
  const tNs = [env.info().tNs];
  for (let k = 0; !env.done; k++) {
    const r = env.step(policy(k));
    obs.push(r.observation);
    tNs.push(r.info.tNs);
  }
  return { obs, tNs };
}

describe('ExecutionEnv with a trained signal in the reserved observation slots', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'slipstream-env-signal-'));
    await trainSignalModel({
      kind: 'logreg', days: [[MSFT]], horizon: 5, features: { everyEvents: 2, levels: 10 }, seed: 3, params: {},
      validation: { mode: 'walk-forward', folds: 2, embargoRows: 0 }, outDir: dir,
    });
    signal = await EnvSignal.load(dir, [MSFT]);
  }, 120_000);

  it('slots equal the offline prediction of the last row at or before each decision, and what AgentSignal fed the events up to then reports', async () => {
    const cfg = { ...base, signalModel: dir };
    const { obs, tNs } = run(new ExecutionEnv(factory, cfg, { signal }), 1);
    expect(obs.length).toBe(9);
    // Offline: the day's rows and the model's batch prediction, looked up by a plain scan.
    const rows = featuresFromFiles([MSFT], signal.manifest.featureConfig);
    const agent = await AgentSignal.load(dir, 0);
    const p = agent.model.predictProba(rows.X);
    // Online: AgentSignal fed the replay, read just before the first event after each decision time.
    const online: Float32Array[] = [];
    let k = 0;
    const replay = openReplay([MSFT], {
      onEvent: (_i, ev, book) => {
        while (k < tNs.length && ev.tsNs > tNs[k]!) online[k++] = agent.slots(-1);
        feedReplayEvent(agent.engine, ev, book);
      },
    });
    try {
      replay.runToEnd();
    } finally {
      replay.close();
    }
    expect(online.length).toBe(tNs.length);
    const scores = new Set<number>();
    for (let d = 0; d < obs.length; d++) {
      let last = -1;
      for (let i = 0; i < rows.t.length && rows.t[i]! <= tNs[d]!; i++) last = i;
      expect(last).toBeGreaterThan(0);
      const o = obs[d]!;
      const want = [Math.fround(-(p[last * 3 + 2]! - p[last * 3]!)), p[last * 3 + 1]!, 1];
      expect(Array.from(o.subarray(OBS.signal0, OBS.signal0 + 3))).toEqual(want);
      expect(Array.from(o.subarray(OBS.signal0 + 3))).toEqual(new Array(SIGNAL_SLOTS - 3).fill(0));
      expect(Array.from(online[d]!)).toEqual(want);
      scores.add(o[OBS.signal0]!);
    }
    // The score moves between decisions (a constant would make the equalities above weak).
    expect(scores.size).toBeGreaterThan(3);
  }, 120_000);

  it('without a signal the slots stay 0 and every other feature is unchanged; same seed ⇒ same observations', () => {
    const a = run(new ExecutionEnv(factory, { ...base, signalModel: dir }, { signal }), 2);
    const b = run(new ExecutionEnv(factory, { ...base, signalModel: dir }, { signal }), 2);
    const none = run(new ExecutionEnv(factory, base), 2);
    expect(b.obs.map((o) => Array.from(o))).toEqual(a.obs.map((o) => Array.from(o)));
    expect(none.obs.length).toBe(a.obs.length);
    for (let d = 0; d < a.obs.length; d++) {
      expect(Array.from(none.obs[d]!.subarray(OBS.signal0))).toEqual(new Array(SIGNAL_SLOTS).fill(0));
      expect(Array.from(none.obs[d]!.subarray(0, OBS.signal0))).toEqual(Array.from(a.obs[d]!.subarray(0, OBS.signal0)));
      expect(a.obs[d]![OBS.signal0 + 2]).toBe(1);
    }
  }, 120_000);

  it('refuses a config naming a signal model without the loaded signal, a mismatched one, an empty path and a folder that is not a signal model', async () => {
    expect(() => new ExecutionEnv(factory, { ...base, signalModel: dir })).toThrow(/signalModel .* is set but no signal was given/);
    expect(() => new ExecutionEnv(factory, { ...base, signalModel: '/elsewhere' }, { signal })).toThrow(/the signal given is .*config\.signalModel is \/elsewhere/);
    expect(() => new ExecutionEnv(factory, base, { signal })).toThrow(/config\.signalModel is undefined/);
    expect(() => resolveEnvConfig({ ...base, signalModel: ' ' })).toThrow(/signalModel " " must be a signal model folder path/);
    const empty = mkdtempSync(join(tmpdir(), 'slipstream-not-a-signal-'));
    await expect(EnvSignal.load(empty, [MSFT])).rejects.toThrow(new RegExp(`${empty}.*manifest\\.json: no model manifest here`));
  });
});
