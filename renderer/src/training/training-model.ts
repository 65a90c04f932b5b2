import type { CommandArgs, CommandResult } from '../../../main/contract/commands.js';
import type { EventPayload } from '../../../main/contract/events.js';

/** One validation against TWAP as the engine reports it (IS bps, + = cost; diff = agent − TWAP with its 95 % interval). */
export type ValidationPoint = NonNullable<EventPayload<'train.progress'>['validation']>;
/** A stored run's curves (`train.curves`). */
export type StoredCurves = NonNullable<CommandResult<'train.curves'>[number]['curves']>;

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
  /** Greedy evaluation episodes at each evaluation (the execution env's are judged against TWAP too, so fewer). */
  readonly evalEpisodes: number;
}

/** Evaluations per run: every steps / EVALS_PER_RUN steps (at least 1), so any budget draws a curve of about ten points. */
export const EVALS_PER_RUN = 10;

/** Steps between checkpoints: a stopped run can be resumed from its latest one (the trainer writes none by default). */
export const CHECKPOINT_EVERY = 1_000;

/** The presets the Training screen offers, first = default. */
export const TRAIN_PRESETS: readonly TrainPreset[] = [
  { id: 'cartpole-ppo', label: 'CartPole · PPO', algo: 'ppo', env: 'cartpole', steps: 20_000, evalEpisodes: 20, help: 'A quick check of the trainer: PPO learns to balance the pole (return up to 500).' },
  { id: 'cartpole-ddqn', label: 'CartPole · Double DQN', algo: 'ddqn', env: 'cartpole', steps: 20_000, evalEpisodes: 20, help: 'Double DQN on CartPole: replay buffer, target network.' },
  {
    id: 'execution-ppo', label: 'Execution · PPO', algo: 'ppo', env: 'execution', steps: 50_000, scenario: 'calm', evalEpisodes: 16,
    help: 'PPO on the execution env: a parent order worked on the agent-based market (scenario per episode). Each evaluation also runs TWAP on the same 16 validation episodes: the curve is agent − TWAP shortfall.',
  },
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
  const config = { checkpointEvery: CHECKPOINT_EVERY, evalEvery: Math.max(1, Math.round(steps / EVALS_PER_RUN)), evalEpisodes: preset.evalEpisodes };
  return { args: { algo: preset.algo, env: preset.env, steps, seed, ...(preset.scenario ? { scenario: preset.scenario } : {}), config }, errors };
}

/** One learning curve's points: [env step, value]. */
export type CurvePoint = readonly [number, number];

/**
 * A job's curves, accumulated from its progress events. Invariants: every list in step order (a
 * point whose step is not above the list's last is not added); only finite values; `validation`
 * holds the engine's validations against TWAP (execution env; empty otherwise); `rate` steps/s.
 */
export interface JobCurves {
  readonly train: CurvePoint[];
  readonly evaluation: CurvePoint[];
  readonly rate: CurvePoint[];
  readonly validation: ValidationPoint[];
}

export const emptyCurves = (): JobCurves => ({ train: [], evaluation: [], rate: [], validation: [] });

const ok = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

function after(xs: readonly CurvePoint[], step: number, v: number | null | undefined): CurvePoint[] | null {
  const last = xs.at(-1);
  return ok(v) && (!last || step > last[0]) ? [...xs, [step, v] as const] : null;
}

/** Adds one progress event's points and its validation (returns new arrays, so a store update is seen). */
export function addProgress(c: JobCurves, step: number, metrics: Readonly<Record<string, number | null>>, validation?: ValidationPoint | null): JobCurves {
  const lastV = c.validation.at(-1);
  return {
    train: after(c.train, step, metrics.episodeReturnMean) ?? c.train,
    evaluation: after(c.evaluation, step, metrics.evalMeanReturn) ?? c.evaluation,
    rate: after(c.rate, step, metrics.stepsPerSec) ?? c.rate,
    validation: validation && (!lastV || validation.step > lastV.step) ? [...c.validation, validation] : c.validation,
  };
}

/** A stored run's curves in the screen's shape (`train.curves`). */
export function curvesOf(s: StoredCurves): JobCurves {
  return { train: s.train.map(([a, b]) => [a, b] as const), evaluation: s.evaluation.map(([a, b]) => [a, b] as const), rate: s.rate.map(([a, b]) => [a, b] as const), validation: [...s.validation] };
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
