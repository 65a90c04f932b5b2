import { connect } from 'node:net';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { OrderEvent } from '../domain/order-events.js';
import { TwapExecutor } from '../execution/algorithms/twap.js';
import { SimExecutionContext } from '../execution/execution-context.js';
import { OrderPath } from '../execution/order-path.js';
import { parseParentOrder } from '../execution/parent-order.js';
import { Scheduler } from '../kernel/scheduler.js';
import { DEFAULT_RISK_LIMITS } from '../risk/risk-limits.js';
import { FixDecoder, SOH, encodeFix, type FixMessage } from './fix/fix-codec.js';
import { MemorySeqStore } from './fix/seq-store.js';
import type { SessionEvent } from './fix/fix-session.js';
import { FixGateway } from './fix-gateway.js';
import { PaperVenue } from './paper-venue.js';
import { WallDriver } from './wall-driver.js';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()!();
});

async function startVenue(storeDir: string | null = null) {
  const venue = new PaperVenue({ port: 0, scenario: 'calm', seed: 7, durationSec: 600, storeDir, senderCompId: 'VEN', targetCompId: 'CLI' });
  const port = await venue.listen();
  cleanup.push(() => venue.close());
  return { venue, port };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('gateway ↔ paper venue over FIX 4.4 (loopback)', () => {
  it('a scenario venue opens after its warm-up: the first client meets a two-sided book with depth, not the empty book of time 0', () => {
    const venue = new PaperVenue({ port: 0, scenario: 'calm', seed: 3, durationSec: 600, storeDir: null });
    const book = venue.sim.venue.book;
    expect(venue.sim.scheduler.now).toBe(20e9);
    expect(book.bestBid()).toBeLessThan(book.bestAsk());
    // A market order for 100 at wall time 0 found 0-45 shares before the warm-up (QuickFIX interop failed on it).
    expect(book.sizeAt(-1, book.bestAsk())).toBeGreaterThan(0);
    const none = new PaperVenue({ port: 0, scenario: 'calm', seed: 3, durationSec: 600, storeDir: null, warmupSec: 0 });
    expect(none.sim.scheduler.now).toBe(0);
  });

  it('works a TWAP parent: every child acknowledged before its fills, every fill once, quantities add up', async () => {
    const storeDir = mkdtempSync(join(tmpdir(), 'fix-'));
    const { venue, port } = await startVenue(storeDir);
    const scheduler = new Scheduler();
    const driver = new WallDriver(scheduler);
    const sessionEvents: SessionEvent[] = [];
    const gw = new FixGateway({
      host: '127.0.0.1', port, senderCompId: 'CLI', targetCompId: 'VEN', heartBtIntSec: 30, resetOnLogon: true,
      store: new MemorySeqStore(), instrument: venue.instrument, book: venue.sim.venue.book, scheduler, onSessionEvent: (e) => sessionEvents.push(e),
    });
    await gw.connect();
    cleanup.push(() => gw.disconnect());
    driver.start();
    cleanup.push(() => driver.stop());
    const path = new OrderPath(gw, scheduler, venue.instrument, DEFAULT_RISK_LIMITS, 'G');
    const events: OrderEvent[] = [];
    path.onEvent((e) => events.push(e));
    const ctx = new SimExecutionContext(venue.instrument, venue.sim.venue.book, path, scheduler);
    const now = scheduler.now;
    const spec = parseParentOrder({ id: 'P1', symbol: venue.instrument.symbol, side: 'buy', quantity: 400, startNs: now + 1e8, endNs: now + 2.1e9 });
    const exec = new TwapExecutor(ctx, spec, { slices: 4 });
    exec.start();
    for (let i = 0; i < 100 && !exec.finished; i++) await sleep(50);
    expect(exec.finished).toBe(true);

    const children = new Set(events.filter((e) => e.type !== 'OrderDenied').map((e) => e.clientOrderId));
    expect(children.size).toBeGreaterThanOrEqual(4);
    expect(events.filter((e) => e.type === 'OrderDenied')).toEqual([]);
    for (const id of children) {
      const mine = events.filter((e) => e.clientOrderId === id);
      expect(mine[0]!.type, `${id} first event`).toBe('OrderAccepted');
      expect(mine.filter((e) => e.type === 'OrderAccepted')).toHaveLength(1);
    }
    const fills = events.filter((e): e is Extract<OrderEvent, { type: 'OrderFilled' }> => e.type === 'OrderFilled');
    const filled = fills.reduce((s, f) => s + f.size, 0);
    expect(filled).toBe(path.oms.all().reduce((s, c) => s + c.filled, 0));
    expect(filled).toBe(400); // the final sweep is a market IOC in a calm, liquid book
    expect(gw.duplicateFills).toBe(0);
    expect(sessionEvents.filter((e) => e.type === 'garbled' || e.type === 'reject-sent')).toEqual([]);
    // Sequence numbers were persisted by the venue, one file per session.
    await gw.disconnect();
    const saved = JSON.parse(readFileSync(join(storeDir, 'VEN-CLI.seq.json'), 'utf8')) as { nextIn: number; nextOut: number };
    expect(saved.nextIn).toBeGreaterThan(children.size);
    expect(saved.nextOut).toBeGreaterThan(children.size * 2);
  });

  it('rejects malformed, garbled and out-of-sequence input without a crash, and asks for a resend on a gap', async () => {
    const { venue, port } = await startVenue();
    const sock = connect({ host: '127.0.0.1', port });
    const got: FixMessage[] = [];
    const dec = new FixDecoder();
    sock.on('data', (d) => {
      for (const r of dec.push(d)) if (r.ok === true) got.push(r.msg);
    });
    await new Promise((r) => sock.once('connect', r));
    let seq = 1;
    const f = (type: string, body: Array<[number, string]>, n = seq++) => encodeFix([[35, type], [49, 'CLI'], [56, 'VEN'], [34, String(n)], [52, '20261203-10:00:00.000'], ...body]);
    const wait = async (pred: () => boolean) => {
      for (let i = 0; i < 60 && !pred(); i++) await sleep(25);
      expect(pred(), got.map((m) => m.raw.split(SOH).join("|")).join("\n")).toBe(true);
    };
    sock.write(f('A', [[98, '0'], [108, '30'], [141, 'Y']]));
    await wait(() => got.some((m) => m.msgType === 'A'));
    // garbled (bad checksum): ignored, number not consumed
    sock.write(f('D', [[11, 'G1']], 2).replace(/10=\d{3}/, '10=999'));
    // a NewOrderSingle without Side: session Reject naming tag 54
    sock.write(f('D', [[11, 'N1'], [55, venue.instrument.symbol], [38, '100'], [40, '1'], [60, '20261203-10:00:00.000']]));
    await wait(() => got.some((m) => m.msgType === '3' && m.get(371) === '54'));
    // a bad value: ExecutionReport Rejected naming the field
    sock.write(f('D', [[11, 'N2'], [55, venue.instrument.symbol], [54, '7'], [38, '100'], [40, '1'], [60, '20261203-10:00:00.000']]));
    await wait(() => got.some((m) => m.msgType === '8' && m.get(150) === '8' && /^Side:/.test(m.get(58) ?? '')));
    // a gap: seq 4 and 5 skipped → ResendRequest from 4
    seq = 6;
    sock.write(f('D', [[11, 'N3'], [55, venue.instrument.symbol], [54, '1'], [38, '100'], [40, '1'], [60, '20261203-10:00:00.000']]));
    await wait(() => got.some((m) => m.msgType === '2' && m.get(7) === '4'));
    expect(got.some((m) => m.get(11) === 'N3')).toBe(false); // held until the gap is filled
    sock.write(f('4', [[123, 'Y'], [36, '6']], 4));
    await wait(() => got.some((m) => m.get(11) === 'N3' && m.get(150) === '0'));
    // acknowledgement came before any fill of N3
    const n3 = got.filter((m) => m.get(11) === 'N3').map((m) => m.get(150));
    expect(n3[0]).toBe('0');
    // too low without PossDup: Logout and disconnect; the venue keeps listening
    sock.write(f('0', [], 2));
    await wait(() => got.some((m) => m.msgType === '5' && /too low/.test(m.get(58) ?? '')));
    await new Promise((r) => (sock.destroyed ? r(null) : sock.once('close', r)));
    const again = connect({ host: '127.0.0.1', port });
    await new Promise((r) => again.once('connect', r));
    again.destroy();
    expect(venue.events.some((e) => e.type === 'garbled')).toBe(true);
  });
});
