/**
 * The queue-reactive market's random numbers: sfc32 (four 32-bit words), kept in a caller-visible
 * `Uint32Array` so a market snapshot copies the generator with the rest of the state (the kernel
 * `Rng` hides its state). Invariants: same seed ⇒ same sequence, bit for bit; `float()` ∈ [0, 1)
 * with 32 random bits; `save`/`load` round-trip the exact position in the stream.
 */
export class QrRng {
  readonly state = new Uint32Array(4);

  constructor(seed = 0) {
    this.reseed(seed);
  }

  /** Restarts the stream from `seed` (any finite number; the high and low 32 bits both count). */
  reseed(seed: number): void {
    let h = (seed >>> 0) ^ Math.imul(Math.floor(seed / 4294967296) | 0, 0x9e3779b9);
    const next = (): number => {
      h = (h + 0x9e3779b9) | 0;
      let z = h;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    const s = this.state;
    s[0] = next();
    s[1] = next();
    s[2] = next();
    s[3] = 1;
    // sfc32 needs a few rounds to mix a fresh seed.
    for (let i = 0; i < 12; i++) this.u32();
  }

  u32(): number {
    const s = this.state;
    const a = s[0]!, b = s[1]!, c = s[2]!, d = s[3]!;
    const t = (((a + b) | 0) + d) | 0;
    s[3] = (d + 1) | 0;
    s[0] = b ^ (b >>> 9);
    s[1] = (c + (c << 3)) | 0;
    s[2] = (((c << 21) | (c >>> 11)) + t) | 0;
    return t >>> 0;
  }

  float(): number {
    return this.u32() / 4294967296;
  }

  /** Exponential waiting time with rate `rate` (> 0), in the rate's time unit. */
  exponential(rate: number): number {
    return -Math.log(1 - this.float()) / rate;
  }

  save(out: Uint32Array, offset = 0): void {
    out.set(this.state, offset);
  }

  load(from: Uint32Array, offset = 0): void {
    for (let i = 0; i < 4; i++) this.state[i] = from[offset + i]!;
  }
}
