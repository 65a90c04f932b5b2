import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
import type { ChildOrderRecord, FillRecord, ParentOrderRecord } from '../contract/orders.js';
import { openError as runOpenError, StoreError } from './store-error.js';

/** A `StoreError` of the order store: its message starts with "order store <file>:". */
export class OrderStoreError extends StoreError {
  constructor(file: string, reason: StoreError['reason'], detail: string, options?: { cause?: unknown }) {
    super(file, reason, detail, options);
    this.message = `order store ${file}: ${detail}`;
    this.name = 'OrderStoreError';
  }
}

function openError(file: string, e: unknown): OrderStoreError {
  const r = runOpenError(file, e);
  return new OrderStoreError(file, r.reason, r.message.slice(`run store ${file}: `.length).replace('pass another --db', 'restart the engine'), { cause: e });
}

/** Schema version of the order store (table `order_store_meta`). */
export const ORDER_STORE_SCHEMA_VERSION = '1';

const PARENT_COLUMNS = [
  'parent_id', 'created', 'updated', 'ticket', 'status', 'filled', 'avg_price_units', 'arrival_price_units', 'is_bps',
  'source_label', 'instrument', 'base_epoch_ns', 'clock', 'error',
] as const;
/** Parent columns added after schema version 1 shipped: nullable, added in place by `migrate` (older builds still read and write the file). */
const ADDED_PARENT_COLUMNS: readonly (readonly [string, string])[] = [['start_ns', 'DOUBLE']];
const CHILD_COLUMNS = ['parent_id', 'client_order_id', 'seq', 'side', 'type', 'size', 'filled', 'price_units', 'avg_price_units', 'status', 'created_ns', 'reason'] as const;
const FILL_COLUMNS = ['parent_id', 'seq', 'ts_ns', 'client_order_id', 'side', 'price_units', 'size', 'aggressor'] as const;

const DDL = [
  `CREATE TABLE IF NOT EXISTS order_store_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS parent_orders (parent_id VARCHAR PRIMARY KEY, created VARCHAR NOT NULL, updated VARCHAR NOT NULL, ticket JSON NOT NULL,
    status VARCHAR NOT NULL, filled DOUBLE NOT NULL, avg_price_units DOUBLE, arrival_price_units DOUBLE, is_bps DOUBLE, source_label VARCHAR NOT NULL,
    instrument JSON, base_epoch_ns VARCHAR NOT NULL, clock VARCHAR NOT NULL, error VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS child_orders (parent_id VARCHAR NOT NULL, client_order_id VARCHAR NOT NULL, seq INTEGER NOT NULL, side INTEGER NOT NULL,
    type VARCHAR NOT NULL, size DOUBLE NOT NULL, filled DOUBLE NOT NULL, price_units DOUBLE, avg_price_units DOUBLE, status VARCHAR NOT NULL,
    created_ns DOUBLE NOT NULL, reason VARCHAR, PRIMARY KEY (parent_id, client_order_id))`,
  `CREATE TABLE IF NOT EXISTS order_fills (parent_id VARCHAR NOT NULL, seq INTEGER NOT NULL, ts_ns DOUBLE NOT NULL, client_order_id VARCHAR NOT NULL,
    side INTEGER NOT NULL, price_units DOUBLE NOT NULL, size DOUBLE NOT NULL, aggressor BOOLEAN NOT NULL, PRIMARY KEY (parent_id, seq))`,
];

const num = (v: unknown): number => (typeof v === 'bigint' ? Number(v) : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));

/**
 * Parent orders with their child orders and fills, in one DuckDB FILE (`orders.duckdb` in the
 * engine's data folder). Tables: `parent_orders` (one row per parent: ticket JSON, status,
 * filled, average and arrival price, IS bps, times), `child_orders`, `order_fills`.
 *
 * Invariants: `saveParent` writes a parent, ALL its children and ALL its fills in ONE
 * transaction (replacing the previous state), so the file always holds a consistent last saved
 * state; `open` marks every parent still 'working' as 'interrupted' (the engine that worked it
 * died); every error is an `OrderStoreError` naming the file, and a file that cannot be read is never
 * modified (nothing already stored is lost).
 */
export class OrderStore {
  private constructor(
    readonly file: string,
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    private readonly now: () => Date,
  ) {}

  /** Operations queued or running: DuckDB's connection runs one transaction at a time, and closing it under a running statement crashed the native module (Napi::Error at host shutdown while a parent was still being saved). */
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private closing = false;

  /** Runs `op` after every earlier operation (one transaction at a time); refused once `close` was called. */
  private serial<T>(what: string, op: () => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(new OrderStoreError(this.file, 'io', `${what}: the order store is closed`));
    this.pending++;
    const run = this.tail.then(op, op);
    const settle = (): void => {
      if (--this.pending === 0 && this.closing) this.closeNow();
    };
    this.tail = run.then(settle, settle);
    return run;
  }

  /** Opens (creating if needed) the store; marks parents left 'working' as 'interrupted'. Throws `StoreError` naming the file. */
  static async open(file: string, opts: { now?: () => Date } = {}): Promise<OrderStore> {
    let instance: DuckDBInstance;
    try {
      // Loaded on first use: the engine bundle then starts (and serves every other command) even
      // where the native DuckDB package cannot be resolved.
      const { DuckDBInstance: Instance } = await import('@duckdb/node-api');
      instance = await Instance.create(file, { threads: '1' });
    } catch (e) {
      throw openError(file, e);
    }
    let conn: DuckDBConnection | null = null;
    try {
      conn = await instance.connect();
      const store = new OrderStore(file, instance, conn, opts.now ?? (() => new Date()));
      await store.migrate();
      await store.sql(`UPDATE parent_orders SET status = 'interrupted', updated = '${store.now().toISOString()}' WHERE status = 'working'`);
      return store;
    } catch (e) {
      conn?.closeSync();
      instance.closeSync();
      throw e instanceof OrderStoreError ? e : openError(file, e);
    }
  }

  /** Writes the parent's current state, children and fills atomically. Throws `StoreError` ('write': the previous state is kept). */
  saveParent(rec: ParentOrderRecord): Promise<void> {
    return this.serial(`saving parent order ${rec.parentId}`, () => this.saveParentNow(rec));
  }

  private async saveParentNow(rec: ParentOrderRecord): Promise<void> {
    await this.sql('BEGIN TRANSACTION');
    try {
      await this.conn.run('DELETE FROM child_orders WHERE parent_id = $1', [rec.parentId]);
      await this.conn.run('DELETE FROM order_fills WHERE parent_id = $1', [rec.parentId]);
      await this.conn.run('DELETE FROM parent_orders WHERE parent_id = $1', [rec.parentId]);
      const cols = [...PARENT_COLUMNS, 'start_ns'];
      await this.conn.run(`INSERT INTO parent_orders (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, [
        rec.parentId, rec.created, rec.updated, JSON.stringify(rec.ticket), rec.status, rec.filled, rec.avgPriceUnits, rec.arrivalPriceUnits, rec.isBps,
        rec.sourceLabel, rec.instrument ? JSON.stringify(rec.instrument) : null, rec.baseEpochNs, rec.clock, rec.error, rec.startNs ?? null,
      ]);
      await this.insertAll('child_orders', CHILD_COLUMNS, rec.children.map((c, i): DuckDBValue[] => [
        rec.parentId, c.clientOrderId, i, c.side, c.type, c.size, c.filled, c.priceUnits, c.avgPriceUnits, c.status, c.createdNs, c.reason,
      ]));
      await this.insertAll('order_fills', FILL_COLUMNS, rec.fills.map((f, i): DuckDBValue[] => [rec.parentId, i, f.tsNs, f.clientOrderId, f.side, f.priceUnits, f.size, f.aggressor]));
      await this.conn.run('COMMIT');
    } catch (e) {
      try {
        await this.conn.run('ROLLBACK');
      } catch {
        // already aborted
      }
      throw new OrderStoreError(this.file, 'write', `saving parent order ${rec.parentId} failed and was rolled back (its previous state is kept): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }

  /** Every parent order, oldest first, with its children (creation order) and fills. */
  listParents(): Promise<ParentOrderRecord[]> {
    return this.serial('listing parent orders', () => this.listParentsNow());
  }

  private async listParentsNow(): Promise<ParentOrderRecord[]> {
    const parents = await this.query('SELECT * FROM parent_orders ORDER BY created, parent_id');
    const kids = await this.query('SELECT * FROM child_orders ORDER BY parent_id, seq');
    const fills = await this.query('SELECT * FROM order_fills ORDER BY parent_id, seq');
    const kidsBy = new Map<string, ChildOrderRecord[]>();
    for (const r of kids) {
      const list = kidsBy.get(String(r.parent_id)) ?? [];
      list.push({
        clientOrderId: String(r.client_order_id), side: num(r.side), type: String(r.type), size: num(r.size), filled: num(r.filled),
        priceUnits: numOrNull(r.price_units), avgPriceUnits: numOrNull(r.avg_price_units), status: String(r.status), createdNs: num(r.created_ns),
        reason: r.reason === null || r.reason === undefined ? null : String(r.reason),
      });
      kidsBy.set(String(r.parent_id), list);
    }
    const fillsBy = new Map<string, FillRecord[]>();
    for (const r of fills) {
      const list = fillsBy.get(String(r.parent_id)) ?? [];
      list.push({ tsNs: num(r.ts_ns), clientOrderId: String(r.client_order_id), side: num(r.side), priceUnits: num(r.price_units), size: num(r.size), aggressor: Boolean(r.aggressor) });
      fillsBy.set(String(r.parent_id), list);
    }
    return parents.map((r): ParentOrderRecord => {
      const id = String(r.parent_id);
      return {
        parentId: id, created: String(r.created), updated: String(r.updated), ticket: JSON.parse(String(r.ticket)) as ParentOrderRecord['ticket'],
        status: String(r.status) as ParentOrderRecord['status'], filled: num(r.filled), avgPriceUnits: numOrNull(r.avg_price_units),
        arrivalPriceUnits: numOrNull(r.arrival_price_units), isBps: numOrNull(r.is_bps), sourceLabel: String(r.source_label),
        instrument: r.instrument === null || r.instrument === undefined ? null : (JSON.parse(String(r.instrument)) as ParentOrderRecord['instrument']),
        baseEpochNs: String(r.base_epoch_ns), clock: r.clock === 'exchange-local' ? 'exchange-local' : 'utc', startNs: numOrNull(r.start_ns),
        error: r.error === null || r.error === undefined ? null : String(r.error),
        children: kidsBy.get(id) ?? [], fills: fillsBy.get(id) ?? [],
      };
    });
  }

  /** Closes the database (releases its lock): at once when idle, else as soon as the operations already queued have finished (they complete; later ones are refused). */
  close(): void {
    if (this.closing) return;
    this.closing = true;
    if (this.pending === 0) this.closeNow();
  }

  private closeNow(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }

  private async insertAll(table: string, cols: readonly string[], rows: DuckDBValue[][]): Promise<void> {
    if (rows.length === 0) return;
    const stmt = await this.conn.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`);
    try {
      for (const r of rows) {
        stmt.bind(r);
        await stmt.run();
      }
    } finally {
      stmt.destroySync();
    }
  }

  private async migrate(): Promise<void> {
    const want: Record<string, readonly string[]> = { parent_orders: PARENT_COLUMNS, child_orders: CHILD_COLUMNS, order_fills: FILL_COLUMNS };
    for (const [table, cols] of Object.entries(want)) {
      const have = new Set((await this.query('SELECT column_name FROM information_schema.columns WHERE table_name = $1', [table])).map((r) => String(r.column_name)));
      if (have.size === 0) continue;
      const missing = cols.filter((c) => !have.has(c));
      if (missing.length > 0) throw new OrderStoreError(this.file, 'corrupt', `table ${table} is not the order store's (missing ${missing.join(', ')})`);
    }
    for (const ddl of DDL) await this.sql(ddl);
    for (const [col, type] of ADDED_PARENT_COLUMNS) await this.sql(`ALTER TABLE parent_orders ADD COLUMN IF NOT EXISTS ${col} ${type}`);
    const meta = await this.query(`SELECT value FROM order_store_meta WHERE key = 'schema_version'`);
    if (meta.length === 0) await this.sql(`INSERT INTO order_store_meta VALUES ('schema_version', '${ORDER_STORE_SCHEMA_VERSION}')`);
    else if (meta[0]!.value !== ORDER_STORE_SCHEMA_VERSION) {
      throw new OrderStoreError(this.file, 'corrupt', `order store schema version ${String(meta[0]!.value)} is not this build's (${ORDER_STORE_SCHEMA_VERSION})`);
    }
  }

  private async sql(text: string): Promise<void> {
    try {
      await this.conn.run(text);
    } catch (e) {
      throw new OrderStoreError(this.file, 'io', `${text.split(/\s+/).slice(0, 4).join(' ')} failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }

  private async query(text: string, values?: DuckDBValue[]): Promise<Array<Record<string, unknown>>> {
    try {
      return (await this.conn.runAndReadAll(text, values)).getRowObjectsJS() as Array<Record<string, unknown>>;
    } catch (e) {
      throw new OrderStoreError(this.file, 'io', `query failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }
}
