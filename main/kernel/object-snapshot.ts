import { Rng, type RngState } from './rng.js';

/**
 * In-place state capture of a simulation's object graph: `captureState(roots)` walks every
 * object reachable from `roots` (own enumerable properties, array elements, Map and Set
 * entries) and copies its state — primitive values, references, and typed arrays' contents;
 * `restoreState(snapshot)` writes that state back into the SAME objects, so a component that
 * holds a reference (a scheduled task, a listener, an agent's wake-up) sees the captured time
 * again without anything being rebuilt or re-simulated.
 *
 * Why generic rather than one hand-written `snapshot()` per class: a simulation session is a
 * graph of a dozen populations, the exchange and its book, the scheduler's queue and task table
 * and every `Rng`; a hand-written copy must be kept in step with every new field, and a missed
 * field silently breaks reproducibility. The walk cannot miss a field; the test that restores and
 * re-runs compares event-log hashes bit for bit.
 *
 * Limits (the contract for objects in the graph): state lives in properties, arrays, Maps, Sets
 * and typed arrays — NOT in closures' captured `let` variables nor in `#private` fields (neither
 * is visible to the walk; functions are kept as references and not entered). Objects listed in
 * `exclude` (immutable configuration, an external sink) are kept as references and not entered.
 * Objects created after the capture are simply no longer referenced after a restore.
 */
/**
 * Marks a class whose instances never change after construction (all fields readonly, e.g. a
 * reusable scheduler task): `static readonly [IMMUTABLE_STATE] = true`. The walk enters their
 * fields (to find what they reference) but records and restores nothing for them — a
 * performance hint only; wrongly set on a mutable class, the restore tests fail. The value
 * `'deep'` says that nothing the instance references changes either (lookup tables): the walk
 * does not even enter it, so its typed arrays are not copied at each capture.
 */
export const IMMUTABLE_STATE: unique symbol = Symbol('immutable-state');

export interface StateSnapshot {
  /** Every captured object, in walk order. */
  readonly objects: readonly object[];
  /** Per object: its kind and captured data (see `Kind`). */
  readonly kinds: Uint8Array;
  readonly keys: ReadonlyArray<readonly string[] | null>;
  readonly values: ReadonlyArray<unknown[] | ArrayBufferView>;
}

const PLAIN = 0;
const ARRAY = 1;
const MAP = 2;
const SET = 3;
const TYPED = 4;
const RNG = 5;
const SKIP = 6;

const EMPTY: unknown[] = [];

type Typed = ArrayBufferView & { slice(): Typed; set(src: ArrayLike<number> | ArrayLike<bigint>): void };

/** The class's `IMMUTABLE_STATE` marker (undefined when it has none). */
function immutability(o: object): boolean | 'deep' | undefined {
  return (o.constructor as { [IMMUTABLE_STATE]?: boolean | 'deep' } | undefined)?.[IMMUTABLE_STATE];
}

/** Copies the state of every object reachable from `roots` (see the module comment). */
export function captureState(roots: readonly object[], exclude: ReadonlySet<object> = new Set()): StateSnapshot {
  const seen = new Set<object>();
  const objects: object[] = [];
  const kinds: number[] = [];
  const keys: Array<string[] | null> = [];
  const values: Array<unknown[] | ArrayBufferView> = [];
  const stack: object[] = [];
  const visit = (v: unknown): void => {
    if (v !== null && typeof v === 'object' && !seen.has(v) && !exclude.has(v)) {
      seen.add(v);
      stack.push(v);
    }
  };
  for (const r of roots) visit(r);
  while (stack.length > 0) {
    const o = stack.pop()!;
    objects.push(o);
    if (ArrayBuffer.isView(o)) {
      if (o instanceof DataView) throw new TypeError('captureState: DataView is not supported');
      kinds.push(TYPED);
      keys.push(null);
      values.push((o as Typed).slice());
    } else if (Array.isArray(o) && !Object.isFrozen(o)) {
      kinds.push(ARRAY);
      keys.push(null);
      const copy = o.slice();
      values.push(copy);
      for (let i = 0; i < copy.length; i++) visit(copy[i]);
    } else if (o instanceof Map) {
      kinds.push(MAP);
      keys.push(null);
      const flat: unknown[] = [];
      for (const [k, v] of o) {
        flat.push(k, v);
        visit(k);
        visit(v);
      }
      values.push(flat);
    } else if (o instanceof Set) {
      kinds.push(SET);
      keys.push(null);
      const flat = [...o];
      for (const v of flat) visit(v);
      values.push(flat);
    } else if (o instanceof Rng) {
      // The thousand agents' generators: one monomorphic state copy each instead of a generic walk.
      kinds.push(RNG);
      keys.push(null);
      values.push([o.getState()]);
    } else if (immutability(o)) {
      kinds.push(SKIP);
      keys.push(null);
      values.push(EMPTY);
      if (immutability(o) !== 'deep') for (const v of Object.values(o)) visit(v);
    } else {
      if (o instanceof ArrayBuffer || o instanceof WeakMap || o instanceof WeakSet || o instanceof Promise) {
        throw new TypeError(`captureState: cannot capture a ${o.constructor.name}`);
      }
      kinds.push(PLAIN);
      // A frozen object cannot change (and cannot be written back): only its children are captured.
      const ks = Object.isFrozen(o) ? [] : Object.keys(o);
      if (ks.length === 0) for (const v of Object.values(o)) visit(v);
      const vs = new Array<unknown>(ks.length);
      const rec = o as Record<string, unknown>;
      for (let i = 0; i < ks.length; i++) {
        const v = rec[ks[i]!];
        vs[i] = v;
        visit(v);
      }
      keys.push(ks);
      values.push(vs);
    }
  }
  return { objects, kinds: Uint8Array.from(kinds), keys, values };
}

/**
 * Writes a snapshot back into its objects (see the module comment). The snapshot is not
 * consumed: it can be restored any number of times (typed arrays are copied back, not shared).
 */
export function restoreState(s: StateSnapshot): void {
  const { objects, kinds, keys, values } = s;
  for (let n = 0; n < objects.length; n++) {
    const o = objects[n]!;
    switch (kinds[n]) {
      case TYPED:
        (o as Typed).set(values[n] as unknown as ArrayLike<number>);
        break;
      case ARRAY: {
        const a = o as unknown[];
        const src = values[n] as unknown[];
        a.length = src.length;
        for (let i = 0; i < src.length; i++) a[i] = src[i];
        break;
      }
      case MAP: {
        const m = o as Map<unknown, unknown>;
        const src = values[n] as unknown[];
        m.clear();
        for (let i = 0; i < src.length; i += 2) m.set(src[i], src[i + 1]);
        break;
      }
      case SET: {
        const st = o as Set<unknown>;
        st.clear();
        for (const v of values[n] as unknown[]) st.add(v);
        break;
      }
      case RNG:
        (o as Rng).setState((values[n] as unknown[])[0] as RngState);
        break;
      case SKIP:
        break;
      default: {
        const rec = o as Record<string, unknown>;
        const ks = keys[n]!;
        const vs = values[n] as unknown[];
        for (let i = 0; i < ks.length; i++) rec[ks[i]!] = vs[i];
      }
    }
  }
}
