import { existsSync } from 'node:fs';
import { acceptanceVenue } from '../live/acceptance/acceptance-venue.js';
import { PaperVenue } from '../live/paper-venue.js';
import { systemClock } from '../live/wall-driver.js';
import { PRESET_NAMES } from '../market/scenarios/presets.js';
import { UsageError, intOption, parseArgs } from './cli-args.js';

export const VENUE_USAGE = `usage: slipstream venue --port P [--scenario NAME|FILE | --data FILES] [--seed S] [--duration SECONDS] [--symbol SYM]
                       [--sender ID] [--target ID] [--store DIR] [--host 127.0.0.1]
       slipstream venue --acceptance-test --port P [--host 127.0.0.1]

Runs the agent-based market as a FIX 4.4 acceptor (paper trading) until Ctrl-C.
  --port      TCP port (0 = any free port; the chosen one is printed)
  --scenario  a preset (${PRESET_NAMES.join(', ')}) or a JSON scenario file (default calm)
  --data      a recorded day replayed at wall-clock speed from its first event instead of a
              scenario (its files joined by '+', as one day of backtest --data)
  --seed      random seed of the market (default 1)
  --duration  simulated session length in seconds, run at wall-clock speed (default 23400)
  --symbol    the symbol orders must carry (default the scenario's)
  --sender    our SenderCompID (default SLIPVENUE); --target the client's (default SLIPSTREAM)
  --store     folder of the per-session sequence-number files (default .slipstream/fix)
  --acceptance-test  the acceptor in the configuration of QuickFIX's FIX 4.4 session acceptance
              suite instead of the market: SenderCompID ISLD, TargetCompIDs TW44 and TW,
              sequence numbers reset on every Logon, FIX 4.4 dictionary validation,
              NewOrderSingle and SecurityDefinition reflected (a test mode, not trading)`;

function dataOption(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  if (raw.includes(',')) throw new UsageError('--data: the paper venue replays one day (join its files with +, not ,)');
  const files = raw.split('+').map((f) => f.trim()).filter((f) => f.length > 0);
  if (files.length === 0) throw new UsageError('--data: no file given');
  for (const f of files) if (!existsSync(f)) throw new UsageError(`--data: no such file ${f}`);
  return files;
}

const untilSignal = (): Promise<void> =>
  new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });

/**
 * `slipstream venue`: the paper venue until SIGINT/SIGTERM (then it logs the client out), or
 * until `stop` resolves (tests). Prints `listening on 127.0.0.1:PORT` once it accepts connections.
 */
export async function venueCommand(argv: readonly string[], out: (s: string) => void, stop: () => Promise<void> = untilSignal): Promise<number> {
  const args = parseArgs(argv, ['port', 'scenario', 'data', 'seed', 'duration', 'symbol', 'sender', 'target', 'store', 'host'], ['help', 'acceptance-test']);
  if (args.flags.has('help')) {
    out(VENUE_USAGE);
    return 0;
  }
  const port = intOption(args, 'port', 0, 65535);
  if (port === undefined) throw new UsageError(`--port is required\n${VENUE_USAGE}`);
  const host = args.values.get('host') ?? '127.0.0.1';
  if (args.flags.has('acceptance-test')) {
    const other = ['scenario', 'data', 'seed', 'duration', 'symbol', 'sender', 'target', 'store'].find((k) => args.values.has(k));
    if (other !== undefined) throw new UsageError(`--${other} does not apply with --acceptance-test (its CompIDs and behaviour are fixed by the suite)`);
    const acceptor = acceptanceVenue(port, systemClock, host, (l) => out(l));
    const bound = await acceptor.listen();
    out(`slipstream venue: FIX 4.4 acceptance-test acceptor, ISLD accepting TW44 and TW, listening on ${host}:${bound}`);
    await stop();
    await acceptor.close();
    return 0;
  }
  for (const k of ['symbol', 'sender', 'target'] as const) {
    const v = args.values.get(k);
    if (v !== undefined && !/^[A-Za-z0-9._-]{1,32}$/.test(v)) throw new UsageError(`--${k} must be 1 to 32 letters, digits, '.', '_' or '-', got "${v}"`);
  }
  if (args.values.has('data') && (args.values.has('scenario') || args.values.has('duration'))) throw new UsageError(`--data replaces --scenario and --duration (the day's own length)\n${VENUE_USAGE}`);
  const data = dataOption(args.values.get('data'));
  const symbol = args.values.get('symbol');
  const sender = args.values.get('sender');
  const target = args.values.get('target');
  const venue = new PaperVenue({
    port, host, scenario: args.values.get('scenario') ?? 'calm', ...(data !== undefined ? { data } : {}), seed: intOption(args, 'seed', 0, 2 ** 31 - 1) ?? 1,
    durationSec: intOption(args, 'duration', 1, 7 * 86400) ?? 23400,
    ...(symbol !== undefined ? { symbol } : {}), ...(sender !== undefined ? { senderCompId: sender } : {}), ...(target !== undefined ? { targetCompId: target } : {}),
    storeDir: args.values.get('store') ?? '.slipstream/fix', log: (l) => out(l),
  });
  const bound = await venue.listen();
  out(`slipstream venue: ${venue.instrument.symbol} (${data !== undefined ? data.join('+') : (args.values.get('scenario') ?? 'calm')}), ${venue.senderCompId} accepting ${venue.targetCompId}, listening on ${host}:${bound}`);
  await stop();
  await venue.close();
  return 0;
}
