import type { Rng } from '../../kernel/rng.js';

/**
 * An orthogonal weight matrix [rows × cols] (row-major, rows = fan-in) scaled by `gain`, drawn
 * from the kernel's seeded `Rng` (Saxe et al. 2014; what CleanRL's `layer_init` uses): a
 * Gaussian matrix orthonormalised by modified Gram-Schmidt along its longer side.
 * Invariant: same rng state ⇒ same matrix bit for bit; the columns (rows ≥ cols) or the rows
 * (rows < cols) are orthogonal with norm `gain`.
 */
export function orthogonalInit(rows: number, cols: number, gain: number, rng: Rng): Float32Array {
  // Work on the tall orientation: k vectors of length m with k ≤ m.
  const tall = rows >= cols;
  const m = tall ? rows : cols;
  const k = tall ? cols : rows;
  const v = new Float64Array(k * m);
  for (let i = 0; i < v.length; i++) v[i] = rng.normal();
  for (let a = 0; a < k; a++) {
    const va = v.subarray(a * m, (a + 1) * m);
    for (let b = 0; b < a; b++) {
      const vb = v.subarray(b * m, (b + 1) * m);
      let dot = 0;
      for (let i = 0; i < m; i++) dot += va[i]! * vb[i]!;
      for (let i = 0; i < m; i++) va[i]! -= dot * vb[i]!;
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += va[i]! * va[i]!;
    norm = Math.sqrt(norm);
    for (let i = 0; i < m; i++) va[i]! /= norm;
  }
  const out = new Float32Array(rows * cols);
  for (let a = 0; a < k; a++) {
    for (let i = 0; i < m; i++) {
      // tall: vector a is column a; wide: vector a is row a.
      const idx = tall ? i * cols + a : a * cols + i;
      out[idx] = gain * v[a * m + i]!;
    }
  }
  return out;
}
