import { randomUUID } from 'node:crypto';
import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
import { openError, StoreError } from './store-error.js';

/**
 * A run's learning curves, kept with its row (column `curves`, JSON): `train` [step, mean episode
 * return], `evaluation` [step, greedy evaluation return], `rate` [step, steps/s], `validation` the
 * validations against TWAP (`{ step, agentIsBps, twapIsBps, diffBps, ciLowBps, ciHighBps, n }`,
 * execution env; empty otherwise). Invariant: every array in step order, every number finite
 * (nulls only inside validation records).
 */
export interface TrainingRunCurves {
  readonly train: ReadonlyArray<readonly [number, number]>;
  readonly evaluation: ReadonlyArray<readonly [number, number]>;
  readonly rate: ReadonlyArray<readonly [number, number]>;
  readonly validation: ReadonlyArray<{
    readonly step: number; readonly agentIsBps: number | null; readonly twapIsBps: number | null; readonly diffBps: number | null;
    readonly ciLowBps: number | null; readonly ciHighBps: number | null; readonly n: number;
  }>;
}

/**
 * A finished or cancelled training run to store. Invariants: `config` and `metrics` are
 * JSON-serialisable; `seed` and `steps` are safe integers ≥ 0; `dataHash` is the SHA-256 (hex)
 * of the training data (days' files, scenario JSON, or of the env spec for a synthetic env);
 * `weightsSha256` is the model's weight digest (64 hex); `modelPath` the model folder.
 */
export interface TrainingRunRecord {
  readonly algo: string;
  readonly env: string;
  readonly config: unknown;
  readonly seed: number;
  readonly steps: number;
  readonly dataHash: string;
  readonly backend: string;
  readonly metrics: unknown;
  readonly status: 'completed' | 'cancelled';
  readonly modelPath: string;
  readonly weightsSha256: string;
  /** Its learning curves (absent / null: none kept); read back with `curves(ids)`, not with `list()`. */
  readonly curves?: TrainingRunCurves | null;
}

/** A stored training run. `created` is ISO-8601 UTC (wall clock of the host that stored it). */
export interface StoredTrainingRun extends TrainingRunRecord {
  readonly id: string;
  readonly created: string;
}

/** Options of `TrainingRunStore.open` (the wall clock and the id source are injectable, as `RunStoreOptions`). */
export interface TrainingRunStoreOptions {
  readonly now?: () => Date;
  readonly newId?: () => string;
}

const COLUMNS = ['id', 'created', 'algo', 'env', 'config', 'seed', 'steps', 'data_hash', 'backend', 'metrics', 'status', 'model_path', 'weights_sha256'] as const;
const DDL = `CREATE TABLE IF NOT EXISTS training_runs (id VARCHAR PRIMARY KEY, created VARCHAR NOT NULL, algo VARCHAR NOT NULL, env VARCHAR NOT NULL,
  config JSON NOT NULL, seed BIGINT NOT NULL, steps BIGINT NOT NULL, data_hash VARCHAR NOT NULL, backend VARCHAR NOT NULL, metrics JSON,
  status VARCHAR NOT NULL, model_path VARCHAR NOT NULL, weights_sha256 VARCHAR NOT NULL, curves JSON)`;
/** Added after the first release: a registry written before it gets the column (null for its old rows). */
const CURVES = 'curves';

/** Why a record cannot be stored (null: it can), naming the field. */
export function trainingRunProblem(r: TrainingRunRecord): string | null {
  for (const k of ['algo', 'env', 'dataHash', 'backend', 'modelPath'] as const) if (typeof r[k] !== 'string' || r[k].length === 0) return `${k} must be a non-empty string`;
  if (!Number.isSafeInteger(r.seed) || r.seed < 0) return `seed must be a safe integer ≥ 0, got ${r.seed}`;
  if (!Number.isSafeInteger(r.steps) || r.steps < 0) return `steps must be a safe integer ≥ 0, got ${r.steps}`;
  if (r.status !== 'completed' && r.status !== 'cancelled') return `status must be 'completed' or 'cancelled', got ${JSON.stringify(r.status)}`;
  if (!/^[0-9a-f]{64}$/.test(r.weightsSha256)) return `weightsSha256 must be 64 lower-case hex digits`;
  if (r.curves !== undefined && r.curves !== null) return curvesProblem(r.curves);
  return null;
}

function curvesProblem(c: TrainingRunCurves): string | null {
  for (const k of ['train', 'evaluation', 'rate'] as const) {
    const xs = (c as Partial<TrainingRunCurves>)[k];
    if (!Array.isArray(xs)) return `curves.${k} must be an array of [step, value]`;
    const i = xs.findIndex((p) => !Array.isArray(p) || p.length !== 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1]));
    if (i >= 0) return `curves.${k}[${i}] must be [step, value] with finite numbers`;
  }
  if (!Array.isArray(c.validation)) return 'curves.validation must be an array';
  const j = c.validation.findIndex((v) => typeof v !== 'object' || v === null || !Number.isFinite(v.step) || !Number.isInteger(v.n));
  if (j >= 0) return `curves.validation[${j}] must have a finite step and an integer n`;
  return null;
}

/**
 * The training-run registry: table `training_runs` in a DuckDB database FILE (or ':memory:'),
 * one row per finished or cancelled run (algorithm, env, config, seed, steps, data hash,
 * backend, metrics, status, model folder, weight digest, created time). It can share its file
 * with the backtests' `RunStore` (its own table), but not be open at the same time as it: DuckDB
 * lets one instance hold a file.
 *
 * Invariants: a row is written whole or not at all (one INSERT; a bad record is refused before
 * it); every error is a `StoreError` naming the file; stored rows are never changed.
 */
export class TrainingRunStore {
  private constructor(
    readonly file: string,
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    private readonly opts: TrainingRunStoreOptions,
  ) {}

  /** Opens (creating if needed) the registry at `file`; throws `StoreError` naming it. */
  static async open(file: string, opts: TrainingRunStoreOptions = {}): Promise<TrainingRunStore> {
    let instance: DuckDBInstance;
    try {
      // Loaded on first use: a command that never stores a run never loads the native module.
      const { DuckDBInstance: Instance } = await import('@duckdb/node-api');
      instance = await Instance.create(file, { threads: '1' });
    } catch (e) {
      throw openError(file, e);
    }
    let conn: DuckDBConnection | null = null;
    try {
      conn = await instance.connect();
      const store = new TrainingRunStore(file, instance, conn, opts);
      await store.migrate();
      return store;
    } catch (e) {
      conn?.closeSync();
      instance.closeSync();
      throw e instanceof StoreError ? e : openError(file, e);
    }
  }

  /** Stores a run; returns its new id. Throws `StoreError` ('write': nothing was stored). */
  async save(rec: TrainingRunRecord): Promise<string> {
    const problem = trainingRunProblem(rec);
    if (problem) throw new StoreError(this.file, 'write', `training run not stored: ${problem}`);
    const id = (this.opts.newId ?? randomUUID)();
    const created = (this.opts.now ?? (() => new Date()))().toISOString();
    const values: DuckDBValue[] = [
      id, created, rec.algo, rec.env, JSON.stringify(rec.config), BigInt(rec.seed), BigInt(rec.steps), rec.dataHash, rec.backend,
      rec.metrics === undefined || rec.metrics === null ? null : JSON.stringify(rec.metrics), rec.status, rec.modelPath, rec.weightsSha256,
      rec.curves === undefined || rec.curves === null ? null : JSON.stringify(rec.curves),
    ];
    const cols = [...COLUMNS, CURVES];
    try {
      await this.conn.run(`INSERT INTO training_runs (${cols.join(', ')}) VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`, values);
    } catch (e) {
      throw new StoreError(this.file, 'write', `saving the training run failed (nothing was stored): ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    return id;
  }

  /** Every training run, oldest first (by creation time, then id); without their curves (see `curves`). */
  async list(): Promise<StoredTrainingRun[]> {
    return (await this.query(`SELECT ${COLUMNS.join(', ')} FROM training_runs ORDER BY created, id`)).map(runOf);
  }

  /** The curves of the runs `ids`, in that order (null: stored without curves); throws `StoreError` ('not-found') naming an unknown id. */
  async curves(ids: readonly string[]): Promise<Array<{ runId: string; curves: TrainingRunCurves | null }>> {
    if (ids.length === 0) return [];
    const rows = await this.query(`SELECT id, ${CURVES} FROM training_runs WHERE id IN (${ids.map((_, i) => `$${i + 1}`).join(', ')})`, [...ids]);
    const byId = new Map(rows.map((r) => [String(r.id), r[CURVES]] as const));
    return ids.map((id) => {
      if (!byId.has(id)) throw new StoreError(this.file, 'not-found', `no training run with id "${id}"`);
      const c = byId.get(id);
      return { runId: id, curves: c === null || c === undefined ? null : (JSON.parse(String(c)) as TrainingRunCurves) };
    });
  }

  /** One run; throws `StoreError` ('not-found') for an unknown id. */
  async get(id: string): Promise<StoredTrainingRun> {
    const rows = await this.query(`SELECT ${COLUMNS.join(', ')} FROM training_runs WHERE id = $1`, [id]);
    if (rows.length === 0) throw new StoreError(this.file, 'not-found', `no training run with id "${id}"`);
    return runOf(rows[0]!);
  }

  /** Closes the database (releases its lock). */
  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }

  private async migrate(): Promise<void> {
    const have = new Set((await this.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'training_runs'`)).map((r) => String(r.column_name)));
    const missing = have.size === 0 ? [] : COLUMNS.filter((c) => !have.has(c));
    if (missing.length > 0) throw new StoreError(this.file, 'corrupt', `table training_runs is not the training-run registry's (missing ${missing.join(', ')})`);
    try {
      await this.conn.run(DDL);
      if (have.size > 0 && !have.has(CURVES)) await this.conn.run(`ALTER TABLE training_runs ADD COLUMN ${CURVES} JSON`);
    } catch (e) {
      throw new StoreError(this.file, 'io', `CREATE TABLE training_runs failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
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

function runOf(r: Record<string, unknown>): StoredTrainingRun {
  return {
    id: String(r.id), created: String(r.created), algo: String(r.algo), env: String(r.env), config: JSON.parse(String(r.config)) as unknown,
    seed: Number(r.seed), steps: Number(r.steps), dataHash: String(r.data_hash), backend: String(r.backend),
    metrics: r.metrics === null || r.metrics === undefined ? null : (JSON.parse(String(r.metrics)) as unknown),
    status: r.status === 'cancelled' ? 'cancelled' : 'completed', modelPath: String(r.model_path), weightsSha256: String(r.weights_sha256),
  };
}

/**
 * The curves of the runs `ids` in the registry at `file` (see `TrainingRunStore.curves`); a
 * registry file that does not exist yet holds no run, so any id is unknown ('not-found', naming it).
 */
export async function readTrainingRunCurves(file: string, ids: readonly string[]): Promise<Array<{ runId: string; curves: TrainingRunCurves | null }>> {
  const { existsSync } = await import('node:fs');
  if (!existsSync(file)) throw new StoreError(file, 'not-found', `no training run with id "${ids[0] ?? ''}" (no run stored yet)`);
  const store = await TrainingRunStore.open(file);
  try {
    return await store.curves(ids);
  } finally {
    store.close();
  }
}
