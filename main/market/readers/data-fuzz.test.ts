/**
 * Seeded, bounded fuzzing of every reader (issue #7): real sample files and synthetic ones are
 * mutated (truncated, bytes flipped, columns swapped, huge numbers, blank lines, lines moved...)
 * and replayed. Each run must either succeed with sane events or throw a `DataFormatError` naming
 * the file, line and column: never another exception, never a hang (the runs are bounded by file
 * size and the test timeout), never silent garbage (NaN, fractions, impossible values in events).
 * Same seed, same mutations: a failure prints the seed and the mutation to replay it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { EventKind, type MarketEvent } from '../events/market-event.js';
import { openReplay } from '../replay/open-replay.js';
import type { DataFormat } from './reader.js';
import { DataFormatError } from './reader.js';
import { dataPath } from './test-support.js';

/** mulberry32: a small seeded PRNG (tests only; the engine has its own). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const dir = mkdtempSync(join(tmpdir(), 'slipstream-fuzz-'));

/** A file to fuzz: its name (which decides LOBSTER detection), content, and the forced format. */
interface Base {
  readonly name: string;
  readonly text: string;
  readonly format: DataFormat;
  /** LOBSTER: the orderbook file written beside the message file, unmutated or mutated too. */
  readonly book?: { name: string; text: string };
  readonly gz?: boolean;
}

const head = (rel: string, lines: number) => {
  const raw = readFileSync(dataPath(rel));
  const text = (rel.endsWith('.gz') ? gunzipSync(raw) : raw).toString('latin1');
  return text.split('\n').slice(0, lines).join('\n') + '\n';
};

function syntheticLobster(seed: number, rows: number): string {
  const r = rng(seed);
  let t = 34_200_000_000_000;
  const live: number[] = [];
  const out: string[] = [];
  for (let i = 0; i < rows; i++) {
    t += Math.floor(r() * 5e6);
    const sec = `${Math.floor(t / 1e9)}.${String(t % 1e9).padStart(9, '0')}`;
    const dir = r() < 0.5 ? 1 : -1;
    const px = 2_238_000 + (dir === 1 ? -1 : 1) * 100 * (1 + Math.floor(r() * 5));
    if (live.length === 0 || r() < 0.5) {
      const id = 1000 + i;
      live.push(id);
      out.push(`${sec},1,${id},${1 + Math.floor(r() * 500)},${px},${dir}`);
    } else {
      const id = live.splice(Math.floor(r() * live.length), 1)[0]!;
      out.push(`${sec},3,${id},1,${px},${dir}`);
    }
  }
  return out.join(r() < 0.5 ? '\n' : '\r\n') + '\n';
}

const LOB_STEM = 'FZ_2012-06-21_34200000_57600000';
const BASES: Base[] = [
  {
    name: `${LOB_STEM}_message_1.csv`, text: head('lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv', 300), format: 'lobster',
    book: { name: `${LOB_STEM}_orderbook_1.csv`, text: head('lobster/AMZN_2012-06-21_34200000_57600000_orderbook_1.csv', 300) },
  },
  {
    name: 'FZ_2012-06-21_34200000_37800000_message_50.csv', text: head('lobster/MSFT_2012-06-21_34200000_37800000_message_50.csv', 60), format: 'lobster',
    book: { name: 'FZ_2012-06-21_34200000_37800000_orderbook_50.csv', text: head('lobster/MSFT_2012-06-21_34200000_37800000_orderbook_50.csv', 60) },
  },
  { name: 'SYN_2020-01-02_34200000_57600000_message_5.csv', text: syntheticLobster(7, 300), format: 'lobster' },
  { name: 'ARL_XNAS_mbo_fuzz.csv', text: head('databento/ARL_XNAS_mbo_2025-07-17_head1500.csv', 300), format: 'databento-mbo' },
  { name: 'btcusdt-depth-snap.csv', text: head('binance/btcusdt-depth-snap.csv', 101), format: 'binance-depth' },
  { name: 'btcusdt-depth-update.csv', text: head('binance/btcusdt-depth-update.csv', 101), format: 'binance-depth' },
  { name: 'BTCUSDT_depth10_fuzz.jsonl', text: head('binance/BTCUSDT_depth10_20230109.jsonl.gz', 40), format: 'binance-depth' },
  { name: 'BTCUSDT_depth10_fuzz.jsonl.gz', text: head('binance/BTCUSDT_depth10_20230109.jsonl.gz', 20), format: 'binance-depth', gz: true },
  { name: 'btc-perp_fuzz_1m.csv', text: head('bars/btc-perp-20211231-20220201_1m.csv', 300), format: 'bars' },
  { name: '6EH4.XCME_fuzz.csv.gz', text: head('bars/6EH4.XCME_1min_bars_20240101_20240131.csv.gz', 200), format: 'bars', gz: true },
  ...['binance-futures_book_snapshot_5_BTCUSDT.csv', 'bitmex_trades_XBTUSD.csv', 'deribit_incremental_book_L2_BTC-PERPETUAL.csv', 'huobi-dm-swap_quotes_BTC-USD.csv', 'binance-futures_book_snapshot_25_BTCUSDT.csv']
    .map((f): Base => ({ name: `fz_${f}`, text: head(`tardis/${f}`, 30), format: 'tardis' })),
];

const ODD_VALUES = [
  '99999999999999999999', '9007199254740993', '-9007199254740993', '1e308', '1e-308', '-0', '0', 'NaN', 'Infinity', '-1',
  '1.5e3', '+7', '""', '"5"', '0x10', '1,2', '', ' ', '9999999999', '-9999999999', '35821.088778456004', '1.0000000000000002',
];
const ODD_BYTES = ',.-+e"\r\n 09\t';

/** One random mutation of `text` (latin1, so every byte is kept); returns its description too. */
function mutate(text: string, r: () => number): [string, string] {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
  const at = () => Math.floor(r() * (text.length + 1));
  const lines = text.split('\n');
  const li = Math.floor(r() * lines.length);
  switch (Math.floor(r() * 9)) {
    case 0: {
      const n = at();
      return [text.slice(0, n), `truncate at ${n}`];
    }
    case 1: {
      const n = at();
      const b = String.fromCharCode(Math.floor(r() * 256));
      return [text.slice(0, n) + b + text.slice(n + 1), `byte ${n} = ${b.charCodeAt(0)}`];
    }
    case 2: {
      const n = at();
      const b = pick([...ODD_BYTES]);
      return [text.slice(0, n) + b + text.slice(n), `insert ${JSON.stringify(b)} at ${n}`];
    }
    case 3: {
      const f = lines[li]!.split(',');
      const i = Math.floor(r() * f.length);
      const j = Math.floor(r() * f.length);
      [f[i], f[j]] = [f[j]!, f[i]!];
      lines[li] = f.join(',');
      return [lines.join('\n'), `line ${li + 1}: swap columns ${i + 1} and ${j + 1}`];
    }
    case 4: {
      const f = lines[li]!.split(',');
      const i = Math.floor(r() * f.length);
      const v = pick(ODD_VALUES);
      f[i] = v;
      lines[li] = f.join(',');
      return [lines.join('\n'), `line ${li + 1}: column ${i + 1} = ${JSON.stringify(v)}`];
    }
    case 5: {
      const blank = pick(['', '', ' ', '\r', '\t \r']);
      lines.splice(li, 0, blank, blank);
      return [lines.join('\n'), `blank lines before ${li + 1}`];
    }
    case 6: {
      const lj = Math.floor(r() * lines.length);
      [lines[li], lines[lj]] = [lines[lj]!, lines[li]!];
      return [lines.join('\n'), `swap lines ${li + 1} and ${lj + 1}`];
    }
    case 7: {
      if (r() < 0.5) lines.splice(li, 1);
      else lines.splice(li, 0, lines[li]!);
      return [lines.join('\n'), `delete or duplicate line ${li + 1}`];
    }
    default:
      return [lines.slice(0, li).join('\n'), `keep ${li} lines`];
  }
}

const isInt = (x: number) => Number.isFinite(x) && Math.floor(x) === x;

/** What every event of a successful read must satisfy: no NaN, no fraction, nothing impossible. */
function checkEvent(e: MarketEvent, where: string): void {
  const bad = (what: string) => { throw new Error(`${where}: silent garbage: ${what} in ${JSON.stringify(e)}`); };
  if (!isInt(e.tsNs)) bad('tsNs');
  if (!(e.line >= 1)) bad('line');
  if (e.side !== -1 && e.side !== 0 && e.side !== 1) bad('side');
  switch (e.kind) {
    case EventKind.Add: case EventKind.Cancel: case EventKind.Delete: case EventKind.Execute: case EventKind.Modify:
      if (!isInt(e.priceUnits) || !isInt(e.size) || e.size < 0 || !isInt(e.orderId)) bad('order fields');
      if (e.kind === EventKind.Add && (e.size <= 0 || e.side === 0)) bad('add');
      break;
    case EventKind.Trade: case EventKind.Cross: case EventKind.Fill:
      if (!isInt(e.priceUnits) || !isInt(e.size) || e.size < 0) bad('trade fields');
      break;
    case EventKind.Level:
      if (!isInt(e.priceUnits) || e.priceUnits <= 0 || !isInt(e.size) || e.size < 0 || e.side === 0) bad('level');
      break;
    case EventKind.Quote:
      for (const [p, s] of [[e.priceUnits, e.size], [e.price2Units, e.size2]] as const) {
        if (!(Number.isNaN(p) || (isInt(p) && p > 0)) || !isInt(s) || s < 0) bad('quote');
      }
      break;
    case EventKind.Bar:
      if (![e.priceUnits, e.highUnits, e.lowUnits, e.closeUnits, e.size].every(isInt) || e.size < 0) bad('bar numbers');
      if (e.lowUnits > Math.min(e.priceUnits, e.closeUnits) || e.highUnits < Math.max(e.priceUnits, e.closeUnits)) bad('bar OHLC');
      break;
    case EventKind.Status:
      if (![-1, 0, 1].includes(e.status)) bad('status');
      break;
    case EventKind.Clear: case EventKind.None:
      break;
    default:
      bad('kind');
  }
}

/** Replays one (possibly mutated) input: ok, or a DataFormatError that names file, line, column. */
function runOne(base: Base, text: string, book: string | undefined, where: string): 'ok' | 'error' {
  const path = join(dir, base.name);
  writeFileSync(path, base.gz ? gzipSync(Buffer.from(text, 'latin1')) : Buffer.from(text, 'latin1'));
  if (base.book) writeFileSync(join(dir, base.book.name), Buffer.from(book ?? base.book.text, 'latin1'));
  let events = 0;
  try {
    const replay = openReplay([path], {
      format: base.format,
      onEvent: (_k, ev) => {
        checkEvent(ev, where);
        events++;
      },
    });
    try {
      const r = replay.runToEnd();
      expect(r.counters.events, where).toBe(events);
      for (const c of [r.counters.bookErrors, r.counters.crossedBooks, r.counters.unknownOrderEvents]) expect(isInt(c) && c >= 0, where).toBe(true);
    } finally {
      replay.close();
    }
    return 'ok';
  } catch (e) {
    if (!(e instanceof DataFormatError)) throw new Error(`${where}: ${(e as Error)?.name}: ${(e as Error)?.message}`, { cause: e });
    const names = [base.name, base.book?.name];
    if (!names.includes(e.file)) throw new Error(`${where}: error names ${e.file}`, { cause: e });
    const gzipError = e.field === '(gzip)';
    if (!gzipError && !(e.line >= 1 && e.column >= 1)) throw new Error(`${where}: no line/column in ${e.message}`, { cause: e });
    expect(e.message, where).toContain(`${e.file}:${e.line}: column ${e.column} (${e.field}): expected `);
    return 'error';
  }
}

describe('data-file fuzzing (seeded, bounded)', () => {
  for (const base of BASES) {
    it(`${base.name}: every mutation is read sanely or refused with file, line and column`, () => {
      expect(runOne(base, base.text, undefined, `${base.name} unmutated`)).toBe('ok');
      const seed = [...base.name].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0, 2166136261);
      const r = rng(seed);
      const tally = { ok: 0, error: 0 };
      for (let i = 0; i < 60; i++) {
        let text = base.text;
        let book = base.book?.text;
        const steps: string[] = [];
        const n = 1 + Math.floor(r() * 3);
        for (let k = 0; k < n; k++) {
          if (book !== undefined && r() < 0.3) {
            const [t, d] = mutate(book, r);
            book = t;
            steps.push(`orderbook: ${d}`);
          } else {
            const [t, d] = mutate(text, r);
            text = t;
            steps.push(d);
          }
        }
        tally[runOne(base, text, book, `${base.name} seed ${seed} run ${i} [${steps.join('; ')}]`)]++;
      }
      // Both outcomes occur: the mutations are neither all harmless nor all fatal.
      expect(tally.ok + tally.error).toBe(60);
      expect(tally.error).toBeGreaterThan(0);
      expect(tally.ok).toBeGreaterThan(0);
    }, 60_000);
  }

  it('flipped bytes of a gzip file are a DataFormatError naming the file', () => {
    const base = BASES.find((b) => b.gz)!;
    const gz = gzipSync(Buffer.from(base.text, 'latin1'));
    const r = rng(99);
    for (let i = 0; i < 20; i++) {
      const bytes = Buffer.from(gz);
      const k = 10 + Math.floor(r() * (bytes.length - 10));
      bytes[k] = bytes[k]! ^ (1 + Math.floor(r() * 255));
      const path = join(dir, base.name);
      writeFileSync(path, bytes);
      try {
        const rep = openReplay([path], { format: base.format, onEvent: (_k, ev) => checkEvent(ev, `gz byte ${k}`) });
        try { rep.runToEnd(); } finally { rep.close(); }
      } catch (e) {
        expect(e, `gz byte ${k}`).toBeInstanceOf(DataFormatError);
        expect((e as DataFormatError).file).toBe(basename(path));
      }
    }
  });
});
