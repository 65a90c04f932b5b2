import { sharedDataDir } from './shared-data.js';
import { EventTape } from '../main/market/replay/event-tape.js';
import { openReplay } from '../main/market/replay/open-replay.js';
import { TapePlayer } from '../main/market/replay/tape-player.js';

/**
 * LOBSTER replay throughput, parsing included: the message file is read from disk, parsed byte by
 * byte and applied to the L3 book on every iteration. Three modes per file: plain replay,
 * replay reconciled against the orderbook file (also parsed every iteration), and playback of a
 * recorded tape (what the Market screen does). Reports the median and best of N timed runs after
 * warm-up; every run's final book is checked against the first so the work cannot be skipped.
 */
const root = `${sharedDataDir()}/lobster/`;
const FILES = {
  amzn: `${root}AMZN_2012-06-21_34200000_57600000_message_1.csv`,
  msft: `${root}MSFT_2012-06-21_34200000_37800000_message_50.csv`,
};

function stats(samplesMs: number[], events: number) {
  const s = [...samplesMs].sort((a, b) => a - b);
  const median = s[Math.floor(s.length / 2)]!;
  return {
    events,
    runs: s.length,
    medianMs: round(median),
    bestMs: round(s[0]!),
    medianEventsPerSec: Math.round(events / (median / 1000)),
    bestEventsPerSec: Math.round(events / (s[0]! / 1000)),
  };
}

const round = (x: number) => Math.round(x * 1000) / 1000;

function timeRuns(runs: number, fn: () => string): { ms: number[]; checksum: string } {
  let checksum = '';
  const ms: number[] = [];
  for (let i = 0; i < runs + 3; i++) {
    const t0 = performance.now();
    const c = fn();
    const dt = performance.now() - t0;
    if (checksum === '') checksum = c;
    else if (c !== checksum) throw new Error(`replay bench: run ${i} ended in a different book (${c} vs ${checksum})`);
    if (i >= 3) ms.push(dt); // the first 3 runs warm up the JIT
  }
  return { ms, checksum };
}

function bookChecksum(book: { bestBid(): number; bestAsk(): number; levelCount(side: 1 | -1): number }, events: number): string {
  return `${events}:${book.bestBid()}:${book.bestAsk()}:${book.levelCount(1)}:${book.levelCount(-1)}`;
}

export async function runReplayBench(runs = 20): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [name, file] of Object.entries(FILES)) {
    let events = 0;
    const plain = timeRuns(runs, () => {
      const b = openReplay([file], { noReference: true });
      const r = b.runToEnd();
      b.close();
      events = r.counters.events;
      return bookChecksum(r.book, events);
    });
    let mismatches = -1;
    const reconciled = timeRuns(runs, () => {
      const b = openReplay([file]);
      const r = b.runToEnd();
      b.close();
      mismatches = r.reconciliation!.mismatches;
      return bookChecksum(r.book, r.counters.events);
    });
    const tape = new EventTape(1 << 16);
    const b = openReplay([file], { tape });
    const info = b.runToEnd().info;
    b.close();
    const playback = timeRuns(runs, () => {
      const p = new TapePlayer(tape, info);
      p.advanceTo(p.total);
      return bookChecksum(p.book, p.position);
    });
    out[name] = {
      file: file.split('/').pop(),
      replay: stats(plain.ms, events),
      replayReconciled: { ...stats(reconciled.ms, events), mismatches },
      tapePlayback: stats(playback.ms, events),
    };
  }
  return out;
}
