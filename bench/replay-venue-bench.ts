/**
 * Replay-venue throughput on the LOBSTER AMZN day (57,515 input events + reconciliation
 * corrections): historical events per second while our orders trade in the day.
 *
 * Modes (each timed `runs` times after 2 warm-up runs; median and best reported):
 * - tapePlayback: the plain `TapePlayer` over the recorded tape (the floor: no venue, no scheduler);
 * - venueNoOrders: `ReplayVenue` driven by the kernel Scheduler, no orders of ours;
 * - venueTwap: a TWAP-like child-order stream — every 60 s cancel the previous child and send a
 *   100-share buy limit at the best bid of the lagged market view — with lognormal entry / ack
 *   latency, 50 µs market data, per-share fees;
 * - venueTwapWithParse: the same including parsing and reconciling the files into the tape.
 * The tape is recorded once for the first three (parsing excluded). Honesty: every TWAP run must
 * give the same OrderEvent hash (kernel EventLog), and the fills are reported.
 *
 * Run alone: `npx tsx bench/replay-venue-bench.ts [--runs N]` (prints JSON).
 */
import { sharedDataDir } from './shared-data.js';
import { EventLog } from '../main/kernel/event-log.js';
import { Rng } from '../main/kernel/rng.js';
import { Scheduler } from '../main/kernel/scheduler.js';
import type { ReaderInfo } from '../main/market/readers/reader.js';
import { EventTape } from '../main/market/replay/event-tape.js';
import { openReplay } from '../main/market/replay/open-replay.js';
import { TapePlayer } from '../main/market/replay/tape-player.js';
import { PerShareFees } from '../main/market/venue/fee-models.js';
import { ConstantLatency, LognormalLatency, PerKindLatency } from '../main/market/venue/latency-models.js';
import { ReplayVenue } from '../main/market/venue/replay-venue.js';

const FILE = `${sharedDataDir()}/lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv`;
const SEC = 1e9;

function record(): { tape: EventTape; info: ReaderInfo } {
  const tape = new EventTape(1 << 16);
  const b = openReplay([FILE], { tape });
  const info = b.runToEnd().info;
  b.close();
  return { tape, info };
}

interface TwapResult {
  hash: string;
  requests: number;
  fills: number;
  filledSize: number;
}

function runVenue(tape: EventTape, info: ReaderInfo, twap: boolean): TwapResult {
  const scheduler = new Scheduler();
  const log = new EventLog();
  const latency = new PerKindLatency({
    entry: new LognormalLatency({ medianNs: 250_000, sigma: 0.4 }),
    ack: new LognormalLatency({ medianNs: 150_000, sigma: 0.4 }),
    marketData: new ConstantLatency(50_000),
  });
  const venue = new ReplayVenue({
    tape, info, scheduler, rng: new Rng(2024), latency, log, fees: new PerShareFees({ makerPerShareUnits: -20, takerPerShareUnits: 30 }),
  });
  if (twap) {
    const view = venue.marketView(5);
    let n = 0;
    const child = (): void => {
      if (n > 0) venue.submit({ kind: 'cancel', clientOrderId: `c${n - 1}` });
      const bid = view.book.bestBid();
      if (bid === bid) venue.submit({ kind: 'new', clientOrderId: `c${n++}`, side: 1, type: 'limit', tif: 'day', size: 100, priceUnits: bid });
      if (!venue.closed) scheduler.after(60 * SEC, { fire: child });
    };
    scheduler.at(34_200 * SEC + 30 * SEC, { fire: child });
  }
  scheduler.run(Infinity);
  const s = venue.stats();
  return { hash: log.hash(), requests: s.requests, fills: s.fills, filledSize: s.filledSize };
}

function timed<T>(runs: number, fn: () => T): { ms: number[]; last: T } {
  const ms: number[] = [];
  let last!: T;
  for (let i = 0; i < runs + 2; i++) {
    const t0 = performance.now();
    last = fn();
    const dt = performance.now() - t0;
    if (i >= 2) ms.push(dt);
  }
  return { ms, last };
}

function stats(ms: number[], events: number) {
  const s = [...ms].sort((a, b) => a - b);
  const median = s[Math.floor(s.length / 2)]!;
  return {
    runs: s.length,
    medianMs: Math.round(median * 10) / 10,
    bestMs: Math.round(s[0]! * 10) / 10,
    medianEventsPerSec: Math.round(events / (median / 1000)),
    bestEventsPerSec: Math.round(events / (s[0]! / 1000)),
  };
}

export async function runReplayVenueBench(runs = 7): Promise<object> {
  const { tape, info } = record();
  const events = tape.inputCount;
  const playback = timed(runs, () => {
    const p = new TapePlayer(tape, info);
    p.advanceTo(p.total);
    return p.book.bestBid();
  });
  const noOrders = timed(runs, () => runVenue(tape, info, false));
  const hashes = new Set<string>();
  const twap = timed(runs, () => {
    const r = runVenue(tape, info, true);
    hashes.add(r.hash);
    return r;
  });
  const parse = timed(runs, () => record().tape.inputCount);
  const withParse = timed(runs, () => {
    const r = record();
    return runVenue(r.tape, r.info, true);
  });
  hashes.add(withParse.last.hash);
  if (hashes.size !== 1) throw new Error(`replay-venue bench: TWAP runs gave ${hashes.size} different OrderEvent hashes`);
  return {
    file: FILE.split('/').pop(),
    inputEvents: events,
    tapeEvents: tape.length,
    tapePlayback: stats(playback.ms, events),
    venueNoOrders: stats(noOrders.ms, events),
    venueTwap: { ...stats(twap.ms, events), requests: twap.last.requests, fills: twap.last.fills, filledSize: twap.last.filledSize, hash: twap.last.hash.slice(0, 16) },
    parseAndReconcile: stats(parse.ms, events),
    venueTwapWithParse: stats(withParse.ms, events),
  };
}
