import { describe, expect, it } from 'vitest';
import { EventLog } from '../../kernel/event-log.js';
import { runScenario } from './run-scenario.js';
import { parseScenario, type ScenarioInput } from './scenario-schema.js';

/**
 * The value traders' demand shape (`ValueDemandConfig`, abm/value-traders.ts) on a small market
 * with a −3 % news jump: the price ends ~30 bands from where value traders would want it.
 */
const input = (demand?: 'capped' | 'growing'): ScenarioInput => ({
  instrument: { initialPrice: 100 },
  durationSec: 120,
  agents: {
    noise: { count: 100 },
    value: { count: 10, ratePerSec: 1, maxPosition: 200, observationNoiseBps: 0, ...(demand ? { demand } : {}) },
  },
  timeline: [{ type: 'fundamental-jump', atSec: 20, jumpPct: -3 }],
});

function positions(demand?: 'capped' | 'growing'): { pos: number[]; moveBps: number } {
  const r = runScenario(parseScenario(input(demand)), { seed: 3, eventLog: false, recordTrades: false });
  const v = r.session.value;
  const m = r.series.midPerSec;
  return { pos: Array.from({ length: v.count }, (_, i) => r.session.exchange.position[v.base + i]!), moveBps: Math.log(m[119]! / m[19]!) * 1e4 };
}

describe('value traders: demand capped or growing with the mispricing', () => {
  it("'capped' is the rule without the field: the same event log bit for bit", () => {
    const hash = (d?: 'capped') => runScenario(parseScenario(input(d)), { seed: 3, eventLog: new EventLog() }).eventLogHash;
    expect(hash('capped')).toBe(hash());
  });

  it("capped traders stop at maxPosition; 'growing' ones keep selling a price far above their value", () => {
    const capped = positions('capped');
    expect(Math.max(...capped.pos.map(Math.abs))).toBeLessThanOrEqual(200);
    const growing = positions('growing');
    // 30 bands away the limit is 200 × 29² = 168,200: the traders sell far past the old cap
    // (seed 3: 5,379-8,955 shares each, against 200) and take the price to the news (−2.9 %;
    // capped: −0.1 %, 2,000 shares do not move it).
    expect(Math.min(...growing.pos)).toBeLessThan(-400);
    expect(growing.pos.reduce((a, b) => a + b, 0)).toBeLessThan(2 * capped.pos.reduce((a, b) => a + b, 0));
    expect(growing.moveBps).toBeLessThan(-200);
    expect(capped.moveBps).toBeGreaterThan(-100);
  });

  it('rejects an unknown demand shape naming the field', () => {
    expect(() => parseScenario({ instrument: { initialPrice: 100 }, agents: { value: { demand: 'linear' } } }, 'x.json')).toThrow(/agents\.value\.demand/);
  });
});
