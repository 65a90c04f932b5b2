import type { CalibrationResult } from './calibration-result.js';
import { sqrtLawImpactBps, type FactsComparison } from './compare.js';
import { absAcfChart, impactChart, metaorderChart, returnsChart, signatureChart, spreadChart, volumeChart } from './report-charts.js';

/** What the HTML report shows. `calibration` adds the fitted parameters and the source's notes. */
export interface ReportInput {
  title: string;
  comparison: FactsComparison;
  calibration?: CalibrationResult;
  /** Extra lines shown under the title (e.g. why there is no simulated column). */
  notes?: readonly string[];
}

/** The plots in report order, as [id, caption]. */
export const REPORT_PLOTS = [
  ['spread', 'Spread histogram'],
  ['returns', 'Return distributions at 1 s and 1 min'],
  ['abs-acf', 'Autocorrelation of |returns|'],
  ['signature', 'Signature plot'],
  ['volume', 'Intraday volume curve'],
  ['impact', 'Impact vs participation'],
  ['metaorder', 'Metaorder impact curve of the simulator (end of order, and one execution time later)'],
] as const;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function cell(v: number | string | null): string {
  if (v === null) return '<td class="na">n/a</td>';
  if (typeof v === 'string') return `<td>${esc(v)}</td>`;
  const a = Math.abs(v);
  const s = a !== 0 && (a < 1e-3 || a >= 1e6) ? v.toExponential(3) : String(Number(v.toPrecision(5)));
  return `<td class="num">${s}</td>`;
}

function verdict(pass: boolean | null): string {
  return pass === null ? '<td class="na">–</td>' : pass ? '<td class="pass">pass</td>' : '<td class="fail">fail</td>';
}

/**
 * A self-contained HTML report (no scripts, no external resources: inline CSS and inline SVG):
 * the real-vs-simulated table (`id="facts-table"`, one row per `factsTable` row, with its tolerance and pass / fail), the plots
 * (`figure` elements with `data-plot` = the `REPORT_PLOTS` id), and, when given, the calibration's
 * notes and fitted parameters. Deterministic: the same input gives the same bytes.
 */
export function renderReport(input: ReportInput): string {
  const { comparison: c, calibration: cal } = input;
  const sim = c.simulated;
  const rows = c.rows.map((r) => `<tr><th scope="row">${esc(r.label)}</th><td class="unit">${esc(r.unit)}</td>${cell(r.real)}${cell(r.simulated)}${cell(r.tolerance)}${verdict(r.pass)}</tr>`).join('\n');
  const judged = c.rows.filter((r) => r.pass !== null);
  const passed = judged.filter((r) => r.pass).length;
  const svgs: Record<(typeof REPORT_PLOTS)[number][0], string> = {
    spread: spreadChart(c.real, sim),
    returns: returnsChart(c.real, sim),
    'abs-acf': absAcfChart(c.real, sim),
    signature: signatureChart(c.real, sim),
    volume: volumeChart(c.real, sim),
    impact: impactChart(c.real, sim),
    metaorder: metaorderChart(c.metaorder, sqrtLawImpactBps(c.real, 0.01)),
  };
  const figures = REPORT_PLOTS.map(([id, caption]) => `<figure data-plot="${id}">${svgs[id]}<figcaption>${esc(caption)}</figcaption></figure>`).join('\n');
  const notes = [...(input.notes ?? []), ...(cal?.notes ?? [])];
  const src = cal
    ? `<p class="src">${esc(cal.instrument.symbol)} · ${esc(cal.source.format)} ${esc(cal.source.variant)} · ${esc(cal.session.startIso)} → ${esc(cal.session.endIso)} · ${cal.source.events.toLocaleString('en-US')} events · tick ${cal.instrument.tickSizeUnits} price units</p>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(input.title)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:24px;color:#222;max-width:1200px}
h1{font-size:20px}h2{font-size:16px;margin-top:28px}
table{border-collapse:collapse;font-size:13px}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}td.na{color:#999;text-align:center}td.pass{color:#1a7f37;font-weight:600}td.fail{color:#c0392b;font-weight:600}td.unit{color:#666}
thead th{background:#f3f3f3}.grid{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0;border:1px solid #ddd;padding:4px}
figcaption{font-size:12px;color:#555;text-align:center}ul.notes{font-size:13px;color:#444}pre{font-size:12px;background:#f7f7f7;padding:8px;overflow:auto}
.src{color:#555;font-size:13px}
</style></head><body>
<h1>${esc(input.title)}</h1>
${src}
${notes.length > 0 ? `<ul class="notes">${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : ''}
<h2>Stylized facts: real vs simulated</h2>
<p class="src" id="facts-summary">${judged.length > 0 ? `${passed} of ${judged.length} judged facts pass` : 'no fact could be judged (no simulation)'}</p>
<table id="facts-table"><thead><tr><th>fact</th><th>unit</th><th>real</th><th>simulated</th><th>tolerance</th><th>pass</th></tr></thead><tbody>
${rows}
</tbody></table>
<h2>Plots</h2>
<div class="grid">
${figures}
</div>
${cal ? `<h2>Fitted parameters</h2><details><summary>calibration result (JSON)</summary><pre>${esc(JSON.stringify(cal, null, 1))}</pre></details>` : ''}
</body></html>
`;
}
