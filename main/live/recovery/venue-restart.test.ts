import { afterEach, describe, expect, it } from 'vitest';
import type { OrderEvent } from '../../domain/order-events.js';
import { OrderPath } from '../../execution/order-path.js';
import { Scheduler } from '../../kernel/scheduler.js';
import { DEFAULT_RISK_LIMITS } from '../../risk/risk-limits.js';
import { MemorySessionStore } from '../fix/session-store.js';
import { FixGateway } from '../fix-gateway.js';
import { PaperVenue } from '../paper-venue.js';
import { WallDriver } from '../wall-driver.js';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()!();
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('paper venue restarts', () => {
  it('ExecIDs stay unique across a venue restart, so a client that remembers booked ExecIDs drops no real fill', async () => {
    const store = new MemorySessionStore(); // the client's memory of booked ExecIDs, across both venues
    const filledBy: number[] = [];
    for (const offsetMs of [0, 5000]) {
      const venue = new PaperVenue({ port: 0, scenario: 'calm', seed: 41, durationSec: 600, storeDir: null, senderCompId: 'VEN', targetCompId: 'CLI', clock: { nowMs: () => Date.now() + offsetMs } });
      const port = await venue.listen();
      await sleep(300);
      const scheduler = new Scheduler();
      const driver = new WallDriver(scheduler);
      driver.start();
      const gw = new FixGateway({ host: '127.0.0.1', port, senderCompId: 'CLI', targetCompId: 'VEN', heartBtIntSec: 30, resetOnLogon: true, store, instrument: venue.instrument, book: venue.sim.venue.book, scheduler });
      await gw.connect();
      const path = new OrderPath(gw, scheduler, venue.instrument, DEFAULT_RISK_LIMITS, `R${offsetMs}`);
      const events: OrderEvent[] = [];
      path.onEvent((e) => events.push(e));
      const id = path.place({ side: 1, type: 'market', tif: 'day', size: 100 });
      for (let i = 0; i < 200 && venue.fills.reduce((s, f) => s + Number(f.lastQty), 0) < 100; i++) await sleep(20);
      await sleep(200);
      filledBy.push(path.oms.get(id)!.filled);
      expect(events[0]?.type).toBe('OrderAccepted');
      expect(gw.duplicateFills).toBe(0);
      await gw.disconnect();
      driver.stop();
      await venue.close();
    }
    expect(filledBy).toEqual([100, 100]);
  }, 30_000);
});
