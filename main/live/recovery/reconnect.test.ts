import { afterEach, describe, expect, it } from 'vitest';
import type { OrderEvent } from '../../domain/order-events.js';
import { OrderPath } from '../../execution/order-path.js';
import { Scheduler } from '../../kernel/scheduler.js';
import { DEFAULT_RISK_LIMITS } from '../../risk/risk-limits.js';
import { encodeFix, parseFixUnits } from '../fix/fix-codec.js';
import { FixSession, type SessionEvent } from '../fix/fix-session.js';
import { MemorySessionStore } from '../fix/session-store.js';
import { FixGateway } from '../fix-gateway.js';
import { PaperVenue } from '../paper-venue.js';
import { WallDriver } from '../wall-driver.js';
import type { EventRecord, ReconcileResult } from './audit-records.js';
import type { RecoveredState } from './order-state.js';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()!();
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, pred: () => boolean, ms = 15000): Promise<void> {
  const end = Date.now() + ms;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function setup(seed: number) {
  const venue = new PaperVenue({ port: 0, scenario: 'calm', seed, durationSec: 600, storeDir: null, senderCompId: 'VEN', targetCompId: 'CLI' });
  const port = await venue.listen();
  cleanup.push(() => venue.close());
  await sleep(300); // let the market build a book
  const records: Array<{ kind: string; data: Record<string, unknown> }> = [];
  const sessionEvents: SessionEvent[] = [];
  const reconciles: ReconcileResult[] = [];
  const scheduler = new Scheduler();
  const driver = new WallDriver(scheduler);
  driver.start();
  cleanup.push(() => driver.stop());
  const gw = new FixGateway({
    host: '127.0.0.1', port, senderCompId: 'CLI', targetCompId: 'VEN', heartBtIntSec: 30, resetOnLogon: false, store: new MemorySessionStore(),
    audit: { append: (kind, data) => records.push({ kind, data: { ...data } }) }, reconnectDelayMs: 300,
    onReconcile: (r) => reconciles.push(r), onSessionEvent: (e) => sessionEvents.push(e), instrument: venue.instrument, book: venue.sim.venue.book, scheduler,
  });
  return { venue, gw, scheduler, records, sessionEvents, reconciles };
}

describe('recovery over FIX', () => {
  it('a dropped TCP connection mid-session: the gateway reconnects, the venue resends what it sent meanwhile, every fill once', async () => {
    const { venue, gw, scheduler, records, sessionEvents, reconciles } = await setup(21);
    await gw.connect();
    cleanup.push(() => gw.disconnect());
    const path = new OrderPath(gw, scheduler, venue.instrument, DEFAULT_RISK_LIMITS, 'D');
    const events: OrderEvent[] = [];
    path.onEvent((e) => events.push(e));
    const tick = venue.instrument.tickSizeUnits || 1;
    const rest = path.place({ side: 1, type: 'limit', tif: 'day', size: 100, priceUnits: venue.sim.venue.book.bestBid() - 20 * tick });
    await until('the resting order acknowledged', () => events.some((e) => e.type === 'OrderAccepted' && e.clientOrderId === rest));

    // The venue drops the line the moment it accepts the market order: its fills are produced
    // while we are disconnected (queued under new sequence numbers at the venue).
    let mkt = '';
    let dropped = false;
    venue.sim.venue.onOrderEvent((ev) => {
      if (!dropped && ev.type === 'OrderAccepted' && ev.clientOrderId === mkt) {
        dropped = true;
        venue.dropClient();
      }
    });
    mkt = path.place({ side: 1, type: 'market', tif: 'day', size: 200 });
    await until('the drop', () => dropped);
    await until('the logout seen by the gateway', () => sessionEvents.some((e) => e.type === 'logout'));
    const venueFillsOf = (id: string) => venue.fills.filter((f) => f.clOrdId === id);
    await until('the venue to fill the market order', () => venueFillsOf(mkt).length > 0);
    await until('reconnect, resend and the fills booked', () => {
      const booked = events.filter((e) => e.type === 'OrderFilled' && e.clientOrderId === mkt).length;
      return gw.isLoggedOn && booked === venueFillsOf(mkt).length && reconciles.length > 0;
    });

    expect(sessionEvents.filter((e) => e.type === 'logon')).toHaveLength(2); // the first logon and the reconnect
    expect(sessionEvents.some((e) => e.type === 'resend-request-sent')).toBe(true);
    // Every fill the venue reported, booked exactly once, by ExecID and quantity.
    const bookedFills = records.filter((r) => r.kind === 'order-event' && (r.data as unknown as EventRecord).event.type === 'OrderFilled').map((r) => r.data as unknown as EventRecord);
    const venueIds = venue.fills.map((f) => f.execId).sort();
    expect(bookedFills.map((f) => f.execId!).sort()).toEqual(venueIds);
    expect(new Set(venueIds).size).toBe(venueIds.length);
    const venueQty = venue.fills.reduce((s, f) => s + parseFixUnits(f.lastQty, venue.instrument.sizeDecimals)!, 0);
    const ourQty = events.filter((e): e is Extract<OrderEvent, { type: 'OrderFilled' }> => e.type === 'OrderFilled').reduce((s, f) => s + f.size, 0);
    expect(ourQty).toBe(venueQty);
    expect(path.oms.get(mkt)!.filled).toBe(venueFillsOf(mkt).reduce((s, f) => s + parseFixUnits(f.lastQty, venue.instrument.sizeDecimals)!, 0));
    // After the reconnect every order open at the drop was reconciled, and the venue agrees with
    // what we booked: the market order's status answer comes after its resent fills (FIX order).
    expect(reconciles.map((r) => r.clientOrderId).sort()).toEqual([rest, mkt].sort());
    expect(reconciles.find((r) => r.clientOrderId === rest)).toMatchObject({ match: true, venueCumQty: 0, ourCumQty: 0, unknownAtVenue: false, venueOrdStatus: '0' });
    expect(reconciles.find((r) => r.clientOrderId === mkt)).toMatchObject({ match: true, ourCumQty: path.oms.get(mkt)!.filled, unknownAtVenue: false });
    // Write-ahead: each booked event has its audit record, written before the listener saw it.
    expect(records.filter((r) => r.kind === 'order-event')).toHaveLength(events.length);
    path.cancel(rest);
    await until('the cancel', () => events.some((e) => e.type === 'OrderCancelled' && e.clientOrderId === rest));
  }, 60_000);

  it('reconciliation: an order in the audit log that the venue never received is rejected, not left working', async () => {
    const { gw, records, reconciles, venue } = await setup(22);
    const events: OrderEvent[] = [];
    gw.onOrderEvent((e) => events.push(e));
    const state: RecoveredState = {
      orders: [{ order: { clientOrderId: 'Z.1-1', side: 1, type: 'limit', tif: 'day', size: 100, priceUnits: venue.sim.venue.book.bestBid() }, fixId: 'Z.1-1', chain: 0, cancelIds: [], filled: 0, done: false }],
      execIds: [], requests: [], events: [], risk: [],
    };
    gw.restore(state);
    await gw.connect();
    cleanup.push(() => gw.disconnect());
    await until('the status answer', () => reconciles.length > 0);
    expect(reconciles[0]).toMatchObject({ clientOrderId: 'Z.1-1', unknownAtVenue: true, venueOrdStatus: '8', match: true });
    expect(events).toEqual([expect.objectContaining({ type: 'OrderRejected', clientOrderId: 'Z.1-1', reason: 'reconcile: the venue never received this order' })]);
    expect(gw.openOrders()).toEqual([]);
    expect(records.some((r) => r.kind === 'session' && r.data.type === 'reconcile')).toBe(true);
  }, 30_000);

  it('the session saves an application message as received only after its handler returned (a throwing handler leaves it to be resent)', () => {
    const store = new MemorySessionStore();
    const seen: number[] = [];
    let fail = true;
    const s = new FixSession({ senderCompId: 'VEN', targetCompId: 'CLI', role: 'acceptor', heartBtIntSec: 30 }, store, { send: () => {}, close: () => {} }, { nowMs: () => Date.UTC(2026, 11, 3, 10) }, {
      onApp: (m) => {
        seen.push(store.load().nextIn);
        if (fail) throw new Error(`disk full while auditing ${m.get(11)}`);
      },
    }, store);
    const raw = (seq: number, type: string, body: Array<[number, string]>) => encodeFix([[35, type], [49, 'CLI'], [56, 'VEN'], [34, String(seq)], [52, '20261203-10:00:00.000'], ...body]);
    s.receive(raw(1, 'A', [[98, '0'], [108, '30']]));
    expect(store.load().nextIn).toBe(2);
    expect(() => s.receive(raw(2, 'D', [[11, 'C1']]))).toThrow(/disk full/);
    expect(seen).toEqual([2]);
    expect(store.load().nextIn).toBe(2); // not consumed: after a restart the peer is asked for it again
    fail = false;
    s.receive(raw(2, 'D', [[11, 'C1']]));
    expect(store.load().nextIn).toBe(3);
  });
});
