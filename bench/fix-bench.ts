/**
 * FIX order flow on loopback: our gateway (`main/live/fix-gateway.ts`, through the order path and
 * its pre-trade gate) against the paper venue (`main/live/paper-venue.ts`, the agent-based
 * market behind a FIX 4.4 acceptor), both in this process, as `slipstream live` and
 * `slipstream venue` run them (memory sequence stores: no fsync; `audit` measures the durable cost).
 *
 * Every order is a day-limit buy one percent below the best bid (inside the gate's 5 % collar,
 * never filled in the few seconds it rests), cancelled once acknowledged, so the venue's book and
 * our open-order count stay flat whatever the count.
 * - `roundTripUs` (median, p99): from the decision (`OrderPath.place`) to the venue's
 *   acknowledgement (ExecutionReport ExecType New → `OrderAccepted`), one order at a time: gate,
 *   encode, TCP, venue decode/validate/session, the simulated venue's 200 µs entry and ack
 *   latency (scheduled, run by the wall driver), encode back, gateway decode, OMS.
 * - `ordersPerSec`: `window` orders in flight at once, each cancelled on its acknowledgement; the
 *   rate is completed new+cancel pairs per second over `orders` orders.
 */
import { DEFAULT_RISK_LIMITS } from '../main/risk/risk-limits.js';
import type { OrderEvent } from '../main/domain/order-events.js';
import { OrderPath } from '../main/execution/order-path.js';
import { Scheduler } from '../main/kernel/scheduler.js';
import { MemorySeqStore } from '../main/live/fix/seq-store.js';
import { FixGateway } from '../main/live/fix-gateway.js';
import { PaperVenue } from '../main/live/paper-venue.js';
import { WallDriver } from '../main/live/wall-driver.js';

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runFixBench(opts: { roundTrips?: number; orders?: number; window?: number } = {}) {
  const roundTrips = opts.roundTrips ?? 300;
  const orders = opts.orders ?? 3000;
  const window = opts.window ?? 50;
  const venue = new PaperVenue({ port: 0, scenario: 'calm', seed: 1, durationSec: 3600, storeDir: null, senderCompId: 'VEN', targetCompId: 'BENCH' });
  const port = await venue.listen();
  const scheduler = new Scheduler();
  const driver = new WallDriver(scheduler);
  const gw = new FixGateway({
    host: '127.0.0.1', port, senderCompId: 'BENCH', targetCompId: 'VEN', heartBtIntSec: 30, resetOnLogon: true,
    store: new MemorySeqStore(), instrument: venue.instrument, book: venue.sim.venue.book, scheduler,
  });
  await gw.connect();
  driver.start();
  try {
    const book = venue.sim.venue.book;
    for (let i = 0; i < 500 && !(book.bestBid() > 0 && book.bestAsk() > 0); i++) await sleep(10);
    const limits = { ...DEFAULT_RISK_LIMITS, maxOrdersPerSec: 1e9, maxOpenOrders: 1e6 };
    const path = new OrderPath(gw, scheduler, venue.instrument, limits, 'B');
    const sentAt = new Map<string, number>();
    let onAck: (id: string, us: number) => void = () => {};
    let terminal = 0;
    let refused = 0;
    path.onEvent((ev: OrderEvent) => {
      if (ev.type === 'OrderAccepted') {
        const t = sentAt.get(ev.clientOrderId);
        if (t !== undefined) onAck(ev.clientOrderId, (performance.now() - t) * 1000);
      } else if (ev.type === 'OrderCancelled' || ev.type === 'OrderFilled' && ev.leaves === 0) terminal++;
      else if (ev.type === 'OrderRejected' || ev.type === 'OrderDenied') {
        refused++;
        terminal++;
      }
    });
    const place = () => {
      const px = Math.round(book.bestBid() * 0.99);
      const t = performance.now();
      const id = path.place({ side: 1, type: 'limit', tif: 'day', size: 1, priceUnits: px, strategy: 'bench' });
      sentAt.set(id, t);
      return id;
    };
    // Round trips, one at a time.
    const us: number[] = [];
    for (let i = 0; i < roundTrips; i++) {
      const acked = new Promise<void>((resolve) => {
        onAck = (id, dt) => {
          us.push(dt);
          path.cancel(id);
          resolve();
        };
      });
      place();
      await acked;
    }
    while (terminal < roundTrips) await sleep(1);
    // Throughput with a window of orders in flight.
    terminal = 0;
    let placed = 0;
    let done: () => void = () => {};
    const finished = new Promise<void>((r) => {
      done = r;
    });
    onAck = (id) => path.cancel(id);
    const t0 = performance.now();
    const pump = () => {
      while (placed < orders && placed - terminal < window) {
        placed++;
        place();
      }
      if (terminal >= orders) done();
      else setImmediate(pump);
    };
    pump();
    await finished;
    const sec = (performance.now() - t0) / 1000;
    return {
      roundTripUs: { median: Math.round(quantile(us, 0.5)), p99: Math.round(quantile(us, 0.99)), n: us.length },
      ordersPerSec: Math.round(orders / sec),
      orders, window, refused, duplicateFills: gw.duplicateFills,
    };
  } finally {
    driver.stop();
    await gw.disconnect();
    await venue.close();
  }
}
