import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EventLog } from './event-log.js';
import { SimdLanes } from './simd-lanes.js';

function hashOf(...records: Array<[string, ...Array<string | number>]>): string {
  const log = new EventLog();
  for (const [kind, ...fields] of records) log.record(kind, ...fields);
  return log.hash();
}

describe('EventLog fingerprint', () => {
  it('is the documented encoding: words through the sixteen SIMD lanes (128-bit digest), then SHA-256 of digest and count', () => {
    // An independent encoder of the class comment, over records that mix kinds, strings of odd and
    // even word counts and numbers, long enough to cross the 4,096-word buffer many times.
    const words: number[] = [];
    const f = new DataView(new ArrayBuffer(8));
    const str = (s: string) => {
      words.push(s.length, 0xfff80001 | 0);
      const units: number[] = [];
      for (let i = 0; i < s.length; i += 2) units.push(s.charCodeAt(i) | (i + 1 < s.length ? s.charCodeAt(i + 1) << 16 : 0));
      if (units.length % 2 === 1) units.push(0);
      words.push(...units);
    };
    const recs: Array<[string, ...Array<string | number>]> = [];
    for (let i = 0; i < 2_000; i++) {
      recs.push(['T', 34_200_000_000_000 + i, 7, 'ab'.repeat(i % 4) + 'c'.repeat(i % 3), -3, 2 ** 33 + i, 0.1 * i]);
      if (i % 9 === 0) recs.push(['abc', 5]);
      if (i % 13 === 0) recs.push(['\0', -0, NaN]);
    }
    for (const [kind, ...fields] of recs) {
      const code = kind.length === 1 ? kind.charCodeAt(0) : 0;
      words.push(code, fields.length);
      if (code === 0) str(kind);
      for (const x of fields) {
        if (typeof x === 'string') str(x);
        else {
          f.setFloat64(0, x, true); // −0 as −0; NaN is the one canonical NaN
          words.push(f.getInt32(0, true), f.getInt32(4, true));
        }
      }
    }
    const mm = new SimdLanes();
    for (const w of words) mm.word(w);
    const want = createHash('sha256').update(mm.digest128()).update(`\n${recs.length}\n`).digest('hex');
    expect(hashOf(...recs)).toBe(want);
  });

  it('changes when any one field of an exchange event changes, or when two events swap', () => {
    const events: number[][] = [];
    for (let i = 0; i < 50; i++) events.push([34_200_000_000_000 + i * 997, 6_442_451_075 + i, i % 1000, i % 2 ? 1 : -1, 1_000_000 + i, 100 + i]);
    const fp = (evs: number[][], via: 'record' | 'nums') => {
      const log = new EventLog();
      for (const e of evs) {
        if (via === 'nums') log.recordNums('N', 6, e[0], e[1], e[2], e[3], e[4], e[5]);
        else log.record('N', ...e);
      }
      return log.hash();
    };
    const base = fp(events, 'nums');
    expect(fp(events, 'record')).toBe(base);
    const seen = new Set([base]);
    for (let k = 0; k < 6; k++) {
      for (const delta of [1, -1]) {
        const changed = events.map((e) => [...e]);
        changed[17]![k]! += delta;
        seen.add(fp(changed, 'nums'));
      }
    }
    const swapped = events.map((e) => [...e]);
    [swapped[3], swapped[4]] = [swapped[4]!, swapped[3]!];
    seen.add(fp(swapped, 'nums'));
    expect(seen.size).toBe(1 + 12 + 1);
  });

  it('tells apart field types, boundaries, order and counts', () => {
    const hashes = [
      hashOf(['N', 1, 2]),
      hashOf(['N', '1', 2]),
      hashOf(['N', 1.5, 2]),
      hashOf(['N', 2, 1]),
      hashOf(['N', 1, 2, 0]),
      hashOf(['N', 1], ['N', 2]),
      hashOf(['NN', 1, 2]),
      hashOf(['N', 'ab', 'c']),
      hashOf(['N', 'a', 'bc']),
      hashOf(['N', -0x80000000]),
      hashOf(['N', -0x7fffffff]),
      hashOf(['N', 'a', 1]), // a string and a number of the same words are told apart by the marker
      hashOf(['N', 'ab', 1]),
      hashOf(['N', 2 ** 31]),
      hashOf(['N', 'é€😀']),
      hashOf(['\0', 1]),
      hashOf(['', 1]),
      hashOf(['N', ...Array.from({ length: 5000 }, (_, i) => i)]), // more fields than the word buffer holds
      hashOf(['N', ...Array.from({ length: 5000 }, (_, i) => (i === 4999 ? 0 : i))]),
    ];
    expect(new Set(hashes).size).toBe(hashes.length);
    for (const h of hashes) expect(h).toMatch(/^[0-9a-f]{64}$/);
  });

  it('tells −0 from 0 (the bits of the numbers, not their text), treats every NaN alike, and hash() leaves the log open', () => {
    expect(hashOf(['R', -0])).not.toBe(hashOf(['R', 0]));
    const viaNums = (x: number) => {
      const log = new EventLog();
      log.recordNums('R', 2, x, 1);
      return log.hash();
    };
    expect(viaNums(-0)).toBe(hashOf(['R', -0, 1]));
    expect(viaNums(-0)).not.toBe(hashOf(['R', 0, 1]));
    const nan2 = new Float64Array(new Uint32Array([1, 0x7ff80000]).buffer)[0]!; // a NaN with a payload
    expect(hashOf(['R', nan2])).toBe(hashOf(['R', NaN]));
    const log = new EventLog(true);
    log.record('A', 1);
    const h1 = log.hash();
    expect(log.hash()).toBe(h1);
    log.record('B', 'x', 2.25);
    expect(log.hash()).toBe(hashOf(['A', 1], ['B', 'x', 2.25]));
    expect(log.text()).toEqual(['A,1', 'B,x,2.25']);
    expect(log.count).toBe(2);
  });

  it('is the same across its internal buffer boundary (many events)', () => {
    const a = new EventLog();
    const b = new EventLog();
    for (let i = 0; i < 20_000; i++) {
      a.record('N', 34_200_000_000_000 + i * 1_000, i, i % 7, 1, 1_000_000 + (i % 13), 100);
      b.record('N', 34_200_000_000_000 + i * 1_000, i, i % 7, 1, 1_000_000 + (i % 13), 100);
    }
    expect(a.hash()).toBe(b.hash());
    b.record('C', 1, 2);
    expect(b.hash()).not.toBe(a.hash());
  });
});

describe('EventLog.recordNums (the exchange fast path)', () => {
  it('writes exactly what record writes: the same fingerprint and the same lines, whatever the numbers', () => {
    const nanPayload = new Float64Array(new Uint32Array([1, 0xfff80000]).buffer)[0]!; // a negative NaN with a payload
    const nums = [0, -0, 1, -3, 7, 2 ** 31 - 1, -(2 ** 31), -0x7fffffff, 2 ** 31, 34_200_000_000_000, 1.5, -2.25, NaN, Infinity, -Infinity, 1e-300, nanPayload];
    // A deterministic mix of arities 0..6 and kinds, long enough to cross the 4,096-word buffer.
    const recs: Array<[string, number[]]> = [];
    for (let i = 0; i < 3000; i++) {
      const n = i % 7;
      recs.push([i % 5 === 0 ? 'T' : i % 11 === 0 ? 'XY' : i % 13 === 0 ? '\0' : i % 17 === 0 ? '' : 'N', Array.from({ length: n }, (_, k) => nums[(i * 7 + k * 3) % nums.length]!)]);
    }
    for (const keep of [false, true]) {
      const a = new EventLog(keep);
      const b = new EventLog(keep);
      for (const [kind, f] of recs) {
        a.record(kind, ...f);
        b.recordNums(kind, f.length, f[0], f[1], f[2], f[3], f[4], f[5]);
      }
      expect(b.count).toBe(a.count);
      expect(b.hash()).toBe(a.hash());
      if (keep) expect(b.text()).toEqual(a.text());
    }
  });

  it('hashes only the first n fields (the six stores past them are overwritten, never mixed) and a missing field as 0', () => {
    const a = new EventLog();
    const b = new EventLog();
    for (let i = 0; i < 5_000; i++) {
      const n = (i * 5) % 7;
      const f = [i, -i, 2 ** 40 + i, 0.5 * i, i % 3, 7];
      a.record('M', ...f.slice(0, n));
      // Fields past n differ run to run (here: junk, NaN, undefined); they must not count.
      b.recordNums('M', n, ...f.slice(0, n), ...[NaN, 99, 1e300, -0, 3, 4].slice(n));
    }
    expect(b.hash()).toBe(a.hash());
    const c = new EventLog();
    c.recordNums('C', 3, 1, 2);
    expect(c.hash()).toBe(hashOf(['C', 1, 2, 0]));
  });
});
