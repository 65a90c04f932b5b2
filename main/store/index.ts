/** Public API of main/store: the run registry (DuckDB) and its CSV / JSON exports. */
export { RunStore, STORE_SCHEMA_VERSION, type RunRecord, type RunStoreOptions, type StoredRun } from './run-store.js';
export { RESULT_COLUMNS, rowProblem, type ParentOrderResultRow, type ResultColumn, type SqlType } from './result-columns.js';
export { resultsCsv, runJson, writeRunExport, type ExportFormat } from './run-export.js';
export { StoreError } from './store-error.js';
