
// Each benchmark's module is imported only when it runs: loading them all at start (TensorFlow.js
// among them) made the agent-based market's event log measure 22-24 % instead of 14-16 % in the
// same process (#9), so a bench must not pay for modules it does not use.
export {}; // a module (top-level await) though it has no static import

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
  ['book', async () => (await import('./book-bench.js')).runBookBench({ ops: num('ops'), reps: num('reps'), theirsOps: num('theirs-ops') })],
  ['lobsterReplay', async () => (await import('./replay-bench.js')).runReplayBench()],
  ['replayVenue', async () => (await import('./replay-venue-bench.js')).runReplayVenueBench()],
  // The event log's cost runs inside `sim` unless `eventLog` is wanted too (then once, on its own).
  ['sim', async () => ({ ...(await (await import('./sim-bench.js')).runSimBench()), ...(only && !want('eventLog') ? { eventLog: await (await import('./event-log-bench.js')).runEventLogBench() } : {}) })],
  ['eventLog', async () => (await import('./event-log-bench.js')).runEventLogBench({ durationSec: num('event-log-sec'), reps: num('reps') })],
  ['backtest', async () => (await import('./backtest-bench.js')).runBacktestBench({ scenarioSeeds: num('backtest-seeds') })],
  ['agent', async () => (await import('./agent-bench.js')).runAgentBench({ seeds: num('seeds') })],
  ['agentTraining', async () => (await import('./agent-training-bench.js')).runAgentTrainingBench({ steps: num('steps') })],
  ['risk', async () => (await import('./risk-bench.js')).runRiskBench({ orders: num('orders'), reps: num('reps') })],
  ['riskModels', async () => (await import('./risk-models-bench.js')).runRiskModelsBench({ reps: num('reps') })],
  ['env', async () => (await import('./env-bench.js')).runEnvBench({ seconds: num('seconds') })],
  ['learning', async () => (await import('./learning-bench.js')).runLearningBench({ seconds: num('seconds'), solve: argv.includes('--solve') })],
  ['signals', async () => (await import('./signals-bench.js')).runSignalsBench({ reps: num('reps') })],
  ['signalModels', async () => (await import('./signal-models-bench.js')).runSignalModelsBench({ fits: num('fits') })],
  ['gpu', async () => (await import('./gpu-bench.js')).runGpuBench({ seconds: num('seconds') })],
  ['audit', async () => (await import('./audit-bench.js')).runAuditBench({ appends: num('audit-appends'), orders: num('audit-orders') })],
  ['fix', async () => (await import('./fix-bench.js')).runFixBench({ roundTrips: num('fix-round-trips'), orders: num('fix-orders'), window: num('fix-window') })],
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
