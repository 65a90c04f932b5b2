import { endianness } from 'node:os';

type Typed = Float32Array | Float64Array | Int32Array | Uint8Array;
const KINDS = { f32: Float32Array, f64: Float64Array, i32: Int32Array, u8: Uint8Array } as const;
type Kind = keyof typeof KINDS;

function kindOf(v: unknown): Kind | null {
  if (v instanceof Float32Array) return 'f32';
  if (v instanceof Float64Array) return 'f64';
  if (v instanceof Int32Array) return 'i32';
  if (v instanceof Uint8Array) return 'u8';
  return null;
}

/**
 * Encodes a learner's state (plain objects, arrays, strings, booleans, null, numbers and typed
 * arrays) as JSON text + one binary blob: typed arrays go to the blob (8-byte aligned, host byte
 * order, which must be little-endian) and are referenced as `{ $ta, off, len }`; NaN, ±Infinity
 * and −0 (JSON loses them) as `{ $num }`. Invariant: `decodeState(encodeState(x))` equals x bit
 * for bit (every double survives JSON's shortest round-trip form).
 */
export function encodeState(value: unknown): { json: string; bin: Uint8Array } {
  if (endianness() !== 'LE') throw new Error('checkpoints are written in little-endian byte order; this host is big-endian');
  const parts: Uint8Array[] = [];
  let size = 0;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'number') {
      if (Number.isNaN(v)) return { $num: 'NaN' };
      if (v === Infinity) return { $num: 'Infinity' };
      if (v === -Infinity) return { $num: '-Infinity' };
      if (Object.is(v, -0)) return { $num: '-0' };
      return v;
    }
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
    if (v === undefined) return null;
    const k = kindOf(v);
    if (k) {
      const t = v as Typed;
      const pad = (8 - (size % 8)) % 8;
      if (pad) parts.push(new Uint8Array(pad));
      size += pad;
      const off = size;
      parts.push(new Uint8Array(t.buffer, t.byteOffset, t.byteLength));
      size += t.byteLength;
      return { $ta: k, off, len: t.length };
    }
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object') {
      const o: Record<string, unknown> = {};
      for (const [key, x] of Object.entries(v as Record<string, unknown>)) if (x !== undefined) o[key] = walk(x);
      return o;
    }
    throw new TypeError(`encodeState: cannot encode a ${typeof v}`);
  };
  const json = JSON.stringify(walk(value));
  const bin = new Uint8Array(size);
  let o = 0;
  for (const p of parts) {
    bin.set(p, o);
    o += p.byteLength;
  }
  return { json, bin };
}

/** The inverse of `encodeState`; `file` names the state in errors (a reference outside the blob, an unknown tag). */
export function decodeState(json: string, bin: Uint8Array, file: string): unknown {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new Error(`${file}: not valid JSON (${(e as Error).message})`, { cause: e });
  }
  const walk = (v: unknown): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map(walk);
    const o = v as Record<string, unknown>;
    if (typeof o.$num === 'string') {
      const m: Record<string, number> = { NaN, Infinity, '-Infinity': -Infinity, '-0': -0 };
      if (!(o.$num in m)) throw new Error(`${file}: unknown number tag ${JSON.stringify(o.$num)}`);
      return m[o.$num];
    }
    if (typeof o.$ta === 'string') {
      const C = KINDS[o.$ta as Kind];
      const off = o.off as number, len = o.len as number;
      if (!C || !Number.isInteger(off) || !Number.isInteger(len) || off < 0 || len < 0 || off % C.BYTES_PER_ELEMENT) throw new Error(`${file}: bad array reference ${JSON.stringify(o)}`);
      const bytes = len * C.BYTES_PER_ELEMENT;
      if (off + bytes > bin.byteLength) throw new Error(`${file}: an array reaches byte ${off + bytes} of a ${bin.byteLength}-byte state blob (truncated)`);
      // Copy into a fresh, aligned buffer.
      return new C(new Uint8Array(bin.subarray(off, off + bytes)).buffer);
    }
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = walk(x);
    return out;
  };
  return walk(raw);
}
