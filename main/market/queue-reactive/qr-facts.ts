import type { StylizedFactsInput } from '../calibration/stylized-facts.js';
import { compareSeries, type FactRow } from '../calibration/compare.js';
import type { QrParams } from './qr-params.js';
import { QrSession } from './qr-session.js';

/**
 * Runs the queue-reactive market alone (no orders of ours) for `durationSec` (default: the fitted
 * session's length) and returns the series stylized facts need: the mid and spread at every
 * change of the touch prices, and every trade with its aggressor. Deterministic in (params, seed).
 */
export function simulateQrSeries(params: QrParams, seed: number, durationSec = params.sessionSec): StylizedFactsInput {
  const s = new QrSession(params, seed);
  const m = s.market;
  const tick = m.tickUnits;
  const ts: number[] = [], mid: number[] = [], spread: number[] = [];
  const tt: number[] = [], tq: number[] = [], tside: number[] = [];
  m.onTrade((t, _p, q, side) => {
    tt.push(t);
    tq.push(q);
    tside.push(side);
  });
  let lastB = NaN, lastA = NaN;
  const endNs = durationSec * 1e9;
  while (m.nextNs <= endNs) {
    m.fire();
    const b = m.best[0]!, a = m.best[1]!;
    if (b !== lastB || a !== lastA) {
      lastB = b;
      lastA = a;
      ts.push(m.nowNs);
      mid.push(((a + b) * tick) / 2);
      spread.push(a - b);
    }
  }
  return {
    midTsNs: Float64Array.from(ts), mid: Float64Array.from(mid), spreadTicks: Float64Array.from(spread),
    tradeTsNs: Float64Array.from(tt), tradeSize: Float64Array.from(tq), tradeSide: Float64Array.from(tside),
    sessionStartNs: 0, sessionEndNs: endNs,
  };
}

/**
 * One row of the three-way comparison: a stylized fact of the real day, the queue-reactive
 * training market fitted to it, and (when given) the agent-based market calibrated to it.
 * Invariant: the three values are the same `FACT_ROWS` statistic computed the same way.
 */
export interface QrFactRow {
  readonly key: string;
  readonly label: string;
  readonly unit: string;
  readonly real: number | string | null;
  readonly queueReactive: number | string | null;
  readonly agentBased: number | string | null;
}

/**
 * The rows the stylized-facts report can add for the training market: real vs queue-reactive
 * (vs agent-based), through the calibration's own `compareSeries` so every figure is computed
 * by the same code as the report's real-vs-simulated table.
 */
export function qrFactRows(real: StylizedFactsInput, queueReactive: StylizedFactsInput, agentBased: StylizedFactsInput | null = null): QrFactRow[] {
  const qr = compareSeries(real, queueReactive).rows;
  const abm: FactRow[] | null = agentBased === null ? null : compareSeries(real, agentBased).rows;
  return qr.map((r, i) => ({ key: r.key, label: r.label, unit: r.unit, real: r.real, queueReactive: r.simulated, agentBased: abm?.[i]?.simulated ?? null }));
}

const esc = (x: unknown): string => String(x).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const cell = (x: number | string | null): string => (x === null ? '—' : typeof x === 'number' ? esc(Number(x.toPrecision(4))) : esc(x));

/**
 * The three-way table as an HTML fragment (a `<table>` with a caption), for the stylized-facts
 * report to append as its own section: real day, queue-reactive training market, agent-based
 * market. Values are escaped; null shows as "—".
 */
export function qrFactsTableHtml(rows: readonly QrFactRow[], caption = 'Real day, queue-reactive training market and agent-based market'): string {
  const body = rows.map((r) => `<tr><td>${esc(r.label)}</td><td>${esc(r.unit)}</td><td>${cell(r.real)}</td><td>${cell(r.queueReactive)}</td><td>${cell(r.agentBased)}</td></tr>`).join('\n');
  return `<table class="facts qr-facts">\n<caption>${esc(caption)}</caption>\n<thead><tr><th>fact</th><th>unit</th><th>real</th><th>queue-reactive</th><th>agent-based</th></tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}
