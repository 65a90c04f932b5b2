import type { ScenarioInput } from '../scenarios/scenario-schema.js';
import type { Calibration } from './calibrate.js';
import { compareSeries, type SimulateFn } from './compare.js';
import { refineScenario } from './refine.js';
import { fastActivityLogVarCap, toScenario } from './scenario-mapping.js';

/**
 * A change to the mapped scenario under trial (applied after `toScenario`, before the
 * refinement, exactly where a change to the mapping would act). Pure: same input, same output.
 */
export type ScenarioVariant = (mapped: ScenarioInput, cal: Calibration) => ScenarioInput;

/** Options of `runVariantTrials`; defaults in brackets. */
export interface VariantTrialOptions {
  /** First seeds of independent refinements (`RefineOptions.firstSeed`) [1001, 2001, 3001, 4001, 5001]. */
  refineSeeds?: readonly number[];
  /** Seeds each refined scenario is judged on [1..10]. */
  seeds?: readonly number[];
  /** Refinement rounds (`RefineOptions.iterations`) [2, as `calibrate`]. */
  rounds?: number;
  /** Secant volatility correction in the refinement (`RefineOptions.volatilitySecant`) [false, as `calibrate`]. */
  volatilitySecant?: boolean;
  /** Cap the refinement's fast activity component at what the day's slow Fano term allows (`fastActivityLogVarCap`) [false]. */
  capFastActivity?: boolean;
  /** What the refinement's kurtosis correction acts on (`RefineOptions.kurtosisLever`) ['activity', as `calibrate`]. */
  kurtosisLever?: 'activity' | 'cascade' | 'none';
}

/**
 * What one variant scored. Invariants: `passed.length` = refineSeeds × seeds (one judged day
 * each, refinement-major order); `failures[key]` ≤ `passed.length` counts the days on which that
 * fact failed; `mean` and `sd` are over `passed` (population sd).
 */
export interface VariantTrialResult {
  passed: number[];
  judged: number;
  mean: number;
  sd: number;
  failures: Record<string, number>;
}

/**
 * Judges a change to the calibrated market the way `calibrate` judges the market, but over
 * several independent refinements and several judged days: one refinement path (3 seeds × 2
 * rounds) moves the judged facts by ±1-2 of 28 on its own, more than most single mechanisms,
 * so a comparison on one refinement and three seeds can pick noise (see the README's trials).
 * The metaorder-impact rows are left out (16 paired seeds per point: too slow for many days);
 * `calibrate` measures them. Deterministic.
 */
export async function runVariantTrials(cal: Calibration, variant: ScenarioVariant, simulate: SimulateFn, opts: VariantTrialOptions = {}): Promise<VariantTrialResult> {
  const refineSeeds = opts.refineSeeds ?? [1001, 2001, 3001, 4001, 5001];
  const seeds = opts.seeds ?? Array.from({ length: 10 }, (_, i) => i + 1);
  const passed: number[] = [];
  const failures: Record<string, number> = {};
  let judged = 0;
  for (const rs of refineSeeds) {
    const mapped = variant(toScenario(cal.result, { ret1mExcessKurtosis: cal.facts.ret1mExcessKurtosis }), cal);
    const { scenario } = await refineScenario(mapped, cal.facts, simulate, { factOptions: cal.series.options, firstSeed: rs, iterations: opts.rounds ?? 2, volatilitySecant: opts.volatilitySecant ?? false, activityLogStdMax: opts.capFastActivity ? fastCap(cal) : undefined, kurtosisLever: opts.kurtosisLever });
    for (const seed of seeds) {
      const sim = { ...(await simulate(scenario, seed)), options: cal.series.options };
      const rows = compareSeries(cal.facts, sim, null).rows;
      judged = rows.filter((r) => r.pass !== null).length;
      passed.push(rows.filter((r) => r.pass === true).length);
      for (const r of rows) if (r.pass === false) failures[r.key] = (failures[r.key] ?? 0) + 1;
    }
  }
  const mean = passed.reduce((a, b) => a + b, 0) / passed.length;
  const sd = Math.sqrt(passed.reduce((a, b) => a + (b - mean) ** 2, 0) / passed.length);
  return { passed, judged, mean, sd, failures };
}

/** The fast component's log-std bound from the day's cascade fit; no bound without one. */
function fastCap(cal: Calibration): (number | null)[] | undefined {
  const mo = cal.result.marketOrders;
  const v = mo?.cascade ? fastActivityLogVarCap(mo.cascade, mo.ratePerSec.buy + mo.ratePerSec.sell) : null;
  return v === null ? undefined : [Math.sqrt(v)];
}
