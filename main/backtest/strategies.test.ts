import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeConfig } from './backtest-config.js';
import { dataHash, sourceFiles } from './data-hash.js';
import { runJobSync, type JobSpec } from './job-run.js';
import { estimatePathModel, intradayCurve, meanUniformShift, sessionOpenNs } from './strategies.js';
import { metaorderShiftUnits } from '../market/impact/propagator.js';

const SAMPLE = 'assets/sample/AMZN_2012-06-21_34200000_57600000_message_1.csv';

describe('path model and VWAP curve', () => {
  it('sets λ so that the Almgren-Chriss urgency κT equals the requested urgency', () => {
    const t = Array.from({ length: 50 }, (_, i) => i * 1e8);
    const mid = t.map((_, i) => 1000 + (i % 2 === 0 ? 0 : 2));
    const m = estimatePathModel({ t, mid }, 4, 1, 5_000, 60, 2);
    expect(m.sigmaEstimated).toBe(true);
    expect(m.sigmaUnitsPerSqrtSec).toBeCloseTo(Math.sqrt((49 * 4) / 4.9), 9);
    expect(m.etaUnitsPerRate).toBeCloseTo(2 / (5_000 / 60), 12);
    expect(Math.sqrt((m.riskAversion * m.sigmaUnitsPerSqrtSec ** 2) / m.etaUnitsPerRate) * 60).toBeCloseTo(2, 9);
    // Too few increments (or a flat path): one tick per √s; the spread is at least one tick.
    const flat = estimatePathModel({ t: [0, 1e9], mid: [1000, 1000] }, Number.NaN, 100, 10, 10, 1);
    expect(flat).toMatchObject({ sigmaUnitsPerSqrtSec: 100, sigmaEstimated: false, spreadUnits: 100 });
  });

  it('η from the book and the day: half spread + walking the touch depth with one slice + the propagator\'s mean shift (was half the spread alone)', () => {
    const t = Array.from({ length: 50 }, (_, i) => i * 1e8);
    const mid = t.map((_, i) => 1000 + (i % 2 === 0 ? 0 : 2));
    const kernel = { kind: 'power-law', g0: 5, tau0Ns: 5e9, beta: 0.5 } as const;
    const m = estimatePathModel({ t, mid }, 4, 1, 5_000, 600, 2, { touchDepth: 100, slices: 10, kernel });
    const day = meanUniformShift(kernel, 5_000, 600);
    // Mean of r·∫G over a uniform execution: ≈ (2/3) of the peak for a square-root build-up.
    expect(day / metaorderShiftUnits(kernel, 5_000 / 600e9, 600e9)).toBeGreaterThan(0.6);
    expect(day / metaorderShiftUnits(kernel, 5_000 / 600e9, 600e9)).toBeLessThan(0.72);
    expect(m.etaParts).toEqual({ halfSpread: 2, depthWalk: (1 * 500) / (2 * 100), dayImpact: day });
    expect(m.etaUnitsPerRate).toBeCloseTo((2 + 2.5 + day) / (5_000 / 600), 12);
    expect(m.etaUnitsPerRate).toBeGreaterThan(5 * estimatePathModel({ t, mid }, 4, 1, 5_000, 600, 2).etaUnitsPerRate);
    // Unknown depth and no impact model: half the spread, as before.
    expect(estimatePathModel({ t, mid }, 4, 1, 5_000, 600, 2, { touchDepth: NaN, slices: 10 }).etaUnitsPerRate).toBeCloseTo(2 / (5_000 / 600), 12);
  });

  it('anchors the intraday curve at 09:30 of either clock', () => {
    expect(sessionOpenNs(34_200n * 1_000_000_000n)).toBe(0); // agent-based session: time 0 is 09:30
    expect(sessionOpenNs(1_340_236_800_000_000_000n)).toBe(34_200e9); // LOBSTER: ns since local midnight
    const c = intradayCurve(0);
    expect(c.edgesNs).toHaveLength(14);
    expect(c.volumes.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 9);
    expect(c.volumes[0]!).toBeGreaterThan(c.volumes[6]!);
  });
});

describe('config', () => {
  const base = { strategies: ['twap'], sources: [{ kind: 'scenario' as const, name: 'calm' }], seeds: [1], side: 'buy' as const, quantity: 1, horizonSec: 10 };
  it('fills defaults and resolves aliases', () => {
    const c = normalizeConfig({ ...base, strategies: ['ac', 'IS', 'twap'] });
    expect(c.strategies).toEqual(['almgren-chriss', 'adaptive-shortfall', 'twap']);
    expect(c).toMatchObject({ baseline: 'twap', startSec: [30], params: { slices: 10, povRate: 0.1, urgency: 2 }, impact: true, bootstrapResamples: 2000 });
  });
  it.each([
    [{ strategies: ['twap', 'xyz'] }, /^strategies: unknown strategy "xyz"/],
    [{ strategies: ['twap', 'twap'] }, /^strategies: "twap" appears twice/],
    [{ baseline: 'vwap' }, /^baseline: "vwap" is not among the strategies/],
    [{ seeds: [1, 1] }, /^seeds: 1 appears twice/],
    [{ seeds: [-1] }, /^seeds: -1 must be an integer ≥ 0/],
    [{ quantity: 0 }, /^quantity: 0 must be a number > 0/],
    [{ horizonSec: -5 }, /^horizonSec: -5 must be in \(0, 604800\]/],
    [{ params: { povRate: 1.5 } }, /^povRate: 1.5 must be in \(0, 1\]/],
    [{ params: { slices: 0 } }, /^slices: 0 must be an integer in \[1, 1000\]/],
  ])('rejects %j naming the field and its limit', (patch, message) => {
    expect(() => normalizeConfig({ ...base, ...patch } as never)).toThrow(message);
  });
});

describe('data hash', () => {
  it('hashes the contents of the files the replay reads (the LOBSTER orderbook found beside the message file)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bt-hash-'));
    try {
      const msg = join(dir, 'X_2020-01-02_34200000_57600000_message_1.csv');
      const book = join(dir, 'X_2020-01-02_34200000_57600000_orderbook_1.csv');
      writeFileSync(msg, 'a');
      writeFileSync(book, 'b');
      expect(sourceFiles({ kind: 'data', files: [msg] })).toEqual([msg, book]);
      const h1 = dataHash([{ kind: 'data', files: [msg] }]).dataHash;
      expect(h1).toMatch(/^[0-9a-f]{64}$/);
      writeFileSync(book, 'c');
      expect(dataHash([{ kind: 'data', files: [msg] }]).dataHash).not.toBe(h1);
      expect(dataHash([{ kind: 'scenario', name: 'calm' }]).dataHash).toBe(dataHash([{ kind: 'scenario', name: 'calm' }]).dataHash);
      expect(dataHash([{ kind: 'scenario', name: 'calm' }]).dataHash).not.toBe(dataHash([{ kind: 'scenario', name: 'volatile' }]).dataHash);
      expect(() => dataHash([{ kind: 'data', files: [join(dir, 'missing.csv')] }])).toThrow(/cannot read .*missing\.csv: ENOENT/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a recorded day (LOBSTER sample)', () => {
  const job = (strategy: JobSpec['strategy']): JobSpec => ({
    index: 0, pathId: 'amzn', source: { kind: 'data', files: [SAMPLE] }, seed: 1, startSec: 60, scenarioDurationSec: 0, strategy,
    order: { side: -1, quantity: 500, horizonSec: 60 }, params: { slices: 6, povRate: 0.1, urgency: 2 }, impact: true,
  });
  it('runs on the same path as the run without orders, and strategies trade at real (impact-shifted) prices', () => {
    const without = runJobSync(job(null));
    const pov = runJobSync(job('pov'));
    const twap = runJobSync(job('twap'));
    expect(pov.prefixHash).toBe(without.prefixHash);
    expect(twap.prefixHash).toBe(without.prefixHash);
    expect(twap.filledUnits).toBe(500);
    expect(twap.refusals).toEqual([]);
    // POV's IOCs at the opposite best fill: the executor reads the venue's market view, whose
    // prices include our impact shift (the raw historical book would be off by the shift).
    expect(pov.fills.filter((f) => !f.passive).length).toBeGreaterThan(0);
    expect(pov.filledUnits).toBeGreaterThan(0.5 * 0.1 * pov.marketVolume);
    expect(without.marketVolume).toBeGreaterThan(0);
    expect(without.marketVwap!).toBeGreaterThan(200);
  });
});
