/**
 * `npx tsx main/market/calibration/variant-trials-main.ts FILES... [--variants a,b] [--refine-seeds
 * 1001,2001] [--seeds 1-10] [--rounds 2] [--secant 1] [--cap-fast 1] [--kurtosis-lever activity|cascade|none]` — calibrates to FILES once, then judges each named
 * variant (`TRIAL_VARIANTS`) over several refinements × judged days (`runVariantTrials`) and
 * prints one JSON line per variant: mean / sd of the facts passed and how often each fact failed.
 * A developer tool for the calibration README's figures: the app never runs it.
 */
import { calibrate } from './calibrate.js';
import { numberList, parseDevToolArgs, variantNames } from './dev-tool-args.js';
import { simulateScenario } from './simulate.js';
import { TRIAL_VARIANTS } from './trial-variants.js';
import { runVariantTrials } from './variant-trials.js';

const { files, opt } = parseDevToolArgs(process.argv.slice(2), 'variant-trials');
const names = variantNames(opt.get('variants'), Object.keys(TRIAL_VARIANTS).join(','));
const cal = calibrate(files);
for (const n of names) {
  const r = await runVariantTrials(cal, TRIAL_VARIANTS[n]!, simulateScenario, {
    refineSeeds: numberList(opt.get('refine-seeds'), [1001, 2001, 3001, 4001, 5001], 'refine-seeds'),
    seeds: numberList(opt.get('seeds'), numberList('1-10', [], 'seeds'), 'seeds'),
    rounds: opt.has('rounds') ? Number(opt.get('rounds')) : 2,
    volatilitySecant: opt.has('secant'),
    capFastActivity: opt.has('cap-fast'),
    kurtosisLever: kurtosisLever(opt.get('kurtosis-lever')),
  });
  const failures = Object.fromEntries(Object.entries(r.failures).sort((a, b) => b[1] - a[1]));
  process.stdout.write(JSON.stringify({ variant: n, days: r.passed.length, judged: r.judged, mean: Number(r.mean.toFixed(2)), sd: Number(r.sd.toFixed(2)), failures }) + '\n');
}

function kurtosisLever(v: string | undefined): 'activity' | 'cascade' | 'none' | undefined {
  if (v === undefined) return undefined;
  if (v === 'activity' || v === 'cascade' || v === 'none') return v;
  throw new Error(`--kurtosis-lever: expected activity, cascade or none, got '${v}'`);
}
