import { describe, expect, it } from 'vitest';
import { QrMarket } from './qr-market.js';
import { validateQrParams } from './qr-params.js';
import { QrSession, QrSnapshotBank } from './qr-session.js';
import { testParams } from './qr-test-params.js';

/** The touch after each of `n` events: [bid, bidSize, ask, askSize, timeNs] flattened. */
function trace(m: QrMarket, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    m.fire();
    out.push(m.best[0]!, m.touchSize(0), m.best[1]!, m.touchSize(1), m.nowNs);
  }
  return out;
}

describe('QrParams', () => {
  it('names the field that breaks an invariant', () => {
    expect(() => validateQrParams(testParams({ aesUnits: 0 }))).toThrow(/aesUnits 0 must be > 0/);
    expect(() => validateQrParams(testParams({ limitSizes: [100, 50] }))).toThrow(/limitSizes\[1\] 50 must be ≥ the one before/);
    expect(() => validateQrParams(testParams({ cancelRate: [0, 1] }))).toThrow(/cancelRate: expected 6 entries, got 2/);
    expect(() => validateQrParams(testParams({ marketRate: [0, 1, 1, -1, 1, 1] }))).toThrow(/marketRate\[3\] -1 must be a finite rate ≥ 0/);
  });
});

describe('QrMarket', () => {
  it('is deterministic in the seed, and different seeds give different paths', () => {
    const a = trace(new QrMarket(testParams(), 5), 2000);
    expect(trace(new QrMarket(testParams(), 5), 2000)).toEqual(a);
    expect(trace(new QrMarket(testParams(), 6), 2000)).not.toEqual(a);
  });

  it('keeps bid < ask and integer sizes ≥ 0 over a long run', () => {
    const m = new QrMarket(testParams(), 9);
    for (let i = 0; i < 50_000; i++) {
      m.fire();
      if (!(m.best[0]! < m.best[1]!) || !(m.others[0]! >= 0 && m.others[1]! >= 0) || !Number.isInteger(m.others[0]!) || !Number.isInteger(m.others[1]!)) {
        throw new Error(`event ${i}: bid ${m.best[0]} ask ${m.best[1]} sizes ${m.others[0]} ${m.others[1]}`);
      }
    }
    expect(m.events).toBe(50_000);
  });

  it('seasonality multiplies every rate within its bin (exact draws across bin boundaries)', () => {
    const m = new QrMarket(testParams({ seasonBinSec: 100, seasonality: [1, 4, 0.25] }), 21);
    const counts = [0, 0, 0];
    while (m.nextNs <= 300e9) {
      const before = m.events;
      m.fire();
      if (m.events > before) counts[Math.floor(m.nowNs / 100e9)]!++;
    }
    expect(counts[1]! / counts[0]!).toBeGreaterThan(3.3);
    expect(counts[1]! / counts[0]!).toBeLessThan(4.8);
    expect(counts[0]! / counts[2]!).toBeGreaterThan(3);
    expect(counts[0]! / counts[2]!).toBeLessThan(5.5);
    expect(() => validateQrParams(testParams({ seasonality: [1, 0] , seasonBinSec: 10 }))).toThrow(/seasonality\[1\] 0 must be a finite multiplier > 0/);
    expect(() => validateQrParams(testParams({ seasonality: [1] }))).toThrow(/seasonBinSec undefined must be > 0/);
  });

  it('a restored snapshot continues exactly as the original; a reseed starts a different, reproducible future', () => {
    const m = new QrMarket(testParams({ seasonBinSec: 7, seasonality: [1, 2, 0.5, 1.5] }), 11);
    trace(m, 500);
    const snap = m.snapshot();
    const after = trace(m, 1000);
    const other = new QrMarket(testParams({ seasonBinSec: 7, seasonality: [1, 2, 0.5, 1.5] }), 99);
    trace(other, 123);
    other.restore(snap);
    expect(trace(other, 1000)).toEqual(after);
    other.restore(snap, 7);
    const r7 = trace(other, 1000);
    other.restore(snap, 7);
    expect(trace(other, 1000)).toEqual(r7);
    expect(r7).not.toEqual(after);
  });

  it('fill rule: market orders take the size ahead of our resting order first, then ours', () => {
    // Only market orders of 10 arrive; our 5 join behind the bid's 20.
    const m = new QrMarket(testParams({ limitRate: [0, 0, 0, 0, 0, 0], cancelRate: [0, 0, 0, 0, 0, 0], insideRate: [0, 0, 0, 0, 0], marketSizes: [10], refillSizes: [20] }), 3);
    const bid = m.bestUnits(0);
    m.rest(0, 1, bid, 5);
    expect(m.aheadOf(0)).toBe(20);
    expect(m.sizeAt(1, bid)).toBe(25);
    let hitBid = 0;
    const fills: Array<[number, number, number]> = [];
    m.onTrade((_t, price, size, aggressor) => {
      if (aggressor === -1 && price === bid) hitBid += size;
    });
    m.onOwnFill = (h, price, size) => fills.push([h, price, size]);
    m.redraw(m.nowNs);
    for (let i = 0; i < 200 && fills.length === 0; i++) {
      const before = hitBid;
      m.fire();
      if (fills.length === 0) expect(m.aheadOf(0)).toBe(20 - hitBid);
      else expect(before).toBe(20); // exactly the size ahead traded before us
    }
    expect(fills).toEqual([[0, bid, 5]]);
    expect(Number.isNaN(m.aheadOf(0))).toBe(true);
  });

  it('our marketable order walks the book up to its limit and moves the touch (impact)', () => {
    const m = new QrMarket(testParams({ refillSizes: [100], gapTicks: [1] }), 4);
    const ask0 = m.bestUnits(1);
    const fills: Array<[number, number]> = [];
    m.onOwnFill = (_h, price, size) => fills.push([price, size]);
    const left = m.take(0, 1, ask0 + 2 * m.tickUnits, 1_000);
    // Three levels of 100 within the limit: the touch then sits above the limit.
    expect(fills).toEqual([[ask0, 100], [ask0 + 100, 100], [ask0 + 200, 100]]);
    expect(left).toBe(700);
    expect(m.bestUnits(1)).toBe(ask0 + 300);
  });

  it('a price better than the touch becomes the touch; cancelling it restores the level behind', () => {
    const m = new QrMarket(testParams({ initialSpreadTicks: 4 }), 8);
    const bid = m.bestUnits(0);
    const q = m.touchSize(0);
    m.rest(1, 1, bid + 100, 7);
    expect(m.bestUnits(0)).toBe(bid + 100);
    expect(m.touchSize(0)).toBe(7);
    expect(m.aheadOf(1)).toBe(0);
    expect(m.cancelOwn(1)).toBe(7);
    expect(m.bestUnits(0)).toBe(bid);
    expect(m.touchSize(0)).toBe(q);
    expect(() => { m.rest(2, 1, bid, 5); m.snapshot(); }).toThrow(/our orders rest/);
  });
});

describe('QrSession and QrSnapshotBank', () => {
  it('the bank is built once and is the same for the same inputs; sessions from it are deterministic', () => {
    const p = testParams();
    const a = new QrSnapshotBank(p, 1, 60, 10, 8);
    const b = new QrSnapshotBank(p, 1, 60, 10, 8);
    expect(a.snapshots.map((s) => Array.from(s.scalars))).toEqual(b.snapshots.map((s) => Array.from(s.scalars)));
    expect(a.snapshots[3]!.scalars[4]).toBeGreaterThanOrEqual(90e9); // warm-up 60 s + 3 × 10 s
    const run = (seed: number) => {
      const s = new QrSession(p, 0);
      s.startFrom(a.pick(seed), seed);
      const t0 = s.scheduler.now;
      const out: number[] = [];
      for (let k = 1; k <= 50; k++) {
        s.advanceTo(t0 + k * 1e9);
        expect(s.scheduler.now).toBe(t0 + k * 1e9);
        out.push(s.market.best[0]!, s.market.best[1]!, s.market.touchSize(0));
      }
      return out;
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(11)); // same snapshot (11 mod 8), another stream
  });
});

describe('qrFactsTableHtml', () => {
  it('renders one escaped row per fact, null as a dash', async () => {
    const { qrFactsTableHtml } = await import('./qr-facts.js');
    const html = qrFactsTableHtml([
      { key: 'a', label: 'spread <mean>', unit: 'ticks', real: 12.84851, queueReactive: 8.5, agentBased: null },
      { key: 'b', label: 'method', unit: '', real: 'proxy', queueReactive: 'proxy', agentBased: 'proxy' },
    ]);
    expect(html).toContain('<tr><td>spread &lt;mean&gt;</td><td>ticks</td><td>12.85</td><td>8.5</td><td>—</td></tr>');
    expect(html.match(/<tr><td>/g)).toHaveLength(2);
  });
});
