/**
 * Issue #7 item 5: book inconsistencies are counted with their first example lines, and the real
 * sample files of every format show none (no false alarms).
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DATABENTO_MBO_COLUMNS } from '../readers/databento-mbo-reader.js';
import { openReader } from '../readers/open-reader.js';
import { dataPath, tempFile } from '../readers/test-support.js';
import { openReplay } from './open-replay.js';
import { inconsistencyCount } from './replay-counters.js';
import { runReplay } from './replay-runner.js';

const replay = (files: string[]) => {
  const b = openReplay(files);
  try {
    return b.runToEnd();
  } finally {
    b.close();
  }
};

describe('L3 inconsistencies', () => {
  it('counts duplicate ids, excess cancels and executions with their lines; orders from before the data are not errors', () => {
    const p = tempFile('INC_2012-06-21_34200000_57600000_message_1.csv', [
      '34200.1,1,5,100,2238100,1', // add 5
      '34200.2,1,5,100,2238200,1', // add 5 again: duplicate
      '34200.3,2,5,150,2238100,1', // cancel 150 of 100: excess
      '34200.4,1,6,100,2238300,-1',
      '34200.5,4,6,300,2238300,-1', // execute 300 of 100: excess
      '34200.6,3,77,50,2238000,1', // delete of an order from before the file: unknown, fine
      '34200.7,5,0,10,2238500,-1', // hidden execution: never in the book, fine
    ].join('\n'));
    const r = runReplay(openReader([p]).reader);
    expect(r.counters).toMatchObject({ bookErrors: 3, duplicateOrders: 1, excessReductions: 2, crossedBooks: 0, unknownOrderEvents: 1 });
    expect(r.counters.firstIssues).toEqual([
      'line 2: add of order 5, which is already resting (DuplicateOrder)',
      'line 3: cancel of 150 from order 5, more than it holds (ExceedsRemaining)',
      'line 5: execution of 300 from order 6, more than it holds (ExceedsRemaining)',
    ]);
    expect(inconsistencyCount(r.counters)).toBe(3);
  });

  it('counts a crossed Databento book after a complete batch (F_LAST) and keeps only the first 10 examples', () => {
    const row = (i: number, side: string, px: string) =>
      `2025-07-17T08:05:03.${String(100 + i).padStart(9, '0')}Z,2025-07-17T08:05:03.${String(100 + i).padStart(9, '0')}Z,160,2,1108,A,${side},${px},100,0,${1000 + i},130,0,${i},ARL`;
    const rows = [row(0, 'B', '5.60'), row(1, 'A', '5.50')];
    for (let i = 2; i < 14; i++) rows.push(row(i, 'B', '5.55'));
    const r = runReplay(openReader([tempFile('inc_mbo.csv', [DATABENTO_MBO_COLUMNS.join(','), ...rows].join('\n'))]).reader);
    expect(r.counters.crossedBooks).toBe(13);
    expect(r.counters.firstIssues).toHaveLength(10);
    expect(r.counters.firstIssues[0]).toBe('line 3: book crossed after this batch: best bid 56000 >= best ask 55000');
  });
});

describe('L2 inconsistencies', () => {
  it('counts a crossed snapshot of an L2 feed', () => {
    const H = 'exchange,symbol,timestamp,local_timestamp,asks[0].price,asks[0].amount,bids[0].price,bids[0].amount';
    const p = tempFile('inc_snap.csv', `${H}\nb,BTCUSDT,1598918403696000,1598918403810979,100.5,1,100.0,1\nb,BTCUSDT,1598918403697000,1598918403810980,100.5,1,101.0,1\n`);
    const r = runReplay(openReader([p]).reader);
    expect(r.counters.crossedBooks).toBe(1);
    expect(r.counters.firstIssues).toEqual(['line 3: book crossed after this batch: best bid 10100000000 >= best ask 10050000000']);
  });
});

describe('the real sample files', () => {
  const files = [
    ['lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv'], ['lobster/MSFT_2012-06-21_34200000_37800000_message_50.csv'],
    ['databento/ARL_XNAS_mbo_2025-07-17_head1500.csv'], ['binance/BTCUSDT_depth10_20230109.jsonl.gz'],
    ['binance/btcusdt-depth-snap.csv'], ['binance/btcusdt-depth-update.csv'],
    ['bars/btc-perp-20211231-20220201_1m.csv'], ['bars/6EH4.XCME_1min_bars_20240101_20240131.csv.gz'],
    ...readdirSync(dataPath('tardis')).filter((f) => f.endsWith('.csv')).map((f) => [`tardis/${f}`]),
  ];
  for (const [f] of files) {
    it(`${f}: no inconsistency, nothing adjusted, LOBSTER matches its orderbook file`, () => {
      const r = replay([dataPath(f!)]);
      expect(r.counters.events).toBeGreaterThan(0);
      expect(inconsistencyCount(r.counters)).toBe(0);
      expect(r.counters.firstIssues).toEqual([]);
      expect(r.adjustments).toEqual({ roundedTimestamps: 0, roundedNumbers: 0, reorderedTimestamps: 0, staleUpdates: 0 });
      if (f!.startsWith('lobster/')) expect(r.reconciliation?.mismatches).toBe(0);
    });
  }
});
