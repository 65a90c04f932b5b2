import type { CommandArgs } from '../../../main/contract/commands.js';

/** A run preset: what the form starts from (steps and seed stay editable). */
export interface TrainPreset {
  readonly id: 'cartpole-ppo' | 'cartpole-ddqn' | 'execution-ppo';
  readonly label: string;
  readonly algo: 'ppo' | 'ddqn';
  readonly env: 'cartpole' | 'execution';
  readonly steps: number;
  /** The execution env's agent-based scenario (the trainer resets it per episode). */
  readonly scenario?: string;
  readonly help: string;
}

/** Steps between checkpoints: a stopped run can be resumed from its latest one (the trainer writes none by default). */
export const CHECKPOINT_EVERY = 1_000;

/** The presets the Training screen offers, first = default. */
export const TRAIN_PRESETS: readonly TrainPreset[] = [
  { id: 'cartpole-ppo', label: 'CartPole · PPO', algo: 'ppo', env: 'cartpole', steps: 20_000, help: 'A quick check of the trainer: PPO learns to balance the pole (return up to 500).' },
  { id: 'cartpole-ddqn', label: 'CartPole · Double DQN', algo: 'ddqn', env: 'cartpole', steps: 20_000, help: 'Double DQN on CartPole: replay buffer, target network.' },
  { id: 'execution-ppo', label: 'Execution · PPO', algo: 'ppo', env: 'execution', steps: 50_000, scenario: 'calm', help: 'PPO on the execution env: a parent order worked on the agent-based market (scenario per episode).' },
];

/** Largest step budget the form accepts (the contract's limit). */
export const MAX_STEPS = 1e9;
/** Largest seed (2³¹ − 1, the contract's limit). */
export const MAX_SEED = 2 ** 31 - 1;

/** The form as typed. */
export interface TrainForm {
  readonly presetId: TrainPreset['id'];
  readonly steps: string;
  readonly seed: string;
}

/** Reads an integer as typed ("20,000", "20000", "20k"); null when it is not one. */
export function readInteger(text: string): number | null {
  const t = text.trim().replace(/[,_\s]/g, '');
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(t);
  if (!m) return null;
  const v = Number(m[1]) * (m[2] === '' ? 1 : m[2]!.toLowerCase() === 'k' ? 1e3 : 1e6);
  return Number.isSafeInteger(v) ? v : null;
}

/**
 * The form's `train.start` arguments, or the problems by field in words naming the limit.
 * Invariant: `args` is set exactly when `errors` is empty.
 */
export function readTrainForm(f: TrainForm): { args: CommandArgs<'train.start'> | null; errors: Partial<Record<'steps' | 'seed', string>> } {
  const preset = TRAIN_PRESETS.find((p) => p.id === f.presetId) ?? TRAIN_PRESETS[0]!;
  const errors: Partial<Record<'steps' | 'seed', string>> = {};
  const steps = readInteger(f.steps);
  if (steps === null) errors.steps = `Steps "${f.steps}" is not a whole number`;
  else if (steps < 1 || steps > MAX_STEPS) errors.steps = `Steps ${steps.toLocaleString('en-US')} must be from 1 to 1,000,000,000`;
  const seed = readInteger(f.seed);
  if (seed === null) errors.seed = `Seed "${f.seed}" is not a whole number`;
  else if (seed > MAX_SEED) errors.seed = `Seed ${seed.toLocaleString('en-US')} must be from 0 to 2,147,483,647`;
  if (Object.keys(errors).length > 0 || steps === null || seed === null) return { args: null, errors };
  return { args: { algo: preset.algo, env: preset.env, steps, seed, ...(preset.scenario ? { scenario: preset.scenario } : {}), config: { checkpointEvery: CHECKPOINT_EVERY } }, errors };
}

/** One learning curve's points: [env step, value]. */
export type CurvePoint = readonly [number, number];

/**
 * A job's curves, accumulated from its progress events. Invariants: points are in step order
 * (an event whose step is not above the last one is not added to the training curve); only
 * finite values are kept; `validation` holds a metric that compares with TWAP when the trainer
 * reports one (named like `validation…Bps` or `…VsTwap…`).
 */
export interface JobCurves {
  readonly train: CurvePoint[];
  readonly evaluation: CurvePoint[];
  readonly validation: CurvePoint[];
  /** Name of the validation metric plotted (null until one arrives). */
  readonly validationName: string | null;
}

export const emptyCurves = (): JobCurves => ({ train: [], evaluation: [], validation: [], validationName: null });

/** Which progress metric is the validation shortfall against TWAP, when the trainer reports one. */
export function validationMetric(metrics: Readonly<Record<string, number | null>>): string | null {
  return Object.keys(metrics).find((k) => /shortfall|vs_?twap|twap.*bps|bps.*twap/i.test(k)) ?? null;
}

/** Adds one progress event's points (returns new arrays, so a store update is seen). */
export function addProgress(c: JobCurves, step: number, metrics: Readonly<Record<string, number | null>>): JobCurves {
  const ok = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
  const last = c.train.at(-1);
  const train = ok(metrics.episodeReturnMean) && (!last || step > last[0]) ? [...c.train, [step, metrics.episodeReturnMean] as const] : c.train;
  const evaluation = ok(metrics.evalMeanReturn) ? [...c.evaluation, [step, metrics.evalMeanReturn] as const] : c.evaluation;
  const vName = c.validationName ?? validationMetric(metrics);
  const vVal = vName ? metrics[vName] : null;
  const validation = vName && ok(vVal) ? [...c.validation, [step, vVal] as const] : c.validation;
  return { train, evaluation, validation, validationName: vName };
}

/**
 * Exponential moving average of the raw points (the smoothed learning curve), debiased at the
 * start as TensorBoard does so the first points are not pulled towards 0. `weight` in [0, 1).
 */
export function smooth(points: readonly CurvePoint[], weight = 0.8): CurvePoint[] {
  let ema = 0;
  let norm = 0;
  return points.map(([x, y]) => {
    ema = weight * ema + (1 - weight) * y;
    norm = weight * norm + (1 - weight);
    return [x, ema / norm] as const;
  });
}
