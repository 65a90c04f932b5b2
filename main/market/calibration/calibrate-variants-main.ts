/**
 * `npx tsx main/market/calibration/calibrate-variants-main.ts FILES… [--variants a,b] [--seeds 1-10]
 * [--kurtosis-lever activity|cascade|none] [--impact-seeds 16]` — a developer tool: what
 * `slipstream calibrate … --json --seed S` judges (31 facts, the metaorder impact rows included),
 * with a trial variant (`TRIAL_VARIANTS`) applied to the mapping instead of the default, so an
 * option can be judged on `calibrate`'s own pipeline without flipping its default: the same
 * refinement (from 1001, 2 rounds), the day simulated on seed S, `measureMetaorderImpact` with
 * `impact-seeds` paired seeds from S. Prints one JSON line per variant and seed.
 */
import { measureMetaorderImpact } from './metaorder-impact.js';
import { parseScenario } from '../scenarios/scenario-schema.js';
import { calibrate } from './calibrate.js';
import { compareSeries } from './compare.js';
import { numberList, parseDevToolArgs, variantNames } from './dev-tool-args.js';
import { refineScenario } from './refine.js';
import { toScenario } from './scenario-mapping.js';
import { simulateScenario } from './simulate.js';
import { TRIAL_VARIANTS } from './trial-variants.js';

const { files, opt } = parseDevToolArgs(process.argv.slice(2), 'calibrate-variants');
const seeds = numberList(opt.get('seeds'), [1, 2, 3], 'seeds');
const variants = variantNames(opt.get('variants'), 'as-mapped');
const impactSeeds = Number(opt.get('impact-seeds') ?? 16);
const lever = opt.get('kurtosis-lever');
if (lever !== undefined && lever !== 'activity' && lever !== 'cascade' && lever !== 'none') throw new Error(`--kurtosis-lever: expected activity, cascade or none, got '${lever}'`);
const cal = calibrate(files);
for (const n of variants) {
  const mapped = TRIAL_VARIANTS[n]!(toScenario(cal.result, { ret1mExcessKurtosis: cal.facts.ret1mExcessKurtosis }), cal);
  const { scenario } = await refineScenario(mapped, cal.facts, simulateScenario, { factOptions: cal.series.options, kurtosisLever: lever as 'activity' | 'cascade' | 'none' | undefined });
  for (const seed of seeds) {
    const sim = { ...simulateScenario(scenario, seed), options: cal.series.options };
    const metaorder = measureMetaorderImpact(parseScenario(scenario), { seeds: impactSeeds, firstSeed: seed });
    const rows = compareSeries(cal.facts, sim, metaorder).rows;
    const failing = rows.filter((r) => r.pass === false).map((r) => `${r.key} ${typeof r.simulated === 'number' ? Number(r.simulated.toPrecision(3)) : r.simulated}`);
    process.stdout.write(JSON.stringify({ variant: n, seed, passed: rows.filter((r) => r.pass === true).length, judged: rows.filter((r) => r.pass !== null).length, failing }) + '\n');
  }
}
