import { concatReturns, type DaySeries } from '../risk/returns.js';
import { evaluateVolModels, type VolComparison, type VolScore } from '../risk/vol/evaluate.js';
import { fitEwma } from '../risk/vol/ewma.js';
import { fitGarch } from '../risk/vol/garch.js';
import { fitHar, HAR_DEFAULT_BLOCK } from '../risk/vol/har.js';
import { VOL_MODEL_NAMES, type FittedVolModel, type VolModelName } from '../risk/vol/vol-model.js';
import { numberOption } from './ac-command.js';
import { choiceOption, intOption, parseArgs, UsageError } from './cli-args.js';
import { DATA_USAGE, DATA_VALUE_OPTIONS, formatSeconds, readDataOption } from './risk-vol-options.js';

export const RISK_VOL_USAGE = `usage: slipstream risk vol --data DAYS --model ewma|garch|har [options] [--json]

Fits a volatility model to the returns of the days (close-to-close log returns of bars, or mid
returns of tick data on a regular clock; a day's first return starts within the day, so no
overnight return is used) and prints its parameters, log-likelihood and forecasts; then fits all
three models on the first part of the data and scores their forecasts of each later block's
realised variance with QLIKE and MSE, each model against the others (Diebold-Mariano on QLIKE).
${DATA_USAGE}
  --model M            ewma (RiskMetrics), garch (GARCH(1,1) by maximum likelihood) or har (HAR-RV)
  --lambda L|fit       EWMA decay (default 0.94); "fit" picks it by maximum likelihood
  --block N            returns per realised-variance block, HAR's "day" (default ${HAR_DEFAULT_BLOCK})
  --train F            share of blocks the evaluation fits on, the rest is scored (default 0.7)
  --horizon H          steps ahead to forecast after the data's end (default 10)
  --json               print {model, params, se, logLikelihood, n, forecasts, qlike, mse, evaluation, data}
Volatilities are in bps of the sampling step; MSE is of block variances in bps², squared.
Exit status: 0 ok, 1 unreadable or malformed data (naming file, line and field) or too little data, 2 usage error.`;

/** What `slipstream risk vol --json` prints. Invariants: qlike/mse are this model's row of `evaluation.scores`. */
export interface RiskVolResult {
  readonly model: VolModelName;
  /** Fitted on all the returns. GARCH: omega, alpha, beta; EWMA: lambda; HAR: b0, bDay, bWeek, bMonth. */
  readonly params: Record<string, number>;
  readonly se: Record<string, number | null> | null;
  readonly logLikelihood: number;
  readonly n: number;
  readonly forecasts: { readonly stepSec: number; readonly volBps: number[]; readonly nextBlockVolBps: number };
  readonly qlike: number;
  readonly mse: number;
  readonly evaluation: {
    readonly block: number;
    readonly trainReturns: number;
    readonly testBlocks: number;
    readonly zeroBlocks: number;
    readonly scores: readonly VolScore[];
    readonly comparisons: readonly VolComparison[];
  };
  readonly data: { readonly days: { label: string; source: string; returns: number; skipped: number }[]; readonly sampleSec: number };
}

/** Runs `slipstream risk vol`. */
export async function riskVolCommand(argv: readonly string[], out: (s: string) => void): Promise<number> {
  const args = parseArgs(argv, [...DATA_VALUE_OPTIONS, 'model', 'lambda', 'block', 'train', 'horizon'], ['json', 'help']);
  if (args.flags.has('help')) {
    out(RISK_VOL_USAGE);
    return 0;
  }
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"\n${RISK_VOL_USAGE}`);
  const model = choiceOption(args, 'model', VOL_MODEL_NAMES);
  if (model === undefined) throw new UsageError(`--model is required (${VOL_MODEL_NAMES.join(', ')})`);
  const lambdaRaw = args.values.get('lambda');
  let lambda: number | 'fit' | undefined;
  if (lambdaRaw === 'fit') lambda = 'fit';
  else if (lambdaRaw !== undefined) {
    lambda = numberOption(args, 'lambda', 0, true, 'EWMA decay', false)!;
    if (!(lambda < 1)) throw new UsageError(`--lambda must be < 1, got ${lambdaRaw}`);
  }
  const block = intOption(args, 'block', 1, 1_000_000) ?? HAR_DEFAULT_BLOCK;
  const train = numberOption(args, 'train', 0, true, 'share of blocks fitted', false) ?? 0.7;
  if (!(train < 1)) throw new UsageError(`--train must be < 1, got ${train}`);
  const horizon = intOption(args, 'horizon', 1, 100_000) ?? 10;
  const days = readDataOption(args);
  const r = concatReturns(days);
  const result = runVol(days, r, model, { lambda, block, train, horizon });
  if (args.flags.has('json')) {
    out(JSON.stringify(result));
    return 0;
  }
  for (const line of formatVol(result)) out(line);
  return 0;
}

function runVol(days: DaySeries[], r: Float64Array, model: VolModelName, o: { lambda?: number | 'fit'; block: number; train: number; horizon: number }): RiskVolResult {
  const withData = <T>(f: () => T): T => {
    try {
      return f();
    } catch (e) {
      if (e instanceof RangeError) throw new Error(`${days.map((d) => d.label).join(', ')}: ${e.message}`, { cause: e });
      throw e;
    }
  };
  const fit: FittedVolModel = withData(() => (model === 'ewma' ? fitEwma(r, { lambda: o.lambda }) : model === 'garch' ? fitGarch(r) : fitHar(r, { block: o.block })));
  const ev = withData(() => evaluateVolModels(r, { lambda: o.lambda, block: o.block, trainFraction: o.train }));
  const steps = fit.forecastSteps(r, Math.max(o.horizon, o.block));
  let blockVar = 0;
  for (let i = 0; i < o.block; i++) blockVar += steps[i]!;
  const bps = (v: number): number => Math.sqrt(v) * 1e4;
  const own = ev.scores.find((s) => s.model === model)!;
  return {
    model,
    params: { ...fit.params },
    se: fit.se ? Object.fromEntries(Object.entries(fit.se).map(([k, v]) => [k, Number.isFinite(v) ? v : null])) : null,
    logLikelihood: fit.logLikelihood,
    n: fit.n,
    forecasts: { stepSec: days[0]!.sampleSec, volBps: Array.from(steps.subarray(0, o.horizon), bps), nextBlockVolBps: bps(blockVar) },
    qlike: own.qlike,
    mse: own.mse,
    evaluation: { block: ev.block, trainReturns: ev.trainReturns, testBlocks: ev.testBlocks, zeroBlocks: ev.zeroBlocks, scores: ev.scores, comparisons: ev.comparisons },
    data: { days: days.map((d) => ({ label: d.label, source: d.source, returns: d.r.length, skipped: d.skipped })), sampleSec: days[0]!.sampleSec },
  };
}

const g = (x: number): string => (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e6 ? x.toPrecision(4) : x.toExponential(3));

function formatVol(v: RiskVolResult): string[] {
  const step = formatSeconds(v.data.sampleSec);
  const lines = [
    `risk vol: ${v.model} on ${v.data.days.length} day(s) (${v.data.days.map((d) => d.label).join(', ')}), ${v.n.toLocaleString('en-US')} returns every ${step}`,
    `params: ${Object.entries(v.params).map(([k, x]) => `${k} ${g(x)}${v.se?.[k] != null ? ` (se ${g(v.se[k])})` : ''}`).join(', ')}`,
    `logLikelihood: ${v.logLikelihood.toFixed(2)}`,
    `forecasts (vol per ${step}, bps): ${v.forecasts.volBps.map((x, i) => `h${i + 1} ${x.toFixed(3)}`).join(' ')}; next ${v.evaluation.block} steps ${v.forecasts.nextBlockVolBps.toFixed(2)}`,
    `qlike ${v.qlike.toFixed(4)}, mse ${g(v.mse)} (out of sample: ${v.evaluation.testBlocks} blocks of ${v.evaluation.block} returns after ${v.evaluation.trainReturns.toLocaleString('en-US')} fitted)`,
    'model   qlike     mse',
  ];
  for (const s of v.evaluation.scores) lines.push(`${(s.model + (s.model === v.model ? '*' : '')).padEnd(7)} ${s.qlike.toFixed(4).padStart(8)}  ${g(s.mse)}`);
  for (const c of v.evaluation.comparisons) {
    lines.push(`${c.a} vs ${c.b}: QLIKE difference ${c.meanDiff.toFixed(4)}, DM ${c.stat.toFixed(2)}, p ${c.pValue.toFixed(3)}${c.pValue < 0.05 ? ` (${c.meanDiff < 0 ? c.a : c.b} better)` : ''}`);
  }
  return lines;
}
