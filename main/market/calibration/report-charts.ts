// The layer lint bans UI packages from main/ so the engine never pulls in browser code. This file
// is the one exception, by design of the calibration report: ECharts' server-side SVG renderer
// runs headless in Node (no DOM), and only the CLI's report path loads this module.
import * as echarts from 'echarts';
import type { MetaorderImpactCurve } from './metaorder-impact.js';
import type { StylizedFacts } from './stylized-facts.js';

/**
 * The report's six plots as standalone SVG strings (ECharts server-side rendering: no DOM, no
 * animation, deterministic for the same facts). Each plot overlays the real facts and, when
 * given, the simulated ones; log axes drop non-positive points (they cannot be drawn).
 */

const W = 560;
const H = 340;
const REAL = '#1f5fa8';
const SIM = '#d9822b';

type Pt = [number, number];

/**
 * Renders one chart. ZRender prefixes the SVG's CSS classes and ids with a process-wide instance
 * counter (`zr7-cls-31`, `zr7-c2`); they are renamed after the plot and numbered by first use
 * (`zr-spread-cls-0`), so the same facts
 * give the same bytes and several plots inlined in one page never share an id.
 */
function render(id: string, option: Record<string, unknown>): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: W, height: H });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: 'sans-serif' }, ...option });
    const seen = new Map<string, string>();
    return chart.renderToSVGString().replace(/\bzr\d+-([a-z]+)-?(\d+)/g, (m, kind: string) => {
      let name = seen.get(m);
      if (name === undefined) {
        name = `zr-${id}-${kind}-${seen.size}`;
        seen.set(m, name);
      }
      return name;
    });
  } finally {
    chart.dispose();
  }
}

function pts(xs: readonly number[], ys: readonly (number | null)[], logX = false, logY = false): Pt[] {
  const out: Pt[] = [];
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const x = xs[i]!, y = ys[i];
    if (y === null || y === undefined || !Number.isFinite(y) || (logX && !(x > 0)) || (logY && !(y > 0))) continue;
    out.push([x, y]);
  }
  return out;
}

/** Tick labels without binary noise (0.0001, not 0.00009999999). */
function label(v: number): string {
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(0) : String(Number(v.toPrecision(6)));
}

function base(title: string, xName: string, yName: string, xType: 'value' | 'log' | 'category', yType: 'value' | 'log'): Record<string, unknown> {
  return {
    title: { text: title, left: 'center', top: 4, textStyle: { fontSize: 14 } },
    legend: { top: 26, textStyle: { fontSize: 11 } },
    grid: { left: 70, right: 24, top: 64, bottom: 44 },
    xAxis: { type: xType, name: xName, nameLocation: 'middle', nameGap: 26, scale: xType === 'value', axisLabel: { formatter: label } },
    yAxis: { type: yType, name: yName, nameLocation: 'middle', nameGap: 52, scale: yType === 'value', axisLabel: { formatter: label } },
  };
}

function line(name: string, data: Pt[], color: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, type: 'line', data, showSymbol: true, symbolSize: 4, lineStyle: { color, width: 1.5 }, itemStyle: { color }, ...extra };
}

/** Time-weighted spread histogram (share of time per spread in ticks). */
export function spreadChart(real: StylizedFacts, sim: StylizedFacts | null): string {
  const n = Math.max(real.spreadHistTicks.length, sim?.spreadHistTicks.length ?? 0);
  const cats = Array.from({ length: n }, (_, i) => (i === n - 1 ? `≥${i}` : String(i)));
  const series: Record<string, unknown>[] = [{ name: 'real', type: 'bar', data: pad(real.spreadHistTicks, n), itemStyle: { color: REAL } }];
  if (sim) series.push({ name: 'simulated', type: 'bar', data: pad(sim.spreadHistTicks, n), itemStyle: { color: SIM } });
  return render('spread', { ...base('Spread distribution (time-weighted)', 'spread, ticks', 'share of time', 'category', 'value'), xAxis: { type: 'category', data: cats, name: 'spread, ticks', nameLocation: 'middle', nameGap: 26 }, series });
}

function pad(xs: readonly number[], n: number): number[] {
  return Array.from({ length: n }, (_, i) => xs[i] ?? 0);
}

/** Densities of standardized 1 s and 1 min returns on a log y axis, with the N(0,1) density for reference. */
export function returnsChart(real: StylizedFacts, sim: StylizedFacts | null): string {
  const series: Record<string, unknown>[] = [
    line('real 1 s', pts(real.ret1sDensityX, real.ret1sDensity, false, true), REAL),
    line('real 1 min', pts(real.ret1mDensityX, real.ret1mDensity, false, true), REAL, { lineStyle: { color: REAL, type: 'dashed' } }),
  ];
  if (sim) {
    series.push(line('sim 1 s', pts(sim.ret1sDensityX, sim.ret1sDensity, false, true), SIM));
    series.push(line('sim 1 min', pts(sim.ret1mDensityX, sim.ret1mDensity, false, true), SIM, { lineStyle: { color: SIM, type: 'dashed' } }));
  }
  const gx = Array.from({ length: 81 }, (_, i) => -8 + i * 0.2);
  series.push(line('Gaussian', gx.map((x): Pt => [x, Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI)]).filter((p) => p[1] > 1e-6), '#888', { showSymbol: false, lineStyle: { color: '#888', type: 'dotted' } }));
  return render('returns', { ...base('Return distributions (standardized, log density)', 'return / std', 'density', 'value', 'log'), series });
}

/** Autocorrelation of |returns| against the lag (1 s and 1 min grids). */
export function absAcfChart(real: StylizedFacts, sim: StylizedFacts | null): string {
  const series: Record<string, unknown>[] = [
    line('real 1 s', pts(real.absAcfLags, real.absAcf1s), REAL),
    line('real 1 min', pts(real.absAcfLags, real.absAcf1m), REAL, { lineStyle: { color: REAL, type: 'dashed' } }),
  ];
  if (sim) {
    series.push(line('sim 1 s', pts(sim.absAcfLags, sim.absAcf1s), SIM));
    series.push(line('sim 1 min', pts(sim.absAcfLags, sim.absAcf1m), SIM, { lineStyle: { color: SIM, type: 'dashed' } }));
  }
  return render('abs-acf', { ...base('Volatility clustering: autocorrelation of |r|', 'lag (grid steps)', 'autocorrelation', 'value', 'value'), series });
}

/** Realized variance per second against the sampling interval (log x). */
export function signatureChart(real: StylizedFacts, sim: StylizedFacts | null): string {
  const series = [line('real', pts(real.signatureIntervalsSec, real.signatureVarPerSecBps2, true), REAL)];
  if (sim) series.push(line('simulated', pts(sim.signatureIntervalsSec, sim.signatureVarPerSecBps2, true), SIM));
  return render('signature', { ...base('Signature plot', 'sampling interval, s', 'RV per second, bps²', 'log', 'value'), series });
}

/** Share of volume per time bin. */
export function volumeChart(real: StylizedFacts, sim: StylizedFacts | null): string {
  // One point per bin start plus the last bin's end, so the step line covers every bin.
  const toPts = (f: StylizedFacts) => {
    const v = f.volumeCurveShare;
    const p = v.map((s, i): Pt => [(i * f.volumeCurveBinSec) / 3600, s]);
    if (v.length > 0) p.push([(v.length * f.volumeCurveBinSec) / 3600, v[v.length - 1]!]);
    return p;
  };
  const series = [line('real', toPts(real), REAL, { step: 'start' })];
  if (sim) series.push(line('simulated', toPts(sim), SIM, { step: 'start' }));
  return render('volume', { ...base('Intraday volume curve', 'hours from session start (bin start)', 'share of volume', 'value', 'value'), series });
}

/** Binned impact against participation on log-log axes, with each fitted power law. */
export function impactChart(real: StylizedFacts, sim: StylizedFacts | null): string {
  const series: Record<string, unknown>[] = [];
  const add = (f: StylizedFacts, who: string, color: string) => {
    // The method (metaorders or the trade-flow proxy) is in the table; legends stay one line.
    series.push({ name: who, type: 'scatter', data: pts(f.impactParticipation, f.impactBps, true, true), itemStyle: { color } });
    if (f.impactExponent !== null && f.impactPrefactorBps !== null && f.impactParticipation.length > 0) {
      const xs = f.impactParticipation.filter((x) => x > 0);
      const lo = Math.min(...xs), hi = Math.max(...xs);
      const fit = Array.from({ length: 20 }, (_, i): Pt => {
        const x = lo * (hi / lo) ** (i / 19);
        return [x, f.impactPrefactorBps! * x ** f.impactExponent!];
      });
      series.push(line(`${who} fit β ${f.impactExponent.toFixed(2)}`, fit, color, { showSymbol: false, lineStyle: { color, type: 'dashed' } }));
    }
  };
  add(real, 'real', REAL);
  if (sim) add(sim, 'sim', SIM);
  return render('impact', { ...base('Impact vs participation', 'participation', 'impact, bps', 'log', 'log'), series });
}

const PART_COLORS = ['#d9822b', '#7a3fa0', '#2a9d5c', '#c0392b', '#555'];

/**
 * The simulator's metaorder impact curve on log-log axes: impact at the order's end against its
 * size (share of daily volume), one series per participation, and the impact one execution time
 * later (hollow markers), with the pooled power-law fit and a √ reference through its middle,
 * and — given `realAt1pctBps` — the real day's square-root-law estimate (`sqrtLawImpactBps`:
 * realAt1pctBps × √(size / 1%)), so the magnitude gap is visible, not only the shape.
 * With no experiment the plot says so.
 */
export function metaorderChart(m: MetaorderImpactCurve | null, realAt1pctBps: number | null = null): string {
  const series: Record<string, unknown>[] = [];
  if (m) {
    const parts = [...new Set(m.points.map((p) => p.participation))];
    const last = m.afterFractions.length - 1;
    parts.forEach((q, i) => {
      const c = PART_COLORS[i % PART_COLORS.length]!;
      const pp = m.points.filter((p) => p.participation === q);
      series.push(line(`end, ${Math.round(q * 100)}% part.`, pts(pp.map((p) => p.size), pp.map((p) => p.impactEndBps), true, true), c));
      if (last >= 0) {
        series.push({
          name: `+${m.afterFractions[last]}T, ${Math.round(q * 100)}%`, type: 'scatter', symbol: 'emptyCircle', symbolSize: 7,
          data: pts(pp.map((p) => p.size), pp.map((p) => p.impactAfterBps[last]!), true, true), itemStyle: { color: c },
        });
      }
    });
    const xs = m.points.map((p) => p.size);
    if (m.exponent !== null && m.prefactorBps !== null && xs.length > 0) {
      const lo = Math.min(...xs), hi = Math.max(...xs);
      const fit = Array.from({ length: 20 }, (_, i): Pt => {
        const x = lo * (hi / lo) ** (i / 19);
        return [x, m.prefactorBps! * x ** m.exponent!];
      });
      series.push(line(`fit β ${m.exponent.toFixed(2)}`, fit, '#222', { showSymbol: false, lineStyle: { color: '#222', type: 'dashed' } }));
      const mid = Math.sqrt(lo * hi), ymid = m.prefactorBps * mid ** m.exponent;
      series.push(line('√ law', [[lo, ymid * Math.sqrt(lo / mid)], [hi, ymid * Math.sqrt(hi / mid)]], '#999', { showSymbol: false, lineStyle: { color: '#999', type: 'dotted' } }));
      if (realAt1pctBps !== null && realAt1pctBps > 0) {
        const r = (x: number): Pt => [x, realAt1pctBps * Math.sqrt(x / 0.01)];
        series.push(line('real day, √ law Y = 1', [r(lo), r(hi)], REAL, { showSymbol: false, lineStyle: { color: REAL, type: 'dashed' } }));
      }
    }
  }
  const title = m ? 'Metaorder impact vs size (simulator)' : 'Metaorder impact: not measured';
  return render('metaorder', { ...base(title, 'size, share of daily volume', 'impact, bps', 'log', 'log'), series });
}
