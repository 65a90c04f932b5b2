import { isStale } from './tca-controller.js';
import { describe, expect, it } from 'vitest';
import { BacktestResultSchema, type BacktestResult } from '../../../main/contract/backtest.js';
import { DEFAULT_TCA_FORM, toggleStrategy, validateTca } from './tca-form.js';
import { boxStats, costRiskData, distributionData, headlineRows, inventoryData, outcomeRows, runCaption } from './tca-model.js';

const RESULT: BacktestResult = BacktestResultSchema.parse({
  runId: 'b1',
  status: 'completed',
  config: { strategies: ['twap', 'immediate'], baseline: 'twap', source: 'calm · 60 s', seeds: [1, 2, 3], side: 'buy', quantity: 2000, startSec: 30, horizonSec: 20, impact: true, slices: 10, urgency: 2 },
  dataHash: 'abcdef0123456789',
  paths: 3,
  elapsedMs: 900,
  pool: 'in-process',
  table: {
    columns: ['twap', 'immediate'],
    rows: [
      { metric: 'Implementation shortfall (bps)', cells: ['1.0 [0.5, 1.5]', '3.0 [2.0, 4.0]'], values: [1, 3], lo: [0.5, 2], hi: [1.5, 4] },
      { metric: 'Market impact (bps)', cells: ['-0.0 [-0.2, 0.2]', '0.5 [0.3, 0.7]'], values: [0.1, 0.5], lo: [0, 0.3], hi: [0.2, 0.7] },
      { metric: 'Timing risk (bps)', cells: ['0.5 [0.1, 0.9]', '1.0 [0.2, 1.8]'], values: [0.5, 1], lo: [0.1, 0.2], hi: [0.9, 1.8] },
      { metric: 'Adaptability (bps)', cells: ['0.0', '-0.4'], values: [0, -0.4], lo: [null, null], hi: [null, null] },
      { metric: 'IS vs twap (bps, p)', cells: ['baseline', '2.0 [1.0, 3.0] p=0.25'], values: [null, 2], lo: [null, 1], hi: [null, 3] },
    ],
  },
  stats: [
    { strategy: 'twap', n: 3, mean: 1, median: 1, std: 0.5, ci: { lo: 0.5, hi: 1.5 }, impactMean: 0.1, vsBaseline: null },
    { strategy: 'immediate', n: 3, mean: 3, median: 3, std: 1, ci: { lo: 2, hi: 4 }, impactMean: 0.5, vsBaseline: { meanDiff: 2, ci: { lo: 1, hi: 3 }, pValue: 0.25 } },
  ],
  outcomes: [1, 2, 3].flatMap((seed) => [
    { strategy: 'twap', seed, pathId: `calm@30s/seed${seed}`, isBps: seed * 0.5, impactBps: 0.1, filled: 2000, quantity: 2000 },
    { strategy: 'immediate', seed, pathId: `calm@30s/seed${seed}`, isBps: seed + 1, impactBps: null, filled: 1000, quantity: 2000 },
  ]),
  inventory: { tFrac: [0, 0.5, 1], series: [{ strategy: 'twap', remaining: [1, 0.5, 0] }, { strategy: 'immediate', remaining: [0, 0, 0] }] },
  frontier: { source: 'test', points: [{ urgency: 2, lambda: 1, expectedBps: 2, stdBps: 1 }, { urgency: 0, lambda: 0, expectedBps: 1, stdBps: 3 }] },
});

describe('TCA mappings', () => {
  it('maps the headline table to one grid row per metric with a cell per strategy', () => {
    const rows = headlineRows(RESULT);
    expect(rows.map((r) => r.id)).toEqual(['Implementation shortfall', 'Market impact', 'Timing risk', 'Adaptability', 'IS vs twap']);
    expect(rows[0]!.cells).toEqual({ twap: '1.0 [0.5, 1.5]', immediate: '3.0 [2.0, 4.0]' });
    expect(rows[0]!.tooltip).toContain('Positive = cost to us');
    expect(rows[4]!.values).toEqual({ twap: null, immediate: 2 });
    expect(rows[1]!.cells.twap).toBe('0.0 [-0.2, 0.2]');
  });

  it('computes box statistics and overlays every path', () => {
    expect(boxStats([])).toBeNull();
    expect(boxStats([3, 1, 2, 4, 5])).toEqual([1, 2, 3, 4, 5]);
    const d = distributionData(RESULT);
    expect(d.categories).toEqual(['TWAP', 'Immed.']);
    expect(d.labels).toEqual(['TWAP', 'Immediate']);
    expect(d.boxes[0]).toEqual([0.5, 0.75, 1, 1.25, 1.5]);
    expect(d.points).toHaveLength(6);
    expect(d.points[1]).toEqual([1, 2, 1]);
  });

  it('places strategies by (std, mean) and sorts the frontier by risk', () => {
    const c = costRiskData(RESULT);
    expect(c.strategies).toEqual([{ name: 'TWAP', std: 0.5, mean: 1 }, { name: 'Immediate', std: 1, mean: 3 }]);
    expect(c.frontier).toEqual([[1, 2], [3, 1]]);
  });

  it('turns inventory into % of horizon vs % remaining, with the linear schedule', () => {
    const inv = inventoryData(RESULT);
    expect(inv.series[0]).toEqual({ name: 'TWAP', data: [[0, 100], [50, 50], [100, 0]] });
    expect(inv.schedule).toEqual([[0, 100], [100, 0]]);
  });

  it('keys outcome rows by strategy and path', () => {
    const rows = outcomeRows(RESULT);
    expect(new Set(rows.map((r) => r.id)).size).toBe(6);
    expect(rows[1]).toMatchObject({ strategy: 'Immediate', fillPct: 50, impactBps: null });
    expect(runCaption(RESULT)).toBe('calm · 60 s · seeds 1–3 · buy 2,000 over 20 s from 30 s · baseline TWAP');
  });
});

describe('TCA form', () => {
  it('builds backtest.run arguments from the defaults', () => {
    const { errors, args } = validateTca(DEFAULT_TCA_FORM);
    expect(errors).toEqual({});
    expect(args).toEqual({
      strategies: ['twap', 'immediate'], source: { kind: 'scenario', name: 'calm', durationSec: 60 }, seeds: { from: 1, to: 10 }, side: 'buy', quantity: 2000, startSec: 30, horizonSec: 20, params: { slices: 10 },
    });
  });

  it('sends only the parameters of the chosen strategies, validated, and marks results stale when the setup changes', () => {
    const all = validateTca({ ...DEFAULT_TCA_FORM, strategies: ['pov', 'almgren-chriss', 'submit-and-leave'], povPct: '20', urgency: '4', limitOffsetBps: '-2.5', slices: '6' });
    expect(all.args?.params).toEqual({ slices: 6, povRate: 0.2, urgency: 4, limitOffsetBps: -2.5 });
    expect(validateTca({ ...DEFAULT_TCA_FORM, strategies: ['pov', 'immediate'], slices: 'x' }).args?.params).toEqual({ povRate: 0.1 });
    expect(validateTca({ ...DEFAULT_TCA_FORM, strategies: ['submit-and-leave', 'immediate'], limitOffsetBps: '' }).args?.params).toBeUndefined();
    expect(validateTca({ ...DEFAULT_TCA_FORM, urgency: '25', strategies: ['almgren-chriss', 'twap'] }).errors.urgency).toBe('Urgency κT 25 is outside 0 to 20.');
    const args = validateTca(DEFAULT_TCA_FORM).args!;
    const run = { args, result: RESULT, runNo: 1 };
    expect(isStale(run, args, 'completed')).toBe(false);
    expect(isStale(run, validateTca({ ...DEFAULT_TCA_FORM, quantity: '3,000' }).args, 'completed')).toBe(true);
    expect(isStale(run, null, 'completed')).toBe(true);
    expect(isStale(run, args, 'failed')).toBe(true);
    expect(isStale(null, args, 'failed')).toBe(false);
  });

  it('names the field and the limit', () => {
    expect(validateTca({ ...DEFAULT_TCA_FORM, strategies: ['twap'] }).errors.strategies).toBe('Strategies: choose at least 2 to compare (1 chosen).');
    expect(validateTca({ ...DEFAULT_TCA_FORM, seedFrom: '1', seedTo: '60' }).errors.seedTo).toBe('Seeds 1–60 are 60 paths; the limit is 50.');
    expect(validateTca({ ...DEFAULT_TCA_FORM, seedFrom: '5', seedTo: '3' }).errors.seedTo).toBe('Seeds to 3 is below seeds from 5.');
    expect(validateTca({ ...DEFAULT_TCA_FORM, horizonSec: '40' }).errors.horizonSec).toBe("Start + horizon 70 s (+0.1 s to measure) exceeds the scenario's duration 60 s.");
    expect(validateTca({ ...DEFAULT_TCA_FORM, quantity: '2,000,000,000' }).errors.quantity).toBe('Quantity 2,000,000,000 exceeds the maximum 1,000,000,000.');
    expect(validateTca({ ...DEFAULT_TCA_FORM, strategies: ['twap'] }).args).toBeNull();
  });

  it('toggles strategies in the contract order', () => {
    expect(toggleStrategy(['immediate'], 'twap')).toEqual(['twap', 'immediate']);
    expect(toggleStrategy(['twap', 'immediate'], 'twap')).toEqual(['immediate']);
  });
});
