import { createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { OrderEvent } from '../domain/order-events.js';
import { OrderPath } from '../execution/order-path.js';
import { Scheduler } from '../kernel/scheduler.js';
import { DEFAULT_RISK_LIMITS } from '../risk/risk-limits.js';
import { FixDecoder, encodeFix, type FixMessage } from './fix/fix-codec.js';
import { MemorySeqStore } from './fix/seq-store.js';
import { FixGateway } from './fix-gateway.js';
import { PaperVenue } from './paper-venue.js';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()!();
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(pred: () => boolean): Promise<void> {
  for (let i = 0; i < 100 && !pred(); i++) await sleep(20);
}

describe('FixGateway', () => {
  it('a fill resent as a PossDup with a new sequence number is booked once (ExecID)', async () => {
    // A scripted acceptor: answers Logon, then sends New, a fill, and the same fill again as a
    // PossDup under a NEW sequence number (as after a venue-side store recovery).
    const got: FixMessage[] = [];
    let sock: Socket | null = null;
    const server = createServer((s) => {
      sock = s;
      const dec = new FixDecoder();
      s.on('data', (d) => {
        for (const r of dec.push(d)) if (r.ok === true) got.push(r.msg);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    cleanup.push(() => new Promise<void>((r) => server.close(() => r())));
    const port = (server.address() as { port: number }).port;
    let seq = 1;
    const send = (type: string, body: Array<[number, string]>, extra: Array<[number, string]> = []) =>
      sock!.write(encodeFix([[35, type], [49, 'V'], [56, 'G'], [34, String(seq++)], ...extra, [52, '20261203-10:00:00.000'], ...body]));
    const instrument = { symbol: 'XYZ', venue: 'T', priceDecimals: 2, sizeDecimals: 0, tickSizeUnits: 1 };
    const scheduler = new Scheduler();
    const gw = new FixGateway({ host: '127.0.0.1', port, senderCompId: 'G', targetCompId: 'V', heartBtIntSec: 30, resetOnLogon: true, store: new MemorySeqStore(), instrument, book: { mid: () => 10000 } as never, scheduler });
    const connected = gw.connect();
    await until(() => got.some((m) => m.msgType === 'A'));
    send('A', [[98, '0'], [108, '30'], [141, 'Y']]);
    await connected;
    cleanup.push(() => gw.disconnect(200));
    const events: OrderEvent[] = [];
    gw.onOrderEvent((e) => events.push(e));
    gw.submit({ kind: 'new', clientOrderId: 'C1', side: 1, type: 'limit', tif: 'day', size: 100, priceUnits: 10000 });
    await until(() => got.some((m) => m.msgType === 'D'));
    const d = got.find((m) => m.msgType === 'D')!;
    expect([d.get(11), d.get(55), d.get(54), d.get(38), d.get(40), d.get(44), d.get(59)]).toEqual(['C1', 'XYZ', '1', '100', '2', '100.00', '0']);
    const er = (execId: string, execType: string, status: string, last: string, cum: string, leaves: string): Array<[number, string]> =>
      [[37, 'O1'], [11, 'C1'], [17, execId], [150, execType], [39, status], [55, 'XYZ'], [54, '1'], [38, '100'], [151, leaves], [14, cum], [6, '100'], ...(last === '' ? [] : ([[32, last], [31, '100.00']] as Array<[number, string]>))];
    send('8', er('E1', '0', '0', '', '0', '100'));
    send('8', er('E2', 'F', '1', '40', '40', '60'));
    send('8', er('E2', 'F', '1', '40', '40', '60'), [[43, 'Y'], [122, '20261203-10:00:00.000']]);
    send('8', er('E3', 'F', '2', '60', '100', '0'));
    await until(() => events.length >= 3);
    await sleep(50);
    expect(events.map((e) => e.type)).toEqual(['OrderAccepted', 'OrderFilled', 'OrderFilled']);
    expect(events.filter((e) => e.type === 'OrderFilled').map((e) => (e as { size: number }).size)).toEqual([40, 60]);
    expect(gw.duplicateFills).toBe(1);
  });

  it('replace and cancel over FIX against the paper venue: new ClOrdIDs chained by OrigClOrdID, events mapped', async () => {
    const venue = new PaperVenue({ port: 0, scenario: 'calm', seed: 5, durationSec: 600, storeDir: null, senderCompId: 'VEN', targetCompId: 'CLI' });
    const port = await venue.listen();
    cleanup.push(() => venue.close());
    const scheduler = new Scheduler();
    const gw = new FixGateway({ host: '127.0.0.1', port, senderCompId: 'CLI', targetCompId: 'VEN', heartBtIntSec: 30, resetOnLogon: true, store: new MemorySeqStore(), instrument: venue.instrument, book: venue.sim.venue.book, scheduler });
    await gw.connect();
    cleanup.push(() => gw.disconnect());
    await sleep(200); // let the market build a book
    const path = new OrderPath(gw, scheduler, venue.instrument, DEFAULT_RISK_LIMITS, 'R');
    const events: OrderEvent[] = [];
    path.onEvent((e) => events.push(e));
    const bid = venue.sim.venue.book.bestBid();
    const tick = venue.instrument.tickSizeUnits || 1;
    const far = bid - 20 * tick; // well below the touch: rests
    const id = path.place({ side: 1, type: 'limit', tif: 'day', size: 100, priceUnits: far });
    await until(() => events.some((e) => e.type === 'OrderAccepted'));
    path.replace(id, far - tick, 150);
    await until(() => events.some((e) => e.type === 'OrderReplaced'));
    path.cancel(id);
    path.cancel('R-unknown');
    await until(() => events.some((e) => e.type === 'OrderCancelled') && events.some((e) => e.type === 'OrderCancelRejected'));
    const mine = events.filter((e) => e.clientOrderId === id);
    expect(mine.map((e) => e.type)).toEqual(['OrderAccepted', 'OrderReplaced', 'OrderCancelled']);
    expect(mine[1]).toMatchObject({ priceUnits: far - tick, size: 150, leaves: 150 });
    expect(mine[2]).toMatchObject({ reason: 'requested', leaves: 0 });
    expect(path.oms.get(id)?.status).toBe('Cancelled');
    expect(events.find((e) => e.type === 'OrderCancelRejected')).toMatchObject({ clientOrderId: 'R-unknown', reason: expect.stringMatching(/^clientOrderId: no order/) });
  });
});
