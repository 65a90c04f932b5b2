export { runTraining, type RunTrainingOptions, type TrainingProgress, type TrainingResult, type TrainingStatus } from './run-training.js';
export { TrainingConfigSchema, resolveTrainingConfig, type TrainingConfig, type TrainingConfigInput } from './training-config.js';
export { CARTPOLE_OBS_NAMES, canSnapshot, defaultTrainingEnv, evaluateGreedy, type SnapshotBatchEnv, type TrainingEnvFactory } from './training-env.js';
export { ReplayableBatchEnv, type ReplayableEnvState, type SteppableEnv } from './replayable-batch-env.js';
export { CHECKPOINTS, checkpointDir, findCheckpoint, readCheckpoint, type CheckpointData, type TrainerState } from './checkpoint.js';
export { runTrainingLoop, validationMetrics, type TrainedModel, type TrainingLoopHost, type TrainingLoopResult } from './run-training-loop.js';
export { executionValidationEpisodes, twapValidationJudge, validationSeeds, validationVsTwap, type ValidationEpisodes, type ValidationJudge, type ValidationVsTwap } from './validation-vs-twap.js';
export { judgeTwapEpisode, type TwapEpisode } from './twap-episode.js';
