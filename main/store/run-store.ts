import { randomUUID } from 'node:crypto';
import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
import { RESULT_COLUMNS, rowProblem, type ParentOrderResultRow } from './result-columns.js';
import { writeRunExport, type ExportFormat } from './run-export.js';
import { openError, StoreError } from './store-error.js';

/** Schema version written to `store_meta`; a database with another version is refused. */
export const STORE_SCHEMA_VERSION = '1';

/**
 * A run to store: what was run, on what input, with which code, and its per-parent-order
 * results. Invariants: `config` and `summary` are JSON-serialisable; `seeds` safe integers;
 * `dataHash` the SHA-256 (hex) of the input (data files or scenario JSON); every result row
 * satisfies `ParentOrderResultRow`'s invariants.
 */
export interface RunRecord {
  readonly kind: string;
  readonly config: unknown;
  readonly seeds: readonly number[];
  readonly dataHash: string;
  readonly engineVersion: string;
  readonly modelVersion: string;
  readonly status: 'completed' | 'cancelled';
  readonly summary: unknown;
  readonly results: readonly ParentOrderResultRow[];
  /**
   * Per parent order of a learned agent (by `jobIndex` of a result row): why it sent each child —
   * the explanation object (feature names, and per decision the observation, action and the
   * policy's probabilities or Q-values). Stored as JSON in `agent_decisions`.
   */
  readonly explanations?: ReadonlyArray<{ readonly jobIndex: number; readonly explanations: unknown }>;
}

/** A stored run without its results. `created` is ISO-8601 UTC; `resultCount` = rows in `parent_order_results`. */
export interface StoredRun extends Omit<RunRecord, 'results'> {
  readonly id: string;
  readonly created: string;
  readonly resultCount: number;
}

/**
 * Options of `RunStore.open`. The store is a host-side I/O adapter (not a simulation path): the
 * creation time and run id come from the wall clock and `crypto.randomUUID` unless injected.
 */
export interface RunStoreOptions {
  readonly now?: () => Date;
  readonly newId?: () => string;
}

const DDL = [
  `CREATE TABLE IF NOT EXISTS store_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS runs (id VARCHAR PRIMARY KEY, created VARCHAR NOT NULL, kind VARCHAR NOT NULL, config JSON NOT NULL,
    seeds JSON NOT NULL, data_hash VARCHAR NOT NULL, engine_version VARCHAR NOT NULL, model_version VARCHAR NOT NULL,
    status VARCHAR NOT NULL, summary JSON)`,
  `CREATE TABLE IF NOT EXISTS parent_order_results (run_id VARCHAR NOT NULL REFERENCES runs(id), ${RESULT_COLUMNS.map((c) => `${c.column} ${c.sql}${c.nullable ? '' : ' NOT NULL'}`).join(', ')},
    PRIMARY KEY (run_id, job_index), UNIQUE (run_id, strategy, path_id))`,
  // Added without a schema bump: a table only this build reads, created in existing stores on open.
  `CREATE TABLE IF NOT EXISTS agent_decisions (run_id VARCHAR NOT NULL REFERENCES runs(id), job_index INTEGER NOT NULL, explanations JSON NOT NULL, PRIMARY KEY (run_id, job_index))`,
];
const RUN_COLUMNS = ['id', 'created', 'kind', 'config', 'seeds', 'data_hash', 'engine_version', 'model_version', 'status', 'summary'];

/**
 * The run registry: one DuckDB database FILE (or ':memory:') with tables `runs` (one row per
 * run: id, created, kind, config JSON, seeds JSON, data hash, engine and model version, status,
 * summary JSON) and `parent_order_results` (one row per parent order, `RESULT_COLUMNS`).
 *
 * Invariants: a run is written in ONE transaction with all its results, so after a crash or a
 * failed save the database holds the whole run or nothing of it; every error is a `StoreError`
 * naming the file (corrupt / not DuckDB, locked by another process, I/O). One process at a time
 * may open a file (DuckDB's lock); `close()` releases it.
 */
export class RunStore {
  private constructor(
    readonly file: string,
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    private readonly opts: RunStoreOptions,
  ) {}

  /** Opens (creating if needed) the store at `file`; throws `StoreError` naming it. */
  static async open(file: string, opts: RunStoreOptions = {}): Promise<RunStore> {
    let instance: DuckDBInstance;
    try {
      // Loaded on first use, like the order store: an engine that never stores a run never loads the native module.
      const { DuckDBInstance: Instance } = await import('@duckdb/node-api');
      instance = await Instance.create(file, { threads: '1' });
    } catch (e) {
      throw openError(file, e);
    }
    let conn: DuckDBConnection | null = null;
    try {
      conn = await instance.connect();
      const store = new RunStore(file, instance, conn, opts);
      await store.migrate();
      return store;
    } catch (e) {
      conn?.closeSync();
      instance.closeSync();
      throw e instanceof StoreError ? e : openError(file, e);
    }
  }

  /** Stores a run and its results atomically; returns the new run id. Throws `StoreError` ('write': nothing was stored). */
  async saveRun(rec: RunRecord): Promise<string> {
    const id = (this.opts.newId ?? randomUUID)();
    const created = (this.opts.now ?? (() => new Date()))().toISOString();
    await this.sql('BEGIN TRANSACTION');
    try {
      await this.conn.run(`INSERT INTO runs (${RUN_COLUMNS.join(', ')}) VALUES (${RUN_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`, [
        id, created, rec.kind, JSON.stringify(rec.config), JSON.stringify(rec.seeds), rec.dataHash, rec.engineVersion, rec.modelVersion, rec.status,
        rec.summary === undefined || rec.summary === null ? null : JSON.stringify(rec.summary),
      ]);
      const stmt = await this.conn.prepare(`INSERT INTO parent_order_results (run_id, ${RESULT_COLUMNS.map((c) => c.column).join(', ')}) VALUES (${['$1', ...RESULT_COLUMNS.map((_, i) => `$${i + 2}`)].join(', ')})`);
      try {
        for (let i = 0; i < rec.results.length; i++) {
          const row = rec.results[i]!;
          const problem = rowProblem(row);
          if (problem) throw new Error(`result ${i} (${row.strategy} on ${row.pathId}): ${problem}`);
          stmt.bind([id, ...RESULT_COLUMNS.map((c) => row[c.key] as DuckDBValue)]);
          await stmt.run();
        }
      } finally {
        stmt.destroySync();
      }
      for (const e of rec.explanations ?? []) {
        if (!rec.results.some((r) => r.jobIndex === e.jobIndex)) throw new Error(`explanations of job ${e.jobIndex}: no result row with that job index`);
        await this.conn.run('INSERT INTO agent_decisions VALUES ($1, $2, $3)', [id, e.jobIndex, JSON.stringify(e.explanations)]);
      }
      await this.conn.run('COMMIT');
    } catch (e) {
      try {
        await this.conn.run('ROLLBACK');
      } catch {
        // the transaction is already aborted
      }
      throw new StoreError(this.file, 'write', `saving the run failed and was rolled back (nothing was stored): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    return id;
  }

  /** Every run, oldest first (by creation time, then id). */
  async listRuns(): Promise<StoredRun[]> {
    const rows = await this.query(`SELECT r.*, (SELECT count(*) FROM parent_order_results p WHERE p.run_id = r.id) AS result_count FROM runs r ORDER BY created, id`);
    return rows.map(runOf);
  }

  /** One run; throws `StoreError` ('not-found') for an unknown id. */
  async getRun(id: string): Promise<StoredRun> {
    const rows = await this.query(`SELECT r.*, (SELECT count(*) FROM parent_order_results p WHERE p.run_id = r.id) AS result_count FROM runs r WHERE id = $1`, [id]);
    if (rows.length === 0) throw new StoreError(this.file, 'not-found', `no run with id "${id}"`);
    return runOf(rows[0]!);
  }

  /** A run's results in job order. */
  async getResults(id: string): Promise<ParentOrderResultRow[]> {
    const rows = await this.query(`SELECT * FROM parent_order_results WHERE run_id = $1 ORDER BY job_index`, [id]);
    return rows.map((r) => {
      const out: Record<string, unknown> = {};
      for (const c of RESULT_COLUMNS) {
        const v = r[c.column];
        out[c.key] = typeof v === 'bigint' ? Number(v) : v;
      }
      return out as unknown as ParentOrderResultRow;
    });
  }

  /** A run's agent explanations by job index (empty when it had no learned agent). */
  async getExplanations(id: string): Promise<Array<{ jobIndex: number; explanations: unknown }>> {
    const rows = await this.query(`SELECT job_index, explanations FROM agent_decisions WHERE run_id = $1 ORDER BY job_index`, [id]);
    return rows.map((r) => ({ jobIndex: Number(r.job_index), explanations: JSON.parse(String(r.explanations)) as unknown }));
  }

  /**
   * Writes run `id` to `path` as CSV (a header of `run_id` + `RESULT_COLUMNS`, one line per
   * parent order) or JSON (`{ run, results }`); the file is replaced atomically. Returns the rows.
   */
  async exportRun(id: string, format: ExportFormat, path: string): Promise<{ path: string; rows: number }> {
    const run = await this.getRun(id);
    const results = await this.getResults(id);
    const explanations = format === 'json' ? await this.getExplanations(id) : [];
    try {
      writeRunExport(run, results, format, path, explanations);
    } catch (e) {
      throw new StoreError(this.file, 'io', `cannot write the export ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
    }
    return { path, rows: results.length };
  }

  /** Closes the database (releases its lock). */
  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }

  private async migrate(): Promise<void> {
    // Existing tables must be the store's before anything is created next to them.
    const want: Record<string, readonly string[]> = { store_meta: ['key', 'value'], runs: RUN_COLUMNS, parent_order_results: ['run_id', ...RESULT_COLUMNS.map((c) => c.column)] };
    for (const [table, cols] of Object.entries(want)) {
      const have = new Set((await this.query(`SELECT column_name FROM information_schema.columns WHERE table_name = $1`, [table])).map((r) => String(r.column_name)));
      if (have.size === 0) continue;
      const missing = cols.filter((c) => !have.has(c));
      if (missing.length > 0) throw new StoreError(this.file, 'corrupt', `table ${table} is not the run store's (missing ${missing.join(', ')})`);
    }
    for (const ddl of DDL) await this.sql(ddl);
    const meta = await this.query(`SELECT value FROM store_meta WHERE key = 'schema_version'`);
    if (meta.length === 0) await this.sql(`INSERT INTO store_meta VALUES ('schema_version', '${STORE_SCHEMA_VERSION}')`);
    else if (meta[0]!.value !== STORE_SCHEMA_VERSION) {
      throw new StoreError(this.file, 'corrupt', `schema version ${String(meta[0]!.value)} is not this build's (${STORE_SCHEMA_VERSION})`);
    }
  }

  private async sql(text: string): Promise<void> {
    try {
      await this.conn.run(text);
    } catch (e) {
      throw new StoreError(this.file, 'io', `${text.split(/\s+/).slice(0, 4).join(' ')} failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }

  private async query(text: string, values?: DuckDBValue[]): Promise<Array<Record<string, unknown>>> {
    try {
      return (await this.conn.runAndReadAll(text, values)).getRowObjectsJS() as Array<Record<string, unknown>>;
    } catch (e) {
      throw new StoreError(this.file, 'io', `query failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  }
}

function runOf(r: Record<string, unknown>): StoredRun {
  return {
    id: String(r.id), created: String(r.created), kind: String(r.kind), config: JSON.parse(String(r.config)) as unknown,
    seeds: JSON.parse(String(r.seeds)) as number[], dataHash: String(r.data_hash), engineVersion: String(r.engine_version),
    modelVersion: String(r.model_version), status: r.status === 'cancelled' ? 'cancelled' : 'completed',
    summary: r.summary === null || r.summary === undefined ? null : (JSON.parse(String(r.summary)) as unknown),
    resultCount: Number(r.result_count),
  };
}
