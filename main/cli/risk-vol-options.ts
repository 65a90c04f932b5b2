import { existsSync } from 'node:fs';
import { loadDays, parseDataDays, type DaySeries } from '../risk/returns.js';
import { numberOption } from './ac-command.js';
import { intOption, UsageError, type ParsedArgs } from './cli-args.js';

/** Options every `risk vol|regimes|anomalies` command reads the data with. */
export const DATA_VALUE_OPTIONS = ['data', 'sample', 'depth-levels'] as const;

export const DATA_USAGE = `  --data DAYS          recorded days, comma-separated; join the files of one day with "+" (as in
                       backtest; a LOBSTER message file finds its orderbook file beside it)
  --sample SECONDS     sampling clock: default 1 for tick data (mid returns), the bar interval for
                       bars (close-to-close); a multiple of it aggregates bars
  --depth-levels N     levels per side counted as depth (tick data; default 5)`;

/**
 * Reads `--data` into day series (see `loadDaySeries`). Usage errors (no `--data`, a missing file,
 * days on different clocks) throw `UsageError`; malformed data throws the reader's
 * `DataFormatError` naming file, line and field.
 */
export function readDataOption(args: ParsedArgs): DaySeries[] {
  const data = args.values.get('data');
  if (data === undefined) throw new UsageError('--data is required (recorded days, comma-separated; files of one day joined with "+")');
  let days: string[][];
  try {
    days = parseDataDays(data);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  for (const d of days) for (const f of d) if (!existsSync(f)) throw new UsageError(`--data: no such file ${f}`);
  const sampleSec = numberOption(args, 'sample', 0, true, 'seconds between samples', false);
  const depthLevels = intOption(args, 'depth-levels', 1, 1000);
  const series = loadDays(days, { sampleSec, depthLevels });
  const first = series[0]!;
  for (const s of series) {
    if (s.sampleSec !== first.sampleSec) {
      throw new UsageError(`--data: ${s.label} is sampled every ${s.sampleSec} s (${s.source}) but ${first.label} every ${first.sampleSec} s (${first.source}); give --sample to put every day on one clock`);
    }
  }
  return series;
}

/** "1 s", "1 min", "5 min", "1 h". */
export function formatSeconds(s: number): string {
  if (s >= 3600 && s % 3600 === 0) return `${s / 3600} h`;
  if (s >= 60 && s % 60 === 0) return `${s / 60} min`;
  return `${s} s`;
}
