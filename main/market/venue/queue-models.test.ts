import { describe, expect, it } from 'vitest';
import { Rng } from '../../kernel/rng.js';
import { ConservativeQueue, logProb, logProb2, powerProb, powerProb2, powerProb3, ProbabilisticQueue } from './queue-models.js';

const rng = new Rng(1);

describe('ConservativeQueue', () => {
  it('joins behind the level, advances only on trades, and cancels only cap it at the level size', () => {
    const q = new ConservativeQueue();
    expect(q.onJoin(500)).toBe(500);
    expect(q.onTrade(500, 120)).toBe(380);
    // 100 cancelled from a level of 900 (500 ahead + 400 behind): no advance.
    expect(q.onLevelChange(380, 900, 800, rng)).toBe(380);
    // The level shrank below our estimate: what is ahead cannot exceed what is displayed.
    expect(q.onLevelChange(380, 800, 250, rng)).toBe(250);
    // Adds never move us back.
    expect(q.onLevelChange(250, 250, 1000, rng)).toBe(250);
    // A trade larger than the queue ahead: the excess fills us.
    expect(q.onTrade(250, 300)).toBe(-50);
  });
});

describe('ProbabilisticQueue', () => {
  it('splits a decrease by f(ahead)/(f(ahead)+f(behind)) with f(x) = x^2 (expected attribution)', () => {
    const q = new ProbabilisticQueue({ prob: powerProb(2) });
    // ahead 300, behind 100: pAhead = 9/10 → 90 of a 100 decrease comes off the front.
    expect(q.onLevelChange(300, 400, 300, rng)).toBeCloseTo(210, 9);
    // ahead 100, behind 300: pAhead = 1/10 → 10 off the front.
    expect(q.onLevelChange(100, 400, 300, rng)).toBeCloseTo(90, 9);
    // Behind cannot lose more than it holds: ahead 350, behind 50, decrease 200 → at least 150 in front.
    const p = 350 ** 2 / (350 ** 2 + 50 ** 2);
    expect(q.onLevelChange(350, 400, 200, rng)).toBeCloseTo(Math.min(350 - Math.max(p * 200, 150), 200), 9);
    // Increases are adds behind us.
    expect(q.onLevelChange(300, 400, 700, rng)).toBe(300);
    expect(q.onTrade(300, 50)).toBe(250);
  });

  it('the probability variants match their formulas', () => {
    expect(powerProb(1).pAhead(30, 10)).toBeCloseTo(0.75, 12);
    expect(logProb().pAhead(30, 10)).toBeCloseTo(Math.log(31) / (Math.log(31) + Math.log(11)), 12);
    expect(powerProb2(2).pAhead(30, 10)).toBeCloseTo(1 - 100 / 1600, 12);
    expect(logProb2().pAhead(30, 10)).toBeCloseTo(1 - Math.log(11) / Math.log(41), 12);
    expect(powerProb3(2).pAhead(30, 10)).toBeCloseTo(0.5625, 12);
    // Nothing behind: every decrease is ahead; nothing ahead: none is.
    expect(powerProb(2).pAhead(10, 0)).toBe(1);
    expect(powerProb(2).pAhead(0, 10)).toBe(0);
  });

  it('sampled attribution moves the whole decrease to the front with probability pAhead', () => {
    const q = new ProbabilisticQueue({ prob: powerProb(1), attribution: 'sampled' });
    const r = new Rng(42);
    let front = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const a = q.onLevelChange(300, 400, 390, r);
      expect(a === 290 || a === 300).toBe(true);
      if (a === 290) front++;
    }
    expect(front / n).toBeCloseTo(0.75, 1);
  });

  it('stays within [0, after] (property over random inputs)', () => {
    const q = new ProbabilisticQueue({ prob: logProb() });
    const r = new Rng(3);
    for (let i = 0; i < 5_000; i++) {
      const before = r.int(1000);
      const ahead = r.int(before + 1);
      const after = r.int(1200);
      const a = q.onLevelChange(ahead, before, after, r);
      expect(a).toBeGreaterThanOrEqual(0);
      expect(a).toBeLessThanOrEqual(Math.max(0, after));
      expect(a).toBeLessThanOrEqual(ahead);
    }
  });
});
