import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadDaySeries } from '../returns.js';
import { replayPosture } from './posture-replay.js';

const AMZN = fileURLToPath(new URL('../../../../shared/data/lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv', import.meta.url));

describe('posture driven by the models over a real day', () => {
  const day = loadDaySeries([AMZN]);
  const bounds = { maxParticipation: 0.2, aggressiveness: 0.8, floorFraction: 0.25 };
  const run = replayPosture([day], { bounds, agent: 'P-1' });

  it('reviews every minute; no regime before the warm-up is over, then every minute has one', () => {
    expect(run.steps.length).toBeGreaterThan(380);
    expect(run.steps.slice(0, 59).every((s) => s.regime === null && s.volRatio === null)).toBe(true);
    expect(run.steps.slice(60).every((s) => s.regime !== null && s.volRatio !== null && s.volRatio > 0)).toBe(true);
  });

  it('tightens and relaxes within the trader’s bounds, each change audited with its reasons', () => {
    expect(run.changes.length).toBeGreaterThan(0);
    run.changes.forEach((c, i) => {
      expect(c.seq).toBe(i + 1);
      expect(c.agent).toBe('P-1');
      expect(c.to.maxParticipation).toBeLessThanOrEqual(0.2);
      expect(c.to.maxParticipation).toBeGreaterThanOrEqual(0.05 - 1e-15);
      expect(c.to.aggressiveness).toBeLessThanOrEqual(0.8);
      if (c.factor < 1) expect(c.reasons.length).toBeGreaterThan(0);
      else expect(c.reasons).toEqual([]);
      // The change is the step's limits from then on.
      const s = run.steps.find((x) => x.t === c.at)!;
      expect(s.limits).toEqual(c.to);
    });
    // Somewhere the day was not calm or quiet: a cut happened.
    expect(run.changes.some((c) => c.factor < 1)).toBe(true);
  });

  it('is deterministic', () => {
    expect(replayPosture([day], { bounds, agent: 'P-1' }).changes).toEqual(run.changes);
  });
});
