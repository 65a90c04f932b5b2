/** An ag-grid row transaction. */
export interface RowDiff<R> {
  readonly add: R[];
  readonly update: R[];
  readonly remove: R[];
}

/**
 * The transaction taking the grid from `prev` to `next` by id: new ids are added, changed rows
 * updated (only they flash), vanished ids removed; unchanged rows are left alone.
 */
export function diffRows<R extends { id: string }>(prev: ReadonlyMap<string, R>, next: readonly R[]): RowDiff<R> {
  const add: R[] = [];
  const update: R[] = [];
  const seen = new Set<string>();
  for (const r of next) {
    seen.add(r.id);
    const old = prev.get(r.id);
    if (!old) add.push(r);
    else if (!shallowEqual(old, r)) update.push(r);
  }
  const remove: R[] = [];
  for (const [id, r] of prev) if (!seen.has(id)) remove.push(r);
  return { add, update, remove };
}

function shallowEqual(a: object, b: object): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.is((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
