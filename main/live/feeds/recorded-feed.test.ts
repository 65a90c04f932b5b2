import { describe, expect, it } from 'vitest';
import type { DepthBuffers } from '../../market/book/book-types.js';
import { openReader } from '../../market/readers/open-reader.js';
import { openReplay } from '../../market/replay/open-replay.js';
import { RecordedFeed } from './recorded-feed.js';

const DIR = '../shared/data/lobster';
const MSFT = [`${DIR}/MSFT_2012-06-21_34200000_37800000_message_50.csv`, `${DIR}/MSFT_2012-06-21_34200000_37800000_orderbook_50.csv`];

/** Event times of the message file, read independently of the feed. */
function eventTimes(files: readonly string[]): number[] {
  const { reader } = openReader(files);
  const ts: number[] = [];
  try {
    for (let ev = reader.next(); ev !== null; ev = reader.next()) ts.push(ev.tsNs);
  } finally {
    reader.close();
  }
  return ts;
}

const top = (b: { depth(n: number, out: DepthBuffers): [number, number] }) => {
  const n = 10;
  const o: DepthBuffers = { bidPrice: new Float64Array(n), bidSize: new Float64Array(n), askPrice: new Float64Array(n), askSize: new Float64Array(n) };
  b.depth(n, o);
  return [...o.bidPrice, ...o.bidSize, ...o.askPrice, ...o.askSize].join(',');
};

describe('RecordedFeed: a recorded day at wall-clock speed', () => {
  it('applies exactly the events due by the clock (× speed), in order, and ends with the replayed book', async () => {
    const ts = eventTimes(MSFT);
    let now = 1_000_000;
    const feed = new RecordedFeed({ files: MSFT, speed: 20, clock: { nowMs: () => now }, periodMs: 0 });
    let batches = 0;
    feed.onUpdate(() => batches++);
    await feed.start();
    const due = (ms: number) => ts.filter((t) => t <= ts[0]! + ms * 1e6 * 20).length;
    expect(feed.position.events).toBe(due(0));
    for (const ms of [1, 50, 500, 2000, 2001, 30_000]) {
      now = 1_000_000 + ms;
      feed.pump();
      expect(feed.position.events, `at ${ms} ms`).toBe(due(ms));
    }
    expect(feed.state).toBe(due(30_000) < ts.length ? 'live' : 'ended');
    now += 3600 * 1000; // past the end of the recording
    feed.pump();
    expect(feed.position.events).toBe(ts.length);
    expect(feed.state).toBe('ended');
    expect(batches).toBeGreaterThanOrEqual(3); // one per pump that applied something
    const b = openReplay(MSFT);
    try {
      b.runToEnd();
      expect(top(feed.book)).toBe(top(b.book));
    } finally {
      b.close();
    }
  });

  it('refuses a bad speed and fails start() on a missing file, naming it', async () => {
    expect(() => new RecordedFeed({ files: MSFT, speed: 0 })).toThrow(/speed/);
    await expect(new RecordedFeed({ files: [`${DIR}/nope.csv`] }).start()).rejects.toThrow(/nope\.csv/);
  });
});
