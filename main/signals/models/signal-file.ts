import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkDataset, type Dataset } from '../dataset.js';

/**
 * What every signal model (logreg, gbdt, MLP, LSTM) does the same way around its own numbers: the
 * checks at the start of `fit`, and its `<dir>/<kind>.json` file: written as one JSON line, read
 * back with errors that name the file and the field.
 */

/** Checks `ds` (`checkDataset`) and that it has rows; returns the row count (≥ 1). */
export function fitRows(ds: Dataset): number {
  checkDataset(ds);
  const n = ds.t.length;
  if (n === 0) throw new RangeError('rows: cannot fit on an empty dataset');
  return n;
}

/** The fields every saved model starts with; the model's own fields follow in `body`. */
export interface SignalFileHead {
  kind: string;
  seed: number;
  params: object;
  featureNames: readonly string[];
}

/** Writes `body` to `<dir>/<file>` (one JSON line; `dir` made if missing); throws `<kind>: save before fit` while it has no features. */
export async function writeSignalFile(dir: string, file: string, body: SignalFileHead & Record<string, unknown>): Promise<void> {
  if (body.featureNames.length === 0) throw new Error(`${body.kind}: save before fit`);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, file), `${JSON.stringify(body)}\n`);
}

/**
 * Reads `<dir>/<file>` as JSON and makes the model from its seed and params with `create` (whose
 * constructor checks them); returns the file's path (for error messages), its fields and the model.
 */
export async function readSignalFile<M>(
  dir: string, file: string, create: (seed: number, params: Record<string, number>) => M,
): Promise<{ path: string; raw: Record<string, unknown>; model: M }> {
  const path = join(dir, file);
  const raw = JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
  return { path, raw, model: create(Number(raw.seed), raw.params as Record<string, number>) };
}

/** `raw.featureNames`; throws naming `path` unless it is a non-empty list of strings. */
export function featureNamesOf(raw: Record<string, unknown>, path: string): string[] {
  const names = raw.featureNames;
  if (!Array.isArray(names) || names.length === 0 || !names.every((s) => typeof s === 'string')) throw new Error(`${path}: featureNames must be a non-empty list of names`);
  return names as string[];
}

/** Throws naming `path` and the field unless `raw[field]` is a list of `len` finite numbers. */
export function finiteList(raw: Record<string, unknown>, field: string, len: number, path: string): number[] {
  const a = raw[field];
  if (!Array.isArray(a) || a.length !== len || !a.every((x) => typeof x === 'number' && Number.isFinite(x))) throw new Error(`${path}: ${field} must be ${len} finite numbers`);
  return a as number[];
}
