/**
 * `npm run train:default` — reproduces the shipped agent `native-models/execution-default/` from
 * scratch: fits the training market to 09:30–12:45 of the AMZN day in ../shared/data (or the day
 * named by SLIPSTREAM_TRAIN_DAYS, comma-separated files of ONE day, fitted whole) and to a seeded
 * simulated day of each named scenario, trains with the shipped options and prints the run's
 * weightsSha256 next to the shipped manifest's. Env: SLIPSTREAM_TRAIN_OUT (default
 * native-models/execution-default), SLIPSTREAM_TRAIN_STEPS (default the shipped budget).
 * A developer tool: the app never runs it (it reads ../shared/data).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_DAY_WEIGHT, DEFAULT_FIT_WINDOW, DEFAULT_SCENARIO_DAY_SEC, DEFAULT_SCENARIO_DAY_SEED, DEFAULT_SCENARIO_WEIGHT, DEFAULT_SCENARIOS, DEFAULT_TRAINING_RUN } from './default-run.js';
import { trainExecutionAgent } from './train-default.js';

const root = resolve(import.meta.dirname, '../../..');
const lobster = resolve(root, '../shared/data/lobster');
const own = process.env.SLIPSTREAM_TRAIN_DAYS?.split(',').map((f) => resolve(f));
const files = own ?? ['AMZN_2012-06-21_34200000_57600000_message_1.csv', 'AMZN_2012-06-21_34200000_57600000_orderbook_1.csv'].map((f) => resolve(lobster, f));
const out = resolve(process.env.SLIPSTREAM_TRAIN_OUT ?? resolve(root, 'native-models/execution-default'));
const steps = process.env.SLIPSTREAM_TRAIN_STEPS ? Number(process.env.SLIPSTREAM_TRAIN_STEPS) : DEFAULT_TRAINING_RUN.steps;
const shipped = resolve(root, 'native-models/execution-default/manifest.json');
const shippedSha = existsSync(shipped) ? (JSON.parse(readFileSync(shipped, 'utf8')) as { weightsSha256: string }).weightsSha256 : null;

const t0 = performance.now();
process.stderr.write('train:default: fitting the training markets (the real day\'s window and each scenario\'s simulated day) …\n');
let last = 0;
const { result, validation } = await trainExecutionAgent({
  days: [own ? { name: 'day', files, weight: DEFAULT_DAY_WEIGHT } : { name: 'AMZN 2012-06-21', files, window: DEFAULT_FIT_WINDOW, weight: DEFAULT_DAY_WEIGHT }],
  scenarios: DEFAULT_SCENARIOS.map((scenario) => ({ scenario, seed: DEFAULT_SCENARIO_DAY_SEED, durationSec: DEFAULT_SCENARIO_DAY_SEC, weight: DEFAULT_SCENARIO_WEIGHT })),
  options: { ...DEFAULT_TRAINING_RUN, steps },
  outDir: out,
  onProgress: (p) => {
    const now = performance.now();
    if (now - last < 10_000) return;
    last = now;
    process.stderr.write(`step ${p.step}/${p.totalSteps} return ${p.episodeReturnMean?.toFixed(2) ?? '-'} entropy ${p.entropy?.toFixed(3) ?? '-'} ${p.stepsPerSec.toFixed(0)} steps/s eta ${p.etaSec?.toFixed(0) ?? '-'} s\n`);
  },
});
const elapsedSec = (performance.now() - t0) / 1000;
console.log(JSON.stringify({ out, steps: result.steps, seed: result.seed, backend: result.backend, elapsedSec, evalMeanReturn: result.evalMeanReturn, validation, weightsSha256: result.weightsSha256, shippedWeightsSha256: shippedSha, matchesShipped: shippedSha === null ? null : shippedSha === result.weightsSha256 }, null, 2));
