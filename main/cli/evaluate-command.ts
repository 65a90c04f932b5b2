import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { sourceLabel, type PathSource } from '../backtest/backtest-config.js';
import { dataHash } from '../backtest/data-hash.js';
import { defaultWorkerCount, runBacktest, type BacktestResult } from '../backtest/index.js';
import { loadAgentPolicy, readSeenDays } from '../execution/agent/agent-model-folder.js';
import type { AgentPolicy } from '../execution/agent/agent-policy.js';
import { pairedEvaluation, strategyEvaluation, type PairedEvaluation, type StrategyEvaluation } from '../tca/evaluate-report.js';
import { backtestConfigFromArgs, parseSeeds } from './backtest-command.js';
import { intOption, parseArgs, UsageError, type ParsedArgs } from './cli-args.js';
import { checkStartsInWindow, checkUnseenDay, dayFirstEventSec, evaluatedSpan, parseWindow, windowStarts, type DaySpan } from './evaluate-command-window.js';

/** The help text of `slipstream evaluate`. */
export const EVALUATE_USAGE = `usage: slipstream evaluate --model DIR [--vs twap,vwap,ac,...] (--scenario NAME|FILE | --data DAYS)
         --seeds A-B --side buy|sell[,…] --qty Q[,…] --horizon SECONDS [--start SECONDS]
         [--window HH:MM-HH:MM [--every SECONDS]]
         [--json] [--report FILE.html] [--workers N] [--resamples N] [--no-impact]

Runs the agent of a model folder and the baselines on IDENTICAL seeded paths (the backtest's
machinery) and reports the agent's implementation shortfall against each baseline, paired path by
path (IS in bps of the arrival mid, positive = a cost, for buys and sells alike; d = agent −
baseline, negative = the agent is cheaper; 95 % percentile-bootstrap intervals; p = Wilcoxon
signed-rank). Each scenario (or day), side and size is a cell of its own (each on the same seeds);
the top-level statistics pool every cell's paths.
  --model       a model folder (model.json, weights.bin, manifest.json)
  --vs          baselines: twap, vwap, pov, ac, is, immediate, submit-and-leave (default twap,vwap)
  --scenario    an agent-based scenario: a preset or a scenario file (one written by calibrate)
  --data        recorded days, as in backtest (replayed with the impact layer); a day the model
                trained or validated on (its manifest's config.data) is refused, unless the
                manifest says it saw only a window of it and every order here stays outside it
  --window      with --data: only this part of each day, HH:MM-HH:MM on the data's clock
                (exchange-local for LOBSTER, UTC for UTC feeds); orders start from the window's
                start + the 300 s look-back, one every --every seconds (default: the horizon,
                disjoint orders), while the order and its 62 s post-trade window end inside it.
                Refused when it overlaps the part of the day the model saw.
  --seeds       evaluation seeds, A-B or a list; seeds the model saw in training or validation
                (its manifest) are refused
  --side        buy, sell or buy,sell
  --qty         parent quantities (size units), comma-separated
  --horizon     the order's duration in seconds
  --report      write a self-contained HTML report (table by size, side and scenario, cost
                distributions, where the agent loses)
  --json        print one JSON object (strategies, paired, model, backend, seeds, cells)
Exit status: 0 ok, 1 runtime, data or model error, 2 usage error, 130 cancelled.`;

/** One evaluated cell: a side, a size and the sources, with its statistics (see the JSON). */
export interface EvaluationCell {
  readonly side: 'buy' | 'sell';
  readonly qty: number;
  readonly source: string;
  readonly paths: number;
  readonly pathNote: string | null;
  readonly strategies: Record<string, StrategyEvaluation>;
  readonly paired: Record<string, PairedEvaluation>;
  /** Per path: its id and every strategy's IS (bps), for the report's distributions. */
  readonly perPath: ReadonlyArray<{ readonly pathId: string; readonly isBps: Record<string, number> }>;
}

/** What `evaluate --json` prints. */
export interface EvaluationReport {
  readonly model: { readonly path: string; readonly version: string; readonly weightsSha256: string };
  readonly backend: string;
  readonly seeds: { readonly first: number; readonly last: number; readonly n: number };
  readonly horizonSec: number;
  readonly source: string;
  readonly strategies: Record<string, StrategyEvaluation>;
  readonly paired: Record<string, PairedEvaluation>;
  readonly cells: readonly EvaluationCell[];
  readonly decisions: { readonly count: number };
  readonly elapsedSec: number;
}

/**
 * Refuses evaluation data whose hash equals the manifest's `dataHash` (the data a model trained
 * on as one whole; no leakage). Days listed in `config.data` are checked per window by `dayStarts`.
 */
export function checkUnseenDays(policy: AgentPolicy, sources: readonly PathSource[]): void {
  const days = sources.filter((s) => s.kind === 'data');
  if (days.length > 0 && policy.model.dataHash) {
    const h = dataHash(days).sourceHashes;
    const i = h.findIndex((x) => x === policy.model.dataHash);
    if (i >= 0 || dataHash(days).dataHash === policy.model.dataHash) throw new UsageError(`--data: the data's hash equals the model's training data (dataHash in ${policy.model.path}/manifest.json); evaluate on days it never saw`);
  }
}

/** Refuses evaluation seeds the model saw (its manifest's train / validation seeds): no leakage. */
export function checkUnseenSeeds(policy: AgentPolicy, seeds: readonly number[]): void {
  for (const r of policy.model.seenSeeds ?? []) {
    const hit = seeds.find((s) => s >= r.lo && s <= r.hi);
    if (hit !== undefined) {
      throw new UsageError(`--seeds: seed ${hit} was seen by the model (${r.what} seeds ${r.lo}-${r.hi} in ${policy.model.path}/manifest.json); evaluate on seeds it never saw`);
    }
  }
}

/**
 * Per recorded day (by its `--data` item): the order starts `--window` confines it to (or null:
 * the backtest's own starts), after refusing any day or part of a day the model saw
 * (`checkUnseenDay` on each order's look-back, order and post-trade window; drawn starts count
 * as the whole day). Throws UsageErrors naming the option.
 */
function dayStarts(args: ParsedArgs, sources: readonly PathSource[], horizonSec: number, given: readonly number[] | null, seen: ReturnType<typeof readSeenDays>, manifest: string): Map<string, number[] | null> {
  const raw = args.values.get('window');
  if (raw !== undefined && !args.values.has('data')) throw new UsageError('--window: only with --data (a part of each recorded day)');
  if (args.values.has('every') && raw === undefined) throw new UsageError('--every: only with --window');
  const window: DaySpan | undefined = raw === undefined ? undefined : parseWindow(raw);
  const every = intOption(args, 'every', 1, 86_400) ?? Math.ceil(horizonSec);
  const items = (args.values.get('data') ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  const out = new Map<string, number[] | null>();
  sources.forEach((s, i) => {
    if (s.kind !== 'data') return;
    const needFirst = window !== undefined || (given !== null && seen.length > 0);
    const first = needFirst ? dayFirstEventSec(s.files) : 0;
    let starts: number[] | null = null;
    if (window !== undefined) {
      if (given !== null) checkStartsInWindow(window, first, given, horizonSec);
      starts = given !== null ? [...given] : windowStarts(window, first, horizonSec, every);
    } else if (given !== null) starts = [...given];
    checkUnseenDay(seen, s.files, starts === null ? null : starts.map((x) => evaluatedSpan(first, x, horizonSec)), manifest);
    out.set(items[i]!, window !== undefined ? starts : null);
  });
  return out;
}

function listOption(args: ParsedArgs, name: string): string[] {
  const raw = args.values.get(name);
  if (raw === undefined) throw new UsageError(`--${name} is required\n${EVALUATE_USAGE}`);
  const xs = raw.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (xs.length === 0) throw new UsageError(`--${name}: empty list`);
  return xs;
}

/** The statistics of one backtest result (the agent vs each baseline on the non-copy paths). */
function cellOf(r: BacktestResult, side: 'buy' | 'sell', qty: number, baselines: readonly string[], resamples: number): EvaluationCell {
  const pathIds = r.comparison?.pathIds ?? [];
  const names = ['agent', ...baselines];
  const isOf = (s: string) => pathIds.map((p) => r.outcomes.find((o) => o.pathId === p && o.strategy === s)!.isBps);
  // One bootstrap stream per statistic, the same for a cell and the pooled set: one cell's intervals equal the pooled ones.
  const seed = 'evaluate';
  const strategies: Record<string, StrategyEvaluation> = {};
  for (const s of names) strategies[s] = strategyEvaluation(s, isOf(s), { seed, resamples });
  const paired: Record<string, PairedEvaluation> = {};
  const agent = isOf('agent');
  for (const b of baselines) paired[b] = pairedEvaluation(b, agent, isOf(b), { seed, resamples });
  const labels = r.config.sources.map(sourceLabel).join(', ');
  return {
    side, qty, source: labels, paths: pathIds.length, pathNote: r.pathCheck?.note ?? null, strategies, paired,
    perPath: pathIds.map((p) => ({ pathId: p, isBps: Object.fromEntries(names.map((s) => [s, r.outcomes.find((o) => o.pathId === p && o.strategy === s)!.isBps])) })),
  };
}

/** Pools every cell's paths (each cell's own path ids) into one set of statistics. */
function pooled(cells: readonly EvaluationCell[], baselines: readonly string[], resamples: number): { strategies: Record<string, StrategyEvaluation>; paired: Record<string, PairedEvaluation> } {
  const all = cells.flatMap((c) => c.perPath);
  const col = (s: string) => all.map((p) => p.isBps[s]!);
  const strategies: Record<string, StrategyEvaluation> = {};
  for (const s of ['agent', ...baselines]) strategies[s] = strategyEvaluation(s, col(s), { seed: 'evaluate', resamples });
  const paired: Record<string, PairedEvaluation> = {};
  for (const b of baselines) paired[b] = pairedEvaluation(b, col('agent'), col(b), { seed: 'evaluate', resamples });
  return { strategies, paired };
}

/**
 * Runs `slipstream evaluate` (see `EVALUATE_USAGE`); resolves the exit status. Usage errors
 * (including seeds the model saw) throw `UsageError` naming the option; a model folder that
 * cannot be read or does not fit the environment throws an Error naming the folder and field.
 */
export async function evaluateCommand(
  argv: readonly string[], out: (s: string) => void, err: (s: string) => void = (s) => process.stderr.write(`${s}\n`),
): Promise<number> {
  const args = parseArgs(argv, ['model', 'vs', 'scenario', 'data', 'seeds', 'side', 'qty', 'horizon', 'start', 'window', 'every', 'report', 'workers', 'resamples', 'slices'], ['json', 'help', 'no-impact']);
  if (args.flags.has('help')) {
    out(EVALUATE_USAGE);
    return 0;
  }
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"\n${EVALUATE_USAGE}`);
  const dir = args.values.get('model');
  if (dir === undefined) throw new UsageError(`--model is required (a model folder)\n${EVALUATE_USAGE}`);
  if (args.values.get('seeds') === undefined) throw new UsageError('--seeds is required (evaluation seeds the model never saw, e.g. 100000-100099)');
  const seeds = parseSeeds(args.values.get('seeds')!);
  const baselines = (args.values.get('vs') ?? 'twap,vwap').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (baselines.length === 0) throw new UsageError('--vs: at least one baseline');
  if (baselines.some((b) => b.toLowerCase().startsWith('agent'))) throw new UsageError('--vs: baselines are algorithms (twap, vwap, …), not agents');
  const sides = listOption(args, 'side');
  for (const s of sides) if (s !== 'buy' && s !== 'sell') throw new UsageError(`--side must be buy, sell or buy,sell, got "${s}"`);
  const qtys = listOption(args, 'qty');
  const workers = intOption(args, 'workers', 0, availableParallelism()) ?? defaultWorkerCount();
  const resamples = intOption(args, 'resamples', 100, 100_000) ?? 2_000;
  const policy = loadAgentPolicy(dir);
  checkUnseenSeeds(policy, seeds);

  // Baseline names as the backtest knows them (aliases resolved), validated once.
  const probe = backtestConfigFromArgs(withValues(args, { strategies: [`agent:${dir}`, ...baselines].join(','), side: sides[0]!, qty: qtys[0]! }));
  const names = probe.strategies.slice(1);
  checkUnseenDays(policy, probe.sources);
  const starts = dayStarts(args, probe.sources, probe.horizonSec, probe.startDrawn ? null : probe.startSec, readSeenDays(dir), `${dir}/manifest.json`);
  const cells: EvaluationCell[] = [];
  let decisions = 0;
  const t0 = performance.now();
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  try {
    // One cell per scenario (or day) × side × size, each on the same seeds.
    const srcKey = args.values.has('scenario') ? 'scenario' : 'data';
    const items = (args.values.get(srcKey) ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
    for (const item of items) for (const side of sides as Array<'buy' | 'sell'>) {
      for (const q of qtys) {
        const start = starts.get(item);
        const config = backtestConfigFromArgs(withValues(args, { strategies: [`agent:${dir}`, ...names].join(','), side, qty: q, [srcKey]: item, ...(start ? { start: start.join(',') } : {}) }));
        err(`evaluate: ${sourceLabel(config.sources[0]!)} ${side} ${q}: agent vs ${names.join(', ')} on ${seeds.length} seeds`);
        const r = await runBacktest({ ...config, bootstrapResamples: resamples }, { workers, signal: abort.signal });
        if (r.status === 'cancelled') {
          err('evaluate: cancelled');
          return 130;
        }
        if (r.pool.note) err(`evaluate: ${r.pool.note}`);
        for (const o of r.outcomes) if (o.strategy === 'agent') decisions += o.explanations?.decisions.length ?? 0;
        cells.push(cellOf(r, side, config.quantity, names, resamples));
      }
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
  const pool = pooled(cells, names, resamples);
  const report: EvaluationReport = {
    model: { path: dir, version: policy.model.version ?? 'unknown', weightsSha256: policy.model.weightsSha256 ?? 'unknown' },
    backend: 'plain-ts (TypeScript forward pass; no TF.js per decision)',
    seeds: { first: Math.min(...seeds), last: Math.max(...seeds), n: seeds.length },
    horizonSec: probe.horizonSec,
    source: cells[0]?.source ?? '',
    strategies: pool.strategies,
    paired: pool.paired,
    cells,
    decisions: { count: decisions },
    elapsedSec: (performance.now() - t0) / 1000,
  };
  const reportPath = args.values.get('report');
  if (reportPath !== undefined) {
    const { evaluationHtml } = await import('../tca/evaluate-report-html.js');
    writeFileSync(reportPath, evaluationHtml(report));
    err(`evaluate: wrote ${reportPath}`);
  }
  if (args.flags.has('json')) {
    out(JSON.stringify(report, (k, v) => (k === 'perPath' ? undefined : v)));
    return 0;
  }
  out(`agent ${dir} vs ${names.join(', ')}; ${cells.reduce((a, c) => a + c.paths, 0)} paths; IS bps, positive = cost; d = agent − baseline [95 % CI]`);
  for (const [s, e] of Object.entries(report.strategies)) out(`  ${s.padEnd(20)} mean ${fmt(e.meanIsBps)}  median ${fmt(e.medianIsBps)}  std ${fmt(e.stdIsBps)}  [${fmt(e.ciLowBps)}, ${fmt(e.ciHighBps)}]  n ${e.n}`);
  for (const [b, p] of Object.entries(report.paired)) {
    out(`  agent − ${b.padEnd(12)} ${fmt(p.meanDiffBps)} [${fmt(p.ciLowBps)}, ${fmt(p.ciHighBps)}]  p ${p.pValue.toPrecision(3)}  P(outperform) ${(100 * p.probOutperformance).toFixed(1)} %  gain/loss ${p.gainLossRatio === null ? 'n/a' : p.gainLossRatio.toFixed(2)}`);
  }
  return 0;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toFixed(2) : 'n/a';
}

/** `args` with some values replaced (the backtest's own parser then validates them). */
function withValues(args: ParsedArgs, values: Record<string, string>): ParsedArgs {
  const v = new Map(args.values);
  for (const k of ['model', 'vs', 'report', 'workers']) v.delete(k);
  for (const [k, x] of Object.entries(values)) v.set(k, x);
  return { positionals: [], values: v, flags: new Set([...args.flags].filter((f) => f === 'no-impact')) };
}
