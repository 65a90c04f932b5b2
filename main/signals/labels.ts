import type { Dataset } from './dataset.js';
import type { FeatureRows } from './features/feature-engine.js';

/**
 * Labels feature rows: row i (sampled after book event e_i) gets `midRet = mid(e_i + H) / mid(e_i) − 1`
 * and `y = sign(midRet)` (exactly 0 when the mid H book events later is the same price). Rows whose
 * window runs past the last book event, or whose mid at either end is undefined (a side empty), are
 * dropped, so every label in the result is real. Throws a RangeError naming `horizon` when H < 1.
 */
export function labelRows(rows: FeatureRows, horizon: number): Dataset {
  if (!(Number.isInteger(horizon) && horizon >= 1)) throw new RangeError(`horizon: ${horizon} must be an integer ≥ 1 (book events)`);
  const cols = rows.featureNames.length;
  const n = rows.t.length;
  const keep: number[] = [];
  const rets: number[] = [];
  for (let i = 0; i < n; i++) {
    const e = rows.eventIndex[i]!;
    if (e + horizon >= rows.mids.length) break;
    const m0 = rows.mids[e]!;
    const m1 = rows.mids[e + horizon]!;
    if (!(m0 > 0 && m1 > 0)) continue;
    keep.push(i);
    rets.push(m1 === m0 ? 0 : m1 / m0 - 1);
  }
  const m = keep.length;
  const X = new Float32Array(m * cols);
  const t = new Float64Array(m);
  const midRet = new Float64Array(rets);
  const y = new Int8Array(m);
  const eventIndex = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const i = keep[k]!;
    X.set(rows.X.subarray(i * cols, (i + 1) * cols), k * cols);
    t[k] = rows.t[i]!;
    y[k] = Math.sign(rets[k]!);
    eventIndex[k] = rows.eventIndex[i]!;
  }
  return { X, featureNames: rows.featureNames.slice(), t, midRet, y, eventIndex, horizon };
}
