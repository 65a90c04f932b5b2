/**
 * `npx tsx main/market/calibration/spread-histogram-main.ts FILES… [--variants a,b] [--refine-seed 1001]
 * [--seeds 1-3]` — a developer tool: the share of seconds at each spread 1-30 ticks, real (the
 * day's spread sampled every second, previous tick) against each trial variant (`TRIAL_VARIANTS`)
 * after one refinement, pooled over the judged days; shows whether a spread distribution is a
 * lattice. Prints one JSON line per market.
 */
import { calibrate } from './calibrate.js';
import { numberList, parseDevToolArgs, variantNames } from './dev-tool-args.js';
import { refineScenario } from './refine.js';
import { simulateScenario } from './simulate.js';
import { TRIAL_VARIANTS } from './trial-variants.js';
import { toScenario } from './scenario-mapping.js';

const { files, opt } = parseDevToolArgs(process.argv.slice(2), 'spread-histogram');
const seeds = numberList(opt.get('seeds'), [1, 2, 3], 'seeds');
const variants = variantNames(opt.get('variants'), 'as-mapped');
const cal = calibrate(files);

/** Share of samples at each whole spread 1..30 ticks, and the quartiles. */
function histogram(samples: number[]): { p25: number; median: number; p75: number; shareAtTicks: Record<number, number> } {
  const s = samples.filter((x) => x > 0).sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  const share: Record<number, number> = {};
  for (let t = 1; t <= 30; t++) share[t] = Number((s.filter((x) => Math.round(x) === t).length / s.length).toFixed(4));
  return { p25: q(0.25), median: q(0.5), p75: q(0.75), shareAtTicks: share };
}

// The real day on a 1 s grid, previous tick (as the facts sample it).
const ts = cal.series.midTsNs, sp = cal.series.spreadTicks!;
const real: number[] = [];
for (let t = cal.series.sessionStartNs + 1e9, j = 0; t <= cal.series.sessionEndNs; t += 1e9) {
  while (j + 1 < ts.length && ts[j + 1]! <= t) j++;
  if (ts[j]! <= t) real.push(sp[j]!);
}
process.stdout.write(JSON.stringify({ market: 'real', ...histogram(real) }) + '\n');
for (const n of variants) {
  const mapped = TRIAL_VARIANTS[n]!(toScenario(cal.result, { ret1mExcessKurtosis: cal.facts.ret1mExcessKurtosis }), cal);
  const { scenario } = await refineScenario(mapped, cal.facts, simulateScenario, { factOptions: cal.series.options, firstSeed: Number(opt.get('refine-seed') ?? 1001), iterations: 2 });
  const all: number[] = [];
  for (const seed of seeds) all.push(...(simulateScenario(scenario, seed).spreadTicks ?? []));
  process.stdout.write(JSON.stringify({ market: n, ...histogram(all) }) + '\n');
}
