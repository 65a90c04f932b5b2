import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBacktest } from '../../backtest/backtest-runner.js';
import { OBS_NAMES } from '../../learning/env/observation.js';
import { dataFilesOf, loadAgentPolicy, readSeenDays, seenDaysOf, seenSeedRanges } from './agent-model-folder.js';
import { AgentModelMismatch } from './agent-policy.js';
import { TWAP_PACE_ENV } from './agent-test-support.js';
import { saveRandomAgentModel } from './random-agent-model.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-model-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('agent model folders', () => {
  it('loads a model-io folder as a policy that fits the env, with probabilities of every action', () => {
    const dir = path.join(root, 'ok');
    const m = saveRandomAgentModel(dir, { seed: 5, env: { decisions: 10 }, seeds: { train: [0, 999], validation: [1000, 1099] } });
    const p = loadAgentPolicy(dir);
    expect(p.model.weightsSha256).toBe(m.weightsSha256);
    expect(p.model.actionSpace).toEqual({ kind: 'discrete', n: 12 });
    const d = p.act(new Float32Array(OBS_NAMES.length));
    expect(d.probs).toHaveLength(12);
    expect(Array.from(d.probs!).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(seenSeedRanges(m)).toEqual([{ lo: 0, hi: 999, what: 'train' }, { lo: 1000, hi: 1099, what: 'validation' }]);
  });

  it('reads the env of a trainer-written manifest (config.env = { kind: execution, market, config })', () => {
    const dir = path.join(root, 'trainer-layout');
    saveRandomAgentModel(dir, { seed: 5, env: { decisions: 10 } });
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    manifest.config.env = { kind: 'execution', market: { kind: 'queue-reactive' }, config: { ...manifest.config.env, decisions: 7 } };
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    expect(loadAgentPolicy(dir).model.env.decisions).toBe(7);
  });

  it('reads the days a model saw (config.data: paths, or files with SHA-256 and a window) and the seeds of its scenario days', () => {
    const dir = path.join(root, 'seen');
    saveRandomAgentModel(dir, { seed: 5, env: { decisions: 10 }, seeds: { train: [0, 999], validation: [-64, -1] } });
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    manifest.config.data = [
      { day: 'AMZN', files: [{ file: '/x/AMZN_message_1.csv', sha256: 'aa' }, { file: 'AMZN_orderbook_1.csv', sha256: 'bb' }], window: [34_200, 45_900] },
      '/old/MSFT.csv',
      { files: ['/y/whole.csv'], window: [10, 5] },
    ];
    manifest.config.seeds.scenarioDays = [1];
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    const days = readSeenDays(dir);
    expect(days).toEqual([
      { files: ['AMZN_message_1.csv', 'AMZN_orderbook_1.csv'], sha256: ['aa', 'bb'], window: [34_200, 45_900] },
      { files: ['MSFT.csv'], sha256: [] },
      // A window that is not [lo < hi] is no window: the day counts as seen whole.
      { files: ['whole.csv'], sha256: [] },
    ]);
    expect(seenDaysOf(manifest)).toEqual(days);
    expect(dataFilesOf(manifest)).toEqual(['AMZN_message_1.csv', 'AMZN_orderbook_1.csv', 'MSFT.csv', 'whole.csv']);
    expect(loadAgentPolicy(dir).model.dataFiles).toEqual(dataFilesOf(manifest));
    expect(seenSeedRanges(manifest)).toEqual([{ lo: 0, hi: 999, what: 'train' }, { lo: -64, hi: -1, what: 'validation' }, { lo: 1, hi: 1, what: 'scenario day' }]);
  });

  it('refuses a folder whose model does not fit, naming the field', () => {
    const small = path.join(root, 'obs17');
    saveRandomAgentModel(small, { seed: 1, env: { decisions: 10 }, observation: { size: 17, names: OBS_NAMES.slice(0, 17) } });
    expect(() => loadAgentPolicy(small)).toThrow(AgentModelMismatch);
    expect(() => loadAgentPolicy(small)).toThrow(/obsDim: .*obs17: the model takes 17 inputs/);
    const noEnv = path.join(root, 'noenv');
    saveRandomAgentModel(noEnv, { seed: 1, env: { decisions: 10 } });
    const manifest = JSON.parse(fs.readFileSync(path.join(noEnv, 'manifest.json'), 'utf8'));
    delete manifest.config.env;
    fs.writeFileSync(path.join(noEnv, 'manifest.json'), JSON.stringify(manifest));
    expect(() => loadAgentPolicy(noEnv)).toThrow(/config\.env/);
    expect(() => loadAgentPolicy(path.join(root, 'absent'))).toThrow(/manifest\.json/);
  });

  it('runs as `agent:DIR` in a backtest, identically in-process and in a worker', async () => {
    const dir = path.join(root, 'bt');
    saveRandomAgentModel(dir, { seed: 2, env: TWAP_PACE_ENV });
    const cfg = { strategies: [`agent:${dir}`, 'twap'], sources: [{ kind: 'scenario' as const, name: 'calm' }], seeds: [1, 2], side: 'sell' as const, quantity: 1_000, horizonSec: 20, startSec: 10, bootstrapResamples: 200 };
    const a = await runBacktest(cfg, { workers: 0 });
    const b = await runBacktest(cfg, { workers: 1 });
    expect(a.config.agentModel).toBe(dir);
    expect(a.outcomes.map((o) => o.strategy)).toEqual(['agent', 'twap', 'agent', 'twap']);
    expect(b.outcomes).toEqual(a.outcomes);
    const ag = a.outcomes.filter((o) => o.strategy === 'agent');
    for (const o of ag) {
      expect(o.explanations!.decisions.length).toBeGreaterThan(0);
      expect(Number.isFinite(o.isBps)).toBe(true);
    }
    expect(a.comparison!.strategies.map((s) => s.strategy)).toEqual(['agent', 'twap']);
  }, 120_000);

  it('a backtest names a missing model folder', async () => {
    await expect(runBacktest({ strategies: ['agent'], sources: [{ kind: 'scenario', name: 'calm' }], seeds: [1], side: 'buy', quantity: 100, horizonSec: 10 }, { workers: 0 })).rejects.toThrow(/agent needs a model folder/);
  });
});

describe('the shipped agent', () => {
  it('is found under native-models/execution-default, or named as absent with how to get it', async () => {
    const { defaultAgentModelDir } = await import('./default-agent.js');
    const home = path.join(root, 'app');
    saveRandomAgentModel(path.join(home, 'native-models', 'execution-default'), { seed: 3, env: { decisions: 10 } });
    expect(defaultAgentModelDir({}, path.join(home, 'sub'))).toBe(path.join(home, 'native-models', 'execution-default'));
    expect(defaultAgentModelDir({ SLIPSTREAM_NATIVE_MODELS: path.join(home, 'native-models') }, '/')).toBe(path.join(home, 'native-models', 'execution-default'));
    const shipped = fs.existsSync(path.join(process.cwd(), 'native-models', 'execution-default', 'manifest.json'));
    if (!shipped) expect(() => defaultAgentModelDir({}, os.tmpdir())).toThrow(/native-models\/execution-default\/ is absent .*agent:DIR/);
  });
});

describe('the policy cache', () => {
  it('reloads a folder whose model was saved again (no stale policy), and keeps it while unchanged', async () => {
    const { agentPolicyFor } = await import('./agent-policies.js');
    const dir = path.join(root, 'cache');
    const a = saveRandomAgentModel(dir, { seed: 1, env: { decisions: 10 } });
    const p1 = agentPolicyFor(dir);
    expect(agentPolicyFor(dir)).toBe(p1);
    const b = saveRandomAgentModel(dir, { seed: 2, env: { decisions: 10 } });
    expect(b.weightsSha256).not.toBe(a.weightsSha256);
    expect(agentPolicyFor(dir).model.weightsSha256).toBe(b.weightsSha256);
  });
});
