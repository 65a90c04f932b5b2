export { ExecutionEnv, type ActionSpace, type EnvAction, type EnvPathFactory, type StepInfo, type StepResult } from './execution-env.js';
export { VecEnv, type VecEnvOptions, type VecStepResult } from './vec-env.js';
export { resolveEnvConfig, type EnvConfig, type EnvConfigInput } from './env-config.js';
export {
  AGGRESSIONS, DEFAULT_ACTIONS, actionCount, childQuote, childSize, decodeContinuous, decodeDiscrete, encodeDiscrete,
  type ActionConfig, type Aggression, type ChildQuote, type DecodedAction,
} from './actions.js';
export { DEFAULT_OBS_SCALES, OBS, OBS_DIM, OBS_NAMES, SIGNAL_SLOTS, realisedVolBps, writeObservation, type ObservationScales, type ObservationState } from './observation.js';
export { DEFAULT_REWARD, rewardOf, terminalCostBps, type RewardConfig, type StepCosts } from './reward.js';
export { MarketFeed, type EnvPath, type IntervalFlow } from './market-feed.js';
export { replayEnvFactory, scenarioEnvFactory, scenarioEnvPath } from './env-paths.js';
