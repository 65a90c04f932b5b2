/**
 * `npx tsx main/market/calibration/metaorder-impact-main.ts FILES... [--variants a,b] [--seeds 1-10]
 * [--impact-seeds 16]` — what `slipstream calibrate FILES --json --seed S` judges (31 facts, the
 * metaorder-impact rows included), for each named trial variant (`TRIAL_VARIANTS`, applied to
 * `toScenario`'s output as the trial tool does; 'as-mapped' is `calibrate` itself): one refinement
 * (3 seeds × 2 rounds from 1001, as `calibrate`), then per seed S the facts on seed S and the impact
 * curve on `--impact-seeds` paired seeds from S. Prints one JSON line per seed (passed, the impact
 * rows, the failing keys) and one per variant (total, failures by fact). The trial tool leaves the
 * impact rows out; this is how a change to the latent book is judged on them. A developer tool for
 * the calibration README's figures: the app never runs it.
 */
import { calibrate } from './calibrate.js';
import { compareSeries } from './compare.js';
import { numberList, parseDevToolArgs, variantNames } from './dev-tool-args.js';
import { measureMetaorderImpact } from './metaorder-impact.js';
import { refineScenario } from './refine.js';
import { toScenario } from './scenario-mapping.js';
import { simulateScenario } from './simulate.js';
import { TRIAL_VARIANTS } from './trial-variants.js';
import { parseScenario } from '../scenarios/scenario-schema.js';

const { files, opt } = parseDevToolArgs(process.argv.slice(2), 'metaorder-impact');
const names = variantNames(opt.get('variants'), 'as-mapped');
const seeds = numberList(opt.get('seeds'), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 'seeds');
const impactSeeds = numberList(opt.get('impact-seeds'), [16], 'impact-seeds')[0]!;
const cal = calibrate(files);
const num = (v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(4)) : null);
for (const n of names) {
  const mapped = TRIAL_VARIANTS[n]!(toScenario(cal.result, { ret1mExcessKurtosis: cal.facts.ret1mExcessKurtosis }), cal);
  const { scenario } = await refineScenario(mapped, cal.facts, simulateScenario, { factOptions: cal.series.options });
  const parsed = parseScenario(scenario);
  const failures: Record<string, number> = {};
  const passed: number[] = [];
  for (const seed of seeds) {
    const sim = { ...simulateScenario(scenario, seed), options: cal.series.options };
    const rows = compareSeries(cal.facts, sim, measureMetaorderImpact(parsed, { seeds: impactSeeds, firstSeed: seed })).rows;
    const failing = rows.filter((r) => r.pass === false).map((r) => r.key);
    for (const k of failing) failures[k] = (failures[k] ?? 0) + 1;
    passed.push(rows.filter((r) => r.pass === true).length);
    const sim1 = (k: string) => num(rows.find((r) => r.key === k)?.simulated);
    process.stdout.write(JSON.stringify({
      variant: n, seed, passed: passed[passed.length - 1], judged: rows.filter((r) => r.pass !== null).length,
      impact1pctBps: sim1('metaorderImpact1pctBps'), exponent: sim1('metaorderImpactExponent'), retained: sim1('metaorderImpactRetained'),
      signatureRatio: sim1('signatureRatio'), failing,
    }) + '\n');
  }
  const sorted = Object.fromEntries(Object.entries(failures).sort((a, b) => b[1] - a[1]));
  process.stdout.write(JSON.stringify({ variant: n, seeds: seeds.length, passed, total: passed.reduce((a, b) => a + b, 0), failures: sorted }) + '\n');
}
