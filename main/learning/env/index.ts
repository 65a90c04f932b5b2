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
export { abmEnvFactory, type AbmEnvOptions } from './abm-env-path.js';
export { qrEnvFactory, qrEnvPath, type QrEnvOptions } from './qr-env-path.js';
export { envFactoryOf, type EnvMarketSpec, type EnvSpec } from './env-spec.js';
export { ThreadedVecEnv, type ThreadedVecEnvOptions, type ThreadedVecStepResult } from './threaded-vec-env.js';
export { INFO_DIM, INFO_FIELDS } from './vec-env-shared.js';
export { judgeEpisode, type EpisodeJudgement, type EpisodePolicy } from './episode-judge.js';
export { EpisodeRecorder, judgedPathSec, judgeTimes, pathMid, type RecordedFill } from './episode-recorder.js';
export { type EpisodeRecording, type ExecutionEnvOptions } from './execution-env.js';
export { fastReplayEnvFactory, type FastReplayOptions } from './replay-env-path.js';
