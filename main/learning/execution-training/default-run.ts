import type { ExecutionTrainingOptions } from './default-preset.js';
import type { DayWindow } from './fit-markets.js';

/**
 * The shipped agent's run (`native-models/execution-default/`): PPO, seed 7, 8 envs, cpu backend
 * (pure JavaScript: the same weights bit for bit on any machine), validation on 64 unseen episodes.
 * Changing any of it changes the shipped weightsSha256: retrain and ship together.
 */
export const DEFAULT_TRAINING_RUN: ExecutionTrainingOptions = {
  steps: 240_000,
  seed: 7,
  numEnvs: 8,
  evalEpisodes: 64,
  backend: 'cpu',
};

/**
 * The part of the AMZN 2012-06-21 day the training market is fitted to: 09:30–12:45 (seconds after
 * the exchange-local midnight), the first half of the 6.5-hour session. The second half,
 * 12:45–16:00, is never seen in training or validation, so `evaluate --data DAY --window
 * 12:45-16:00` judges the agent on it (room for about six disjoint 30-minute orders with their
 * look-back and post-trade window). It is a different time of day (lunch lull and the close's
 * volume ramp) from the one fitted: out of sample in time, not in stock.
 */
export const DEFAULT_FIT_WINDOW: DayWindow = [34_200, 45_900];

/** The named scenarios in the training mix (every preset), each fitted to its seeded simulated day. */
export const DEFAULT_SCENARIOS = ['calm', 'volatile', 'illiquid', 'trending', 'flash-crash', 'regime-change', 'news-shock'] as const;

/** The seed of every scenario's fitted day (the evaluation seeds are far from it; the manifest lists it as seen). */
export const DEFAULT_SCENARIO_DAY_SEED = 1;

/**
 * Length of each scenario's simulated day: 2 hours with the preset's timeline scaled into it
 * (the flash crash at 18 min, the news at 37 min, the regime change at 1 h). A full 6.5-hour
 * agent-based day of the busy presets (calm: ~840 exchange events/s) costs about 25-30 s of CPU
 * and ~3 GB while fitting; seven of them did not fit the hour on this shared 2-core machine.
 */
export const DEFAULT_SCENARIO_DAY_SEC = 7_200;

/**
 * Mix weights: the real day's market 7, each of the 7 scenarios 1, i.e. half the episodes on the
 * market fitted to the real day (the one the claim of #11.5 is judged against, through the
 * agent-based market calibrated to it) and half spread evenly over the scenarios (1/14 each), so
 * the agent meets 1-2 tick and 10+ tick spreads, quiet and volatile days, thin books, crashes and
 * jumps without its main market being diluted below half.
 */
export const DEFAULT_DAY_WEIGHT = 7;
export const DEFAULT_SCENARIO_WEIGHT = 1;
