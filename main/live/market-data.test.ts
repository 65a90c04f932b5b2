import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { InstrumentSpec } from '../domain/instrument.js';
import { Scheduler } from '../kernel/scheduler.js';
import type { BookView, DepthBuffers } from '../market/book/book-types.js';
import { LevelBook } from '../market/book/level-book.js';
import { FixDecoder, encodeFix, type FixField, type FixMessage } from './fix/fix-codec.js';
import { MemorySeqStore } from './fix/seq-store.js';
import { FixMarketDataFeed } from './feeds/fix-md-feed.js';
import { FixGateway } from './fix-gateway.js';
import { MarketDataServer, type MdOut } from './market-data-server.js';
import { PaperVenue } from './paper-venue.js';

const INST: InstrumentSpec = { symbol: 'TEST', venue: 'X', priceDecimals: 2, sizeDecimals: 0, tickSizeUnits: 1 };

/** Encodes and decodes a message as the wire would (so the feed sees exactly what a client gets). */
function wire(msgType: string, body: readonly FixField[]): FixMessage {
  const dec = new FixDecoder();
  const r = dec.push(Buffer.from(encodeFix([[35, msgType], [49, 'V'], [56, 'C'], [34, '1'], [52, '20261203-10:00:00.000'], ...body]), 'latin1'));
  const m = r[0];
  if (m === undefined || m.ok !== true) throw new Error('round trip failed');
  return m.msg;
}

function top(b: BookView, n: number): string {
  const buf: DepthBuffers = { bidPrice: new Float64Array(n), bidSize: new Float64Array(n), askPrice: new Float64Array(n), askSize: new Float64Array(n) };
  const [nb, na] = b.depth(n, buf);
  return [...Array.from({ length: nb }, (_, i) => `b${buf.bidPrice[i]}x${buf.bidSize[i]}`), ...Array.from({ length: na }, (_, i) => `a${buf.askPrice[i]}x${buf.askSize[i]}`)].join(' ');
}

describe('FIX market data: MarketDataServer → wire → FixMarketDataFeed', () => {
  function pair(depth: number) {
    const venueBook = new LevelBook();
    const sent: MdOut[] = [];
    let feed: FixMarketDataFeed | null = null;
    const server = new MarketDataServer(venueBook, INST, (m) => {
      sent.push(m);
      feed?.onMessage(wire(m.msgType, m.body));
    });
    feed = new FixMarketDataFeed(INST, (t, body) => {
      server.onRequest(wire(t, body));
      return true;
    }, depth);
    return { venueBook, sent, server, feed };
  }

  it('snapshot then incremental refreshes keep the client book equal to the venue top N', async () => {
    const { venueBook, sent, server, feed } = pair(3);
    for (let i = 0; i < 5; i++) {
      venueBook.setLevel(1, 10000 - i, 100 + i);
      venueBook.setLevel(-1, 10001 + i, 200 + i);
    }
    await feed.start();
    expect(sent[0]!.msgType).toBe('W');
    expect(feed.state).toBe('live');
    expect(top(feed.book, 5)).toBe(top(venueBook, 3));
    // a seeded walk of changes: size changes, removals of the touch, new better levels
    let x = 12345;
    const rnd = (n: number) => ((x = (x * 1103515245 + 12345) % 2 ** 31), Math.floor(x / 65536) % n); // high bits: an LCG's low bits cycle
    for (let step = 0; step < 200; step++) {
      for (let k = 0; k < 3; k++) {
        const side = rnd(2) === 0 ? 1 : -1;
        const px = side === 1 ? 9990 + rnd(10) : 10001 + rnd(10); // never crossed, as a real venue's book
        venueBook.setLevel(side, px, rnd(4) === 0 ? 0 : 1 + rnd(500));
      }
      server.publish();
      expect(top(feed.book, 5), `step ${step}`).toBe(top(venueBook, 3));
    }
    expect(sent.filter((m) => m.msgType === 'X').length).toBeGreaterThan(50);
    const before = sent.length;
    server.publish(); // nothing changed: no message
    expect(sent.length).toBe(before);
    feed.stop();
    expect(server.subscriptions).toBe(0);
  });

  it('rejects an unknown symbol, a duplicate MDReqID and a bad subscription type with MarketDataRequestReject (Y)', async () => {
    const { server, sent } = pair(5);
    const other = new FixMarketDataFeed({ ...INST, symbol: 'NOPE' }, (t, body) => {
      server.onRequest(wire(t, body));
      return true;
    });
    const feedErr = other.start();
    // the reply went to the pair's feed callback, which ignores another MDReqID: deliver it here
    other.onMessage(wire(sent.at(-1)!.msgType, sent.at(-1)!.body));
    await expect(feedErr).rejects.toThrow(/reason 0.*unknown symbol NOPE/);
    server.onRequest(wire('V', [[262, 'A'], [263, '1'], [264, '1'], [146, '1'], [55, 'TEST']]));
    server.onRequest(wire('V', [[262, 'A'], [263, '1'], [264, '1'], [146, '1'], [55, 'TEST']]));
    expect(sent.at(-1)!.msgType).toBe('Y');
    expect(sent.at(-1)!.body).toContainEqual([281, '1']);
    server.onRequest(wire('V', [[262, 'B'], [263, '7'], [146, '1'], [55, 'TEST']]));
    expect(sent.at(-1)!.body).toContainEqual([281, '4']);
    server.onRequest(wire('V', [[262, 'C'], [263, '0'], [264, 'x'], [146, '1'], [55, 'TEST']]));
    expect(sent.at(-1)!.body).toContainEqual([281, '5']);
  });

  it('trades (MDEntryType 2) asked for: every print reaches the tape in order, never conflated; a subscription without them gets none', async () => {
    const venueBook = new LevelBook();
    venueBook.setLevel(1, 9_999, 100);
    venueBook.setLevel(-1, 10_001, 100);
    const feeds: FixMarketDataFeed[] = [];
    const server = new MarketDataServer(venueBook, INST, (m) => {
      for (const f of feeds) f.onMessage(wire(m.msgType, m.body));
    });
    const req = (t: string, body: readonly FixField[]) => {
      server.onRequest(wire(t, body));
      return true;
    };
    const withTrades = new FixMarketDataFeed(INST, req, 5, 'MD-T', { trades: true });
    const bookOnly = new FixMarketDataFeed(INST, req, 5, 'MD-B');
    feeds.push(withTrades, bookOnly);
    await withTrades.start();
    await bookOnly.start();
    expect(withTrades.tradesServed).toBe(true);
    expect(bookOnly.tradesServed).toBe(false);
    const scheduler = new Scheduler();
    const seen: Array<[number, number, number]> = [];
    const noneSeen: number[] = [];
    withTrades.tape(scheduler).onTrade((_t, px, size, aggr) => seen.push([px, size, aggr]));
    bookOnly.tape(scheduler).onTrade((_t, _px, size) => noneSeen.push(size));
    // Two prints at the same price inside one refresh interval stay two prints; the book did not change.
    server.onTrade(10_001, 30);
    server.onTrade(10_001, 30);
    server.onTrade(10_002, 5);
    server.publish();
    server.publish(); // nothing new: no trade twice
    expect(seen).toEqual([[10_001, 30, 0], [10_001, 30, 0], [10_002, 5, 0]]);
    expect(noneSeen).toEqual([]);
    expect(top(withTrades.book, 5)).toBe(top(venueBook, 5)); // trades leave the book to the book entries
  });

  it('a counterparty that never answers, or rejects the request outright (business reject, RefMsgType V), fails start() with the reason; a new start uses a fresh MDReqID', async () => {
    const ids: string[] = [];
    let feed: FixMarketDataFeed | null = null;
    let answer: 'nothing' | 'j' = 'nothing';
    feed = new FixMarketDataFeed(INST, (_t, body) => {
      ids.push(body.find(([tag]) => tag === 262)![1]);
      if (answer === 'j') feed!.onMessage(wire('j', [[45, '2'], [372, 'V'], [380, '3'], [58, 'market data not served here']]));
      return true;
    }, 5, 'MD-N', { timeoutMs: 50 });
    await expect(feed.start()).rejects.toThrow(/no snapshot within 0.05 s of the MarketDataRequest/);
    expect(feed.state).toBe('stopped');
    answer = 'j';
    await expect(feed.start()).rejects.toThrow(/rejected the MarketDataRequest \(business reject\): market data not served here/);
    expect(ids).toEqual(['MD-N', 'MD-N-1']);
  });

  it('a venue that does not serve trades (MDReqRejReason 8) is asked again for the book alone', async () => {
    const venueBook = new LevelBook();
    venueBook.setLevel(1, 9_999, 100);
    venueBook.setLevel(-1, 10_001, 100);
    const asked: string[][] = [];
    let feed: FixMarketDataFeed | null = null;
    const server = new MarketDataServer(venueBook, INST, (m) => feed?.onMessage(wire(m.msgType, m.body)));
    feed = new FixMarketDataFeed(INST, (t, body) => {
      const types = body.filter(([tag]) => tag === 269).map(([, v]) => v);
      asked.push(types);
      // A venue of bid and offer only: trades are an unsupported entry type.
      if (types.includes('2')) feed!.onMessage(wire('Y', [[262, body.find(([tag]) => tag === 262)![1]], [281, '8'], [58, 'MDEntryType 2 not served']]));
      else server.onRequest(wire(t, body));
      return true;
    }, 5, 'MD-X', { trades: true });
    await feed.start();
    expect(asked).toEqual([['0', '1', '2'], ['0', '1']]);
    expect(feed.state).toBe('live');
    expect(feed.tradesServed).toBe(false);
    expect(top(feed.book, 5)).toBe(top(venueBook, 5));
  });
});

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()!();
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('FIX market data from the paper venue through the gateway (loopback)', () => {
  it('snapshot and incremental refreshes arrive over the gateway session; an unknown symbol is rejected', async () => {
    const venue = new PaperVenue({ port: 0, scenario: 'calm', seed: 3, durationSec: 600, storeDir: null, senderCompId: 'VEN', targetCompId: 'CLI', mdIntervalMs: 20 });
    const port = await venue.listen();
    cleanup.push(() => venue.close());
    let feed: FixMarketDataFeed | null = null;
    let bad: FixMarketDataFeed | null = null;
    const gw = new FixGateway({
      host: '127.0.0.1', port, senderCompId: 'CLI', targetCompId: 'VEN', heartBtIntSec: 30, resetOnLogon: true,
      store: new MemorySeqStore(), instrument: venue.instrument, book: new LevelBook(), scheduler: new Scheduler(),
      onOtherApp: (m) => {
        feed?.onMessage(m);
        bad?.onMessage(m);
      },
    });
    await gw.connect();
    cleanup.push(() => gw.disconnect());
    feed = new FixMarketDataFeed(venue.instrument, (t, b) => gw.sendApp(t, b), 5);
    await feed.start();
    expect(feed.stats.snapshots).toBe(1);
    const afterSnapshot = feed.stats.updates;
    // the market opens empty and the agents fill it: both sides arrive by incremental refreshes
    for (let i = 0; i < 150 && !(feed.stats.updates > afterSnapshot && feed.book.levelCount(1) > 0 && feed.book.levelCount(-1) > 0); i++) await sleep(20);
    expect(feed.stats.updates).toBeGreaterThan(afterSnapshot);
    expect(feed.book.bestBid()).toBeLessThan(feed.book.bestAsk());
    expect(feed.book.levelCount(1)).toBeLessThanOrEqual(5);
    bad = new FixMarketDataFeed({ ...venue.instrument, symbol: 'ZZZZ' }, (t, b) => gw.sendApp(t, b), 5, 'MD-bad');
    await expect(bad.start()).rejects.toThrow(/unknown symbol ZZZZ/);
    expect(feed.stats.dropped).toBe(0);
  });
});

describe('paper venue on a recorded day (--data)', () => {
  it('serves the real day\'s book over FIX market data, from the day\'s first event', async () => {
    const dir = '../shared/data/lobster';
    const files = [`${dir}/AMZN_2012-06-21_34200000_57600000_message_1.csv`, `${dir}/AMZN_2012-06-21_34200000_57600000_orderbook_1.csv`];
    const venue = new PaperVenue({ port: 0, scenario: 'calm', data: files, seed: 1, durationSec: 1, storeDir: null, senderCompId: 'VEN', targetCompId: 'CLI' });
    expect(venue.instrument.symbol).toBe('AMZN');
    const port = await venue.listen();
    cleanup.push(() => venue.close());
    let feed: FixMarketDataFeed | null = null;
    const gw = new FixGateway({
      host: '127.0.0.1', port, senderCompId: 'CLI', targetCompId: 'VEN', heartBtIntSec: 30, resetOnLogon: true,
      store: new MemorySeqStore(), instrument: venue.instrument, book: new LevelBook(), scheduler: new Scheduler(),
      onOtherApp: (m) => feed?.onMessage(m),
    });
    await gw.connect();
    cleanup.push(() => gw.disconnect());
    feed = new FixMarketDataFeed(venue.instrument, (t, b) => gw.sendApp(t, b), 1);
    await feed.start();
    // The touch the feed got is one the recorded orderbook file shows in the day's first rows
    // (LOBSTER: ask price, ask size, bid price, bid size; prices in 1e-4 dollars).
    const rows = readFileSync(files[1]!, 'utf8').split('\n', 500).map((l) => l.split(',').map(Number));
    const scale = 10 ** (4 - venue.instrument.priceDecimals);
    const seen = rows.some((r) => r[0]! / scale === feed!.book.bestAsk() && r[2]! / scale === feed!.book.bestBid() && r[1] === feed!.book.sizeAt(-1, feed!.book.bestAsk()));
    expect(seen, `feed touch ${feed.book.bestBid()} / ${feed.book.bestAsk()} vs file ${rows[0]!.join(',')}`).toBe(true);
  });
});

describe('slipstream venue --data', () => {
  it('names the option on bad usage and serves a recorded day', async () => {
    const { venueCommand } = await import('../cli/venue-command.js');
    await expect(venueCommand(['--port', '0', '--data', 'x.csv', '--scenario', 'calm'], () => {})).rejects.toThrow(/--data replaces --scenario/);
    await expect(venueCommand(['--port', '0', '--data', '../shared/data/nope.csv'], () => {})).rejects.toThrow(/--data: no such file \.\.\/shared\/data\/nope\.csv/);
    await expect(venueCommand(['--port', '0', '--data', 'a.csv,b.csv'], () => {})).rejects.toThrow(/one day/);
    const lines: string[] = [];
    let stop = (): void => {};
    const stopped = new Promise<void>((r) => {
      stop = r;
    });
    const dir = '../shared/data/lobster';
    const done = venueCommand(['--port', '0', '--store', mkdtempSync(join(tmpdir(), 'venue-data-')), '--data', `${dir}/MSFT_2012-06-21_34200000_37800000_message_50.csv+${dir}/MSFT_2012-06-21_34200000_37800000_orderbook_50.csv`], (l) => {
      lines.push(l);
      if (/listening on/.test(l)) stop();
    }, () => stopped);
    expect(await done).toBe(0);
    expect(lines[0]).toMatch(/^slipstream venue: MSFT \(.*MSFT_2012-06-21_34200000_37800000_message_50\.csv\+.*\), SLIPVENUE accepting SLIPSTREAM, listening on 127\.0\.0\.1:\d+$/);
  });
});
