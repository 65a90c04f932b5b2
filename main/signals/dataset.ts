/**
 * The supervised dataset every signal model trains on and is evaluated on.
 *
 * Invariants (checked by `checkDataset`):
 * - `X` holds `rows × cols` features, row-major: row i is `X[i*cols .. (i+1)*cols)`, where
 *   `cols = featureNames.length` and `rows = t.length`; every value is finite.
 * - Row i was sampled at `t[i]` (nanoseconds since its day's base epoch, non-decreasing within a
 *   day) from events up to and including that time only: no feature looks ahead.
 * - `midRet[i]` is the mid's relative return from row i to `horizon` book events later,
 *   `mid(e_i + H) / mid(e_i) − 1`; `y[i]` is its sign: +1 up, −1 down, 0 flat (the mid then equal).
 * - `eventIndex[i]` is the book-event index e_i of row i (non-decreasing), so a label's window is the
 *   book events (e_i, e_i + horizon]; walk-forward purging uses it.
 * - Rows whose label window runs past the end of the data (or whose mid is undefined) are absent.
 */
export interface Dataset {
  X: Float32Array;
  featureNames: readonly string[];
  t: Float64Array;
  midRet: Float64Array;
  y: Int8Array;
  eventIndex: Float64Array;
  /** H: the label looks this many book events ahead. */
  horizon: number;
}

/** Class labels in the order of every probability row: column 0 down (−1), 1 flat (0), 2 up (+1). */
export const CLASSES = [-1, 0, 1] as const;

/** Column of a class label in a probability row (see `CLASSES`). */
export function classColumn(y: number): number {
  return y + 1;
}

/** Number of rows of a dataset. */
export function rowCount(ds: Dataset): number {
  return ds.t.length;
}

/** Throws a RangeError naming the field when `ds` breaks one of the invariants of `Dataset`. */
export function checkDataset(ds: Dataset): void {
  const rows = ds.t.length;
  const cols = ds.featureNames.length;
  if (cols === 0) throw new RangeError('featureNames: at least one feature is needed');
  if (ds.X.length !== rows * cols) throw new RangeError(`X: length ${ds.X.length} is not rows × cols = ${rows} × ${cols}`);
  for (const [name, a] of [['midRet', ds.midRet], ['y', ds.y], ['eventIndex', ds.eventIndex]] as const) {
    if (a.length !== rows) throw new RangeError(`${name}: length ${a.length}, expected ${rows} (one per row)`);
  }
  if (!(Number.isInteger(ds.horizon) && ds.horizon >= 1)) throw new RangeError(`horizon: ${ds.horizon} must be an integer ≥ 1`);
  for (let i = 0; i < ds.X.length; i++) {
    if (!Number.isFinite(ds.X[i]!)) throw new RangeError(`X: row ${Math.floor(i / cols)} feature ${ds.featureNames[i % cols]} is ${ds.X[i]}`);
  }
  for (let i = 0; i < rows; i++) {
    const y = ds.y[i]!;
    if (y !== -1 && y !== 0 && y !== 1) throw new RangeError(`y: row ${i} is ${y}, expected -1, 0 or 1`);
    if (Math.sign(ds.midRet[i]!) !== y) throw new RangeError(`y: row ${i} is ${y} but midRet is ${ds.midRet[i]}`);
    if (i > 0 && ds.eventIndex[i]! < ds.eventIndex[i - 1]!) throw new RangeError(`eventIndex: row ${i} is before row ${i - 1}`);
  }
}

/** The rows `idx` of `ds` (in that order), as a new dataset with copied arrays. */
export function selectRows(ds: Dataset, idx: ArrayLike<number>): Dataset {
  const cols = ds.featureNames.length;
  const n = idx.length;
  const X = new Float32Array(n * cols);
  const t = new Float64Array(n);
  const midRet = new Float64Array(n);
  const y = new Int8Array(n);
  const eventIndex = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = idx[k]!;
    X.set(ds.X.subarray(i * cols, (i + 1) * cols), k * cols);
    t[k] = ds.t[i]!;
    midRet[k] = ds.midRet[i]!;
    y[k] = ds.y[i]!;
    eventIndex[k] = ds.eventIndex[i]!;
  }
  return { X, featureNames: ds.featureNames, t, midRet, y, eventIndex, horizon: ds.horizon };
}

/** Datasets of several days (same features and horizon) stacked in the given order. */
export function concatDatasets(parts: readonly Dataset[]): Dataset {
  if (parts.length === 0) throw new RangeError('concatDatasets: no datasets');
  const first = parts[0]!;
  for (const p of parts) {
    if (p.featureNames.join(',') !== first.featureNames.join(',')) throw new RangeError('featureNames: the datasets have different features');
    if (p.horizon !== first.horizon) throw new RangeError(`horizon: ${p.horizon} differs from ${first.horizon}`);
  }
  const rows = parts.reduce((s, p) => s + p.t.length, 0);
  const cols = first.featureNames.length;
  const out: Dataset = {
    X: new Float32Array(rows * cols), featureNames: first.featureNames, t: new Float64Array(rows), midRet: new Float64Array(rows),
    y: new Int8Array(rows), eventIndex: new Float64Array(rows), horizon: first.horizon,
  };
  let at = 0;
  let eventBase = 0;
  for (const p of parts) {
    const n = p.t.length;
    out.X.set(p.X, at * cols);
    out.t.set(p.t, at);
    out.midRet.set(p.midRet, at);
    out.y.set(p.y, at);
    // Event indices continue across days so label windows of different days never overlap.
    for (let i = 0; i < n; i++) out.eventIndex[at + i] = p.eventIndex[i]! + eventBase;
    eventBase += n > 0 ? p.eventIndex[n - 1]! + p.horizon + 1 : 0;
    at += n;
  }
  return out;
}
