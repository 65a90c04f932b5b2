import { writeFileSync } from 'node:fs';
import { calibrate } from '../market/calibration/calibrate.js';
import type { CalibrationResult } from '../market/calibration/calibration-result.js';
import { compareSeries, type FactRow, type SimulateFn } from '../market/calibration/compare.js';
import { measureMetaorderImpact, type MetaorderImpactCurve } from '../market/calibration/metaorder-impact.js';
import { renderReport } from '../market/calibration/report.js';
import { toScenario } from '../market/calibration/scenario-mapping.js';
import { refineScenario, type RefineResult } from '../market/calibration/refine.js';
import { simulateScenario } from '../market/calibration/simulate.js';
import { DATA_FORMATS } from '../market/readers/reader.js';
import { parseScenario, type ScenarioInput } from '../market/scenarios/scenario-schema.js';
import { choiceOption, intOption, parseArgs, UsageError } from './cli-args.js';

export const CALIBRATE_USAGE = `usage: slipstream calibrate <data files...> --out scenario.json [--report report.html] [--seed S] [--json]
       [--format ${DATA_FORMATS.join('|')}] [--max-distance N] [--impact-seeds N] [--no-impact] [--no-refine] [--no-simulate]

Fits the generative market to real data (LOBSTER, Databento MBO, Binance depth, Tardis, bars) and
writes a scenario for it (validated by the generative market's ScenarioSchema); runs the scenario
once and prints the fitted parameters and the real-vs-simulated stylized facts, each judged against
its goal (tolerance, pass / fail), and measures the simulator's metaorder impact curve.
  --out           scenario JSON to write (required)
  --report        also write a self-contained HTML report (table + 6 plots)
  --seed          seed of the simulation (default 1)
  --json          print one JSON object instead of a summary
  --format        force the data format instead of detecting it
  --max-distance  distances from the touch, in ticks, with their own rates (default 10)
  --impact-seeds  seeds per point of the metaorder impact experiment (default 16)
  --no-impact     skip the metaorder impact experiment
  --no-refine     write the scenario as mapped, without the simulated-moments correction of its
                  volatility, activity and placement distances (2 rounds of 3 seeds from 1001)
  --no-simulate   skip the simulation and the impact experiment (the simulated column stays empty)`;

/** Injected collaborators (tests). */
export interface CalibrateDeps {
  /** Runs the calibrated scenario [the generative market: `simulateScenario`]. */
  simulate?: SimulateFn;
  /** Measures the metaorder impact curve [the generative market: `measureMetaorderImpact`]. */
  impact?: (scenario: ScenarioInput, seeds: number, firstSeed: number) => MetaorderImpactCurve;
}

/**
 * Runs `slipstream calibrate`; resolves with the exit status (0 ok). Usage errors throw
 * `UsageError` naming the option; data errors throw the readers' errors naming file and line.
 */
export async function calibrateCommand(argv: readonly string[], out: (s: string) => void, deps: CalibrateDeps = {}): Promise<number> {
  const args = parseArgs(argv, ['out', 'report', 'seed', 'format', 'max-distance', 'impact-seeds'], ['json', 'help', 'no-simulate', 'no-impact', 'no-refine']);
  if (args.flags.has('help')) {
    out(CALIBRATE_USAGE);
    return 0;
  }
  if (args.positionals.length === 0) throw new UsageError(`calibrate needs at least one data file\n${CALIBRATE_USAGE}`);
  const outPath = args.values.get('out');
  if (outPath === undefined) throw new UsageError('calibrate needs --out FILE (the scenario JSON to write)');
  const reportPath = args.values.get('report');
  const seed = intOption(args, 'seed', 0, 2 ** 31 - 1) ?? 1;
  const format = choiceOption(args, 'format', DATA_FORMATS);
  const maxDistanceTicks = intOption(args, 'max-distance', 1, 200) ?? 10;
  const impactSeeds = intOption(args, 'impact-seeds', 1, 100) ?? 16;

  const cal = calibrate(args.positionals, { format, maxDistanceTicks });
  const notes: string[] = [];
  let scenario = toScenario(cal.result, { ret1mExcessKurtosis: cal.facts.ret1mExcessKurtosis });
  let simulatedInput = null;
  let refinement: RefineResult | null = null;
  const simulate = args.flags.has('no-simulate') ? null : (deps.simulate ?? simulateScenario);
  // Without a calibrated order flow the scenario is the default market: nothing to refine or to
  // measure against this day (and its default population is far slower to simulate).
  const flowCalibrated = scenario.agents?.noise !== undefined;
  if (!flowCalibrated) notes.push('the data has no order flow to calibrate (no trades or no order events): the simulated column is the default market, not refined, no impact experiment');
  if (simulate && flowCalibrated && !args.flags.has('no-refine')) {
    refinement = await refineScenario(scenario, cal.facts, simulate, { factOptions: cal.series.options });
    scenario = refinement.scenario;
  } else if (flowCalibrated) {
    notes.push('scenario not refined by simulation (--no-refine or --no-simulate)');
  }
  writeFileSync(outPath, JSON.stringify(scenario, null, 2) + '\n');
  if (simulate) {
    const s = await simulate(scenario, seed);
    // Same fact definitions (bins, lags, intervals) on both sides.
    simulatedInput = { ...s, options: cal.series.options };
  } else {
    notes.push('no simulated column: run without --no-simulate to compare with the generative market');
  }
  let metaorder: MetaorderImpactCurve | null = null;
  if (simulate && flowCalibrated && !args.flags.has('no-impact')) {
    const impact = deps.impact ?? ((sc: ScenarioInput, n: number, first: number) => measureMetaorderImpact(parseScenario(sc), { seeds: n, firstSeed: first }));
    metaorder = impact(scenario, impactSeeds, seed);
  } else if (flowCalibrated) {
    notes.push('no metaorder impact experiment (--no-impact or --no-simulate)');
  }
  // toScenario gives the market a smooth fitted U-shape (fitIntradayProfile), not the day's bins:
  // the simulated volume curve is generated, so its correlation with the real one is judged.
  if ((scenario.timeline ?? []).some((e) => e.type === 'regime-change')) notes.push('the intraday activity follows a fitted U-shape (level, opening burst, closing ramp), not the day\'s volume bins: the volume-curve correlation is judged');
  const comparison = compareSeries(cal.facts, simulatedInput, metaorder);
  if (reportPath !== undefined) {
    writeFileSync(reportPath, renderReport({ title: `Calibration: ${cal.result.instrument.symbol}`, comparison, calibration: cal.result, notes }));
  }

  if (args.flags.has('json')) {
    out(JSON.stringify({
      scenarioPath: outPath,
      reportPath: reportPath ?? null,
      seed,
      simulated: comparison.simulated !== null,
      notes: [...notes, ...cal.result.notes],
      parameters: cal.result,
      facts: comparison.rows,
      factsPassed: comparison.rows.filter((r) => r.pass === true).length,
      factsJudged: comparison.rows.filter((r) => r.pass !== null).length,
      metaorderImpact: metaorder,
      refinement: refinement?.steps ?? null,
      scenario,
    }));
  } else {
    for (const line of summary(cal.result)) out(line);
    out('');
    out(table(comparison.rows));
    for (const n of [...notes, ...cal.result.notes]) out(`note: ${n}`);
    out(`wrote ${outPath}${reportPath !== undefined ? ` and ${reportPath}` : ''}`);
  }
  return 0;
}

const fmt = (v: number | string | null | undefined): string =>
  v === null || v === undefined ? 'n/a' : typeof v === 'string' ? v : String(Number(v.toPrecision(4)));

const arr = (xs: readonly number[], n = 6): string => `[${xs.slice(0, n).map(fmt).join(', ')}${xs.length > n ? ', …' : ''}]`;

function summary(r: CalibrationResult): string[] {
  const lines = [
    `${r.instrument.symbol} ${r.source.format} ${r.source.variant}: ${r.source.events.toLocaleString('en-US')} events, ${r.session.startIso} .. ${r.session.endIso} (${fmt(r.session.durationSec)} s), tick ${r.instrument.tickSizeUnits}${r.instrument.tickInferred ? ' (inferred)' : ''}`,
  ];
  const lo = r.limitOrders;
  if (lo) {
    lines.push(`limit arrivals /s by ticks from touch (${lo.statistic}): bid ${arr(lo.arrivalPerSec.bid)} ask ${arr(lo.arrivalPerSec.ask)}; inside spread bid ${fmt(lo.insideSpreadPerSec.bid)} ask ${fmt(lo.insideSpreadPerSec.ask)}`);
    lines.push(`cancels /s by distance: bid ${arr(lo.cancelPerSec.bid)} ask ${arr(lo.cancelPerSec.ask)}; per resting order /s: bid ${arr(lo.cancelPerOrderPerSec.bid)} ask ${arr(lo.cancelPerOrderPerSec.ask)}`);
    lines.push(`limit size: lognormal mu ${fmt(lo.addSize.mu)} sigma ${fmt(lo.addSize.sigma)}; median ${fmt(lo.addSize.p50)}, p95 ${fmt(lo.addSize.p95)} (n ${lo.addSize.count})`);
  }
  const mo = r.marketOrders;
  if (mo) {
    lines.push(`market orders /s: buy ${fmt(mo.ratePerSec.buy)} sell ${fmt(mo.ratePerSec.sell)}; size lognormal mu ${fmt(mo.size.mu)} sigma ${fmt(mo.size.sigma)}, median ${fmt(mo.size.p50)}; trades /s ${fmt(mo.tradesPerSec)}`);
  }
  if (r.spread) lines.push(`spread ticks: mean ${fmt(r.spread.meanTicks)}, median ${fmt(r.spread.medianTicks)}, p95 ${fmt(r.spread.p95Ticks)}`);
  if (r.volatility) lines.push(`volatility bps: per √s ${fmt(r.volatility.perSecBps)} (1 s returns: ${fmt(r.volatility.perSecBps1s)}), daily ${fmt(r.volatility.dailyBps)} over ${r.session.tradingDaySec} s`);
  if (r.volumeProfile) lines.push(`volume profile (${r.volumeProfile.binSec} s bins): ${arr(r.volumeProfile.share, 13)}`);
  return lines;
}

function table(rows: readonly FactRow[]): string {
  const head = ['fact', 'unit', 'real', 'simulated', 'tolerance', 'pass'];
  const body = rows.map((r) => [r.label, r.unit, fmt(r.real), fmt(r.simulated), r.tolerance ?? '', r.pass === null ? '' : r.pass ? 'pass' : 'FAIL']);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 && i <= 3 ? c.padStart(w[i]!) : c.padEnd(w[i]!))).join('  ');
  return [line(head), line(w.map((n) => '-'.repeat(n))), ...body.map(line)].join('\n');
}
