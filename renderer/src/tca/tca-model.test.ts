import { isStale } from './tca-controller.js';
import { describe, expect, it } from 'vitest';
import { BacktestResultSchema, type BacktestResult } from '../../../main/contract/backtest.js';
import { DEFAULT_TCA_FORM, toggleStrategy, validateTca } from './tca-form.js';
import { boxStats, costRiskData, distributionData, headlineRows, inventoryData, outcomeRows, runCaption, runNotes, shortPathId } from './tca-model.js';

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
    expect(rows.map((r) => r.id)).toEqual(['Implementation shortfall', 'Market impact', 'Timing risk', 'Adaptability', 'IS vs twap', 'Filled']);
    expect(rows[0]!.cells).toEqual({ twap: '1.0 [0.5, 1.5]', immediate: '3.0 [2.0, 4.0]' });
    expect(rows[0]!.tooltip).toContain('Positive = cost to us');
    expect(rows[4]!.values).toEqual({ twap: null, immediate: 2 });
    expect(rows[1]!.cells.twap).toBe('0.0 [-0.2, 0.2]');
  });

  it('adds a Filled (%) row as the CLI writes it: mean fill over every path, and how many parents were partial', () => {
    const filled = headlineRows(RESULT).at(-1)!;
    expect(filled.metric).toBe('Filled (%)');
    expect(filled.cells).toEqual({ twap: '100.0', immediate: '50.0 (3 partial)' });
    expect(filled.values).toEqual({ twap: 1, immediate: 0.5 });
    expect(filled.tooltip).toContain('opportunity cost');
    // The engine's fillRate / partiallyFilled are used where given (a 1,999.5 of 2,000 fill is partial).
    const r = { ...RESULT, outcomes: RESULT.outcomes.map((o) => (o.strategy === 'twap' ? { ...o, filled: 1999.5, fillRate: 0.99975, partiallyFilled: true } : o)) };
    expect(headlineRows(r).at(-1)!.cells.twap).toBe('100.0 (3 partial)');
  });

  it('notes copies of a path (no paired test), VWAP = TWAP, and partially filled parents', () => {
    expect(runNotes({ ...RESULT, outcomes: RESULT.outcomes.map((o) => ({ ...o, filled: 2000 })) })).toEqual([]);
    const note = '3 paths but only 1 distinct: 2 are copies of another path (same market, same costs for every strategy), so they are left out of the statistics; no paired test is possible with fewer than 2 distinct paths (use several --start times, days, or drawn starts)';
    const r: BacktestResult = {
      ...RESULT,
      pathCheck: { paths: 3, distinct: 1, duplicates: [{ pathId: 'calm@30s/seed2', sameAs: 'calm@30s/seed1' }, { pathId: 'calm@30s/seed3', sameAs: 'calm@30s/seed1' }], note },
      vwapSchedule: "vwap's schedule coincides with twap's on 3 of 3 paths (every slice target within 0.5 % of the parent; largest gap on any path 0.08 %): the volume curve is flat over the horizon there",
    };
    const notes = runNotes(r);
    expect(notes.map((n) => n.kind)).toEqual(['paths', 'vwap', 'partial']);
    expect(notes[0]!.text).toBe('only 1 of 3 paths distinct: 2 copies left out of the statistics; no paired test (it needs 2 distinct paths): draw starts by seed or use other days');
    expect(notes[0]!.detail).toContain('no paired test is possible with fewer than 2 distinct paths (use several fixed start times, days, or drawn starts)');
    expect(notes[1]!.text).toBe("VWAP's schedule was TWAP's on 3 of 3 paths (flat volume curve over the horizon): any cost difference between them is noise");
    expect(notes[1]!.detail).toMatch(/^VWAP's schedule coincides with TWAP's on 3 of 3 paths \(every slice target within 0\.5 %/);
    expect(notes[2]!.text).toBe('Immediate 3 of 3 (mean fill 50.0 %); unfilled rest counted in IS as opportunity cost');
    expect(notes[2]!.detail).toBe('Partially filled parents — Immediate 3 of 3 (mean fill 50.0 %); the unfilled rest is counted in IS as opportunity cost, marked at the mid 100 ms after the horizon against arrival.');
    const rows = outcomeRows(r);
    expect(rows.filter((x) => x.copyOf === 'calm@30s/seed1').map((x) => x.seed)).toEqual([2, 2, 3, 3]);
    expect(rows.find((x) => x.seed === 1)!.copyOf).toBeNull();
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
    expect(c.strategies).toEqual([{ name: 'TWAP', short: 'TWAP', std: 0.5, mean: 1 }, { name: 'Immediate', short: 'Immed.', std: 1, mean: 3 }]);
    expect(c.frontier).toEqual([[1, 2], [3, 1]]);
  });

  it('turns inventory into % of horizon vs % remaining, with the linear schedule', () => {
    const inv = inventoryData(RESULT);
    expect(inv.series[0]).toEqual({ name: 'TWAP', data: [[0, 100], [50, 50], [100, 0]] });
    expect(inv.schedule).toEqual([[0, 100], [100, 0]]);
  });

  it('shortens a long path id but keeps what tells paths apart', () => {
    expect(shortPathId('calm@30s/seed1')).toBe('calm@30s/seed1');
    expect(shortPathId('AMZN_2012-06-21_34200000_57600000_message_1.csv@drawn/seed12')).toBe('AMZN_2012-…@drawn/seed12');
    expect(shortPathId('a-very-long-label-without-at')).toBe('a-very-long-label-without-at');
  });

  it('keys outcome rows by strategy and path', () => {
    const rows = outcomeRows(RESULT);
    expect(new Set(rows.map((r) => r.id)).size).toBe(6);
    expect(rows[1]).toMatchObject({ strategy: 'Immediate', fillPct: 50, impactBps: null, partial: true, startSec: null });
    expect(rows[0]).toMatchObject({ strategy: 'TWAP', fillPct: 100, partial: false });
    expect(runCaption(RESULT)).toBe('calm · 60 s · seeds 1–3 · buy 2,000 over 20 s from 30 s · baseline TWAP');
    expect(runCaption({ ...RESULT, config: { ...RESULT.config, source: 'AMZN', startDrawn: true } })).toBe('AMZN · seeds 1–3 · buy 2,000 over 20 s from drawn starts · baseline TWAP');
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

  it('on a real day, starts are drawn by seed by default (no start sent), or fixed at the typed start', () => {
    const day = { ...DEFAULT_TCA_FORM, sourceKind: 'sample' as const, sampleId: 'AMZN', startSec: 'x' };
    const drawn = validateTca(day);
    expect(drawn.errors).toEqual({});
    expect(drawn.args).toMatchObject({ source: { kind: 'sample', id: 'AMZN' }, startDrawn: true, startSec: 0 });
    expect(validateTca({ ...day, startMode: 'fixed' }).errors.startSec).toBeDefined();
    const fixed = validateTca({ ...day, startMode: 'fixed', startSec: '600' }).args!;
    expect(fixed.startSec).toBe(600);
    expect('startDrawn' in fixed).toBe(false);
    // Scenarios always start at the typed start (their seed makes the path).
    expect('startDrawn' in validateTca({ ...DEFAULT_TCA_FORM, startMode: 'drawn' }).args!).toBe(false);
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
