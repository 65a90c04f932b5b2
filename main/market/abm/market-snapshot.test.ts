import { describe, expect, it } from 'vitest';
import { EventLog } from '../../kernel/event-log.js';
import { parseScenario } from '../scenarios/scenario-schema.js';
import { loadScenario } from '../scenarios/index.js';
import type { MarketConfig } from './market-config.js';
import { MarketSession } from './market-session.js';

/** Every timeline path after the capture at 15 s (the cascade creates a new task and `Rng` after it). */
const STORY = parseScenario({
  instrument: { initialPrice: 100 },
  durationSec: 70,
  timeline: [
    { type: 'liquidity-withdrawal', atSec: 20, durationSec: 20, widenFactor: 4, pullFraction: 0.6 },
    { type: 'cascade', atSec: 21, durationSec: 10, side: 'sell', orders: 40, momentumRateMultiplier: 5 },
    { type: 'fundamental-jump', atSec: 45, jumpPct: 2 },
    { type: 'regime-change', atSec: 50, durationSec: 10, volatilityMultiplier: 2, arrivalRateMultiplier: 1.5 },
  ],
});

function session(config: MarketConfig, seed: number) {
  const log = new EventLog();
  return { s: new MarketSession(config, { seed, eventLog: log }), log };
}

describe.each([
  ['story', STORY],
  ['calm', loadScenario('calm')],
])('MarketSession snapshot/restore (%s)', (_name, config) => {
  const CAPTURE_SEC = 15;
  const END_SEC = Math.min(70, config.durationSec);

  it('restore + run gives exactly the events of the uninterrupted run (same event-log hash)', () => {
    const straight = session(config, 5);
    straight.s.runUntilSec(END_SEC);
    const { s, log } = session(config, 5);
    s.runUntilSec(CAPTURE_SEC);
    const snap = s.snapshot([log]);
    expect(snap.rngs.length).toBeGreaterThan(100);
    s.runUntilSec(END_SEC);
    const first = log.hash();
    const events = s.exchange.events;
    expect(first).toBe(straight.log.hash());
    // Twice, so restoring does not consume or alias the snapshot.
    for (let k = 0; k < 2; k++) {
      s.restore(snap);
      expect(s.scheduler.now).toBe(CAPTURE_SEC * 1e9);
      s.runUntilSec(END_SEC);
      expect(log.hash()).toBe(first);
      expect(s.exchange.events).toBe(events);
    }
  });

  it('reseeding gives a different path, reproducible for the same reseed value', () => {
    const { s, log } = session(config, 5);
    s.runUntilSec(CAPTURE_SEC);
    const snap = s.snapshot([log]);
    s.runUntilSec(END_SEC);
    const original = log.hash();
    const run = (reseed: number) => {
      s.restore(snap, reseed);
      s.runUntilSec(END_SEC);
      return { hash: log.hash(), events: s.exchange.events, mid: s.book.mid() };
    };
    const a = run(7);
    const b = run(8);
    const a2 = run(7);
    expect(a2).toEqual(a);
    expect(a.hash).not.toBe(b.hash);
    expect(a.hash).not.toBe(original);
    // Still a live market after the reseed (events keep coming at the same order of magnitude).
    const base = snap.state.objects.length;
    expect(base).toBeGreaterThan(0);
    expect(b.events).toBeGreaterThan(0.5 * a.events);
    expect(Number.isFinite(a.mid) && Number.isFinite(b.mid)).toBe(true);
  });
});
