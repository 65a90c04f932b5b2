import { describe, expect, it } from 'vitest';
import { captureState, IMMUTABLE_STATE, restoreState } from './object-snapshot.js';

class Node {
  n = 1;
  arr = new Float64Array([1, 2, 3]);
  list: Node[] = [];
  map = new Map<number, { v: number }>();
  set = new Set<number>();
  next: Node | null = null;
}

describe('captureState / restoreState', () => {
  it('writes every captured field, element, entry and typed-array value back into the same objects', () => {
    const a = new Node();
    const b = new Node();
    a.next = b;
    b.next = a; // a cycle
    a.list.push(b);
    const entry = { v: 5 };
    a.map.set(1, entry);
    a.set.add(9);
    const snap = captureState([a]);
    const arr = a.arr;
    a.n = 2;
    a.arr[0] = 99;
    a.arr = new Float64Array(10); // grown: the field points back to the captured array after restore
    a.list.push(new Node());
    a.map.set(2, { v: 1 });
    entry.v = 6;
    a.set.delete(9);
    b.n = 7;
    b.next = null;
    restoreState(snap);
    expect(a.n).toBe(1);
    expect(a.arr).toBe(arr);
    expect([...a.arr]).toEqual([1, 2, 3]);
    expect(a.list).toEqual([b]);
    expect([...a.map.keys()]).toEqual([1]);
    expect(a.map.get(1)).toBe(entry);
    expect(entry.v).toBe(5);
    expect([...a.set]).toEqual([9]);
    expect(b.n).toBe(1);
    expect(b.next).toBe(a);
    // The snapshot is reusable: mutate and restore again.
    a.arr[1] = -1;
    restoreState(snap);
    expect([...a.arr]).toEqual([1, 2, 3]);
  });

  it('leaves excluded and frozen objects alone', () => {
    const config = { rate: 1 };
    const frozen = Object.freeze({ child: { x: 1 } });
    const root = { config, frozen, k: 0 };
    const snap = captureState([root], new Set([config]));
    config.rate = 2;
    frozen.child.x = 2;
    root.k = 3;
    restoreState(snap);
    expect(config.rate).toBe(2);
    expect(frozen.child.x).toBe(1); // a frozen object's mutable children are still captured
    expect(root.k).toBe(0);
  });

  it('IMMUTABLE_STATE: true enters the object (its children are captured), deep neither records nor enters it', () => {
    class Shallow {
      static readonly [IMMUTABLE_STATE] = true;
      readonly table = new Float64Array([1, 2]);
    }
    class Deep {
      static readonly [IMMUTABLE_STATE] = 'deep';
      readonly table = new Float64Array([1, 2]);
    }
    const root = { s: new Shallow(), d: new Deep() };
    const snap = captureState([root]);
    expect(snap.objects).toContain(root.s.table);
    expect(snap.objects).not.toContain(root.d.table);
    root.s.table[0] = 9;
    root.d.table[0] = 9;
    restoreState(snap);
    expect(root.s.table[0]).toBe(1);
    expect(root.d.table[0]).toBe(9); // not copied: the marker promises it never changes
  });
});
