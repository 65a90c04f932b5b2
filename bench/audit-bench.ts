/**
 * What durability costs: the write-ahead audit log (`main/store/audit-log.ts`) and the FIX
 * session journal (`main/live/fix/session-store-file.ts`), each fdatasync'd per record, against
 * the same writes without fsync, and against DuckDB (the other candidate store: one autocommitted
 * INSERT per record, which is how a write-ahead record would have to be made durable there).
 *
 * - `audit.appendsPerSec` / `appendUs` (median, p99): one audit record of a fill (the JSON the
 *   gateway writes), fsync'd and not.
 * - `perOrder`: the durable writes the gateway makes for one child order that is acknowledged and
 *   filled in two parts, in the gateway's order: audit(request) + session(sent message, seq) for
 *   the NewOrderSingle, then per ExecutionReport audit(event) + session(ExecID) + session(seq)
 *   — 4 audit and 9 session records; `ms` is its wall time, fsync'd and not.
 * - `duckdb.insertsPerSec`: the same record as one autocommitted INSERT into a DuckDB file.
 * Files go to a fresh folder under the OS temp dir (or `dir`); the figures are the disk's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSessionStore } from '../main/live/fix/session-store-file.js';
import { AuditLog } from '../main/store/audit-log.js';

const fillRecord = (i: number) => ({
  event: { type: 'OrderFilled', tsNs: 1_234_567_890 + i, clientOrderId: `P.1-${i}`, side: 1, priceUnits: 1_002_500, size: 100, leaves: 0, aggressor: true, fee: 12 },
  execId: `X${i}`, fixClOrdId: `P.1-${i}`,
});

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}

function appends(dir: string, n: number, fsync: boolean) {
  const log = AuditLog.open(join(dir, `audit-${fsync ? 'sync' : 'nosync'}.log`), { fsync });
  const us: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    log.append('order-event', fillRecord(i));
    us.push((performance.now() - t) * 1000);
  }
  const sec = (performance.now() - t0) / 1000;
  log.close();
  return { n, appendsPerSec: Math.round(n / sec), appendUsMedian: Math.round(quantile(us, 0.5)), appendUsP99: Math.round(quantile(us, 0.99)) };
}

function perOrder(dir: string, orders: number, fsync: boolean) {
  const log = AuditLog.open(join(dir, `order-${fsync ? 'sync' : 'nosync'}.log`), { fsync });
  const store = new FileSessionStore(join(dir, `session-${fsync ? 'sync' : 'nosync'}.log`), { fsync });
  let out = 1;
  let inn = 1;
  const ms: number[] = [];
  for (let i = 0; i < orders; i++) {
    const t = performance.now();
    const id = `P.1-${i}`;
    log.append('request', { request: { kind: 'new', clientOrderId: id, side: 1, type: 'limit', tif: 'day', size: 100, priceUnits: 1_002_500 }, fixClOrdId: id });
    store.put(out, { msgType: 'D', header: [], body: [[11, id], [55, 'SIM'], [54, '1'], [38, '100'], [40, '2'], [44, '100.25']], sendingTime: '20261203-10:00:00.000' });
    store.save({ nextOut: ++out, nextIn: inn });
    for (const [k, ev] of [['0', { type: 'OrderAccepted' }], ['F', fillRecord(i).event], ['F', { ...fillRecord(i).event, size: 50 }]] as const) {
      log.append('order-event', { event: { ...ev, clientOrderId: id }, execId: `X${i}${k}${inn}` });
      store.addExecId(`X${i}${k}${inn}`);
      store.save({ nextOut: out, nextIn: ++inn });
    }
    ms.push(performance.now() - t);
  }
  log.close();
  store.close();
  return { orders, auditRecordsPerOrder: 4, sessionRecordsPerOrder: 9, msMedian: +quantile(ms, 0.5).toFixed(2), msP99: +quantile(ms, 0.99).toFixed(2), ordersPerSec: Math.round(orders / (ms.reduce((a, b) => a + b, 0) / 1000)) };
}

async function duck(dir: string, n: number) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(join(dir, 'audit.duckdb'));
  const c = await db.connect();
  await c.run('CREATE TABLE audit (seq BIGINT, ts_ms DOUBLE, kind VARCHAR, data JSON)');
  const stmt = await c.prepare('INSERT INTO audit VALUES ($1, $2, $3, $4)');
  const us: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    stmt.bindBigInt(1, BigInt(i + 1));
    stmt.bindDouble(2, i);
    stmt.bindVarchar(3, 'order-event');
    stmt.bindVarchar(4, JSON.stringify(fillRecord(i)));
    await stmt.run();
    us.push((performance.now() - t) * 1000);
  }
  const sec = (performance.now() - t0) / 1000;
  c.closeSync();
  db.closeSync();
  return { n, insertsPerSec: Math.round(n / sec), insertUsMedian: Math.round(quantile(us, 0.5)), insertUsP99: Math.round(quantile(us, 0.99)) };
}

/** Options: fsync'd appends (default 300), orders (default 60), a folder on the disk to measure. */
export async function runAuditBench(opts: { appends?: number; orders?: number; dir?: string } = {}): Promise<object> {
  const n = opts.appends ?? 300;
  const orders = opts.orders ?? 60;
  const dir = mkdtempSync(join(opts.dir ?? tmpdir(), 'audit-bench-'));
  try {
    const synced = appends(dir, n, true);
    const unsynced = appends(dir, n * 20, false);
    const orderSynced = perOrder(dir, orders, true);
    const orderUnsynced = perOrder(dir, orders * 20, false);
    const duckdb = await duck(dir, n);
    return {
      dir,
      audit: { fsync: synced, noFsync: unsynced, fsyncCostX: +(unsynced.appendsPerSec / synced.appendsPerSec).toFixed(1) },
      perOrder: { fsync: orderSynced, noFsync: orderUnsynced },
      duckdb,
      fileVsDuckdbX: +(synced.appendsPerSec / duckdb.insertsPerSec).toFixed(2),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Run it with `npm run bench -- --only audit`. (A self-run guard on import.meta.url fired inside the bench bundle,
// where every bench shares the bundle's URL, and printed this object before every bench's JSON.)
