/**
 * `npx tsx main/market/calibration/cascade-fano-main.ts FILES… [--variants a,b] [--refine-seed 1001]
 * [--seeds 1-3] [--kurtosis-lever activity|cascade|none]` — a developer tool: the Fano factors
 * (variance ÷ mean of the counts) of trades and of market orders in windows of 10 ms … 120 s, real
 * against each trial variant (`TRIAL_VARIANTS`) after one refinement, with the judged moments they
 * bear on (1 s and 1 min kurtosis, |r| ACF at 1 min lag 1, spread P75). Shows at which timescale a
 * market's flow clusters. Prints one JSON line per market and seed.
 */
import { calibrate } from './calibrate.js';
import { fanoFactor, marketOrderTimes } from './cascade-fit.js';
import { numberList, parseDevToolArgs, variantNames } from './dev-tool-args.js';
import { refineScenario } from './refine.js';
import { toScenario } from './scenario-mapping.js';
import { simulateScenario } from './simulate.js';
import { computeStylizedFacts, type StylizedFactsInput } from './stylized-facts.js';
import { TRIAL_VARIANTS } from './trial-variants.js';

/** Windows of the table, seconds. */
const WINDOWS_SEC = [0.01, 0.1, 1, 10, 60, 120];

const { files, opt } = parseDevToolArgs(process.argv.slice(2), 'cascade-fano');
const seeds = numberList(opt.get('seeds'), [1, 2, 3], 'seeds');
const variants = variantNames(opt.get('variants'), 'as-mapped');
const lever = opt.get('kurtosis-lever');
if (lever !== undefined && lever !== 'activity' && lever !== 'cascade' && lever !== 'none') throw new Error(`--kurtosis-lever: expected activity, cascade or none, got '${lever}'`);
const cal = calibrate(files);

/** The row of one market: Fano factors at each window and the moments. */
function row(s: StylizedFactsInput): Record<string, unknown> {
  const f = computeStylizedFacts({ ...s, options: cal.series.options });
  const fano = (t: ArrayLike<number>) => WINDOWS_SEC.map((w) => Number((fanoFactor(t, s.sessionStartNs, s.sessionEndNs, w) ?? NaN).toFixed(2)));
  const r = (x: number | null) => (x === null ? null : Number(x.toPrecision(3)));
  return {
    windowsSec: WINDOWS_SEC,
    tradesFano: fano(s.tradeTsNs!),
    marketOrdersFano: fano(marketOrderTimes(s.tradeTsNs!, s.tradeSide)),
    ret1sKurt: r(f.ret1sExcessKurtosis), ret1mKurt: r(f.ret1mExcessKurtosis), acf1mLag1: r(f.absAcf1m?.[0] ?? null), spreadP75: f.spreadP75Ticks,
  };
}

process.stdout.write(JSON.stringify({ market: 'real', ...row(cal.series) }) + '\n');
for (const n of variants) {
  const mapped = TRIAL_VARIANTS[n]!(toScenario(cal.result, { ret1mExcessKurtosis: cal.facts.ret1mExcessKurtosis }), cal);
  const { scenario } = await refineScenario(mapped, cal.facts, simulateScenario, { factOptions: cal.series.options, firstSeed: Number(opt.get('refine-seed') ?? 1001), iterations: 2, kurtosisLever: lever as 'activity' | 'cascade' | 'none' | undefined });
  const a = scenario.activity;
  for (const seed of seeds) process.stdout.write(JSON.stringify({ market: n, seed, activityLogStd: a?.logStd ?? null, cascade: scenario.agents?.noise?.marketCascade ?? null, ...row(simulateScenario(scenario, seed)) }) + '\n');
}
