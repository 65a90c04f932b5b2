import { createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { OrderEvent } from '../../domain/order-events.js';
import { Scheduler } from '../../kernel/scheduler.js';
import { FixDecoder, encodeFix, type FixMessage } from '../fix/fix-codec.js';
import { MemorySessionStore } from '../fix/session-store.js';
import { FixGateway } from '../fix-gateway.js';

const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanup.length > 0) await cleanup.pop()!();
});
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(pred: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !pred(); i++) await sleep(20);
}

describe('FixGateway audit', () => {
  it('an ExecutionReport for no order we know is audited (not dropped silently), a known one booked after its record', async () => {
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
    const send = (type: string, body: Array<[number, string]>) => sock!.write(encodeFix([[35, type], [49, 'V'], [56, 'G'], [34, String(seq++)], [52, '20261203-10:00:00.000'], ...body]));
    const records: Array<{ kind: string; data: Record<string, unknown> }> = [];
    const instrument = { symbol: 'XYZ', venue: 'T', priceDecimals: 2, sizeDecimals: 0, tickSizeUnits: 1 };
    const store = new MemorySessionStore();
    const gw = new FixGateway({
      host: '127.0.0.1', port, senderCompId: 'G', targetCompId: 'V', heartBtIntSec: 30, resetOnLogon: false, store, instrument, book: { mid: () => 10000 } as never,
      scheduler: new Scheduler(), audit: { append: (kind, data) => records.push({ kind, data: { ...data } }) },
    });
    const connected = gw.connect();
    await until(() => got.some((m) => m.msgType === 'A'));
    send('A', [[98, '0'], [108, '30']]);
    await connected;
    cleanup.push(() => gw.disconnect(200));
    const events: OrderEvent[] = [];
    const recordsWhenSeen: number[] = [];
    gw.onOrderEvent((e) => {
      events.push(e);
      recordsWhenSeen.push(records.length);
    });
    gw.submit({ kind: 'new', clientOrderId: 'C1', side: 1, type: 'limit', tif: 'day', size: 100, priceUnits: 10000 });
    await until(() => got.some((m) => m.msgType === 'D'));
    expect(records.filter((r) => r.kind === 'request')).toHaveLength(1);
    const er = (id: string, execId: string, execType: string, last: string): Array<[number, string]> =>
      [[37, 'O1'], [11, id], [17, execId], [150, execType], [39, '1'], [55, 'XYZ'], [54, '1'], [38, '100'], [151, '60'], [14, last], [6, '100'], [32, last], [31, '100.00']];
    send('8', er('NOT-OURS', 'E9', 'F', '40'));
    send('8', er('C1', 'E1', 'F', '40'));
    await until(() => events.length >= 1);
    await sleep(50);
    expect(gw.unmatchedReports).toBe(1);
    expect(records.find((r) => r.data.type === 'unmatched-execution-report')?.data).toMatchObject({ clOrdId: 'NOT-OURS', execId: 'E9', execType: 'F', lastQty: '40' });
    expect(events.map((e) => e.type)).toEqual(['OrderFilled']);
    const fillRecord = records.findIndex((r) => r.kind === 'order-event' && r.data.execId === 'E1');
    expect(recordsWhenSeen[0]).toBe(fillRecord + 1); // its record was written before the listener ran
    expect(store.hasExecId('E1')).toBe(true);
    expect(gw.seqState.nextIn).toBe(4);
  });
});
