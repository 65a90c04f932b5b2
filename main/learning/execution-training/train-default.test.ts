import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadAgentPolicy, readSeenDays } from '../../execution/agent/agent-model-folder.js';
import { parseManifest } from '../model-io/manifest.js';
import { executionTrainingConfig, type FittedMarket } from './default-preset.js';
import { DEFAULT_DAY_WEIGHT, DEFAULT_FIT_WINDOW, DEFAULT_SCENARIO_DAY_SEC, DEFAULT_SCENARIO_DAY_SEED, DEFAULT_SCENARIO_WEIGHT, DEFAULT_SCENARIOS, DEFAULT_TRAINING_RUN } from './default-run.js';
import { fitTrainingMarket } from './fit-markets.js';
import { fitScenarioMarket } from './fit-scenario.js';
import { trainExecutionAgent } from './train-default.js';

const LOBSTER = path.resolve(import.meta.dirname, '../../../../shared/data/lobster');
const AMZN = ['AMZN_2012-06-21_34200000_57600000_message_1.csv', 'AMZN_2012-06-21_34200000_57600000_orderbook_1.csv'].map((f) => path.join(LOBSTER, f));
const SHIPPED = path.resolve(import.meta.dirname, '../../../native-models/execution-default');
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'exec-train-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));
const sha = (f: string) => createHash('sha256').update(fs.readFileSync(f)).digest('hex');
const json = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown;

describe('trainExecutionAgent', () => {
  it('writes a model folder the agent strategy loads, with the day window + SHA-256, the scenarios, seed ranges and validation vs TWAP; same inputs ⇒ same weights', async () => {
    const opts = { steps: 160, seed: 3, numEnvs: 2, evalEpisodes: 2, ppo: { numSteps: 40, numMinibatches: 2, updateEpochs: 1 } };
    const input = {
      days: [{ name: 'AMZN', files: AMZN, window: [34_200, 45_900] as const, weight: 3 }],
      scenarios: [{ scenario: 'illiquid', seed: 2, durationSec: 900, weight: 1 }],
      options: opts,
    };
    const a = await trainExecutionAgent({ ...input, outDir: path.join(root, 'a') });
    const m = parseManifest(fs.readFileSync(path.join(root, 'a', 'manifest.json'), 'utf8'), 'manifest.json');
    const cfg = m.config as { data: unknown; scenarios: unknown; seeds: unknown; env: { config: { markets: Array<{ name: string; weight: number; volumePerSec: number }> } } };
    expect(cfg.data).toEqual([{ day: 'AMZN', files: AMZN.map((f) => ({ file: path.basename(f), sha256: sha(f) })), window: [34_200, 45_900] }]);
    expect(cfg.scenarios).toEqual([{ scenario: 'illiquid', seed: 2, durationSec: 900, weight: 1 }]);
    expect(cfg.seeds).toEqual({ train: [3_000_000, 3_000_000 + a.result.steps + 2], validation: [-2, -1], scenarioDays: [2] });
    expect(cfg.env.config.markets.map((x) => [x.name, x.weight])).toEqual([['AMZN', 3], ['illiquid (seed 2)', 1]]);
    // Sizes come from the WINDOW's volume: the morning's rate, not the whole day's.
    expect(cfg.env.config.markets[0]!.volumePerSec).toBeCloseTo(fitTrainingMarket('AMZN', AMZN, [34_200, 45_900]).volumePerSec, 9);
    expect(cfg.env.config.markets[0]!.volumePerSec).not.toBeCloseTo(fitTrainingMarket('AMZN', AMZN).volumePerSec, 3);
    expect(m.metrics.validationAgentReturn).toBeCloseTo(a.result.evalMeanReturn, 9);
    expect(Number.isFinite(m.metrics.validationTwapPassiveReturn)).toBe(true);
    // The trainer's validation against the backtest's TWAP (bps, paired on the same drawn episodes)
    // reaches the manifest: executionTrainingEnv provides the judge.
    expect(m.metrics.validationN).toBe(2);
    expect(m.metrics.validationDiffBps).toBeCloseTo(m.metrics.validationAgentIsBps! - m.metrics.validationTwapIsBps!, 9);
    expect(m.weightsSha256).toBe(a.result.weightsSha256);
    const policy = loadAgentPolicy(path.join(root, 'a'));
    expect(policy.model.env.decisions).toBe(20);
    expect(policy.model.dataFiles).toEqual(AMZN.map((f) => path.basename(f)));
    expect(readSeenDays(path.join(root, 'a'))[0]!.window).toEqual([34_200, 45_900]);
    expect(policy.model.seenSeeds).toContainEqual({ lo: 2, hi: 2, what: 'scenario day' });
    const b = await trainExecutionAgent({ ...input, outDir: path.join(root, 'b') });
    expect(b.result.weightsSha256).toBe(a.result.weightsSha256);
  }, 300_000);
});

describe('the shipped agent (native-models/execution-default)', () => {
  it('is what `npm run train:default` builds: the same day window, scenarios, mix weights, data hashes and weights as recorded', () => {
    const m = parseManifest(fs.readFileSync(path.join(SHIPPED, 'manifest.json'), 'utf8'), 'manifest.json');
    expect(sha(path.join(SHIPPED, 'weights.bin'))).toBe(m.weightsSha256);
    const cfg = m.config as Record<string, unknown> & { env: { config: { markets: FittedMarket[] } } };
    expect(cfg.data).toEqual([{ day: 'AMZN 2012-06-21', files: AMZN.map((f) => ({ file: path.basename(f), sha256: sha(f) })), window: [...DEFAULT_FIT_WINDOW] }]);
    expect(cfg.scenarios).toEqual(DEFAULT_SCENARIOS.map((scenario) => ({ scenario, seed: DEFAULT_SCENARIO_DAY_SEED, durationSec: DEFAULT_SCENARIO_DAY_SEC, weight: DEFAULT_SCENARIO_WEIGHT })));
    // The training config train:default would build today equals the shipped one: the real day's
    // window refitted here; of the scenarios' simulated days (minutes of agent-based simulation)
    // the cheapest, illiquid, is refitted and the others are taken from the shipped config.
    const stored = cfg.env.config.markets;
    expect(stored.map((x) => x.name)).toEqual(['AMZN 2012-06-21', ...DEFAULT_SCENARIOS.map((s) => `${s} (seed ${DEFAULT_SCENARIO_DAY_SEED})`)]);
    const amzn = { ...fitTrainingMarket('AMZN 2012-06-21', AMZN, DEFAULT_FIT_WINDOW), weight: DEFAULT_DAY_WEIGHT };
    const illiquid = { ...fitScenarioMarket({ scenario: 'illiquid', seed: DEFAULT_SCENARIO_DAY_SEED, durationSec: DEFAULT_SCENARIO_DAY_SEC }), weight: DEFAULT_SCENARIO_WEIGHT };
    const i = DEFAULT_SCENARIOS.indexOf('illiquid') + 1;
    expect(json(stored[0])).toEqual(json(amzn));
    expect(json(stored[i])).toEqual(json(illiquid));
    const want = executionTrainingConfig(stored.map((x, k) => (k === 0 ? amzn : k === i ? illiquid : x)), DEFAULT_TRAINING_RUN);
    const { data: _d, scenarios: _s, seeds: _z, ...trained } = cfg;
    expect(json(trained)).toMatchObject(json(want) as Record<string, unknown>);
    expect(m.trainingSteps).toBeGreaterThanOrEqual(DEFAULT_TRAINING_RUN.steps);
  }, 180_000);
});
