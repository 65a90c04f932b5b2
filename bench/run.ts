import { runAgentBench } from './agent-bench.js';
import { runAgentTrainingBench } from './agent-training-bench.js';
import { runAuditBench } from './audit-bench.js';
import { runBacktestBench } from './backtest-bench.js';
import { runBookBench } from './book-bench.js';
import { runEnvBench } from './env-bench.js';
import { runEventLogBench } from './event-log-bench.js';
import { runFixBench } from './fix-bench.js';
import { runGpuBench } from './gpu-bench.js';
import { runLearningBench } from './learning-bench.js';
import { runReplayBench } from './replay-bench.js';
import { runReplayVenueBench } from './replay-venue-bench.js';
import { runRiskBench } from './risk-bench.js';
import { runRiskModelsBench } from './risk-models-bench.js';
import { runSignalsBench } from './signals-bench.js';
import { runSignalModelsBench } from './signal-models-bench.js';
import { runSimBench } from './sim-bench.js';

/**
 * `npm run bench [-- --only NAME[,NAME]] [-- --ops N]`: every benchmark in one process, printed as
 * one JSON object. Compare ratios within a run; absolute numbers move with the machine's load.
 */
const argv = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
};
const only = arg('only')?.split(',');
const want = (name: string) => !only || only.includes(name);
const num = (name: string) => (arg(name) === undefined ? undefined : Number(arg(name)));

const benches: Array<[string, () => Promise<unknown>]> = [
  ['book', () => runBookBench({ ops: num('ops'), reps: num('reps'), theirsOps: num('theirs-ops') })],
  ['lobsterReplay', () => runReplayBench()],
  ['replayVenue', () => runReplayVenueBench()],
  // The event log's cost runs inside `sim` unless `eventLog` is wanted too (then once, on its own).
  ['sim', async () => ({ ...(await runSimBench()), ...(only && !want('eventLog') ? { eventLog: await runEventLogBench() } : {}) })],
  ['eventLog', () => runEventLogBench({ durationSec: num('event-log-sec'), reps: num('reps') })],
  ['backtest', () => runBacktestBench({ scenarioSeeds: num('backtest-seeds') })],
  ['agent', () => runAgentBench({ seeds: num('seeds') })],
  ['agentTraining', () => runAgentTrainingBench({ steps: num('steps') })],
  ['risk', () => runRiskBench({ orders: num('orders'), reps: num('reps') })],
  ['riskModels', () => runRiskModelsBench({ reps: num('reps') })],
  ['env', () => runEnvBench({ seconds: num('seconds') })],
  ['learning', () => runLearningBench({ seconds: num('seconds'), solve: argv.includes('--solve') })],
  ['signals', () => runSignalsBench({ reps: num('reps') })],
  ['signalModels', () => runSignalModelsBench({ fits: num('fits') })],
  ['gpu', () => runGpuBench({ seconds: num('seconds') })],
  ['audit', () => runAuditBench({ appends: num('audit-appends'), orders: num('audit-orders') })],
  ['fix', () => runFixBench({ roundTrips: num('fix-round-trips'), orders: num('fix-orders'), window: num('fix-window') })],
];

const started = new Date().toISOString();
const results: Record<string, unknown> = {};
for (const [name, run] of benches) if (want(name)) results[name] = await run();
const mem = process.memoryUsage();
console.log(JSON.stringify({
  started,
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
  ...results,
  memory: {
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    heapUsedMiB: Math.round(mem.heapUsed / 2 ** 20),
  },
}, null, 2));
