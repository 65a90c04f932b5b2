import { FileEventLog } from '../market/abm/file-event-log.js';
import { loadScenario } from '../market/scenarios/load-scenario.js';
import { PRESET_NAMES } from '../market/scenarios/presets.js';
import { runScenario, runStylizedFacts } from '../market/scenarios/run-scenario.js';
import { intOption, parseArgs, UsageError } from './cli-args.js';

export const SIMULATE_USAGE = `usage: slipstream simulate --scenario NAME|FILE [--seed S] [--duration SECONDS] [--agents N] [--out events.csv] [--json] [--fit-timeline]

Runs the agent-based market (noise traders, market makers, momentum, mean-reversion and value
traders on one L3 book) for one session and prints counts, the event-log fingerprint and stylized facts.
  --scenario      a preset (${PRESET_NAMES.join(', ')}) or a JSON scenario file
  --seed          random seed (default 1); same seed + scenario + options => same event log
  --duration      session length in simulated seconds (default: the scenario's)
  --agents        total background agents; every population is scaled in proportion
  --out           write the event log (one line per exchange event, the text form of the fingerprinted log)
  --fit-timeline  scale the scenario's event times to --duration (short runs of a preset's story)
  --json          print one JSON object instead of a summary`;

/** Runs `slipstream simulate`; returns the exit status (0 ok; usage and scenario errors throw). */
export async function simulateCommand(argv: readonly string[], out: (s: string) => void): Promise<number> {
  const args = parseArgs(argv, ['scenario', 'seed', 'duration', 'agents', 'out'], ['json', 'help', 'fit-timeline']);
  if (args.flags.has('help')) {
    out(SIMULATE_USAGE);
    return 0;
  }
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"\n${SIMULATE_USAGE}`);
  const name = args.values.get('scenario');
  if (name === undefined) throw new UsageError(`--scenario is required\n${SIMULATE_USAGE}`);
  const seed = intOption(args, 'seed', 0, Number.MAX_SAFE_INTEGER) ?? 1;
  const duration = intOption(args, 'duration', 1, 100 * 23_400);
  const agents = intOption(args, 'agents', 1, 1_000_000);
  const outPath = args.values.get('out');
  const scenario = loadScenario(name);
  const log = outPath ? new FileEventLog(outPath) : undefined;
  let run;
  try {
    run = runScenario(scenario, { seed, durationSec: duration, agents, eventLog: log, recordTrades: true, scaleTimeline: args.flags.has('fit-timeline') });
  } finally {
    log?.close();
  }
  const facts = runStylizedFacts(run);
  const summary = {
    scenario: run.scenario,
    seed,
    durationSec: run.durationSec,
    agents: run.agents,
    events: run.events,
    trades: run.trades,
    volume: run.volume,
    eventLogHash: run.eventLogHash,
    stylizedFacts: facts,
    elapsedMs: Math.round(run.elapsedMs * 1000) / 1000,
    eventsPerSec: run.eventsPerSec,
    out: outPath ?? null,
  };
  if (args.flags.has('json')) {
    out(JSON.stringify(summary));
    return 0;
  }
  const n = (x: number) => x.toLocaleString('en-US');
  const f = (x: number | null, d = 2) => (x === null ? 'n/a' : x.toFixed(d));
  out(`${summary.scenario} seed ${seed}: ${n(summary.durationSec)} s, ${n(summary.agents)} agents`);
  out(`events ${n(summary.events)}, trades ${n(summary.trades)}, volume ${n(summary.volume)}`);
  out(`eventLogHash ${summary.eventLogHash}`);
  out(`spread ticks: mean ${f(facts.spreadMeanTicks)}, median ${f(facts.spreadMedianTicks, 0)}, p95 ${f(facts.spreadP95Ticks, 0)}`);
  out(`returns: 1 s std ${f(facts.ret1sStdBps)} bps, excess kurtosis ${f(facts.ret1sExcessKurtosis)}; 1 min std ${f(facts.ret1mStdBps)} bps, excess kurtosis ${f(facts.ret1mExcessKurtosis)}`);
  out(`|1-min return| autocorrelation, lags 1-5: ${facts.absAcf1m.slice(0, 5).map((x) => f(x, 3)).join(' ')}`);
  out(`${f(summary.elapsedMs / 1000, 1)} s, ${n(summary.eventsPerSec)} events/s${outPath ? `, wrote ${outPath}` : ''}`);
  return 0;
}
