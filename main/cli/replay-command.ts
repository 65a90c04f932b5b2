import { formatIsoNs } from '../domain/time.js';
import { DATA_FORMATS } from '../market/readers/reader.js';
import { openReplay } from '../market/replay/open-replay.js';
import { inconsistencyCount } from '../market/replay/replay-counters.js';
import { BookRowWriter } from './book-row-writer.js';
import { choiceOption, intOption, parseArgs, UsageError } from './cli-args.js';

export const REPLAY_USAGE = `usage: slipstream replay <files...> [--format ${DATA_FORMATS.join('|')}] [--levels N] [--out FILE] [--lenient] [--json]

Rebuilds the order book from market data, event by event. For LOBSTER, the orderbook file (given,
or found beside the message file) is the reference: every row is compared with the replayed book.
  --format   force the data format instead of detecting it from names and headers
  --levels   levels compared with the reference and written by --out (default 10)
  --out      write the top N levels after every event (LOBSTER orderbook layout, no header)
  --lenient  exit 0 even when the book was inconsistent (book errors, crossed books); they are
             still counted and shown
  --json     print one JSON object instead of a summary

Exit status: 0 ok; 1 a malformed file (named with line and column), a mismatch with the reference,
or book inconsistencies without --lenient; 2 a usage error.`;

/**
 * Runs `slipstream replay`; returns the exit status: 0 ok, 1 a mismatch with the reference or
 * book inconsistencies (unless `--lenient`); malformed data throws `DataFormatError` (main: 1).
 */
export async function replayCommand(argv: readonly string[], out: (s: string) => void): Promise<number> {
  const args = parseArgs(argv, ['format', 'levels', 'out'], ['json', 'help', 'lenient']);
  const lenient = args.flags.has('lenient');
  if (args.flags.has('help')) {
    out(REPLAY_USAGE);
    return 0;
  }
  if (args.positionals.length === 0) throw new UsageError(`replay needs at least one data file\n${REPLAY_USAGE}`);
  const format = choiceOption(args, 'format', DATA_FORMATS);
  const levels = intOption(args, 'levels', 1, 200) ?? 10;
  const outPath = args.values.get('out');

  let writer: BookRowWriter | null = null;
  const replay = openReplay(args.positionals, {
    format,
    checkLevels: levels,
    // The writer is created below, before the first event is read (it needs the instrument).
    onEvent: outPath ? (_k, _ev, book) => writer!.write(book) : undefined,
  });
  try {
    if (outPath) writer = new BookRowWriter(outPath, levels, replay.info.instrument);
    const r = replay.runToEnd();
    writer?.close();
    const info = r.info;
    const rec = r.reconciliation;
    const c = r.counters;
    const inconsistencies = inconsistencyCount(c);
    const failed = (rec?.mismatches ?? 0) > 0 || (inconsistencies > 0 && !lenient);
    const summary = {
      ok: !failed,
      format: info.format,
      variant: info.variant,
      symbol: info.instrument.symbol,
      files: info.files,
      events: r.counters.events,
      trades: r.counters.trades,
      volume: r.counters.volume,
      unknownOrderEvents: r.counters.unknownOrderEvents,
      bookErrors: c.bookErrors,
      duplicateOrders: c.duplicateOrders,
      excessReductions: c.excessReductions,
      crossedBooks: c.crossedBooks,
      inconsistencies,
      firstInconsistencies: c.firstIssues,
      lenient,
      adjustments: r.adjustments,
      firstTs: formatIsoNs(info.baseEpochNs, r.firstTsNs, info.clock),
      lastTs: formatIsoNs(info.baseEpochNs, r.lastTsNs, info.clock),
      clock: info.clock,
      reference: rec ? 'lobster-orderbook' : null,
      checkedRows: rec?.checkedRows ?? 0,
      checkedLevels: rec?.checkedLevels ?? 0,
      mismatches: rec?.mismatches ?? 0,
      mismatchedLevels: rec?.mismatchedLevels ?? 0,
      syncedLevels: rec?.syncedLevels ?? 0,
      firstMismatches: rec?.firstMismatches ?? [],
      levels,
      out: outPath ?? null,
      elapsedMs: Math.round(r.elapsedMs * 1000) / 1000,
      eventsPerSec: r.elapsedMs > 0 ? Math.round(r.counters.events / (r.elapsedMs / 1000)) : 0,
    };
    if (args.flags.has('json')) {
      out(JSON.stringify(summary));
    } else {
      out(`${summary.format} ${summary.variant} ${summary.symbol}: ${summary.events.toLocaleString('en-US')} events, ${summary.trades.toLocaleString('en-US')} trades, ${summary.firstTs} .. ${summary.lastTs}`);
      out(`unknown-order events ${summary.unknownOrderEvents}, book errors ${summary.bookErrors} (duplicate orders ${c.duplicateOrders}, excess reductions ${c.excessReductions}), crossed books ${summary.crossedBooks}`);
      for (const m of c.firstIssues) out(`  inconsistency: ${m}`);
      const a = r.adjustments;
      const notes = [
        a.roundedTimestamps > 0 ? `${a.roundedTimestamps} timestamps with more than 9 decimals rounded to the nanosecond` : '',
        a.roundedNumbers > 0 ? `${a.roundedNumbers} numbers with float noise rounded to the nearest unit` : '',
        a.reorderedTimestamps > 0 ? `${a.reorderedTimestamps} exchange timestamps slightly out of order (kept)` : '',
        a.staleUpdates > 0 ? `${a.staleUpdates} diff rows already in the snapshot skipped` : '',
      ].filter((s) => s !== '');
      if (notes.length > 0) out(`accepted: ${notes.join('; ')}`);
      if (rec) out(`reference check: ${summary.checkedRows.toLocaleString('en-US')} rows, ${summary.checkedLevels.toLocaleString('en-US')} levels, ${summary.mismatches} mismatching rows, ${summary.syncedLevels} levels taken from the file`);
      for (const m of summary.firstMismatches) out(`  mismatch: ${m}`);
      out(`${summary.elapsedMs.toFixed(1)} ms, ${summary.eventsPerSec.toLocaleString('en-US')} events/s${outPath ? `, wrote ${outPath}` : ''}`);
    }
    if (inconsistencies > 0 && !lenient && !args.flags.has('json')) {
      out(`error: the book was inconsistent ${inconsistencies} times (book errors ${c.bookErrors}, crossed books ${c.crossedBooks})${c.firstIssues[0] ? `, first at ${c.firstIssues[0]}` : ''}; pass --lenient to accept`);
    }
    return failed ? 1 : 0;
  } finally {
    replay.close();
  }
}
