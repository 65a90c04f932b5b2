/** A typed-array column of a book structure. */
export type Column = Float64Array | Int32Array | Int8Array | Uint8Array | Uint32Array;

/**
 * A frozen copy of named fields of one book structure (`OrderPool`, `IdIndex`, `PriceLadder`):
 * numbers by value, typed-array columns copied whole. Invariant: a `FieldSnapshot` is never
 * mutated after `snapshotFields` made it, so one snapshot can be restored any number of times.
 */
export type FieldSnapshot = Readonly<Record<string, number | Column>>;

/** Copies `fields` of `obj` (numbers by value, typed arrays by `slice`). */
export function snapshotFields<T extends object>(obj: T, fields: readonly (keyof T & string)[]): FieldSnapshot {
  const out: Record<string, number | Column> = {};
  for (const f of fields) {
    const v = obj[f] as unknown;
    if (typeof v === 'number') out[f] = v;
    else if (ArrayBuffer.isView(v)) out[f] = (v as Column).slice();
    else throw new TypeError(`snapshotFields: field ${f} is neither a number nor a typed array`);
  }
  return out;
}

/**
 * Writes `snap` back into `obj`: a column of the same length is overwritten in place (no
 * allocation when the structure has the snapshot's capacity), else replaced by a fresh copy
 * (the snapshot itself is never shared, so later writes cannot reach it).
 */
export function restoreFields<T extends object>(obj: T, snap: FieldSnapshot): void {
  const o = obj as Record<string, unknown>;
  for (const f in snap) {
    const v = snap[f]!;
    if (typeof v === 'number') o[f] = v;
    else {
      const cur = o[f] as Column;
      if (cur.length === v.length && cur.constructor === v.constructor) cur.set(v as never);
      else o[f] = v.slice();
    }
  }
}
