/** Public API of main/backtest: strategies × paths × seeds on identical seeded paths, with TCA. */
export {
  agentModelFor, canonicalStrategy, DEFAULT_PARAMS, isAgentStrategy, DEFAULT_START_SEC, normalizeConfig, pathIdOf, sourceLabel, STRATEGY_ALIASES,
  type BacktestConfig, type BacktestConfigInput, type PathSource, type StrategyParams,
} from './backtest-config.js';
export { buildJobs, runBacktest, scenarioDurationSec, type BacktestOptions, type BacktestResult } from './backtest-runner.js';
export { dataHash, sourceFiles, sourceHash } from './data-hash.js';
export { defaultWorkerCount, runJobs, type PoolOptions, type PoolProgress, type PoolRun } from './job-pool.js';
export { JobRun, LOOKBACK_NS, MEASURE_DELAY_NS, runJobSync, type JobResult, type JobSpec } from './job-run.js';
export { checkDistinctPaths, compareOutcomes, fillSummaries, joinOutcomes, vwapScheduleNote, type FillSummary, type JoinedOutcomes, type ParentOrderOutcome, type PathCheck, type PathSummary } from './outcomes.js';
export { algorithmFor, estimatePathModel, INTRADAY_VOLUME_PCT, intradayCurve, MIN_SIGMA_INCREMENTS, sessionOpenNs, type PathModel } from './strategies.js';
export { toRunRecord } from './store-record.js';
export { BACKTEST_ENGINE_VERSION, modelVersionOf } from './version.js';
export { resolveBacktestWorker, type BacktestWorkerEntry } from './worker-entry.js';
