/** Public API of main/tca: cost metrics of parent orders, strategy comparisons and statistics. */
export type { MidPoint, ParentOrderTca, ParentOrderTcaInput, ReversionPoint, ShortfallDecomposition, TcaFill } from './tca-types.js';
export { parentOrderTca } from './parent-order-tca.js';
export { checkMidPath, midAsOf } from './mid-path.js';
export { fillsFromOrderEvents } from './order-event-fills.js';
export { mean, median, quantileSorted, sampleStd, timingRiskBps } from './descriptive.js';
export { bootstrapCi, DEFAULT_RESAMPLES, type BootstrapOptions, type ConfidenceInterval } from './bootstrap.js';
export { pairedTTest, wilcoxonSignedRank, WILCOXON_EXACT_MAX_N, type PairedTTestResult, type WilcoxonResult } from './paired-tests.js';
export {
  adaptability, compareStrategies, summarize,
  type Adaptability, type CompareOptions, type Comparison, type PairedComparison, type PathOutcome, type SampleSummary, type StrategyComparison, type StrategyRuns,
} from './compare.js';
export { formatHeadlineTable, formatP, headlineTable, type HeadlineRow, type HeadlineTable } from './headline-table.js';
export { FILLS_HEADER, parseFillsCsv, type FillRow } from './fills-csv.js';
