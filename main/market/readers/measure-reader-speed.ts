/**
 * Quick reader throughput check on the real sample files (not a test; run by hand):
 *   npx tsx main/market/readers/measure-reader-speed.ts [repeats=20]
 * Each file is parsed `repeats` times per round, best of 5 rounds; prints events/s per format.
 * Parsing only (events are counted, not replayed); .gz inflation is included for gzipped files.
 */
import { fileURLToPath } from 'node:url';
import { openReader } from './open-reader.js';

const repeats = Number(process.argv[2] ?? 20);
const data = (rel: string): string => fileURLToPath(new URL(`../../../../shared/data/${rel}`, import.meta.url));

const FILES = [
  'lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv',
  'lobster/MSFT_2012-06-21_34200000_37800000_message_50.csv',
  'databento/ARL_XNAS_mbo_2025-07-17_head1500.csv',
  'binance/BTCUSDT_depth10_20230109.jsonl.gz',
  'binance/btcusdt-depth-update.csv',
  'tardis/deribit_incremental_book_L2_BTC-PERPETUAL.csv',
  'tardis/binance-futures_book_snapshot_25_BTCUSDT.csv',
  'bars/btc-perp-20211231-20220201_1m.csv',
  'bars/6EH4.XCME_1min_bars_20240101_20240131.csv.gz',
];

/**
 * The sample files range from 15 to 490k events; a small one is parsed as many times as it takes
 * to reach 50k events per repeat (its lines cannot simply be repeated into a bigger file: readers
 * refuse timestamps that go backwards), so tiny files also measure the cost of opening them.
 */
function timesFor(events: number): number {
  return Math.max(1, Math.ceil(50_000 / Math.max(1, events)));
}

/** Parses the file once; returns the number of events (and folds a checksum so nothing is dead code). */
function once(path: string): [number, number] {
  const { reader } = openReader([path]);
  let n = 0;
  let sum = 0;
  for (let e = reader.next(); e; e = reader.next()) {
    n++;
    sum += e.size;
  }
  reader.close();
  return [n, sum];
}

for (const rel of FILES) {
  const path = data(rel);
  const [events] = once(path);
  const times = timesFor(events);
  // Best of 5 rounds of `repeats` parses: the first rounds include JIT warm-up.
  let best = 0;
  for (let round = 0; round < 5; round++) {
    const t0 = process.hrtime.bigint();
    let total = 0;
    for (let r = 0; r < repeats * times; r++) total += once(path)[0];
    const s = Number(process.hrtime.bigint() - t0) / 1e9;
    best = Math.max(best, total / s);
  }
  console.log(`${rel.padEnd(58)} ${String(events).padStart(7)} events: ${(best / 1e6).toFixed(2).padStart(6)} M events/s`);
}
