/**
 * `npx tsx main/market/calibration/variant-trials-main.ts FILES... [--variants a,b] [--refine-seeds
 * 1001,2001] [--seeds 1-10] [--rounds 2] [--secant 1] [--cap-fast 1]` — calibrates to FILES once, then judges each named
 * variant (`TRIAL_VARIANTS`) over several refinements × judged days (`runVariantTrials`) and
 * prints one JSON line per variant: mean / sd of the facts passed and how often each fact failed.
 * A developer tool for the calibration README's figures: the app never runs it.
 */
import { calibrate } from './calibrate.js';
import { simulateScenario } from './simulate.js';
import { TRIAL_VARIANTS } from './trial-variants.js';
import { runVariantTrials } from './variant-trials.js';

const args = process.argv.slice(2);
const files: string[] = [];
const opt = new Map<string, string>();
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a.startsWith('--')) opt.set(a.slice(2), args[++i] ?? '');
  else files.push(a);
}
const list = (s: string | undefined, def: number[]): number[] => {
  if (!s) return def;
  const m = /^(\d+)-(\d+)$/.exec(s);
  return m ? Array.from({ length: Number(m[2]) - Number(m[1]) + 1 }, (_, i) => Number(m[1]) + i) : s.split(',').map(Number);
};
const names = (opt.get('variants') ?? Object.keys(TRIAL_VARIANTS).join(',')).split(',');
for (const n of names) if (!TRIAL_VARIANTS[n]) throw new Error(`--variants: unknown variant "${n}" (known: ${Object.keys(TRIAL_VARIANTS).join(', ')})`);
if (files.length === 0) throw new Error('variant-trials: give the data files to calibrate to');
const cal = calibrate(files);
for (const n of names) {
  const r = await runVariantTrials(cal, TRIAL_VARIANTS[n]!, simulateScenario, {
    refineSeeds: list(opt.get('refine-seeds'), [1001, 2001, 3001, 4001, 5001]),
    seeds: list(opt.get('seeds'), list('1-10', [])),
    rounds: opt.has('rounds') ? Number(opt.get('rounds')) : 2,
    volatilitySecant: opt.has('secant'),
    capFastActivity: opt.has('cap-fast'),
  });
  const failures = Object.fromEntries(Object.entries(r.failures).sort((a, b) => b[1] - a[1]));
  process.stdout.write(JSON.stringify({ variant: n, days: r.passed.length, judged: r.judged, mean: Number(r.mean.toFixed(2)), sd: Number(r.sd.toFixed(2)), failures }) + '\n');
}
