import type { Rng } from '../../kernel/rng.js';
import type { QueueModel } from './venue.js';

/*
 * Queue-position estimators for L2 data (aggregated levels: the orders ahead of ours are not
 * visible). Conventions shared by both models: `ahead` is the estimated historical size in front
 * of our order at its level; the level sizes passed in are the DISPLAYED historical sizes (our own
 * order is not part of them); the venue calls `onTrade` for every trade printed at our price and
 * `onLevelChange` when the displayed size changes, with `before` already net of the trades seen
 * since the previous change (so a trade is never counted twice). Our order fills by the amount
 * `ahead` goes below zero (see the replay venue's L2 rule).
 */

/**
 * Conservative (hftbacktest's RiskAdverseQueueModel): we join behind the whole displayed level
 * (ahead = levelSize); a trade of size v at our price moves us up by v (ahead − v); a size change
 * without a trade never advances us, except that ahead can never exceed what is displayed:
 * ahead' = min(ahead, after). So cancels only help once the level has shrunk below our estimate.
 */
export class ConservativeQueue implements QueueModel {
  readonly name = 'conservative';

  onJoin(levelSize: number): number {
    return levelSize > 0 ? levelSize : 0;
  }

  onLevelChange(ahead: number, _before: number, after: number, _rng: Rng): number {
    return ahead < after ? ahead : after > 0 ? after : 0;
  }

  onTrade(ahead: number, size: number): number {
    return ahead - size;
  }
}

/**
 * Probability that a decrease of the level (without a trade) happened in front of our order, given
 * the estimated size ahead (`a`) and behind (`b`). Returns a number in [0, 1].
 */
export interface QueueProbability {
  readonly name: string;
  pAhead(a: number, b: number): number;
}

const pow = (x: number, n: number): number => (x <= 0 ? 0 : Math.pow(x, n));

/** f(x) = x^n; pAhead = f(a) / (f(a) + f(b)). n = 1 is proportional; larger n favours the longer side more. */
export function powerProb(n: number): QueueProbability {
  return { name: `power(${n})`, pAhead: (a, b) => ratio(pow(a, n), pow(b, n), a) };
}

/** f(x) = ln(1 + x); pAhead = f(a) / (f(a) + f(b)). */
export function logProb(): QueueProbability {
  return { name: 'log', pAhead: (a, b) => ratio(Math.log1p(Math.max(0, a)), Math.log1p(Math.max(0, b)), a) };
}

/** f(x) = x^n; pAhead = 1 − f(b) / f(a + b) (hftbacktest's PowerProbQueueFunc2, as the "ahead" share). */
export function powerProb2(n: number): QueueProbability {
  return { name: `power2(${n})`, pAhead: (a, b) => (a + b > 0 ? clamp01(1 - pow(b, n) / pow(a + b, n)) : 0) };
}

/** f(x) = ln(1 + x); pAhead = 1 − f(b) / f(a + b) (hftbacktest's LogProbQueueFunc2, as the "ahead" share). */
export function logProb2(): QueueProbability {
  return { name: 'log2', pAhead: (a, b) => (a + b > 0 ? clamp01(1 - Math.log1p(Math.max(0, b)) / Math.log1p(a + b)) : 0) };
}

/** pAhead = (a / (a + b))^n (hftbacktest's PowerProbQueueFunc3, as the "ahead" share). */
export function powerProb3(n: number): QueueProbability {
  return { name: `power3(${n})`, pAhead: (a, b) => (a + b > 0 ? clamp01(pow(a / (a + b), n)) : 0) };
}

function ratio(fa: number, fb: number, a: number): number {
  const t = fa + fb;
  if (t > 0) return fa / t;
  return a > 0 ? 1 : 0;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/** Options of `ProbabilisticQueue`. */
export interface ProbabilisticQueueOptions {
  /** How a decrease is split between ahead and behind (default `powerProb(2)`). */
  prob?: QueueProbability;
  /**
   * 'expected' (default, as hftbacktest): the share pAhead × decrease comes off `ahead`,
   * deterministically. 'sampled': the whole decrease comes off `ahead` with probability pAhead
   * (one Rng draw per decrease), else off the part behind.
   */
  attribution?: 'expected' | 'sampled';
}

/**
 * Probabilistic queue (in the manner of hftbacktest's ProbQueueModel / Rigtorp's estimator).
 * Join: ahead = displayed level size. Trade of v at our price: ahead − v. A displayed decrease
 * d = before − after (trades already netted out by the caller) is split with a = min(ahead,
 * before), b = before − a, p = prob.pAhead(a, b): the part in front is p·d ('expected') or d with
 * probability p ('sampled'); whatever exceeds b of the part behind is moved to the front, and
 * ahead' = min(max(0, a − front part), after). An increase (after ≥ before) is new orders joining
 * behind us: ahead' = min(ahead, after).
 */
export class ProbabilisticQueue implements QueueModel {
  readonly name: string;
  private readonly prob: QueueProbability;
  private readonly sampled: boolean;

  constructor(opts: ProbabilisticQueueOptions = {}) {
    this.prob = opts.prob ?? powerProb(2);
    this.sampled = opts.attribution === 'sampled';
    this.name = `probabilistic(${this.prob.name}, ${this.sampled ? 'sampled' : 'expected'})`;
  }

  onJoin(levelSize: number): number {
    return levelSize > 0 ? levelSize : 0;
  }

  onLevelChange(ahead: number, before: number, after: number, rng: Rng): number {
    const floor = after > 0 ? after : 0;
    if (after >= before) return ahead < floor ? ahead : floor;
    const d = before - after;
    const a = ahead < 0 ? 0 : ahead < before ? ahead : before;
    const b = before - a;
    const p = this.prob.pAhead(a, b);
    let front = this.sampled ? (rng.float() < p ? d : 0) : p * d;
    const back = d - front;
    // The part behind cannot lose more than it holds: the rest must have come from the front.
    if (back > b) front += back - b;
    const est = a - front;
    const next = est > 0 ? est : 0;
    return next < floor ? next : floor;
  }

  onTrade(ahead: number, size: number): number {
    return ahead - size;
  }
}
