/**
 * `BatchEnv` / `BatchStep` moved to the neutral env/vec-env-types.ts (both `VecEnv` and
 * `ThreadedVecEnv` implement it now); re-exported here so existing imports keep working.
 */
export type { BatchEnv, BatchStep } from '../env/vec-env-types.js';
