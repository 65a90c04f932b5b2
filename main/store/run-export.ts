import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { RESULT_COLUMNS, type ParentOrderResultRow } from './result-columns.js';
import type { StoredRun } from './run-store.js';

/** Export formats of a stored run. */
export type ExportFormat = 'csv' | 'json';

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

/** The JSON text of a run: `{ "run": StoredRun, "results": ParentOrderResultRow[] }`, 2-space indented. */
export function runJson(run: StoredRun, results: readonly ParentOrderResultRow[]): string {
  return JSON.stringify({ run, results }, null, 2) + '\n';
}

/** Writes the export to `path` atomically (a temporary file beside it, then a rename). Throws the fs error. */
export function writeRunExport(run: StoredRun, results: readonly ParentOrderResultRow[], format: ExportFormat, path: string): void {
  const text = format === 'csv' ? resultsCsv(run.id, results) : runJson(run, results);
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
