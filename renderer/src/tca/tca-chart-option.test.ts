import { describe, expect, it } from 'vitest';
import type { ChartPalette } from '../charts/echarts-setup.js';
import { costRiskOption, distributionOption, inventoryOption } from './tca-chart-option.js';
import { splitHeadlineCell } from './tca-model.js';

const P = { text: '#fff', muted: '#aaa', grid: '#333', axis: '#555', bg: '#000', panel: '#111', bid: '#0f0', ask: '#f00', mid: '#ccc', neutral: '#888', accent: '#a0f', font: 'sans', mono: 'mono' } as ChartPalette;
const names = ['TWAP', 'VWAP', 'POV', 'AC', 'Adaptive', 'Immed.', 'S&L'];

describe('TCA chart options stay readable in a narrow panel', () => {
  it('labels every strategy on the distribution axis (short names, none skipped) and names them in full in the tooltip', () => {
    const o = distributionOption(P, { categories: names, labels: names.map((n) => `${n}!`), boxes: names.map(() => [0, 1, 2, 3, 4]), points: [[0, 1, 1]] }) as { xAxis: { data: string[]; axisLabel: { interval: number; hideOverlap: boolean } } };
    expect(o.xAxis.data).toEqual(names);
    expect(o.xAxis.axisLabel.interval).toBe(0);
    expect(o.xAxis.axisLabel.hideOverlap).toBe(false);
  });

  it('never pages a legend: cost vs risk names its points, inventory lists every line', () => {
    const cr = costRiskOption(P, { strategies: names.map((name, i) => ({ name, short: name, std: i, mean: i })), frontier: [[0, 1]] }) as { legend: { type?: string; data: string[] } };
    expect(cr.legend.type).not.toBe('scroll');
    expect(cr.legend.data).toEqual(['AC frontier']);
    const inv = inventoryOption(P, { series: names.map((name) => ({ name, data: [[0, 100], [100, 0]] })), schedule: [[0, 100], [100, 0]] }) as { legend: { type?: string; orient: string } };
    expect(inv.legend.type).not.toBe('scroll');
    expect(inv.legend.orient).toBe('vertical');
  });

  it('splits a headline cell into value, interval and p', () => {
    expect(splitHeadlineCell('0.5 [-0.5, 1.4] p=0.322')).toEqual({ main: '0.5', ci: '[-0.5, 1.4]', p: 'p=0.322' });
    expect(splitHeadlineCell('1.9 [1.1, 2.2]')).toEqual({ main: '1.9', ci: '[1.1, 2.2]', p: '' });
    expect(splitHeadlineCell('baseline')).toEqual({ main: 'baseline', ci: '', p: '' });
  });
});
