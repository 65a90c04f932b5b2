import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { PaperVenue } from '../live/paper-venue.js';
import { liveCommand } from './live-command.js';
import { venueCommand } from './venue-command.js';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()!();
});
const never = new Promise<void>(() => {});

/** `slipstream venue` in-process (the command itself, not the class), on a free port. */
async function startVenueCommand(extra: string[] = []): Promise<number> {
  let stop = (): void => {};
  const stopped = new Promise<void>((r) => {
    stop = r;
  });
  let listening: (p: number) => void = () => {};
  const port = new Promise<number>((r) => {
    listening = r;
  });
  const done = venueCommand(['--port', '0', '--store', mkdtempSync(join(tmpdir(), 'live-venue-')), '--seed', '5', '--duration', '600', '--sender', 'VEN', '--target', 'CLI', ...extra], (l) => {
    const m = /listening on 127\.0\.0\.1:(\d+)/.exec(l);
    if (m !== null) listening(Number(m[1]));
  }, () => stopped);
  cleanup.push(async () => {
    stop();
    await done;
  });
  return port;
}

const base = (port: number) => ['--fix-host', '127.0.0.1', '--fix-port', String(port), '--sender', 'CLI', '--target', 'VEN', '--side', 'buy', '--json'];

describe('slipstream live', () => {
  it('names the option and its limit on bad usage', async () => {
    const b = [...base(1), '--symbol', 'X', '--qty', '10', '--horizon', '5'];
    await expect(liveCommand([...b, '--strategy', 'vwap'], () => {}, never)).rejects.toThrow(/vwap needs prices: give --md/);
    await expect(liveCommand([...b, '--strategy', 'pov', '--md', 'binance:http://127.0.0.1:1/s,ws://127.0.0.1:1/d'], () => {}, never)).rejects.toThrow(/pov needs the market's trades/);
    await expect(liveCommand([...b, '--strategy', 'ac', '--md', 'fix'], () => {}, never)).rejects.toThrow(/--ac-sigma and --ac-eta/);
    await expect(liveCommand([...b, '--strategy', 'twap'], () => {}, never)).rejects.toThrow(/--ref-price is required without --md/);
    await expect(liveCommand([...b, '--strategy', 'twap:x'], () => {}, never)).rejects.toThrow(/--strategy must be/);
    const fractional = [...base(1), '--symbol', 'X', '--qty', '1.5', '--horizon', '5', '--strategy', 'twap', '--ref-price', '10'];
    await expect(liveCommand(fractional, () => {}, never)).rejects.toThrow(/--qty must be a positive decimal with at most 0 decimals/);
    await expect(liveCommand([...b, '--strategy', 'twap', '--md', 'kafka:x'], () => {}, never)).rejects.toThrow(/--md must be/);
  });

  it('works a TWAP with market orders and no feed through `slipstream venue` (all filled, no reject, logon and logout)', async () => {
    const port = await startVenueCommand(['--symbol', 'SIM']);
    const lines: string[] = [];
    const code = await liveCommand([...base(port), '--symbol', 'SIM', '--qty', '300', '--strategy', 'twap', '--slices', '3', '--horizon', '1.5', '--ref-price', '100'], (l) => lines.push(l), never);
    expect(code).toBe(0);
    const s = JSON.parse(lines.at(-1)!) as { filledQty: string; avgPrice: string | null; childOrders: number; rejects: number; sessionEvents: string[]; stillOpen: number; feed: string | null };
    expect(s.filledQty, lines.join('\n')).toBe('300'); // market IOCs in a calm, liquid book
    expect(s.childOrders).toBeGreaterThanOrEqual(3);
    expect(s.rejects).toBe(0);
    expect(s.stillOpen).toBe(0);
    expect(s.feed).toBeNull();
    expect(Number(s.avgPrice)).toBeGreaterThan(0);
    expect(s.sessionEvents[0]).toBe('logon');
    expect(s.sessionEvents).toContain('logout');
    // A second run against the same venue: its ClOrdIDs are new (they were "L-1"… every run, rejected as duplicates).
    const again: string[] = [];
    expect(await liveCommand([...base(port), '--symbol', 'SIM', '--qty', '200', '--strategy', 'twap', '--slices', '2', '--horizon', '1', '--ref-price', '100'], (l) => again.push(l), never)).toBe(0);
    const s2 = JSON.parse(again.at(-1)!) as { filledQty: string; rejects: number };
    expect(s2.rejects, again.join('\n')).toBe(0);
    expect(s2.filledQty).toBe('200');
  });

  it('with FIX market data, an interrupt cancels the open children and logs out (exit 130)', async () => {
    const venue = new PaperVenue({ port: 0, scenario: 'calm', seed: 9, durationSec: 600, storeDir: null, senderCompId: 'VEN', targetCompId: 'CLI' });
    const port = await venue.listen();
    cleanup.push(() => venue.close());
    let interrupt = (): void => {};
    const interrupted = new Promise<void>((r) => {
      interrupt = r;
    });
    const lines: string[] = [];
    const run = liveCommand([...base(port), '--symbol', venue.instrument.symbol, '--qty', '40000', '--strategy', 'twap', '--slices', '4', '--horizon', '60', '--md', 'fix'], (l) => lines.push(l), interrupted);
    // Passive children rest at our touch: wait until the venue has acknowledged some, then Ctrl-C.
    for (let i = 0; i < 200 && venue.events.filter((e) => e.type === 'logon').length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 1500));
    interrupt();
    expect(await run).toBe(130);
    const s = JSON.parse(lines.at(-1)!) as { filledQty: string; childOrders: number; interrupted: boolean; stillOpen: number; openAtStop: number; rejects: number; sessionEvents: string[]; feed: string };
    expect(s.interrupted).toBe(true);
    expect(s.feed).toMatch(/FIX market data/);
    expect(s.childOrders).toBeGreaterThanOrEqual(1);
    expect(s.openAtStop).toBeGreaterThanOrEqual(1); // resting passive children were there to cancel
    expect(s.stillOpen, lines.join('\n')).toBe(0); // and every one was cancelled before the logout
    expect(Number(s.filledQty)).toBeLessThan(40000);
    expect(s.rejects, lines.join('\n')).toBe(0); // the gate priced the children from the FIX feed's book (the gateway's)
    expect(s.sessionEvents).toContain('logout');
    expect(venue.events.some((e) => e.type === 'logout')).toBe(true);
  });
});

describe('slipstream live: POV on FIX market data with trades', () => {
  it('follows the trades the paper venue prints (MDEntryType 2 in its refreshes): children sized from the tape, fills', async () => {
    const venue = new PaperVenue({ port: 0, scenario: 'calm', seed: 14, durationSec: 600, storeDir: null, senderCompId: 'VEN', targetCompId: 'CLI' });
    const port = await venue.listen();
    cleanup.push(() => venue.close());
    const lines: string[] = [];
    const code = await liveCommand([...base(port), '--symbol', venue.instrument.symbol, '--qty', '100000', '--strategy', 'pov', '--pov-rate', '0.2', '--horizon', '4', '--md', 'fix'], (l) => lines.push(l), never);
    const s = JSON.parse(lines.at(-1)!) as { filledQty: string; childOrders: number; rejects: number; feed: string };
    expect(code, lines.join('\n')).toBe(0);
    expect(s.feed).toMatch(/FIX market data/);
    expect(s.childOrders).toBeGreaterThan(0); // POV sends nothing without a tape: the trades arrived over FIX
    expect(Number(s.filledQty)).toBeGreaterThan(0);
    expect(Number(s.filledQty)).toBeLessThan(100000); // 20 % of 4 s of a calm market, not the whole order
  });
});

describe('slipstream live on a recorded day', () => {
  it('POV with a recorded feed (--md file:, its trades as the tape) against the venue replaying the same day (--data)', async () => {
    const dir = join(import.meta.dirname, '../../../shared/data/lobster');
    const files = [`${dir}/MSFT_2012-06-21_34200000_37800000_message_50.csv`, `${dir}/MSFT_2012-06-21_34200000_37800000_orderbook_50.csv`];
    const venue = new PaperVenue({ port: 0, scenario: 'calm', data: files, seed: 1, durationSec: 1, storeDir: null, senderCompId: 'VEN', targetCompId: 'CLI' });
    const port = await venue.listen();
    cleanup.push(() => venue.close());
    const lines: string[] = [];
    const code = await liveCommand([...base(port), '--symbol', 'MSFT', '--qty', '500', '--strategy', 'pov', '--pov-rate', '0.5', '--horizon', '3', '--md', `file:${files.join('+')}`], (l) => lines.push(l), never);
    expect(code).toBe(0);
    const s = JSON.parse(lines.at(-1)!) as { filledQty: string; avgPrice: string | null; rejects: number; childOrders: number; feed: string; sessionEvents: string[] };
    expect(s.feed).toMatch(/^recorded MSFT_2012-06-21/);
    expect(s.rejects).toBe(0);
    expect(s.childOrders).toBeGreaterThanOrEqual(1);
    expect(Number(s.filledQty)).toBeGreaterThan(0);
    // filled at the day's prices: within 2 % of the opening touch in the orderbook file (1e-4 dollars)
    const [ask, , bid] = readFileSync(files[1]!, 'utf8').split('\n', 1)[0]!.split(',').map(Number) as [number, number, number];
    expect(Number(s.avgPrice)).toBeGreaterThan((bid / 1e4) * 0.98);
    expect(Number(s.avgPrice)).toBeLessThan((ask / 1e4) * 1.02);
    expect(s.sessionEvents).toContain('logout');
  }, 60_000);
});

describe('slipstream live as a process', () => {
  it('SIGINT cancels the open children, logs out and exits 130 with the summary', async () => {
    const venue = new PaperVenue({ port: 0, scenario: 'calm', seed: 9, durationSec: 600, storeDir: null, senderCompId: 'VEN', targetCompId: 'CLI' });
    const port = await venue.listen();
    cleanup.push(() => venue.close());
    const child = spawn(process.execPath, [join(import.meta.dirname, '../../bin/slipstream.js'), 'live', '--fix-host', '127.0.0.1', '--fix-port', String(port), '--sender', 'CLI', '--target', 'VEN',
      '--symbol', venue.instrument.symbol, '--side', 'buy', '--qty', '40000', '--strategy', 'twap', '--horizon', '60', '--md', 'fix'], { env: { ...process.env, SLIPSTREAM_FROM_SOURCES: '1' } });
    let out = '';
    let signalled = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      // Ctrl-C once the order is being worked (its first child rests at our touch by then)
      if (!signalled && /^working buy 40000/m.test(out)) {
        signalled = true;
        setTimeout(() => child.kill('SIGINT'), 800);
      }
    });
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code, out).toBe(130);
    expect(out, out).toMatch(/interrupted: cancelling open children/);
    // Whether the resting first child filled in the 800 ms before Ctrl-C depends on the market: with
    // nothing filled the summary says 'avgPrice -' (seen on a loaded CI run); with fills, a price.
    const summary = /filledQty (\d+) of 40000, avgPrice ([\d.]+|-), childOrders \d+, rejects 0, sessionEvents logon .*logout/.exec(out);
    expect(summary, out).not.toBeNull();
    expect(summary![2] === '-', out).toBe(summary![1] === '0');
    expect(out, out).not.toMatch(/still open/);
    expect(venue.events.some((e) => e.type === 'logout')).toBe(true);
  }, 90_000);
});

const haveQuickfix = existsSync('/usr/include/quickfix/Application.h');
if (!haveQuickfix) console.warn('SKIPPED slipstream live against QuickFIX: libquickfix-dev is absent (apt-get install -y libquickfix-dev g++)');

describe.skipIf(!haveQuickfix)('slipstream live against a QuickFIX (C++) acceptor, an engine we did not write', () => {
  it('works a TWAP without a feed: every child filled (the acceptor fills at 100.25), no reject, clean logout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qf-live-'));
    const bin = join(dir, 'qf-acceptor');
    await promisify(execFile)('g++', ['-std=c++11', '-O0', '-w', '-o', bin, join(import.meta.dirname, '../live/quickfix/qf-acceptor.cpp'), '-lquickfix', '-lpthread']);
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const child = spawn(bin, [String(port), 'QFA', 'LIVE']);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    cleanup.push(() => {
      child.kill();
    });
    for (let i = 0; i < 200 && !out.includes('READY'); i++) await new Promise((r) => setTimeout(r, 20));
    const lines: string[] = [];
    const code = await liveCommand(['--fix-host', '127.0.0.1', '--fix-port', String(port), '--sender', 'LIVE', '--target', 'QFA', '--symbol', 'ACME', '--side', 'sell',
      '--qty', '300', '--strategy', 'twap', '--slices', '3', '--horizon', '1', '--ref-price', '100.25', '--json'], (l) => lines.push(l), never);
    expect(code).toBe(0);
    const s = JSON.parse(lines.at(-1)!) as { filledQty: string; avgPrice: string; childOrders: number; rejects: number; sessionEvents: string[] };
    expect(s).toMatchObject({ filledQty: '300', avgPrice: '100.25', childOrders: 3, rejects: 0 });
    expect(s.sessionEvents).toContain('logout');
    for (let i = 0; i < 100 && !out.includes('LOGOUT'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(out).not.toContain('REJECT'); // QuickFIX found nothing to reject in what we sent
    expect(out).toContain('LOGOUT');
  }, 90_000);
});
