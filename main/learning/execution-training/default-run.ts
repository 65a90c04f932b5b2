import type { ExecutionTrainingOptions } from './default-preset.js';

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
