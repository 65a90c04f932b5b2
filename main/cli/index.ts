import { DataFormatError } from '../market/readers/reader.js';
import { UsageError } from './cli-args.js';

/**
 * The `slipstream` command's dispatcher (run by bin/slipstream.js from the prebuilt bundle,
 * scripts/cli-bundle.mjs). `serve` is routed by the bin shim to the headless host's bundle because
 * it starts the headless host, which main/ may not import; it is listed here so `--help` shows
 * every command.
 */
const HELP = `Usage: slipstream <command> [options]

Commands:
  replay    Rebuild the order book from market data and check it. See: slipstream replay --help
  simulate  Run the agent-based market from a scenario and seed; print the event-log hash and stylized facts.
  backtest  Compare strategies (twap, vwap, pov, ac, is, …) on identical seeded paths; headline TCA table.
  train     Train PPO or Double DQN on CartPole or the execution env; model folder + run registry. See: slipstream train --help
  evaluate  A learned agent (model folder) vs the baselines on unseen seeded paths; paired statistics, HTML report.
  tca       Transaction cost analysis of a fills file (ts,qty,price) against an arrival price.
  ac        Almgren-Chriss (2000) optimal execution schedule, expected cost and variance.
  calibrate Fit a generative-market scenario to a data file; compare stylized facts, real vs simulated.
  risk      Pre-trade risk: risk check runs an orders file through the gate. See: slipstream risk --help
  signals   Direction signals from book features: train a model, evaluate it. See: slipstream signals --help
  venue     Run the simulated market as a FIX 4.4 acceptor (paper trading). See: slipstream venue --help
  live      Work one parent order through a FIX 4.4 acceptor (paper or live). See: slipstream live --help
  serve     Start the headless host (UI in your browser). See: slipstream serve --help

Options:
  -h, --help    Show this help.
`;

type Command = (argv: readonly string[], out: (s: string) => void) => Promise<number>;

/**
 * Each command is loaded only when it runs (a dynamic import: in the prebuilt bundle, its own
 * chunk), so `--help` and light commands never load ECharts, DuckDB or TensorFlow.js. To add a
 * command: one line here, importing its module lazily, and one line in HELP.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  replay: async () => (await import('./replay-command.js')).replayCommand,
  calibrate: async () => (await import('./calibrate-command.js')).calibrateCommand,
  simulate: async () => (await import('./simulate-command.js')).simulateCommand,
  tca: async () => (await import('./tca-command.js')).tcaCommand,
  ac: async () => (await import('./ac-command.js')).acCommand,
  backtest: async () => (await import('./backtest-command.js')).backtestCommand,
  train: async () => (await import('./train-command.js')).trainCommand,
  evaluate: async () => (await import('./evaluate-command.js')).evaluateCommand,
  risk: async () => (await import('./risk-command.js')).riskCommand,
  signals: async () => (await import('./signals-command.js')).signalsCommand,
  venue: async () => (await import('./venue-command.js')).venueCommand,
  live: async () => (await import('./live-command.js')).liveCommand,
};

/**
 * Runs one CLI invocation; resolves with the exit status (0 ok, 1 runtime or data error,
 * 2 usage error). Errors print one line naming the file, line and field (for data) or the option.
 */
export async function main(argv: string[], out: (s: string) => void = console.log, err: (s: string) => void = console.error): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    out(HELP);
    return cmd === undefined ? 2 : 0;
  }
  const load = Object.hasOwn(COMMANDS, cmd) ? COMMANDS[cmd] : undefined;
  if (!load) {
    err(`slipstream: unknown command "${cmd}"\n\n${HELP}`);
    return 2;
  }
  try {
    const command = await load();
    return await command(rest, out);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`slipstream ${cmd}: ${e.message}`);
      return 2;
    }
    if (e instanceof DataFormatError || e instanceof Error) {
      err(`slipstream ${cmd}: ${e.message}`);
      return 1;
    }
    err(`slipstream ${cmd}: ${String(e)}`);
    return 1;
  }
}
