/**
 * The WebAssembly module behind `SimdLanes`, assembled here from its opcodes (no toolchain, and
 * every byte reviewable). One function, `mix(nBytes)`: for each 64-byte stripe of memory
 * `[0, nBytes)` (nBytes a multiple of 64), the sixteen 32-bit lanes at `STATE_BYTE` take one
 * xxHash32 round each — lane k = rotl(lane k + word k × P2, 13) × P1 — as four `i32x4` vectors.
 * `mixJs` in `simd-lanes.ts` is the same arithmetic in plain JavaScript (tests compare them).
 * Memory: one 64 KiB page, exported as `mem`: the word block at 0, the lanes at `STATE_BYTE`.
 */

/** Where the sixteen lanes live in the module's memory (bytes), right after a 4,096-word block. */
export const STATE_BYTE = 16_384;
export const P1 = 0x9e3779b1 | 0;
export const P2 = 0x85ebca77 | 0;

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

const vec = (items: number[][]): number[] => [...leb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...leb(body.length), ...body];
const simd = (op: number): number[] => [0xfd, ...leb(op)];
/** `v128.load` / `v128.store` with 16-byte alignment at a constant offset. */
const load = (offset: number): number[] => [...simd(0x00), 4, ...leb(offset)];
const store = (offset: number): number[] => [...simd(0x0b), 4, ...leb(offset)];
const get = (i: number): number[] => [0x20, i];
const set = (i: number): number[] => [0x21, i];
const tee = (i: number): number[] => [0x22, i];

function splat(v: number): number[] {
  const b = new Uint8Array(16);
  const view = new DataView(b.buffer);
  for (let k = 0; k < 4; k++) view.setInt32(4 * k, v, true);
  return [...simd(0x0c), ...b];
}

/** The module's bytes. Locals: 0 nBytes, 1 i, 2-5 the four lane vectors, 6 P2, 7 P1, 8 a temporary. */
export function simdLanesModuleBytes(): Uint8Array<ArrayBuffer> {
  const I = 1;
  const A = 2;
  const VP2 = 6;
  const VP1 = 7;
  const T = 8;
  const code: number[] = [];
  for (let k = 0; k < 4; k++) code.push(0x41, 0, ...load(STATE_BYTE + 16 * k), ...set(A + k));
  code.push(...splat(P2), ...set(VP2), ...splat(P1), ...set(VP1));
  code.push(0x02, 0x40, 0x03, 0x40); // block, loop
  code.push(...get(I), ...get(0), 0x4f, 0x0d, 1); // if i >= nBytes (unsigned) leave the block
  for (let k = 0; k < 4; k++) {
    // lane = rotl(lane + word × P2, 13) × P1, four lanes at a time
    code.push(...get(A + k), ...get(I), ...load(16 * k), ...get(VP2), ...simd(0xb5), ...simd(0xae), ...tee(T));
    code.push(0x41, 13, ...simd(0xab), ...get(T), 0x41, 19, ...simd(0xad), ...simd(0x50));
    code.push(...get(VP1), ...simd(0xb5), ...set(A + k));
  }
  code.push(...get(I), 0x41, 0xc0, 0x00, 0x6a, ...set(I), 0x0c, 0); // i += 64; continue
  code.push(0x0b, 0x0b); // end loop, end block
  for (let k = 0; k < 4; k++) code.push(0x41, 0, ...get(A + k), ...store(STATE_BYTE + 16 * k));
  code.push(0x0b);
  const body = [...vec([[1, 0x7f], [7, 0x7b]]), ...code];
  const name = (s: string) => vec([...s].map((c) => [c.charCodeAt(0)]));
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0,
    ...section(1, vec([[0x60, 1, 0x7f, 0]])), // type: (i32) -> ()
    ...section(3, vec([[0]])), // one function of that type
    ...section(5, vec([[0x00, 1]])), // one memory, one page
    ...section(7, vec([[...name('mix'), 0x00, 0], [...name('mem'), 0x02, 0]])),
    ...section(10, vec([[...leb(body.length), ...body]])),
  ]);
}
