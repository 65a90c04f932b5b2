/**
 * Walk-forward validation with purging and embargo (López de Prado 2018, ch. 7) over rows in time
 * order whose labels look `horizon` book events ahead.
 *
 * Row i's label window is the book events [e_i, e_i + H] (e_i = `eventIndex[i]`). For a test fold of
 * rows [a, b), a training row is PURGED when its window overlaps the test rows' span
 * [e_a, e_(b−1) + H]: its label would share outcomes with the test labels. EMBARGO drops the
 * `embargoRows` rows right after the test fold from training as well (their features carry the
 * test period's information forward); it only matters when training rows may follow the test fold
 * (`purged-kfold`), since `walk-forward` trains on earlier rows only.
 */
export interface SplitOptions {
  /** Number of test folds (≥ 1). Walk-forward cuts the rows into folds + 1 blocks and tests blocks 1..folds. */
  folds: number;
  mode: 'walk-forward' | 'purged-kfold';
  /** Rows dropped from training after each test fold (≥ 0). */
  embargoRows: number;
}

/** One split. Invariants: `train` and `test` are ascending row indices, disjoint; no train row is purged or embargoed. */
export interface Fold {
  train: Int32Array;
  test: Int32Array;
  /** Training rows dropped because their label window overlaps the test fold. */
  purged: number;
  /** Training rows dropped by the embargo (not counting those already purged). */
  embargoed: number;
}

/** The splits of `eventIndex` (non-decreasing) for labels `horizon` events ahead. Throws a RangeError naming the field. */
export function purgedSplits(eventIndex: ArrayLike<number>, horizon: number, opts: SplitOptions): Fold[] {
  const n = eventIndex.length;
  const { folds, mode, embargoRows } = opts;
  if (!(Number.isInteger(folds) && folds >= 1)) throw new RangeError(`folds: ${folds} must be an integer ≥ 1`);
  if (!(Number.isInteger(embargoRows) && embargoRows >= 0)) throw new RangeError(`embargoRows: ${embargoRows} must be an integer ≥ 0`);
  const blocks = mode === 'walk-forward' ? folds + 1 : folds;
  if (n < blocks * 2) throw new RangeError(`rows: ${n} rows cannot make ${folds} folds (${mode} needs at least ${blocks * 2})`);
  const bound = (k: number) => Math.floor((k * n) / blocks);
  const out: Fold[] = [];
  for (let f = mode === 'walk-forward' ? 1 : 0; f < blocks; f++) {
    const a = bound(f);
    const b = bound(f + 1);
    const lo = eventIndex[a]!;
    const hi = eventIndex[b - 1]! + horizon;
    const train: number[] = [];
    let purged = 0;
    let embargoed = 0;
    const end = mode === 'walk-forward' ? a : n;
    for (let i = 0; i < end; i++) {
      if (i >= a && i < b) continue;
      const e = eventIndex[i]!;
      if (e + horizon >= lo && e <= hi) {
        purged++;
        continue;
      }
      if (i >= b && i < b + embargoRows) {
        embargoed++;
        continue;
      }
      train.push(i);
    }
    const test = new Int32Array(b - a);
    for (let i = a; i < b; i++) test[i - a] = i;
    out.push({ train: Int32Array.from(train), test, purged, embargoed });
  }
  return out;
}
