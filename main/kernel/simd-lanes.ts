import { P1, P2, STATE_BYTE, simdLanesModuleBytes } from './simd-lanes-wasm.js';
import { Xxh32Lanes } from './xxh32-lanes.js';

/** Words buffered before they are mixed (the event log fills blocks of this size). */
export const BLOCK_WORDS = 4096;
/** Lanes: each takes every 16th word (one 64-byte stripe = one word per lane). */
const LANES = 16;
/**
 * Blocks mixed in JavaScript before a log starts its module: an instance costs ~60 µs (its 64 KiB
 * memory), the JavaScript mix ~1.4 µs more per block, so logs under ~10,000 events (a replayed
 * episode) never start one.
 */
const JS_BLOCKS = 32;

let compiled: WebAssembly.Module | null | undefined;

/** The compiled module, or null where this engine has no WebAssembly SIMD (then JavaScript mixes). */
function wasmModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    const bytes = simdLanesModuleBytes();
    compiled = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  }
  return compiled;
}

/**
 * A 16-lane xxHash32-round accumulator over 32-bit words with a 128-bit digest: the event log's
 * fingerprint (#9). Lane k takes words k, k + 16, k + 32, … (one round each, as xxHash32's four
 * lanes do, but sixteen, so that WebAssembly SIMD mixes a 64-byte stripe in four vector rounds).
 * `digest128()` = `Xxh32Lanes.digest128` of [stripes mixed, the sixteen lanes, the words of the
 * unfinished stripe]. Every round is a bijection of its lane for a fixed word and of the word for
 * a fixed lane, and that digest of a fixed-length input changes when any one of its words does,
 * so a change of any ONE word always changes the digest; other differences are caught up to
 * 32-bit (a difference confined to one lane) to 128-bit collisions. Not cryptographic.
 *
 * Invariants: `buf[0..pos)` are the words not yet mixed (pos < 16 after a mix); the result is
 * the same with or without WebAssembly (the JavaScript `mixJs` is the same arithmetic). All state
 * lives in properties (the market snapshot copies it). A log starts its module only after
 * `JS_BLOCKS` blocks (short logs never do).
 *
 * Writers may fill `buf` (or `f64`, the same memory as doubles) directly: `reserve(k)`, write up
 * to k words from `pos`, advance `pos`. Re-read `buf`/`f64` after `reserve` or `word`: starting
 * the module moves them into its memory.
 */
export class SimdLanes {
  buf = new Int32Array(BLOCK_WORDS);
  f64 = new Float64Array(this.buf.buffer);
  pos = 0;
  /** The lanes: a plain array until the first full block, then a view of the module's memory. */
  private lanes = initialLanes();
  /** Whole stripes mixed so far. */
  private stripes = 0;
  private mixWasm: ((nBytes: number) => void) | null = null;
  /** False once the module was tried and is not available. */
  private wasmPossible = true;
  /** Blocks mixed so far in JavaScript (see `JS_BLOCKS`). */
  private jsBlocks = 0;

  /** Appends one 32-bit word (any number; only its low 32 bits count). */
  word(w: number): void {
    if (this.pos === BLOCK_WORDS) this.mixBlock();
    this.buf[this.pos++] = w;
  }

  /** Makes room for `k` (≤ BLOCK_WORDS − 16) more words after `pos`, mixing whole stripes if needed. */
  reserve(k: number): void {
    if (this.pos + k > BLOCK_WORDS) this.mixBlock();
  }

  /** The 128-bit digest of every word so far (16 bytes). Does not change the state. */
  digest128(): Uint8Array {
    const full = this.pos & ~(LANES - 1);
    const lanes = Int32Array.from(this.lanes);
    mixJs(lanes, this.buf, full);
    const x = new Xxh32Lanes();
    x.word(this.stripes + full / LANES);
    for (let k = 0; k < LANES; k++) x.word(lanes[k]!);
    for (let i = full; i < this.pos; i++) x.word(this.buf[i]!);
    return x.digest128();
  }

  /** Mixes every whole stripe in the block and moves the rest (< 16 words) to its start. */
  private mixBlock(): void {
    const n = this.pos & ~(LANES - 1);
    if (this.mixWasm === null && this.wasmPossible && ++this.jsBlocks > JS_BLOCKS) this.startWasm();
    if (this.mixWasm !== null) this.mixWasm(n * 4);
    else mixJs(this.lanes, this.buf, n);
    this.stripes += n / LANES;
    this.buf.copyWithin(0, n, this.pos);
    this.pos -= n;
  }

  /** Moves the block and the lanes into a fresh instance of the module (or notes that there is none). */
  private startWasm(): void {
    const mod = wasmModule();
    if (mod === null) {
      this.wasmPossible = false;
      return;
    }
    const inst = new WebAssembly.Instance(mod);
    const mem = (inst.exports.mem as WebAssembly.Memory).buffer;
    const buf = new Int32Array(mem, 0, BLOCK_WORDS);
    buf.set(this.buf.subarray(0, this.pos));
    const lanes = new Int32Array(mem, STATE_BYTE, LANES);
    lanes.set(this.lanes);
    this.buf = buf;
    this.f64 = new Float64Array(mem, 0, BLOCK_WORDS / 2);
    this.lanes = lanes;
    this.mixWasm = inst.exports.mix as (nBytes: number) => void;
  }
}

function initialLanes(): Int32Array {
  const lanes = new Int32Array(LANES);
  for (let k = 0; k < LANES; k++) lanes[k] = Math.imul(k + 1, P1) ^ P2;
  return lanes;
}

/** The module's `mix` in JavaScript: one round per lane for each whole stripe of `buf[0..n)`. */
export function mixJs(lanes: Int32Array, buf: Int32Array, n: number): void {
  for (let i = 0; i < n; i += LANES) {
    for (let k = 0; k < LANES; k++) {
      const x = (lanes[k]! + Math.imul(buf[i + k]!, P2)) | 0;
      lanes[k] = Math.imul((x << 13) | (x >>> 19), P1);
    }
  }
}
