import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { calibrate } from './calibrate.js';
import { parseScenario } from '../scenarios/scenario-schema.js';
import { PROFILE_STEP_SEC, toScenario } from './scenario-mapping.js';
import { curveCorrelation } from './compare.js';
import { simulateScenario } from './simulate.js';
import { computeStylizedFacts } from './stylized-facts.js';

const data = (p: string) => fileURLToPath(new URL(`../../../../shared/data/${p}`, import.meta.url));
const AMZN = data('lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv');
const MSFT = data('lobster/MSFT_2012-06-21_34200000_37800000_message_50.csv');

/** Spread in ticks of every row of a LOBSTER level-1+ orderbook file (ask1 − bid1) / 100. */
function orderbookSpreads(path: string): number[] {
  return readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => {
    const c = l.split(',');
    return (Number(c[0]) - Number(c[2])) / 100;
  });
}

describe('calibrate on AMZN (LOBSTER level 1: touch-level statistics only)', () => {
  const cal = calibrate([AMZN]);
  const r = cal.result;

  it('counts every order, cancel and trade of the message file', () => {
    expect(r.source).toMatchObject({ format: 'lobster', bookKind: 'L3', depthLevels: 1, events: 57_515 });
    expect(r.session.durationSec).toBe(23_400);
    const lo = r.limitOrders!;
    expect(lo.statistic).toBe('order-adds');
    expect(lo.maxDistanceTicks).toBe(1);
    // 27,845 type-1 rows; 16 type-2 + 18,235 type-3 rows.
    expect(lo.addSize.count).toBe(27_845);
    expect(lo.cancelSize.count).toBe(16 + 18_235);
    const placed = (lo.arrivalPerSec.bid[0]! + lo.arrivalPerSec.ask[0]! + lo.insideSpreadPerSec.bid + lo.insideSpreadPerSec.ask) * 23_400;
    expect(placed + lo.unplaced).toBeCloseTo(27_845, -1);
    expect(r.marketOrders!.tradesPerSec).toBeCloseTo(11_419 / 23_400, 4);
  });

  it('gives plausible, data-derived values', () => {
    const spreads = orderbookSpreads(AMZN.replace('_message_', '_orderbook_'));
    const lo = r.limitOrders!;
    expect(r.spread!.meanTicks).toBeGreaterThanOrEqual(Math.min(...spreads));
    expect(r.spread!.meanTicks).toBeLessThanOrEqual(Math.max(...spreads));
    // Time-weighted and event-weighted means of the same spread process agree roughly.
    const eventMean = spreads.reduce((a, b) => a + b, 0) / spreads.length;
    expect(r.spread!.meanTicks / eventMean).toBeGreaterThan(0.7);
    expect(r.spread!.meanTicks / eventMean).toBeLessThan(1.4);
    for (const side of ['bid', 'ask'] as const) {
      expect(lo.arrivalPerSec[side][0]!).toBeGreaterThan(0.1);
      expect(lo.cancelPerOrderPerSec[side][0]!).toBeGreaterThan(0);
      expect(lo.meanDepth[side][0]!).toBeGreaterThan(50);
    }
    // Round lots dominate equity order sizes.
    expect(lo.addSize.p50).toBe(100);
    expect(lo.addSize.sigma!).toBeGreaterThan(0.5);
    const mo = r.marketOrders!;
    expect(mo.ratePerSec.buy).toBeGreaterThan(0.05);
    expect(mo.ratePerSec.sell).toBeGreaterThan(0.05);
    // Several executions at one timestamp are one market order.
    expect(mo.size.count).toBeLessThan(11_419);
    expect(r.volatility!.perSecBps!).toBeGreaterThan(0.2);
    expect(r.volatility!.perSecBps!).toBeLessThan(5);
    expect(r.volatility!.dailyBps!).toBeCloseTo(r.volatility!.perSecBps! * Math.sqrt(23_400), 0);
    expect(r.volumeProfile!.share).toHaveLength(13);
    expect(r.volumeProfile!.share.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(cal.facts.ret1sExcessKurtosis!).toBeGreaterThan(1);
    expect(cal.facts.impactMethod).toBe('trade-flow-imbalance-proxy');
    expect(r.notes.join(' ')).toMatch(/touch-level statistics only/);
    // The volume-curve goal's ceiling on this day (a mid-morning burst a U-shape cannot follow).
    const ceiling = /fitted intraday U-shape correlates ([0-9.]+)/.exec(r.notes.join(' '));
    expect(ceiling).not.toBeNull();
    expect(Number(ceiling![1])).toBeGreaterThan(0.5);
    expect(Number(ceiling![1])).toBeLessThan(1);
  });

  it('maps onto a scenario that validates against ScenarioSchema and runs on the generative market', () => {
    const input = toScenario(r);
    expect(JSON.stringify(toScenario(r))).toBe(JSON.stringify(input));
    const s = parseScenario(input);
    expect(s.instrument).toMatchObject({ symbol: 'AMZN', tick: 0.01, priceDecimals: 4, sizeDecimals: 0 });
    expect(s.durationSec).toBe(23_400);
    const n = s.agents.noise;
    const mo = r.marketOrders!.ratePerSec.buy + r.marketOrders!.ratePerSec.sell;
    expect(n.count * n.ratePerSec * n.marketFraction).toBeCloseTo(mo, 3);
    expect(n.limitSize.logMean).toBe(r.limitOrders!.addSize.mu);
    expect(n.distanceWeights.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(s.agents.marketMakers.count).toBe(0);
    expect(s.fundamental.volatilityPctPerDay).toBeCloseTo((r.volatility!.perSecBps! * Math.sqrt(23_400)) / 100, 4);
    // The volume profile as a fitted U-shape in 78 five-minute regimes whose arrival multipliers
    // average 1, not the day's 13 half-hour shares copied in (#8.7: generated, not copied).
    const m = s.timeline.map((e) => (e.type === 'regime-change' ? e.arrivalRateMultiplier : NaN));
    expect(m).toHaveLength(23_400 / PROFILE_STEP_SEC);
    expect(m.reduce((a, b) => a + b, 0) / m.length).toBeCloseTo(1, 3);
    const share = r.volumeProfile!.share;
    const perBin = share.map((_, j) => m.slice(j * 6, j * 6 + 6).reduce((a, b) => a + b, 0) / 6);
    expect(perBin.some((x, j) => Math.abs(x - share[j]! * share.length) > 0.05)).toBe(true);
    expect(curveCorrelation(share, perBin)!).toBeGreaterThan(0.8);
    expect(m[0]!).toBeGreaterThan(m[39]!);
    expect(m[77]!).toBeGreaterThan(m[39]!);
    // One simulated day: the calibrated flow gives the right order of magnitude of trading and spread.
    const sim = computeStylizedFacts(simulateScenario(input, 1));
    expect(sim.tradeCount / sim.sessionSec).toBeGreaterThan(0.25);
    expect(sim.tradeCount / sim.sessionSec).toBeLessThan(1);
    expect(sim.spreadMeanTicks!).toBeGreaterThan(5);
    expect(sim.spreadMeanTicks!).toBeLessThan(25);
  });
});

describe('calibrate on other sources (what each can and cannot give)', () => {
  it('MSFT level 50: rates by distance, decreasing away from the touch', () => {
    const r = calibrate([MSFT]).result;
    const lo = r.limitOrders!;
    expect(lo.maxDistanceTicks).toBe(10);
    expect(lo.arrivalPerSec.bid).toHaveLength(10);
    for (const side of ['bid', 'ask'] as const) expect(lo.arrivalPerSec[side][0]!).toBeGreaterThan(lo.arrivalPerSec[side][5]!);
    // A truncated sample: 1,000 events over ≈ 2.8 s of a nominal 1 h window.
    expect(r.session.durationSec).toBeGreaterThan(2);
    expect(r.session.durationSec).toBeLessThan(3);
    expect(r.notes.join(' ')).toMatch(/cover only/);
  });

  it('Binance depth10 snapshots: level changes, no trades', () => {
    const r = calibrate([data('binance/BTCUSDT_depth10_20230109.jsonl.gz')], { maxDistanceTicks: 5 }).result;
    expect(r.limitOrders!.statistic).toBe('level-increases');
    expect(r.limitOrders!.arrivalPerSec.ask[0]!).toBeGreaterThan(r.limitOrders!.arrivalPerSec.ask[4]!);
    expect(r.marketOrders).toBeNull();
    expect(r.volumeProfile).toBeNull();
    expect(r.spread!.meanTicks).toBeGreaterThanOrEqual(1);
    expect(r.spread!.meanTicks).toBeLessThan(2);
    expect(r.notes.join(' ')).toMatch(/no trades in this source/);
  });

  it('bars: volatility and volume profile only', () => {
    const cal = calibrate([data('bars/6EH4.XCME_1min_bars_20240101_20240131.csv.gz')]);
    const r = cal.result;
    expect(r.capabilities.barsOnly).toBe(true);
    expect(r.instrument.tickInferred).toBe(true);
    expect(r.limitOrders).toBeNull();
    expect(r.marketOrders).toBeNull();
    expect(r.spread).toBeNull();
    expect(r.volatility!.perSecBps!).toBeGreaterThan(0);
    expect(r.volatility!.perSecBps1s).toBeNull();
    expect(r.volumeProfile!.share).toHaveLength(48);
    expect(cal.facts.ret1sStdBps).toBeNull();
    expect(r.notes[0]).toMatch(/only volatility .* and the intraday volume profile/);
  });

  it('Databento MBO: order level, unsigned trades left out of market-order rates', () => {
    const r = calibrate([data('databento/ARL_XNAS_mbo_2025-07-17_head1500.csv')]).result;
    expect(r.source.bookKind).toBe('L3');
    expect(r.limitOrders!.addSize.count).toBeGreaterThan(700);
    expect(r.marketOrders!.unsignedTrades).toBeGreaterThan(0);
    expect(r.notes.join(' ')).toMatch(/pre-market/);
  });
});
