import { describe, expect, it } from 'vitest';
import { compareSeries, FACT_ROWS } from './compare.js';
import { renderReport, REPORT_PLOTS } from './report.js';
import { syntheticSeries } from './synthetic-series.js';

const PROFILE = [3, 2, 1, 1, 1, 1, 2, 3];

describe('real vs simulated report', () => {
  const real = syntheticSeries({ seed: 1, durationSec: 4 * 3600, model: 'garch', noise: 5e-5, volumeProfile: PROFILE });
  const sim = syntheticSeries({ seed: 2, durationSec: 4 * 3600, volumeProfile: [1, 1, 1, 1, 1, 1, 1, 1] });
  const cmp = compareSeries(real, sim);

  it('tabulates every fact for both series, computed the same way', () => {
    expect(cmp.rows.map((r) => r.key)).toEqual(FACT_ROWS.map((r) => r[0]));
    const row = (k: string) => cmp.rows.find((r) => r.key === k)!;
    expect(row('ret1sExcessKurtosis').real as number).toBeGreaterThan(row('ret1sExcessKurtosis').simulated as number);
    expect(row('signatureRatio').real as number).toBeGreaterThan(1.2);
    expect(row('volumeFirstBinShare').real as number).toBeGreaterThan(row('volumeFirstBinShare').simulated as number);
    expect(compareSeries(real, null).rows.every((r) => r.simulated === null)).toBe(true);
  });

  it('renders a self-contained HTML page with the table and 6 SVG plots, deterministically', () => {
    const html = renderReport({ title: 'Synthetic <check>', comparison: cmp, notes: ['a note'] });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<table id="facts-table">');
    expect(html.match(/<tr><th scope="row">/g)).toHaveLength(FACT_ROWS.length);
    expect(html.match(/<svg[\s>]/g)).toHaveLength(6);
    for (const [id] of REPORT_PLOTS) expect(html).toContain(`data-plot="${id}"`);
    expect(html).toContain('Synthetic &lt;check&gt;');
    expect(html).not.toMatch(/<script|<link|src="http/);
    expect(renderReport({ title: 'Synthetic <check>', comparison: cmp, notes: ['a note'] })).toBe(html);
  });

  it('still draws all six plots with no simulation', () => {
    const html = renderReport({ title: 'real only', comparison: compareSeries(real, null) });
    expect(html.match(/<svg[\s>]/g)).toHaveLength(6);
    expect(html).toContain('<td class="na">n/a</td>');
  });
});
