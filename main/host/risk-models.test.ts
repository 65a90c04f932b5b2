import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openReplay } from '../market/replay/open-replay.js';
import { detectAnomalies } from '../risk/anomalies/detect.js';
import { replayPosture } from '../risk/posture/posture-replay.js';
import { loadDaySeries, type DaySeries } from '../risk/returns.js';
import type { PostureChange } from '../risk/posture/posture-tracker.js';
import { LiveRiskModels, type RiskSample } from './risk-models.js';
import { BookSampler } from './risk-models-sampler.js';

const AMZN = fileURLToPath(new URL('../../../shared/data/lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv', import.meta.url));
const BOUNDS = { maxParticipation: 0.2, aggressiveness: 0.8 };

function samplesOf(d: DaySeries): RiskSample[] {
  return Array.from(d.t, (t, i) => ({ t, r: d.r[i]!, spreadBps: d.spreadBps[i]!, depth: d.depth[i]!, volume: d.volume[i]!, flow: d.flow[i]! }));
}

describe('live risk models on a real day (AMZN)', () => {
  const day = loadDaySeries([AMZN]);
  const samples = samplesOf(day);

  it('the live book sampler gives the batch series sample for sample', () => {
    const got: RiskSample[] = [];
    let sampler: BookSampler | null = null;
    const replay = openReplay([AMZN], { onEvent: (_k, ev, book) => sampler!.onEvent(ev, book) });
    try {
      sampler = new BookSampler((s) => got.push(s), replay.info.instrument.sizeDecimals);
      replay.runToEnd();
    } finally {
      replay.close();
    }
    expect(got.length).toBe(samples.length);
    expect(got).toEqual(samples);
  });

  it('regimes and the GARCH ratio match replayPosture window for window', () => {
    const batch = replayPosture([day], { bounds: BOUNDS });
    const live = new LiveRiskModels({ agent: 'A', bounds: BOUNDS, garchWarmup: 60 * 60, day: day.label });
    const byT = new Map(batch.steps.map((s) => [s.t, s]));
    let compared = 0;
    let withRegime = 0;
    for (const s of samples) {
      live.push(s);
      const step = byT.get(s.t);
      if (!step) continue;
      const st = live.state();
      expect(st.regime?.label ?? null, `t ${s.t}`).toBe(step.regime);
      if (step.volRatio === null) expect(st.volatility?.ratio ?? null).toBeNull();
      else expect(st.volatility!.ratio!).toBeCloseTo(step.volRatio, 10);
      compared++;
      if (step.regime) withRegime++;
    }
    expect(compared).toBe(batch.steps.length);
    expect(withRegime).toBeGreaterThan(300);
  });

  it('robust-z alerts open live exactly as the batch detector dates them, with the same evidence', () => {
    const batch = detectAnomalies([day]).alerts.filter((a) => a.detector === 'robustZ');
    expect(batch.length).toBeGreaterThan(0);
    const live = new LiveRiskModels({ agent: 'A', bounds: BOUNDS, day: day.label });
    // The last open view of each run, by feature and since.
    const seen = new Map<string, ReturnType<LiveRiskModels['state']>['alerts'][number]>();
    for (const s of samples) {
      live.push(s);
      for (const a of live.state().alerts) seen.set(`${a.feature}@${a.since}`, a);
    }
    expect(seen.size).toBe(batch.length);
    for (const b of batch) {
      const l = seen.get(`${b.feature}@${b.since}`)!;
      expect(l, `${b.feature}@${b.since}`).toBeDefined();
      expect({ ...l, open: b.open }).toEqual(b);
    }
  });

  it('posture changes are audited, within the bounds, and deterministic', () => {
    const run = () => {
      const changes: PostureChange[] = [];
      const live = new LiveRiskModels({ agent: 'P-1', bounds: BOUNDS, onPosture: (c) => changes.push(c) });
      for (const s of samples) live.push(s);
      return { changes, live };
    };
    const a = run();
    expect(a.changes.length).toBeGreaterThan(0);
    a.changes.forEach((c, i) => {
      expect(c.seq).toBe(i + 1);
      expect(c.to.maxParticipation).toBeLessThanOrEqual(BOUNDS.maxParticipation);
      if (c.factor < 1) expect(c.reasons.length).toBeGreaterThan(0);
    });
    expect(run().changes).toEqual(a.changes);
    const last = a.changes[a.changes.length - 1]!;
    expect(a.live.posture().maxParticipation).toBe(last.to.maxParticipation);
  });
});

describe('live risk models: a planted liquidity shock', () => {
  it('a spread blow-out opens a stress alert after minRun samples and tightens the posture at once, naming it', () => {
    const changes: PostureChange[] = [];
    const live = new LiveRiskModels({ agent: 'T', bounds: BOUNDS, window: 60, anomalies: { window: 100, minRun: 5 }, onPosture: (c) => changes.push(c) });
    // A calm, slightly noisy book (deterministic), then the spread widens tenfold from t = 300.
    for (let t = 1; t <= 310; t++) {
      const wiggle = ((t * 7919) % 13) / 13 - 0.5;
      live.push({ t, r: wiggle * 1e-4, spreadBps: t >= 300 ? 20 : 2 + 0.1 * wiggle, depth: 5000 + 100 * wiggle, volume: 100, flow: 10 * wiggle });
      if (t < 304) expect(live.state().alerts, `t ${t}`).toEqual([]);
    }
    const alerts = live.state().alerts;
    expect(alerts.map((a) => [a.feature, a.direction, a.since, a.open])).toEqual([['spreadBps', 'high', 300, true]]);
    const cut = changes.find((c) => c.reasons.some((r) => r.source === 'anomaly'))!;
    expect(cut.at).toBe(304);
    expect(cut.to.maxParticipation).toBeCloseTo(0.1, 12);
    expect(cut.reasons[0]!.detail).toMatch(/^spreadBps high: 20\.00 vs baseline/);
    expect(live.posture().reason).toMatch(/spreadBps high/);
    expect(live.posture().aggressiveness).toBeCloseTo(0.4, 12);
  });

  it('rejects a non-finite return naming the time', () => {
    const live = new LiveRiskModels({ agent: 'T', bounds: BOUNDS });
    expect(() => live.push({ t: 12, r: NaN, spreadBps: 1, depth: 1, volume: 0, flow: 0 })).toThrow('risk sample at t 12: return must be finite');
  });
});
