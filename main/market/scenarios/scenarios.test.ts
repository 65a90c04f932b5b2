import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EventLog } from '../../kernel/event-log.js';
import { loadScenario } from './load-scenario.js';
import { PRESET_NAMES, PRESETS } from './presets.js';
import { agentTotal, runScenario, runStylizedFacts, scaleAgents } from './run-scenario.js';
import { parseScenario, ScenarioError, ScenarioSchema } from './scenario-schema.js';

const dir = mkdtempSync(join(tmpdir(), 'slip-scn-'));
function file(name: string, content: string): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}
function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as Error).message;
  }
  throw new Error('expected a ScenarioError');
}

describe('scenario files', () => {
  it('names the file and the field of an invalid value', () => {
    const p = file('scenario.json', JSON.stringify({ instrument: { initialPrice: 100 }, agents: { marketMakers: { count: -3 } } }));
    expect(errorOf(() => loadScenario(p))).toBe(`${p}: agents.marketMakers.count: expected a number ≥ 0, got -3`);
  });

  it('reports every kind of problem with its path', () => {
    const cases: Array<[unknown, string]> = [
      [{}, 'instrument: required: expected an object'],
      [{ instrument: {} }, 'instrument.initialPrice: required: expected a number'],
      [{ instrument: { initialPrice: 100 }, agents: { noise: { count: 2.5 } } }, 'agents.noise.count: expected an integer, got 2.5'],
      [{ instrument: { initialPrice: 100 }, agents: { noise: { marketFraction: 1.5 } } }, 'agents.noise.marketFraction: expected a number ≤ 1, got 1.5'],
      [{ instrument: { initialPrice: 100 }, agents: { marketMaker: {} } }, 'agents: unknown field "marketMaker"'],
      [{ instrument: { initialPrice: 100 }, fundamental: { kind: 'gbm' } }, 'fundamental.kind: expected one of "ou", "random-walk", got "gbm"'],
      [{ instrument: { initialPrice: 100 }, timeline: [{ type: 'halt', atSec: 5 }] }, 'timeline[0].type: expected one of "liquidity-withdrawal", "cascade", "fundamental-jump", "regime-change", got "halt"'],
      [{ instrument: { initialPrice: 100 }, timeline: [{ type: 'cascade', atSec: -1, durationSec: 5, side: 'sell', orders: 3 }] }, 'timeline[0].atSec: expected a number ≥ 0, got -1'],
      [{ instrument: { initialPrice: 100, tick: 0.001 } }, 'instrument.tick: expected a multiple of 10^-2 (priceDecimals), got 0.001'],
      [{ instrument: { initialPrice: 100.005, priceDecimals: 3 } }, 'instrument.initialPrice: expected a multiple of the tick 0.01, got 100.005'],
      [{ instrument: { initialPrice: 100 }, agents: { momentum: { horizonSec: [60, 10] } } }, 'agents.momentum.horizonSec: expected [min, max] with min ≤ max, got [60, 10]'],
      [{ instrument: { initialPrice: 100 }, agents: { noise: { distanceWeights: [0, 0] } } }, 'agents.noise.distanceWeights: expected at least one weight > 0'],
    ];
    for (const [input, msg] of cases) expect(errorOf(() => parseScenario(input, 'x.json'))).toBe(`x.json: ${msg}`);
  });

  it('explains unreadable files and bad JSON', () => {
    expect(errorOf(() => loadScenario(join(dir, 'nope.json')))).toMatch(/nope\.json: not a preset \(calm, volatile, .*\) and not a readable file \(ENOENT\)/);
    const bad = file('bad.json', '{ "instrument": ');
    expect(errorOf(() => loadScenario(bad))).toMatch(/bad\.json: invalid JSON: /);
  });

  it('fills defaults and loads presets by name as fresh copies', () => {
    const s = ScenarioSchema.parse({ instrument: { initialPrice: 50 } });
    expect(s.agents.noise.count).toBe(800);
    expect(s.durationSec).toBe(23_400);
    expect(s.timeline).toEqual([]);
    const a = loadScenario('calm');
    a.agents.noise.count = 1;
    expect(loadScenario('calm').agents.noise.count).toBe(800);
    expect(Object.keys(PRESETS)).toEqual([...PRESET_NAMES]);
  });

  it('scales populations to a total number of agents', () => {
    const s = scaleAgents(PRESETS.calm, 5000);
    // 960 trading agents and 4 latent-liquidity providers (`withResilientLiquidity`).
    expect(agentTotal(PRESETS.calm)).toBe(964);
    expect(Math.abs(agentTotal(s) - 5000)).toBeLessThan(5);
    expect(s.agents.marketMakers.count).toBe(52);
    // The latent depth follows the volume (×5000/964), so impact keeps its size.
    expect(s.agents.latent.depthPerTick).toBeCloseTo((PRESETS.calm.agents.latent.depthPerTick * 5000) / 964, 6);
  });
});

describe('presets', () => {
  it('every preset runs (short session, timeline compressed) and trades', () => {
    for (const name of PRESET_NAMES) {
      const r = runScenario(PRESETS[name], { seed: 1, durationSec: 30, scaleTimeline: true, eventLog: false });
      expect(r.trades, name).toBeGreaterThan(100);
      expect(r.series.midPerSec).toHaveLength(31);
      expect(Number.isFinite(r.series.midPerSec[30]), name).toBe(true);
      expect(r.session.book.isCrossed()).toBe(false);
    }
  });

  it('flash-crash: the price crashes during the scripted withdrawal and recovers most of the drop within 30 min', () => {
    // The story moved to 60 s; seeds 1-4, not one chosen seed. They fall 7.1-9.7 % and 30 min
    // after the withdrawal began have recovered 73-77 % of it; on the old vacuum market (no latent
    // book, capped value traders: PRESET_STORIES) they fell 6.9-9.6 % and recovered 31-46 %.
    const s = { ...PRESETS['flash-crash'], timeline: PRESETS['flash-crash'].timeline.map((e) => ({ ...e, atSec: e.atSec - 3540 })) };
    for (const seed of [1, 2, 3, 4]) {
      const r = runScenario(s, { seed, durationSec: 1865, eventLog: false, recordTrades: false });
      const m = r.series.midPerSec;
      const low = Math.min(...Array.from(m.slice(60, 660)).filter((x) => x === x));
      expect(low, `seed ${seed}`).toBeLessThan(m[59]! * 0.98); // a crash: > 2 % down
      expect(m[1860]!, `seed ${seed}`).toBeGreaterThan(low + 0.6 * (m[59]! - low)); // most of it back 30 min after the withdrawal began
    }
  });

  it('is deterministic: a preset run twice gives the same EventLog SHA-256; another seed does not', () => {
    const hash = (seed: number) => {
      const log = new EventLog();
      const r = runScenario(PRESETS['flash-crash'], { seed, durationSec: 40, scaleTimeline: true, eventLog: log });
      expect(r.eventLogHash).toMatch(/^[0-9a-f]{64}$/);
      expect(log.count).toBe(r.events);
      return r.eventLogHash;
    };
    const h = hash(42);
    expect(hash(42)).toBe(h);
    expect(hash(43)).not.toBe(h);
  });

  it('stays deterministic with the activity process, latent liquidity and a learning fundamental', () => {
    const sc = parseScenario({
      instrument: { initialPrice: 50 },
      durationSec: 300,
      agents: { noise: { count: 50 }, latent: { count: 2, depthPerTick: 20, bandTicks: 3, levels: 15, stepTicks: 2 } },
      fundamental: { learningHalfLifeSec: 120 },
      activity: { timescalesSec: [30, 300], logStd: [0.7, 0.3] },
    });
    const hash = (seed: number) => runScenario(sc, { seed, eventLog: new EventLog() }).eventLogHash;
    const h = hash(5);
    expect(hash(5)).toBe(h);
    expect(hash(6)).not.toBe(h);
  });

  it('measures stylized facts of a run', () => {
    const r = runScenario(PRESETS.calm, { seed: 2, durationSec: 300, eventLog: false });
    const f = runStylizedFacts(r);
    expect(f.spreadMeanTicks!).toBeGreaterThanOrEqual(1);
    expect(f.spreadMeanTicks!).toBeLessThan(3);
    expect(f.ret1sStdBps!).toBeGreaterThan(0);
    expect(f.tradeCount).toBe(r.trades);
    expect(f.absAcf1m).toHaveLength(20);
  });
});
