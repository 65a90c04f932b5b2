/**
 * The evaluation report as ONE self-contained HTML page (inline CSS and SVG; no script, font or
 * image from anywhere): the headline (pooled) statistics, a table by side, size and scenario,
 * the cost distribution of every strategy per cell, and where the agent loses (the cells whose
 * paired mean is above zero, and the paths with the largest losses against each baseline).
 * Input is structurally `EvaluationReport` (main/cli/evaluate-command.ts), kept as an interface
 * here so tca does not import the CLI.
 */
export interface EvaluationReportInput {
  readonly model: { readonly path: string; readonly version: string; readonly weightsSha256: string };
  readonly backend: string;
  readonly seeds: { readonly first: number; readonly last: number; readonly n: number };
  readonly horizonSec: number;
  readonly strategies: Record<string, { meanIsBps: number; medianIsBps: number; stdIsBps: number; ciLowBps: number; ciHighBps: number; n: number }>;
  readonly paired: Record<string, { n: number; meanDiffBps: number; medianDiffBps: number; ciLowBps: number; ciHighBps: number; pValue: number; probOutperformance: number; gainLossRatio: number | null }>;
  readonly cells: ReadonlyArray<{
    readonly side: string; readonly qty: number; readonly source: string; readonly paths: number; readonly pathNote: string | null;
    readonly strategies: EvaluationReportInput['strategies'];
    readonly paired: EvaluationReportInput['paired'];
    readonly perPath: ReadonlyArray<{ readonly pathId: string; readonly isBps: Record<string, number> }>;
  }>;
}

const COLORS = ['#d9480f', '#1971c2', '#2f9e44', '#9c36b5', '#e67700', '#0c8599', '#5c940d', '#c2255c'];

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function f(x: number | null | undefined, d = 2): string {
  return x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(d);
}

function verdict(p: { ciLowBps: number; ciHighBps: number }): string {
  if (p.ciHighBps < 0) return '<b class="win">agent cheaper</b>';
  if (p.ciLowBps > 0) return '<b class="lose">agent dearer</b>';
  return 'not distinguishable';
}

/** Overlaid histograms (outlines) of every strategy's IS in one cell, common bins, as inline SVG. */
function histogramSvg(perPath: EvaluationReportInput['cells'][number]['perPath'], names: readonly string[]): string {
  const all = perPath.flatMap((p) => names.map((n) => p.isBps[n]!)).filter(Number.isFinite);
  if (all.length === 0) return '<p>no paths</p>';
  const lo = Math.min(...all), hi = Math.max(...all);
  const bins = Math.max(5, Math.min(30, Math.ceil(Math.sqrt(perPath.length)) * 2));
  const w = 520, h = 160, pad = 28;
  const width = hi > lo ? (hi - lo) / bins : 1;
  const counts = names.map((n) => {
    const c = new Array<number>(bins).fill(0);
    for (const p of perPath) {
      const x = p.isBps[n]!;
      if (Number.isFinite(x)) c[Math.min(bins - 1, Math.floor((x - lo) / width))]!++;
    }
    return c;
  });
  const top = Math.max(1, ...counts.flat());
  const X = (i: number) => pad + (i / bins) * (w - 2 * pad);
  const Y = (c: number) => h - pad - (c / top) * (h - 2 * pad);
  const lines = counts.map((c, k) => {
    let d = `M${X(0)},${Y(0)}`;
    c.forEach((v, i) => (d += ` L${X(i)},${Y(v)} L${X(i + 1)},${Y(v)}`));
    d += ` L${X(bins)},${Y(0)}`;
    return `<path d="${d}" fill="none" stroke="${COLORS[k % COLORS.length]}" stroke-width="1.6"/>`;
  });
  const legend = names.map((n, k) => `<tspan fill="${COLORS[k % COLORS.length]}" dx="10">■ ${esc(n)}</tspan>`).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" role="img" aria-label="cost distributions">
<line x1="${pad}" y1="${h - pad}" x2="${w - pad}" y2="${h - pad}" stroke="#888"/>${lines.join('')}
<text x="${pad}" y="${h - 8}" font-size="11">${f(lo, 1)} bps</text><text x="${w - pad}" y="${h - 8}" font-size="11" text-anchor="end">${f(hi, 1)} bps</text>
<text x="${pad}" y="14" font-size="11">${legend}</text></svg>`;
}

/** The report page (see the module comment). Deterministic: same input ⇒ same bytes. */
export function evaluationHtml(r: EvaluationReportInput): string {
  const names = Object.keys(r.strategies);
  const baselines = Object.keys(r.paired);
  const head = names.map((n) => `<tr><td>${esc(n)}</td><td>${f(r.strategies[n]!.meanIsBps)}</td><td>${f(r.strategies[n]!.medianIsBps)}</td><td>${f(r.strategies[n]!.stdIsBps)}</td><td>[${f(r.strategies[n]!.ciLowBps)}, ${f(r.strategies[n]!.ciHighBps)}]</td><td>${r.strategies[n]!.n}</td></tr>`).join('\n');
  const paired = baselines.map((b) => {
    const p = r.paired[b]!;
    return `<tr><td>${esc(b)}</td><td>${f(p.meanDiffBps)}</td><td>${f(p.medianDiffBps)}</td><td>[${f(p.ciLowBps)}, ${f(p.ciHighBps)}]</td><td>${f(p.pValue, 4)}</td><td>${f(100 * p.probOutperformance, 1)} %</td><td>${f(p.gainLossRatio)}</td><td>${verdict(p)}</td></tr>`;
  }).join('\n');
  const cellRows = r.cells.map((c) => {
    const ps = baselines.map((b) => `<td>${f(c.paired[b]!.meanDiffBps)} [${f(c.paired[b]!.ciLowBps)}, ${f(c.paired[b]!.ciHighBps)}]</td>`).join('');
    return `<tr><td>${esc(c.source)}</td><td>${esc(c.side)}</td><td>${c.qty}</td><td>${c.paths}</td><td>${f(c.strategies.agent?.meanIsBps)}</td>${ps}</tr>`;
  }).join('\n');
  const losingCells = r.cells.flatMap((c) => baselines.filter((b) => c.paired[b]!.meanDiffBps > 0).map((b) => `<li>${esc(c.source)} ${esc(c.side)} ${c.qty}: agent − ${esc(b)} = ${f(c.paired[b]!.meanDiffBps)} bps [${f(c.paired[b]!.ciLowBps)}, ${f(c.paired[b]!.ciHighBps)}]</li>`));
  const worst = baselines.map((b) => {
    const rows = r.cells.flatMap((c) => c.perPath.map((p) => ({ cell: `${c.source} ${c.side} ${c.qty}`, pathId: p.pathId, d: p.isBps.agent! - p.isBps[b]! })))
      .filter((x) => x.d > 0).sort((a, z) => z.d - a.d).slice(0, 10);
    return `<h3>Largest losses against ${esc(b)}</h3>${rows.length === 0 ? '<p>none: the agent never cost more on any path.</p>' : `<table><tr><th>cell</th><th>path</th><th>agent − ${esc(b)} (bps)</th></tr>${rows.map((x) => `<tr><td>${esc(x.cell)}</td><td>${esc(x.pathId)}</td><td>${f(x.d)}</td></tr>`).join('')}</table>`}`;
  }).join('\n');
  const dists = r.cells.map((c) => `<h3>${esc(c.source)} — ${esc(c.side)} ${c.qty}</h3>${histogramSvg(c.perPath, names)}${c.pathNote ? `<p class="note">${esc(c.pathNote)}</p>` : ''}`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Slipstream evaluation — ${esc(r.model.path)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1100px}
table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}
td:first-child,th:first-child{text-align:left}.win{color:#2f9e44}.lose{color:#c92a2a}.note{color:#666;font-size:12px}
code{background:#f3f3f3;padding:1px 4px}
</style></head><body>
<h1>Agent evaluation</h1>
<p>Model <code>${esc(r.model.path)}</code> (${esc(r.model.version)}, weights SHA-256 <code>${esc(r.model.weightsSha256.slice(0, 16))}…</code>), inference ${esc(r.backend)}.
Seeds ${r.seeds.first}–${r.seeds.last} (${r.seeds.n}; none seen in training or validation), horizon ${r.horizonSec} s.
Implementation shortfall in bps of the arrival mid, positive = a cost; d = agent − baseline on the same path (negative = the agent is cheaper); 95 % percentile-bootstrap intervals; p = Wilcoxon signed-rank.</p>
<h2>All cells pooled</h2>
<table><tr><th>strategy</th><th>mean IS</th><th>median</th><th>std</th><th>95 % CI of mean</th><th>n</th></tr>
${head}</table>
<table><tr><th>agent vs</th><th>mean d</th><th>median d</th><th>95 % CI</th><th>p</th><th>P(outperform)</th><th>gain/loss</th><th>verdict</th></tr>
${paired}</table>
<h2>By scenario, side and size</h2>
<table><tr><th>scenario / day</th><th>side</th><th>qty</th><th>paths</th><th>agent mean IS</th>${baselines.map((b) => `<th>agent − ${esc(b)} [95 % CI]</th>`).join('')}</tr>
${cellRows}</table>
<h2>Where the agent loses</h2>
${losingCells.length === 0 ? '<p>No cell where the agent\'s mean cost is above a baseline\'s.</p>' : `<ul>${losingCells.join('')}</ul>`}
${worst}
<h2>Cost distributions</h2>
${dists}
</body></html>
`;
}
