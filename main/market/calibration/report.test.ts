import { describe, expect, it } from 'vitest';
import { compareSeries, curveCorrelation, FACT_ROWS, impactAtSize } from './compare.js';
import { judge } from './fact-targets.js';
import { renderReport, REPORT_PLOTS } from './report.js';
import { syntheticSeries } from './synthetic-series.js';

const PROFILE = [3, 2, 1, 1, 1, 1, 2, 3];

describe('real vs simulated report', () => {
  const real = syntheticSeries({ seed: 1, durationSec: 4 * 3600, model: 'garch', noise: 5e-5, volumeProfile: PROFILE });
  const sim = syntheticSeries({ seed: 2, durationSec: 4 * 3600, volumeProfile: [1, 1, 1, 1, 1, 1, 1, 1] });
  const cmp = compareSeries(real, sim);

  it('tabulates every fact for both series, computed the same way', () => {
    expect(cmp.rows.map((r) => r.key)).toEqual([...FACT_ROWS.map((r) => r[0]), 'volumeCurveCorrelation', 'metaorderImpactExponent', 'metaorderImpactRetained', 'metaorderImpact1pctBps']);
    const row = (k: string) => cmp.rows.find((r) => r.key === k)!;
    expect(row('ret1sExcessKurtosis').real as number).toBeGreaterThan(row('ret1sExcessKurtosis').simulated as number);
    expect(row('signatureRatio').real as number).toBeGreaterThan(1.2);
    expect(row('volumeFirstBinShare').real as number).toBeGreaterThan(row('volumeFirstBinShare').simulated as number);
    expect(compareSeries(real, null).rows.every((r) => r.simulated === null)).toBe(true);
  });

  it('renders a self-contained HTML page with the table and every SVG plot, deterministically', () => {
    const html = renderReport({ title: 'Synthetic <check>', comparison: cmp, notes: ['a note'] });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<table id="facts-table">');
    expect(html.match(/<tr><th scope="row">/g)).toHaveLength(cmp.rows.length);
    expect(html.match(/<svg[\s>]/g)).toHaveLength(REPORT_PLOTS.length);
    const judged = cmp.rows.filter((r) => r.pass !== null);
    expect(html).toContain(`${judged.filter((r) => r.pass).length} of ${judged.length} judged facts pass`);
    expect(html.match(/<td class="(pass|fail)">/g)).toHaveLength(judged.length);
    for (const [id] of REPORT_PLOTS) expect(html).toContain(`data-plot="${id}"`);
    expect(html).toContain('Synthetic &lt;check&gt;');
    expect(html).not.toMatch(/<script|<link|src="http/);
    expect(renderReport({ title: 'Synthetic <check>', comparison: cmp, notes: ['a note'] })).toBe(html);
  });

  it('judges each fact against its tolerance, and only when both sides are there', () => {
    const row = (k: string) => cmp.rows.find((r) => r.key === k)!;
    const spread = row('spreadMeanTicks');
    expect(spread.name).toBe('spreadMeanTicks');
    expect(spread.tolerance).toBe('±10%');
    expect(spread.pass).toBe(Math.abs((spread.simulated as number) - (spread.real as number)) <= 0.1 * (spread.real as number));
    expect(row('ret1sStdBps').tolerance).toBeNull();
    expect(row('ret1sStdBps').pass).toBeNull();
    // The real series has a U-shaped curve, the simulated a flat one: not the same intraday profile.
    expect(row('volumeCurveCorrelation').pass).toBe(false);
    expect(row('metaorderImpactExponent').pass).toBeNull();
    expect(compareSeries(real, null).rows.every((r) => r.pass === null)).toBe(true);
    expect(judge({ kind: 'relative', tol: 0.1, text: '' }, 10, 11)).toBe(true);
    expect(judge({ kind: 'relative', tol: 0.1, text: '' }, 10, 11.2)).toBe(false);
    expect(judge({ kind: 'relative', tol: 0.1, text: '' }, -10, -9.5)).toBe(true);
    expect(judge({ kind: 'absolute', tol: 0.1, text: '' }, 0.14, 0.03)).toBe(false);
    expect(judge({ kind: 'range', lo: 0.4, hi: 0.6, text: '' }, null, 0.55)).toBe(true);
    expect(judge({ kind: 'range', lo: 0.4, hi: 0.6, text: '' }, null, 0.32)).toBe(false);
    expect(judge({ kind: 'atLeast', min: 0.9, text: '' }, null, null)).toBeNull();
    expect(judge({ kind: 'factor', f: 2, text: '' }, 10, 19.9)).toBe(true);
    expect(judge({ kind: 'factor', f: 2, text: '' }, 10, 5.1)).toBe(true);
    expect(judge({ kind: 'factor', f: 2, text: '' }, 10, 4.9)).toBe(false);
    expect(judge({ kind: 'factor', f: 2, text: '' }, 10, 21)).toBe(false);
    expect(curveCorrelation([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1, 12);
    expect(curveCorrelation([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    expect(curveCorrelation([1, 1, 1], [1, 2, 3])).toBeNull();
  });

  it('judges the impact magnitude against the square-root law on the real day (Y = 1)', () => {
    const row = cmp.rows.find((r) => r.key === 'metaorderImpact1pctBps')!;
    // σ over the session × √1%: the real side exists without any simulation.
    expect(row.real).toBeCloseTo(cmp.real.volPerSecBps! * Math.sqrt(cmp.real.sessionSec) * 0.1, 2);
    expect(row.simulated).toBeNull();
    const curve = { prefactorBps: 40, exponent: 0.5 } as Parameters<typeof impactAtSize>[0];
    expect(impactAtSize(curve, 0.01)).toBeCloseTo(4, 12);
    const m = compareSeries(real, sim, { ...curve, retainedAfter: [0.5] } as Parameters<typeof impactAtSize>[0]);
    const r2 = m.rows.find((r) => r.key === 'metaorderImpact1pctBps')!;
    expect(r2.simulated).toBe(4);
    expect(r2.tolerance).toBe('within ×2');
    expect(r2.pass).toBe(4 >= (r2.real as number) / 2 && 4 <= (r2.real as number) * 2);
  });

  it('still draws every plot with no simulation', () => {
    const html = renderReport({ title: 'real only', comparison: compareSeries(real, null) });
    expect(html.match(/<svg[\s>]/g)).toHaveLength(REPORT_PLOTS.length);
    expect(html).toContain('<td class="na">n/a</td>');
  });
});
