import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { RESULT_COLUMNS, type ParentOrderResultRow } from './result-columns.js';
import type { StoredRun } from './run-store.js';

/** Export formats of a stored run written synchronously (`writeRunExport`, the CLI's `--out`). */
export type ExportFormat = 'csv' | 'json';
/** Every export format of a stored run: CSV and JSON as text, Parquet through DuckDB (`writeResultsParquet`). */
export type AnyExportFormat = ExportFormat | 'parquet';

/** A CSV field: numbers in JavaScript's shortest round-trip form, null as empty, text quoted when needed (RFC 4180). */
function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The CSV text of a run's results: header `run_id,<RESULT_COLUMNS in snake_case>`, then one line
 * per result in the given order, `\n` line ends, a final newline.
 */
export function resultsCsv(runId: string, results: readonly ParentOrderResultRow[]): string {
  const lines = [['run_id', ...RESULT_COLUMNS.map((c) => c.column)].join(',')];
  for (const r of results) lines.push([csvField(runId), ...RESULT_COLUMNS.map((c) => csvField(r[c.key]))].join(','));
  return lines.join('\n') + '\n';
}

/**
 * The JSON text of a run: `{ "run": StoredRun, "results": ParentOrderResultRow[] }`, plus
 * `"explanations": [{ jobIndex, explanations }]` when a learned agent ran; 2-space indented.
 */
export function runJson(run: StoredRun, results: readonly ParentOrderResultRow[], explanations: ReadonlyArray<{ jobIndex: number; explanations: unknown }> = []): string {
  return JSON.stringify(explanations.length > 0 ? { run, results, explanations } : { run, results }, null, 2) + '\n';
}

/** Writes the export to `path` atomically (a temporary file beside it, then a rename). Throws the fs error. */
export function writeRunExport(run: StoredRun, results: readonly ParentOrderResultRow[], format: ExportFormat, path: string, explanations: ReadonlyArray<{ jobIndex: number; explanations: unknown }> = []): void {
  const text = format === 'csv' ? resultsCsv(run.id, results) : runJson(run, results, explanations);
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Writes a run's results as a Parquet file at `path`: the CSV's columns (`run_id`, then
 * `RESULT_COLUMNS` in snake_case) with their SQL types, one row per parent order in the given
 * order. Uses an in-memory DuckDB (loaded on first use) and `COPY … (FORMAT PARQUET)`; the file is
 * written beside `path` and renamed into place. Throws the DuckDB or fs error.
 */
export async function writeResultsParquet(runId: string, results: readonly ParentOrderResultRow[], path: string): Promise<void> {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const conn = await instance.connect();
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    const cols = [{ column: 'run_id', sql: 'VARCHAR', nullable: false }, ...RESULT_COLUMNS];
    await conn.run(`CREATE TABLE results (${cols.map((c) => `${c.column} ${c.sql}${c.nullable ? '' : ' NOT NULL'}`).join(', ')})`);
    if (results.length > 0) {
      const stmt = await conn.prepare(`INSERT INTO results VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`);
      try {
        for (const r of results) {
          stmt.bind([runId, ...RESULT_COLUMNS.map((c) => (r[c.key] ?? null) as string | number | null)]);
          await stmt.run();
        }
      } finally {
        stmt.destroySync();
      }
    }
    await conn.run(`COPY results TO '${tmp.replace(/'/g, "''")}' (FORMAT PARQUET)`);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}
