import { describe, expect, it } from 'vitest';
import type { ChartPalette } from '../charts/echarts-setup.js';
import { compareOption, diffPoints, learningCurveOption, validationBand, validationTooltip } from './curve-options.js';
import { emptyCurves } from './training-model.js';

const P: ChartPalette = { text: 't', muted: 'm', grid: 'g', axis: 'a', bg: 'b', panel: 'p', bid: 'bid', ask: 'ask', mid: 'mid', neutral: 'n', accent: 'acc', font: 'f', mono: 'mono' };
const v = (step: number, diffBps: number | null, lo: number | null, hi: number | null) => ({ step, agentIsBps: 2, twapIsBps: 3, diffBps, ciLowBps: lo, ciHighBps: hi, n: 16 });

type S = { name: string; data: unknown[]; xAxisIndex?: number; stack?: string };

describe('learning curve options', () => {
  it('draws the 95 % band as the lower edge plus the width, stacked; a validation without an interval leaves a gap', () => {
    const vals = [v(10, -1, -3, 1), v(20, 0.5, null, null), v(30, null, null, null)];
    expect(validationBand(vals)).toEqual({ lower: [[10, -3], [20, '-'], [30, '-']], width: [[10, 4], [20, '-'], [30, '-']] });
    expect(diffPoints(vals)).toEqual([[10, -1], [20, 0.5]]);
    expect(validationTooltip(vals[0]!)).toBe('agent − TWAP -1.00 bp (95 % interval [-3.00 bp, +1.00 bp])<br/>agent IS +2.00 bp · TWAP IS +3.00 bp · 16 episodes');
    expect(validationTooltip(vals[1]!)).toContain('no interval (fewer than 2 episodes)');
  });

  it('three linked panels with validations (return, agent − TWAP, steps/s), two without; units on the axes', () => {
    const c = { ...emptyCurves(), train: [[1, 1], [2, 3]] as Array<readonly [number, number]>, rate: [[1, 50]] as Array<readonly [number, number]>, validation: [v(2, -1, -2, 0)] };
    const o = learningCurveOption(P, c) as { grid: unknown[]; series: S[]; yAxis: Array<{ name: string }>; xAxis: Array<{ name?: string }> };
    expect(o.grid).toHaveLength(3);
    expect(o.yAxis.map((y) => y.name)).toEqual(['Return / episode', 'Agent − TWAP, bp', 'Steps/s']);
    expect(o.xAxis.map((x) => x.name)).toEqual([undefined, undefined, 'Env steps']);
    const band = o.series.filter((s) => s.stack === 'ci');
    expect(band.map((s) => s.data)).toEqual([[[2, -2]], [[2, 2]]]);
    expect(o.series.find((s) => s.name === 'Agent − TWAP')!.data).toEqual([[2, -1]]);
    expect(o.series.find((s) => s.name === 'Return (smoothed)')!.data).toHaveLength(2);
    const plain = learningCurveOption(P, emptyCurves()) as { grid: unknown[]; series: S[] };
    expect(plain.grid).toHaveLength(2);
    expect(plain.series.some((s) => s.name === 'Agent − TWAP')).toBe(false);
  });

  it('overlays runs: one colour and legend entry per run, a band per validated run', () => {
    const a = { label: 'run-a', curves: { ...emptyCurves(), train: [[1, 1]] as Array<readonly [number, number]>, validation: [v(1, -1, -2, 0)] } };
    const b = { label: 'run-b', curves: { ...emptyCurves(), train: [[1, 2]] as Array<readonly [number, number]> } };
    const o = compareOption(P, [a, b]) as { legend: { data: string[] }; series: S[]; grid: unknown[] };
    expect(o.legend.data).toEqual(['run-a', 'run-b']);
    expect(o.grid).toHaveLength(2);
    expect(o.series.filter((s) => s.name === 'run-a')).toHaveLength(4);
    expect(o.series.filter((s) => s.name === 'run-b')).toHaveLength(1);
    expect(o.series.filter((s) => s.stack === 'ci-0')).toHaveLength(2);
  });
});
