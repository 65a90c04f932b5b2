/**
 * A binary sum tree over `capacity` non-negative priorities (Schaul et al. 2016's proportional
 * prioritisation): set in O(log n), prefix-sum search in O(log n).
 * Invariant: `total` is the sum of every leaf; `find(u)` for u in [0, total) returns the leaf i
 * with prefix(i) ≤ u < prefix(i + 1), clamped to leaves with a positive priority.
 */
export class SumTree {
  private readonly size: number;
  private readonly tree: Float64Array;

  constructor(readonly capacity: number) {
    let s = 1;
    while (s < capacity) s *= 2;
    this.size = s;
    this.tree = new Float64Array(2 * s);
  }

  get total(): number {
    return this.tree[1]!;
  }

  get(i: number): number {
    return this.tree[this.size + i]!;
  }

  set(i: number, p: number): void {
    if (!(p >= 0) || !Number.isFinite(p)) throw new RangeError(`SumTree.set: priority must be finite and ≥ 0, got ${p}`);
    let k = this.size + i;
    this.tree[k] = p;
    for (k >>= 1; k >= 1; k >>= 1) this.tree[k] = this.tree[2 * k]! + this.tree[2 * k + 1]!;
  }

  /** A copy of the whole tree (leaves and partial sums), for checkpoints. */
  getState(): Float64Array {
    return Float64Array.from(this.tree);
  }

  setState(tree: Float64Array): void {
    if (tree.length !== this.tree.length) throw new RangeError(`SumTree.setState: ${tree.length} nodes, this tree has ${this.tree.length}`);
    this.tree.set(tree);
  }

  find(u: number): number {
    let k = 1;
    while (k < this.size) {
      const left = this.tree[2 * k]!;
      if (u < left || this.tree[2 * k + 1]! <= 0) k = 2 * k;
      else {
        u -= left;
        k = 2 * k + 1;
      }
    }
    return Math.min(k - this.size, this.capacity - 1);
  }
}
