import { existsSync, readFileSync } from 'node:fs';
import { DEFAULT_AC_WORLD, parseACWorldParams, type ACWorldParams } from '../market/ac-world/ac-world-params.js';
import { availableParallelism } from 'node:os';
import { extname } from 'node:path';
import { defaultWorkerCount, DEFAULT_PARAMS, fillSummaries, vwapScheduleNote, type FillSummary, DEFAULT_START_SEC, normalizeConfig, runBacktest, toRunRecord, type BacktestConfig, type BacktestConfigInput, type BacktestResult, type PathSource, type PoolProgress } from '../backtest/index.js';
import { isPresetName, PRESET_NAMES } from '../market/scenarios/presets.js';
import { RunStore } from '../store/index.js';
import { formatHeadlineTable, type HeadlineTable } from '../tca/index.js';
import { numberOption } from './ac-command.js';
import { volumeCurveFromBars, type VolumeCurve } from '../execution/algorithms/index.js';
import { EventKind } from '../market/events/market-event.js';
import { openReader } from '../market/readers/open-reader.js';
import { intOption, parseArgs, UsageError, type ParsedArgs } from './cli-args.js';
import { defaultAgentModelDir } from '../execution/agent/default-agent.js';

/** The help text of `slipstream backtest` (printed by --help and after usage errors about the command line). */
export const BACKTEST_USAGE = `usage: slipstream backtest (--data FILES | --scenario S) --side buy|sell --qty Q --horizon SECONDS
         [--strategies twap,vwap,pov,ac,is] [--seeds A-B] [--start SECONDS[,SECONDS...]] [--baseline NAME]
         [--slices N] [--pov-rate R] [--urgency K] [--no-impact] [--resamples N]
         [--db FILE] [--out results.csv|results.json] [--workers N] [--json]

Backtests parent-order strategies on IDENTICAL seeded paths: every strategy runs on the same path
(a recorded day or an agent-based scenario from a seed), and the path runs once more WITHOUT our
orders, for market impact. Prints the headline table (implementation shortfall, market impact,
timing risk, adaptability, IS vs the baseline; bps, positive = cost) with 95 % bootstrap CIs.
  --data        recorded days, comma-separated; join the files of one day with "+"
                (a LOBSTER message file finds its orderbook file beside it)
  --scenario    agent-based scenarios (${PRESET_NAMES.join(', ')} or JSON files), comma-separated,
                or ac: the Almgren-Chriss world (prices move σ√τ·ξ + γ·n per period τ; our marketable
                orders pay ε + η·rate; passive orders never fill), its parameters from
  --ac-params   a JSON file {S0, sigma, epsilon, gamma, eta, periodSec, marketVolumePerSec} ($, shares,
                seconds; defaults: ${JSON.stringify(DEFAULT_AC_WORLD)}), then the flags
                --ac-price --ac-sigma --ac-epsilon --ac-gamma --ac-eta --ac-period --ac-volume
  --side        buy or sell
  --qty         parent quantity (> 0, the instrument's size unit, e.g. shares)
  --horizon     the order's duration in seconds (> 0)
  --strategies  twap, vwap, pov, ac (= almgren-chriss), is (= adaptive-shortfall), immediate,
                submit-and-leave, agent (the shipped model, native-models/execution-default) or
                agent:DIR (any model folder) (default twap,vwap,pov,ac,is)
  --seeds       seeds as A-B, A or a list (default 1); each seed is one path per day / scenario
  --start       order start, seconds after the path's first event; a list adds paths (default: on
                recorded days each seed draws its start across the day, leaving room for a
                5-minute look-back, the horizon and the post-trade window; scenarios ${DEFAULT_START_SEC})
  --baseline    the strategy the others are compared with (default twap)
  --slices      slices of twap, vwap, ac, is (default ${DEFAULT_PARAMS.slices})
  --volume-curve  bars file (timestamp,open,high,low,close,volume) whose volume by half hour of
                the day is VWAP's curve (default: a stylized U-shaped US-equity day)
  --pov-rate    POV participation, a fraction or a percentage (default 10%)
  --urgency     Almgren-Chriss urgency κT, 0..20 (default ${DEFAULT_PARAMS.urgency}); σ and η are estimated per path
  --no-impact   recorded days: our trades do not move the replayed prices
  --resamples   bootstrap resamples, 100..100000 (default 2000)
  --db          store the run in this DuckDB file (config, seeds, data hash, versions, results)
  --out         export the per-order results as CSV or JSON (by extension)
  --workers     worker threads, 0 = in-process (default min(2, cores))
  --json        print the full comparison as JSON (means, medians, std, CIs, paired tests)
Progress goes to stderr. Exit status: 0 ok, 1 runtime or data error, 2 usage error, 130 cancelled.`;

const AC_FLAGS: Record<string, keyof ACWorldParams> = {
  'ac-price': 'S0', 'ac-sigma': 'sigma', 'ac-epsilon': 'epsilon', 'ac-gamma': 'gamma', 'ac-eta': 'eta', 'ac-period': 'periodSec', 'ac-volume': 'marketVolumePerSec',
};

/** The AC world's parameters: defaults, then `--ac-params FILE`, then the `--ac-*` flags; errors name the file or flag. */
function acWorldOption(args: ParsedArgs): ACWorldParams {
  let raw: Record<string, unknown> = {};
  const file = args.values.get('ac-params');
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      throw new UsageError(`--ac-params: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    try {
      raw = JSON.parse(text) as Record<string, unknown>;
    } catch (e) {
      throw new UsageError(`--ac-params ${file}: not JSON (${(e as Error).message})`);
    }
    try {
      parseACWorldParams(raw, file);
    } catch (e) {
      throw new UsageError(`--ac-params ${(e as Error).message}`);
    }
  }
  for (const [flag, field] of Object.entries(AC_FLAGS)) {
    const v = args.values.get(flag);
    if (v === undefined) continue;
    const x = Number(v);
    if (v.trim() === '' || !Number.isFinite(x)) throw new UsageError(`--${flag} must be a number, got "${v}"`);
    raw = { ...raw, [field]: x };
  }
  try {
    return parseACWorldParams(raw, 'ac world');
  } catch (e) {
    const m = /^ac world: (\w+) /.exec((e as Error).message);
    const flag = m ? Object.keys(AC_FLAGS).find((f) => AC_FLAGS[f] === m[1]) : undefined;
    throw new UsageError(flag ? `--${flag}: ${(e as Error).message.slice('ac world: '.length)}` : (e as Error).message);
  }
}

/** Field names of `normalizeConfig` errors → the option that sets them. */
const OPTION_OF: Record<string, string> = {
  strategies: '--strategies', baseline: '--baseline', seeds: '--seeds', quantity: '--qty', horizonSec: '--horizon', startSec: '--start',
  slices: '--slices', povRate: '--pov-rate', urgency: '--urgency', bootstrapResamples: '--resamples', side: '--side', sources: '--data/--scenario',
};

/** Most seeds one command may ask for. */
const MAX_SEEDS = 100_000;

/**
 * Parses `--seeds`: comma-separated items, each `A` or `A-B` (inclusive), integers ≥ 0; no
 * repeats; at most 100,000 seeds. Throws a UsageError naming `--seeds` and the limit.
 */
export function parseSeeds(raw: string): number[] {
  const out: number[] = [];
  for (const item of raw.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(item);
    if (!m) throw new UsageError(`--seeds: "${item}" is not a seed A or a range A-B (integers ≥ 0)`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b)) throw new UsageError(`--seeds: "${item}" exceeds ${Number.MAX_SAFE_INTEGER}`);
    if (b < a) throw new UsageError(`--seeds: in "${item}" the end ${b} is before the start ${a}`);
    if (out.length + (b - a + 1) > MAX_SEEDS) throw new UsageError(`--seeds: at most ${MAX_SEEDS.toLocaleString('en-US')} seeds`);
    for (let s = a; s <= b; s++) out.push(s);
  }
  const dup = out.find((s, i) => out.indexOf(s) !== i);
  if (dup !== undefined) throw new UsageError(`--seeds: seed ${dup} appears twice`);
  return out;
}

function parseSources(args: ParsedArgs): PathSource[] {
  const data = args.values.get('data');
  const scenario = args.values.get('scenario');
  if ((data === undefined) === (scenario === undefined)) throw new UsageError(`give exactly one of --data or --scenario\n${BACKTEST_USAGE}`);
  if (scenario !== undefined) {
    return scenario.split(',').map((raw): PathSource => {
      const name = raw.trim();
      if (name === 'ac') return { kind: 'ac', params: acWorldOption(args) };
      if (!isPresetName(name) && !existsSync(name)) throw new UsageError(`--scenario: "${name}" is neither a preset (${PRESET_NAMES.join(', ')}) nor a file`);
      return { kind: 'scenario', name };
    });
  }
  return data!.split(',').map((day) => {
    const files = day.split('+').map((f) => f.trim()).filter((f) => f.length > 0);
    if (files.length === 0) throw new UsageError('--data: an empty day in the list');
    for (const f of files) if (!existsSync(f)) throw new UsageError(`--data: no such file ${f}`);
    return { kind: 'data', files };
  });
}

function parseRate(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const pct = raw.trim().endsWith('%');
  const v = Number(pct ? raw.trim().slice(0, -1) : raw);
  if (raw.trim() === '' || !Number.isFinite(v)) throw new UsageError(`--pov-rate must be a number (0.1 or 10%), got "${raw}"`);
  const rate = pct ? v / 100 : v;
  if (!(rate > 0 && rate <= 1)) throw new UsageError(`--pov-rate ${raw} must be in (0, 1] (0 % .. 100 %)`);
  return rate;
}

function parseStarts(raw: string | undefined): number[] | undefined {
  if (raw === undefined) return undefined;
  return raw.split(',').map((x) => {
    const v = Number(x);
    if (x.trim() === '' || !Number.isFinite(v) || v < 0) throw new UsageError(`--start must be seconds ≥ 0 (a list is allowed), got "${x}"`);
    return v;
  });
}

/** Builds the backtest config from the command line; throws UsageError naming the option and its limit. */
export function backtestConfigFromArgs(args: ParsedArgs): BacktestConfig {
  const sources = parseSources(args);
  const side = args.values.get('side');
  if (side === undefined) throw new UsageError('--side is required (buy or sell)');
  if (side !== 'buy' && side !== 'sell') throw new UsageError(`--side must be buy or sell, got "${side}"`);
  let input: BacktestConfigInput = {
    // A plain `agent` is the shipped model (agent:DIR names any other folder).
    strategies: (args.values.get('strategies') ?? 'twap,vwap,pov,ac,is').split(',').map((s) => s.trim()).filter((s) => s.length > 0)
      .map((s) => (s.toLowerCase() === 'agent' ? `agent:${defaultAgentModelDir()}` : s)),
    sources,
    seeds: parseSeeds(args.values.get('seeds') ?? '1'),
    side,
    quantity: numberOption(args, 'qty', 0, true, 'parent quantity', true)!,
    horizonSec: numberOption(args, 'horizon', 0, true, 'order duration in seconds', true)!,
    startSec: parseStarts(args.values.get('start')),
    baseline: args.values.get('baseline'),
    params: {
      slices: intOption(args, 'slices', 1, 1000) ?? DEFAULT_PARAMS.slices,
      povRate: parseRate(args.values.get('pov-rate')) ?? DEFAULT_PARAMS.povRate,
      urgency: numberOption(args, 'urgency', 0, false, 'Almgren-Chriss urgency κT', false) ?? DEFAULT_PARAMS.urgency,
    },
    impact: !args.flags.has('no-impact'),
    bootstrapResamples: intOption(args, 'resamples', 100, 100_000),
  };
  const curve = volumeCurveOption(args.values.get('volume-curve'), input.horizonSec, input.params!.slices!);
  if (curve.volumeCurve) input = { ...input, params: { ...input.params, ...curve } };
  try {
    return normalizeConfig(input);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    const field = /^(\w+):/.exec(e.message)?.[1];
    const option = field !== undefined ? OPTION_OF[field] : undefined;
    throw new UsageError(option ? `${option}: ${e.message.slice(field!.length + 1).trim()}` : e.message);
  }
}

function progressLine(p: PoolProgress): string {
  const eta = p.etaSec === null || p.done === p.total ? '' : `, ~${p.etaSec < 10 ? p.etaSec.toFixed(1) : Math.round(p.etaSec)} s left`;
  return `backtest: ${p.done}/${p.total} runs (${Math.round(p.fraction * 100)} %), ${p.ordersPerSec.toFixed(1)} orders/s${eta}`;
}

/**
 * Runs `slipstream backtest`; resolves the exit status (0 ok, 130 cancelled by `signal` or
 * Ctrl-C). Usage errors throw `UsageError` naming the option and its limit (exit 2 in `main`);
 * data and store errors throw an Error naming the file (exit 1). Progress lines go to `err`.
 */
export async function backtestCommand(
  argv: readonly string[], out: (s: string) => void, err: (s: string) => void = (s) => process.stderr.write(`${s}\n`),
  opts: { signal?: AbortSignal } = {},
): Promise<number> {
  const args = parseArgs(argv, ['ac-params', ...Object.keys(AC_FLAGS), 'data', 'scenario', 'strategies', 'seeds', 'side', 'qty', 'horizon', 'start', 'baseline', 'slices', 'pov-rate', 'urgency', 'resamples', 'db', 'out', 'workers', 'volume-curve'], ['json', 'help', 'no-impact']);
  if (args.flags.has('help')) {
    out(BACKTEST_USAGE);
    return 0;
  }
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"\n${BACKTEST_USAGE}`);
  const config = backtestConfigFromArgs(args);
  const workers = intOption(args, 'workers', 0, availableParallelism()) ?? defaultWorkerCount();
  const db = args.values.get('db');
  const outPath = args.values.get('out');
  const format = outPath === undefined ? null : extname(outPath).toLowerCase() === '.csv' ? 'csv' : extname(outPath).toLowerCase() === '.json' ? 'json' : null;
  if (outPath !== undefined && format === null) throw new UsageError(`--out must end in .csv or .json, got "${outPath}"`);

  const paths = config.sources.length * config.startSec.length * config.seeds.length;
  err(`backtest: ${config.strategies.length} strategies × ${paths} paths = ${config.strategies.length * paths} parent orders (+ ${paths} runs without our orders), ${workers === 0 ? 'in-process' : `${workers} worker${workers > 1 ? 's' : ''}`}`);
  const abort = new AbortController();
  const onSigint = () => abort.abort();
  process.once('SIGINT', onSigint);
  opts.signal?.addEventListener('abort', onSigint);
  if (opts.signal?.aborted) abort.abort();
  let result: BacktestResult;
  try {
    result = await runBacktest(config, { workers, signal: abort.signal, onProgress: (p) => err(progressLine(p)), progressIntervalMs: 1000 });
  } finally {
    process.off('SIGINT', onSigint);
    opts.signal?.removeEventListener('abort', onSigint);
  }
  if (result.pool.note) err(`backtest: ${result.pool.note}`);
  err(`backtest: ${result.status} in ${(result.elapsedMs / 1000).toFixed(1)} s, ${result.ordersPerSec.toFixed(1)} parent orders/s`);

  let runId: string | null = null;
  if (db !== undefined || outPath !== undefined) {
    const store = await RunStore.open(db ?? ':memory:');
    try {
      runId = await store.saveRun(toRunRecord(result));
      if (outPath !== undefined) await store.exportRun(runId, format!, outPath);
    } finally {
      store.close();
    }
  }
  const cancelled = result.status === 'cancelled';
  if (args.flags.has('json')) {
    out(JSON.stringify({
      runId: db !== undefined ? runId : null, status: result.status, config: result.config, dataHash: result.dataHash, engineVersion: result.engineVersion,
      modelVersion: result.modelVersion, table: result.table, comparison: result.comparison, paths: result.paths, pathCheck: result.pathCheck,
      fills: fillSummaries(result.config.strategies, result.outcomes), vwapSchedule: vwapScheduleNote(result.outcomes),
      db: db ?? null, out: outPath ?? null, elapsedMs: result.elapsedMs, ordersPerSec: result.ordersPerSec,
      cpuMs: result.cpuMs ?? null, ordersPerCpuSec: result.ordersPerCpuSec ?? null, pool: result.pool,
    }));
    return cancelled ? 130 : 0;
  }
  const c = result.config;
  out(`${c.side} ${c.quantity.toLocaleString('en-US')} over ${c.horizonSec} s; ${result.paths.length} paths; baseline ${c.baseline}; bps, positive = cost; [95 % bootstrap CI]`);
  const fills = fillSummaries(c.strategies, result.outcomes);
  out(result.table ? formatHeadlineTable(withFillRow(result.table, fills)) : 'no complete path: no comparison');
  if (result.pathCheck?.note) out(`note: ${result.pathCheck.note}`);
  const vwapNote = vwapScheduleNote(result.outcomes);
  if (vwapNote) out(`note: ${vwapNote}`);
  const partial = fills.filter((f) => f.partiallyFilled > 0);
  if (partial.length > 0) {
    out(`note: partially filled parents — ${partial.map((f) => `${f.strategy} ${f.partiallyFilled} of ${f.parents} (mean fill ${(100 * f.meanFillRate).toFixed(1)} %)`).join(', ')}; the unfilled rest is counted in IS as opportunity cost, marked at the mid 100 ms after the horizon against arrival`);
  }
  if (db !== undefined) out(`stored run ${runId} in ${db}`);
  if (outPath !== undefined) out(`wrote ${result.outcomes.length} parent orders to ${outPath}`);
  if (cancelled) err('backtest: cancelled; the table covers the paths completed before the cancel');
  return cancelled ? 130 : 0;
}

/** The headline table with a "Filled (%)" row: mean fill rate, and "k partial" where parents were left partly unfilled. */
function withFillRow(t: HeadlineTable, fills: readonly FillSummary[]): HeadlineTable {
  const byName = new Map(fills.map((f) => [f.strategy as string, f]));
  const cells = t.columns.map((c) => {
    const f = byName.get(c);
    if (!f || f.parents === 0) return 'n/a';
    return `${(100 * f.meanFillRate).toFixed(1)}${f.partiallyFilled > 0 ? ` (${f.partiallyFilled} partial)` : ''}`;
  });
  return { columns: t.columns, rows: [...t.rows, { metric: 'Filled (%)', cells, values: t.columns.map((c) => byName.get(c)?.meanFillRate ?? null) }] };
}

/** Bin widths (s) a bars curve may use: whole minutes that divide the day. */
const BAR_BINS_SEC = [60, 120, 180, 240, 300, 360, 480, 600, 720, 900, 1200, 1800];

/**
 * The bin of a bars curve at the horizon's resolution: the widest whole-minute bin that divides
 * the day and is at most a slice (horizon / slices), at least one minute (the bars' own step).
 */
export function barsBinSec(horizonSec: number, slices: number): number {
  const slice = horizonSec / slices;
  let best = BAR_BINS_SEC[0]!;
  for (const b of BAR_BINS_SEC) if (b <= slice) best = b;
  return best;
}

/**
 * VWAP's curve from historical bars: their volume summed by time of day over every day in the
 * file, in bins of `barsBinSec` (so a 10-minute order in 10 slices follows the minute-by-minute
 * profile, not a flat half hour), on the bars' own clock (which should match the paths'). Errors
 * name the file and line (the bars reader's).
 */
function volumeCurveOption(file: string | undefined, horizonSec: number, slices: number): { volumeCurve?: VolumeCurve } {
  if (file === undefined) return {};
  const { reader } = openReader([file], { format: 'bars' });
  const bars: Array<{ tsNs: number; size: number }> = [];
  try {
    for (let ev = reader.next(); ev; ev = reader.next()) if (ev.kind === EventKind.Bar) bars.push({ tsNs: ev.tsNs, size: ev.size });
  } finally {
    reader.close();
  }
  if (bars.length === 0) throw new UsageError(`--volume-curve ${file}: no bars in the file`);
  return { volumeCurve: volumeCurveFromBars(bars, { binNs: barsBinSec(horizonSec, slices) * 1e9 }) };
}
