/**
 * Risk models' fit and forecast times (#12 items 3-5, 10): on the AMZN LOBSTER day sampled every
 * second (mid returns, 23,398 of them) and on a month of 1-minute euro FX futures bars (6EH4,
 * ~30,000 returns):
 *   - `load`: reading the day into its return series (replaying the book for LOBSTER);
 *   - `fit.{ewma,ewmaFitLambda,garch,har}`: fitting each volatility model to all the returns;
 *   - `forecast.{ewma,garch,har}`: one forecast per 60-return block over the whole series
 *     (the evaluation's work), and `forecastPerBlockUs` per forecast;
 *   - `evaluate`: all three fitted on 70 % and scored (QLIKE, MSE, DM) on the rest;
 *   - `regimes.{kmeans,gmm}`: one fit on every 1-minute (or 1-hour) window, and `online`: the
 *     online tracker over all windows (first fit, assignments, refits every 30 windows);
 *   - `anomalies`: robust z on every feature plus the isolation forest, samples per second.
 * Each time is the median of `reps` runs in ms (wall), with CPU ms beside it (read that on a shared
 * machine). Results are checked so a fast wrong model cannot pass: GARCH must satisfy its
 * constraints with α > 0, every forecast must be finite and positive, regimes must cover every
 * window, and the simulated-GARCH fit must land within 3 SE of the truth.
 */
import { join } from 'node:path';
import { detectAnomalies } from '../main/risk/anomalies/detect.js';
import { featureWindows } from '../main/risk/regimes/features.js';
import { fitRegimes, OnlineRegimes } from '../main/risk/regimes/online.js';
import { loadDaySeries, type DaySeries } from '../main/risk/returns.js';
import { evaluateVolModels } from '../main/risk/vol/evaluate.js';
import { fitEwma } from '../main/risk/vol/ewma.js';
import { fitGarch } from '../main/risk/vol/garch.js';
import { fitHar } from '../main/risk/vol/har.js';
import { simulateGarch } from '../main/risk/vol/simulate-garch.js';
import type { FittedVolModel } from '../main/risk/vol/vol-model.js';
import { sharedDataDir } from './shared-data.js';

interface Timing { ms: number; cpuMs: number }

function cpuMs(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

function time<T>(reps: number, f: () => T): { t: Timing; value: T } {
  const ms: number[] = [];
  const cpu: number[] = [];
  let value!: T;
  for (let i = 0; i < reps; i++) {
    const c0 = cpuMs();
    const t0 = performance.now();
    value = f();
    ms.push(performance.now() - t0);
    cpu.push(cpuMs() - c0);
  }
  const med = (x: number[]): number => x.sort((a, b) => a - b)[x.length >> 1]!;
  return { t: { ms: round(med(ms)), cpuMs: round(med(cpu)) }, value };
}

const round = (x: number): number => Math.round(x * 100) / 100;

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`risk-models bench: ${what}`);
}

function benchDay(d: DaySeries, loadMs: Timing, reps: number, window: number) {
  const r = d.r;
  const fits: Record<string, Timing> = {};
  const models: Record<string, FittedVolModel> = {};
  for (const [name, f] of [
    ['ewma', () => fitEwma(r)],
    ['ewmaFitLambda', () => fitEwma(r, { lambda: 'fit' })],
    ['garch', () => fitGarch(r)],
    ['har', () => fitHar(r, { block: 60 })],
  ] as const) {
    const { t, value } = time(reps, f);
    fits[name] = t;
    models[name] = value;
  }
  const g = models.garch!.params;
  check(g.omega! > 0 && g.alpha! > 0 && g.beta! >= 0 && g.alpha! + g.beta! < 1, `GARCH out of its constraints on ${d.label}`);
  const forecasts: Record<string, Timing & { blocks: number; forecastPerBlockUs: number }> = {};
  for (const name of ['ewma', 'garch', 'har'] as const) {
    const from = name === 'har' ? 22 : 0;
    const { t, value } = time(reps, () => models[name]!.blockForecasts(r, 60, from));
    check(value.length > 0 && value.every((v) => v > 0 && Number.isFinite(v)), `${name} forecasts not all positive on ${d.label}`);
    forecasts[name] = { ...t, blocks: value.length, forecastPerBlockUs: round((t.ms * 1000) / value.length) };
  }
  const evaluate = time(1, () => evaluateVolModels(r, { block: 60 }));
  const fw = featureWindows([d], window);
  const km = time(reps, () => fitRegimes(fw.raw, fw.names, { method: 'kmeans', seed: 1 }));
  const gm = time(reps, () => fitRegimes(fw.raw, fw.names, { method: 'gmm', seed: 1 }));
  const online = time(1, () => {
    const tr = new OnlineRegimes(fw.names, { seed: 1 });
    let n = 0;
    for (const row of fw.raw) {
      if (tr.push(row, (w) => (n += w.length))) n++;
    }
    return n;
  });
  check(online.value === fw.raw.length, 'online regimes did not label every window');
  const anomalies = time(1, () => detectAnomalies([d], { window: 600 }));
  return {
    data: d.label,
    returns: r.length,
    sampleSec: d.sampleSec,
    load: loadMs,
    fit: fits,
    garch: { omega: g.omega, alpha: g.alpha, beta: g.beta, logLikelihood: models.garch!.logLikelihood },
    forecast: forecasts,
    evaluate: { ...evaluate.t, scores: evaluate.value.scores },
    regimes: { windows: fw.raw.length, kmeans: km.t, gmm: gm.t, online: online.t },
    anomalies: { ...anomalies.t, alerts: anomalies.value.alerts.length, samplesPerSec: Math.round(r.length / (anomalies.t.ms / 1000)) },
  };
}

export async function runRiskModelsBench(opts: { reps?: number } = {}): Promise<unknown> {
  const reps = opts.reps ?? 3;
  const dir = sharedDataDir();
  const amznPath = join(dir, 'lobster/AMZN_2012-06-21_34200000_57600000_message_1.csv');
  const barsPath = join(dir, 'bars/6EH4.XCME_1min_bars_20240101_20240131.csv.gz');
  const amzn = time(1, () => loadDaySeries([amznPath]));
  const bars = time(1, () => loadDaySeries([barsPath]));
  // The estimator, not only its speed: a simulated series of the size of a day of 1 s returns.
  const truth = { omega: 2e-6, alpha: 0.08, beta: 0.9 };
  const sim = simulateGarch(truth, 23_400, 12);
  const simFit = time(reps, () => fitGarch(sim));
  for (const k of ['omega', 'alpha', 'beta'] as const) {
    check(Math.abs(simFit.value.params[k]! - truth[k]) <= 3 * simFit.value.se![k]!, `simulated GARCH ${k} not recovered`);
  }
  return {
    reps,
    simulatedGarch: { n: sim.length, truth, fitted: simFit.value.params, se: simFit.value.se, fit: simFit.t },
    amzn1s: benchDay(amzn.value, amzn.t, reps, 60),
    bars6EH4: benchDay(bars.value, bars.t, reps, 60),
  };
}
