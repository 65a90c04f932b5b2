import { describe, expect, it } from 'vitest';
import { clockOf, metricRows, readSignalsForm, type SignalsForm } from './signals-model.js';
import { signalsChartOption } from './signals-chart-option.js';

const form: SignalsForm = { source: 'sample:AMZN', files: '', model: 'gbdt', horizon: '50', folds: '4', seed: '1', feature: 'ofiZ' };

describe('readSignalsForm', () => {
  it('turns a valid form into signals.train arguments', () => {
    const { args, errors } = readSignalsForm(form);
    expect(errors).toEqual({});
    expect(args).toMatchObject({ source: { kind: 'sample', id: 'AMZN' }, model: 'gbdt', horizon: 50, folds: 4, seed: 1 });
  });
  it('names the field and the limit', () => {
    expect(readSignalsForm({ ...form, horizon: '0' }).errors.horizon).toBe('Horizon: 0 is outside 1…100,000');
    expect(readSignalsForm({ ...form, folds: 'x' }).errors.folds).toMatch(/^Folds: a whole number from 1 to 10/);
    expect(readSignalsForm({ ...form, source: 'files', files: ' ' }).errors.source).toMatch(/^Data:/);
    expect(readSignalsForm({ ...form, horizon: '0' }).args).toBeNull();
  });
  it('splits a day’s files on +', () => {
    expect(readSignalsForm({ ...form, source: 'files', files: '/d/a.csv + /d/b.csv' }).args?.source).toEqual({ kind: 'files', files: ['/d/a.csv', '/d/b.csv'] });
  });
});

describe('metricRows and clockOf', () => {
  it('puts the naive baseline beside the model (AUC 0.5 and IC 0 for a constant prediction)', () => {
    const rows = metricRows({ accuracy: 0.55, macroF1: 0.37, auc: 0.56, ic: 0.2, n: 100, naive: { accuracy: 0.5, macroF1: 0.33 } });
    expect(rows.map((r) => [r.key, r.model, r.naive])).toEqual([['accuracy', 0.55, 0.5], ['macroF1', 0.37, 0.33], ['auc', 0.56, 0.5], ['ic', 0.2, 0]]);
  });
  it('formats exchange-clock times with milliseconds', () => {
    expect(clockOf(34_200e9 + 1_234e6, true)).toBe('09:30:01.234');
    expect(clockOf(57_599e9)).toBe('15:59:59');
  });
});

describe('signalsChartOption', () => {
  const p = { text: '#fff', muted: '#888', grid: '#222', axis: '#333', bg: '#000', panel: '#111', bid: '#0aa', ask: '#f60', mid: '#999', neutral: '#777', accent: '#a7f', font: 'sans', mono: 'mono' };
  const s = { tNs: [1e9, 2e9, 3e9], mid: [220.1, 220.2, 220.15], score: [0.1, -0.2, 0.3], y: [1, -1, 0], features: { ofiZ: [0.5, -1, 2], imbalance1: [0, 0.1, 0.2] } };
  it('draws the mid and score over the chosen feature, zoom synced over both time axes, LTTB sampled', () => {
    const o = signalsChartOption(p, s, 'ofiZ') as any;
    expect(o.series.map((x: any) => [x.xAxisIndex, x.yAxisIndex, x.sampling])).toEqual([[0, 0, 'lttb'], [0, 1, 'lttb'], [1, 2, 'lttb']]);
    expect(o.series[2].data).toEqual([[1e9, 0.5], [2e9, -1], [3e9, 2]]);
    expect(o.series[1].data[1]).toEqual([2e9, -0.2]);
    for (const z of o.dataZoom) expect(z.xAxisIndex).toEqual([0, 1]);
    expect(o.yAxis.map((a: any) => a.name)).toEqual(['Mid ($)', 'P(up) − P(down)', 'z-score']);
    expect(o.axisPointer.link).toEqual([{ xAxisIndex: 'all' }]);
    expect(o.tooltip.formatter([{ seriesName: 'Mid', value: [34_200e9, 220.125], marker: '' }])).toBe('09:30:00.000<br/>Mid: <b>$220.1250</b>');
  });
});

describe('readSignalsForm with the files open in the Market screen', () => {
  it('trains on them, or says none are open', () => {
    const open: SignalsForm = { ...form, source: 'open' };
    expect(readSignalsForm(open, ['/d/x_message_10.csv']).args?.source).toEqual({ kind: 'files', files: ['/d/x_message_10.csv'] });
    expect(readSignalsForm(open).errors.source).toMatch(/^Data: no files are open in the Market screen/);
    expect(readSignalsForm(open, []).args).toBeNull();
  });
});
