import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LobsterMessageReader } from '../readers/lobster-message-reader.js';
import { openLobsterOrderbook } from '../readers/lobster-orderbook-reader.js';
import type { DepthBuffers } from '../book/book-types.js';
import { EventTape } from './event-tape.js';
import { ReplayBuilder, runReplay } from './replay-runner.js';
import { TapePlayer } from './tape-player.js';

const data = (p: string) => fileURLToPath(new URL(`../../../../shared/data/${p}`, import.meta.url));
const AMZN = data('lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv');
const AMZN_BOOK = data('lobster/AMZN_2012-06-21_34200000_57600000_orderbook_1.csv');
const MSFT = data('lobster/MSFT_2012-06-21_34200000_37800000_message_50.csv');
const MSFT_BOOK = data('lobster/MSFT_2012-06-21_34200000_37800000_orderbook_50.csv');

function buffers(n: number): DepthBuffers {
  return { bidPrice: new Float64Array(n), bidSize: new Float64Array(n), askPrice: new Float64Array(n), askSize: new Float64Array(n) };
}

describe('LOBSTER replay reconciles with the orderbook file', () => {
  it('AMZN level 1, full day: 0 mismatches on every row', () => {
    const r = runReplay(new LobsterMessageReader(AMZN), { reference: openLobsterOrderbook(AMZN_BOOK) });
    expect(r.counters.events).toBe(57_515);
    expect(r.reconciliation!.checkedRows).toBe(57_515);
    expect(r.reconciliation!.checkedLevels).toBe(2 * 57_515);
    expect(r.reconciliation!.firstMismatches).toEqual([]);
    expect(r.reconciliation!.mismatches).toBe(0);
    expect(r.counters.bookErrors).toBe(0);
    // Executions of visible (type 4) and hidden (type 5) orders.
    expect(r.counters.trades).toBe(8_974 + 2_445);
    expect(r.counters.unknownOrderEvents).toBeGreaterThan(0);
  });

  it('MSFT level 50: 0 mismatches on levels 1-10 and on all 50 levels', () => {
    for (const checkLevels of [10, 50]) {
      const r = runReplay(new LobsterMessageReader(MSFT), { reference: openLobsterOrderbook(MSFT_BOOK), checkLevels });
      expect(r.reconciliation!.checkedRows).toBe(1_000);
      expect(r.reconciliation!.checkedLevels).toBe(1_000 * 2 * checkLevels);
      expect(r.reconciliation!.mismatches).toBe(0);
      expect(r.counters.bookErrors).toBe(0);
    }
  });

  it('detects a corrupted message as a mismatch (the check can fail)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'slip-replay-'));
    const lines = readFileSync(MSFT, 'utf8').split('\n');
    // Line 6 is an add at the touch; change its size so the book disagrees with the file.
    const f = lines[5]!.split(',');
    expect(f[1]).toBe('1');
    f[3] = String(Number(f[3]) + 7);
    lines[5] = f.join(',');
    const bad = join(dir, 'MSFT_2012-06-21_34200000_37800000_message_50.csv');
    writeFileSync(bad, lines.join('\n'));
    const r = runReplay(new LobsterMessageReader(bad), { reference: openLobsterOrderbook(MSFT_BOOK) });
    expect(r.reconciliation!.mismatches).toBeGreaterThan(0);
    expect(r.reconciliation!.firstMismatches[0]).toMatch(/^row 6, (bid|ask) \d+: book \d+, file \d+$/);
  });

  it('names the files when the orderbook and message files differ in length', () => {
    const dir = mkdtempSync(join(tmpdir(), 'slip-replay-'));
    const short = join(dir, 'MSFT_2012-06-21_34200000_37800000_orderbook_50.csv');
    writeFileSync(short, readFileSync(MSFT_BOOK, 'utf8').split('\n').slice(0, 500).join('\n') + '\n');
    expect(() => runReplay(new LobsterMessageReader(MSFT), { reference: openLobsterOrderbook(short) }))
      .toThrow(/orderbook_50\.csv:501: column 1 \(AskPrice1\): expected a row for message line 501 .*found "end of file"/);
  });
});

describe('tape playback', () => {
  it('reproduces the reconciled book at every event, forwards and after seeking back', () => {
    const tape = new EventTape();
    const b = new ReplayBuilder(new LobsterMessageReader(MSFT), { reference: openLobsterOrderbook(MSFT_BOOK), tape });
    const n = 10;
    const expected: string[] = [];
    const buf = buffers(n);
    const snap = (book: { depth(n: number, out: DepthBuffers): [number, number] }) => {
      const [nb, na] = book.depth(n, buf);
      return `${Array.from(buf.bidPrice.subarray(0, nb))}|${Array.from(buf.bidSize.subarray(0, nb))}|${Array.from(buf.askPrice.subarray(0, na))}|${Array.from(buf.askSize.subarray(0, na))}`;
    };
    const ref = openLobsterOrderbook(MSFT_BOOK);
    const rows: string[] = [];
    for (let row = ref.next(); row; row = ref.next()) {
      const bids: number[] = [], bidSizes: number[] = [], asks: number[] = [], askSizes: number[] = [];
      for (let j = 0; j < n; j++) {
        if (row[4 * j + 1]! > 0) { asks.push(row[4 * j]!); askSizes.push(row[4 * j + 1]!); }
        if (row[4 * j + 3]! > 0) { bids.push(row[4 * j + 2]!); bidSizes.push(row[4 * j + 3]!); }
      }
      rows.push(`${bids}|${bidSizes}|${asks}|${askSizes}`);
    }
    b.runToEnd();
    expect(tape.inputCount).toBe(1_000);
    const player = new TapePlayer(tape, b.info);
    player.advanceTo(1_000, (k, _ev, book) => expected.push(snap(book)) && void k);
    expect(expected).toEqual(rows);
    player.seek(137);
    expect(player.position).toBe(137);
    expect(snap(player.book)).toBe(rows[136]);
    player.seek(999);
    expect(snap(player.book)).toBe(rows[998]);
  });
});
