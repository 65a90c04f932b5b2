import type { TrainingProgress } from './training-runner.js';

/** A validation against TWAP as it crosses the plumbing (main/learning/train/validation-types.ts). */
export interface ValidationPoint {
  readonly step: number;
  readonly agentIsBps: number | null;
  readonly twapIsBps: number | null;
  readonly diffBps: number | null;
  readonly ciLowBps: number | null;
  readonly ciHighBps: number | null;
  readonly n: number;
}

/** A run's curves as the registry keeps them (`TrainingRunCurves` of main/store/training-runs.ts). */
export interface RunCurves {
  readonly train: Array<[number, number]>;
  readonly evaluation: Array<[number, number]>;
  readonly rate: Array<[number, number]>;
  readonly validation: ValidationPoint[];
}

/** Points kept per curve; beyond it every other point is dropped (older ones first thinned), so a long run's row stays small. */
export const MAX_CURVE_POINTS = 4_000;

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** A progress event's validation, when it carries a well-formed one. */
export function validationOf(p: Readonly<Record<string, unknown>>): ValidationPoint | undefined {
  const v = p.validation as Partial<ValidationPoint> | undefined;
  if (typeof v !== 'object' || v === null || !finite(v.step) || !Number.isInteger(v.n)) return undefined;
  const n = (x: unknown) => (finite(x) ? x : null);
  return { step: v.step, agentIsBps: n(v.agentIsBps), twapIsBps: n(v.twapIsBps), diffBps: n(v.diffBps), ciLowBps: n(v.ciLowBps), ciHighBps: n(v.ciHighBps), n: v.n! };
}

function push(xs: Array<[number, number]>, step: number, v: unknown): void {
  if (!finite(v) || (xs.length > 0 && step <= xs[xs.length - 1]![0])) return;
  xs.push([step, v]);
  if (xs.length > MAX_CURVE_POINTS) {
    // Keep the first point and every other one after it: the curve's shape at half the density.
    const kept = xs.filter((_, i) => i % 2 === 0);
    xs.splice(0, xs.length, ...kept);
  }
}

/**
 * Gathers a job's curves from its progress events (mean episode return, steps/s; points in step
 * order, finite only) and closes them with the run's outcome, whose `evalHistory` and
 * `validationHistory` are complete (progress events may have been throttled away).
 */
export class RunCurvesBuilder {
  private readonly c: RunCurves = { train: [], evaluation: [], rate: [], validation: [] };

  add(p: TrainingProgress): void {
    push(this.c.train, p.step, p.episodeReturnMean);
    push(this.c.rate, p.step, p.stepsPerSec);
    push(this.c.evaluation, p.step, p.evalMeanReturn);
    const v = validationOf(p);
    if (v && (this.c.validation.length === 0 || v.step > this.c.validation.at(-1)!.step)) this.c.validation.push(v);
  }

  /** The curves, with the outcome's histories when it has them. */
  finish(outcome: Readonly<Record<string, unknown>> | null): RunCurves {
    const evals = outcome?.evalHistory;
    const vals = outcome?.validationHistory;
    const evaluation = Array.isArray(evals)
      ? evals.filter((e: { step?: unknown; meanReturn?: unknown }) => finite(e?.step) && finite(e?.meanReturn)).map((e: { step: number; meanReturn: number }) => [e.step, e.meanReturn] as [number, number])
      : this.c.evaluation;
    // The final evaluation (of the weights saved) ends the curve when no periodic one was at that step.
    const last = evaluation.at(-1);
    if (finite(outcome?.steps) && finite(outcome?.evalMeanReturn) && (!last || last[0] < outcome.steps)) evaluation.push([outcome.steps, outcome.evalMeanReturn]);
    const validation = Array.isArray(vals) ? vals.map((v: unknown) => validationOf({ validation: v })).filter((v): v is ValidationPoint => v !== undefined) : this.c.validation;
    return { train: this.c.train, rate: this.c.rate, evaluation, validation };
  }
}
