import { existsSync } from 'node:fs';
import type { SignalMetrics } from '../signals/metrics.js';
import { MODEL_KINDS, ModelUnavailableError, modelFactory } from '../signals/models/registry.js';
import { choiceOption, intOption, parseArgs, UsageError, type ParsedArgs } from './cli-args.js';

export const SIGNALS_TRAIN_USAGE = `usage: slipstream signals train --model gbdt|lstm|mlp|logreg --horizon H --data DAYS --out DIR
                               [--seed S] [--cv walk-forward|purged-kfold] [--folds K] [--embargo ROWS]
                               [--every K] [--levels N] [--json]

Computes microstructure features of the recorded days (no look-ahead), labels each row with the
direction of the mid H book events later (up, down, flat), measures the model out of sample by
walk-forward validation (training rows whose label window overlaps the test fold are purged), then
fits it on every row and saves it in DIR with manifest.json (kind, features, horizon, data hash,
metrics, seed).
  --model    logreg (the baseline), gbdt (histogram gradient boosting), mlp or lstm (TensorFlow.js)
  --horizon  label horizon in book events (integer ≥ 1)
  --data     recorded days, comma-separated; join the files of one day with "+" (a LOBSTER
             message file finds its orderbook file beside it), as in backtest
  --out      folder to save the model in (created when missing)
  --seed     seed of the model's training (default 1)
  --cv       walk-forward (default: train on the rows before each test fold) or purged-kfold
             (train on both sides of it)
  --folds    test folds (default 4)
  --embargo  rows right after each test fold left out of training besides purging (default 0;
             only purged-kfold trains on rows after a test fold)
  --every    a feature row every K book events (default 10)
  --levels   book levels for imbalance and depth (default 5)
  --json     print {kind, horizon, rows, folds, metrics, out} as JSON
Exit status: 0 ok, 1 data or runtime error, 2 usage error.`;

export const SIGNALS_EVALUATE_USAGE = `usage: slipstream signals evaluate --model DIR --data DAYS [--json]

Scores a saved signal model on recorded days (features rebuilt as it was trained) against the naive
baseline, its training set's majority class. Prints accuracy, macroF1, auc (one-vs-rest), ic (Spearman
of P(up) − P(down) with the realised mid return), n and naive {accuracy, macroF1}.
  --model  folder written by signals train
  --data   recorded days, as in backtest
  --json   print the figures as JSON (an undefined figure is null)
Exit status: 0 ok, 1 data or runtime error, 2 usage error.`;

const USAGE = `usage: slipstream signals <subcommand> [options]

Subcommands:
  train     Fit a direction signal (logreg, gbdt, mlp, lstm). See: slipstream signals train --help
  evaluate  Score a saved signal model on recorded days. See: slipstream signals evaluate --help`;

/** `--data` as backtest reads it: days comma-separated, the files of one day joined with "+". */
export function parseDays(raw: string | undefined): string[][] {
  if (raw === undefined) throw new UsageError('--data is required (recorded days, comma-separated; files of one day joined with "+")');
  return raw.split(',').map((day) => {
    const files = day.split('+').map((f) => f.trim()).filter((f) => f.length > 0);
    if (files.length === 0) throw new UsageError('--data: an empty day in the list');
    for (const f of files) if (!existsSync(f)) throw new UsageError(`--data: no such file ${f}`);
    return files;
  });
}

function required(args: ParsedArgs, name: string, what: string, usage: string): string {
  const v = args.values.get(name);
  if (v === undefined) throw new UsageError(`--${name} is required (${what})\n${usage}`);
  return v;
}

/** Figures as printed: NaN (undefined metric) becomes null in JSON and "n/a" in text. */
function fmt(x: number): string {
  return Number.isFinite(x) ? x.toFixed(4) : 'n/a';
}

function metricsText(m: SignalMetrics): string {
  return `accuracy ${fmt(m.accuracy)}  macroF1 ${fmt(m.macroF1)}  auc ${fmt(m.auc)}  ic ${fmt(m.ic)}  n ${m.n}\n`
    + `naive (training majority class): accuracy ${fmt(m.naive.accuracy)}  macroF1 ${fmt(m.naive.macroF1)}`;
}

const json = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? null : x), 2);

async function trainCommand(argv: readonly string[], out: (s: string) => void): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    out(SIGNALS_TRAIN_USAGE);
    return 0;
  }
  const args = parseArgs(argv, ['model', 'horizon', 'data', 'out', 'seed', 'cv', 'folds', 'embargo', 'every', 'levels'], ['json']);
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"\n${SIGNALS_TRAIN_USAGE}`);
  const kind = choiceOption(args, 'model', MODEL_KINDS);
  if (kind === undefined) throw new UsageError(`--model is required (${MODEL_KINDS.join(', ')})\n${SIGNALS_TRAIN_USAGE}`);
  try {
    await modelFactory(kind);
  } catch (e) {
    if (e instanceof ModelUnavailableError) throw new UsageError(`--model: ${e.message}`);
    throw e;
  }
  required(args, 'horizon', 'label horizon in book events', SIGNALS_TRAIN_USAGE);
  const horizon = intOption(args, 'horizon', 1, 1_000_000)!;
  const days = parseDays(args.values.get('data'));
  const outDir = required(args, 'out', 'the folder to save the model in', SIGNALS_TRAIN_USAGE);
  const { trainSignalModel } = await import('../signals/pipeline.js');
  let r;
  try {
    r = await trainSignalModel({
      kind, days, horizon, outDir,
      seed: intOption(args, 'seed', 0, 2 ** 32 - 1) ?? 1,
      features: { everyEvents: intOption(args, 'every', 1, 1_000_000) ?? 10, levels: intOption(args, 'levels', 1, 50) ?? 5 },
      validation: { mode: choiceOption(args, 'cv', ['walk-forward', 'purged-kfold'] as const) ?? 'walk-forward', folds: intOption(args, 'folds', 1, 100) ?? 4, embargoRows: intOption(args, 'embargo', 0, 1_000_000) ?? 0 },
      progress: (m) => process.stderr.write(`${m}\n`),
    });
  } catch (e) {
    // The pipeline's limits name their field; on the command line that is an option.
    if (e instanceof RangeError && /^(folds|rows):/.test(e.message)) throw new UsageError(`--folds: ${e.message}`);
    throw e;
  }
  const m = r.manifest.metrics!;
  if (args.flags.has('json')) {
    out(json({ kind: r.manifest.kind, horizon, rows: r.rows, folds: r.folds, metrics: m, out: outDir }));
  } else {
    out(`${r.manifest.kind}, horizon ${horizon} book events, ${r.rows} rows, ${r.folds.length} ${r.manifest.validation.mode} folds (out of sample):`);
    out(metricsText(m));
    out(`saved to ${outDir}`);
  }
  return 0;
}

async function evaluateCommand(argv: readonly string[], out: (s: string) => void): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    out(SIGNALS_EVALUATE_USAGE);
    return 0;
  }
  const args = parseArgs(argv, ['model', 'data'], ['json']);
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"\n${SIGNALS_EVALUATE_USAGE}`);
  const dir = required(args, 'model', 'the folder signals train wrote', SIGNALS_EVALUATE_USAGE);
  if (!existsSync(dir)) throw new UsageError(`--model: no such folder ${dir}`);
  const days = parseDays(args.values.get('data'));
  const { evaluateSignalModel } = await import('../signals/pipeline.js');
  const r = await evaluateSignalModel(dir, days);
  if (args.flags.has('json')) {
    out(json({ accuracy: r.accuracy, macroF1: r.macroF1, auc: r.auc, ic: r.ic, n: r.n, naive: r.naive, kind: r.kind, horizon: r.horizon }));
  } else {
    out(`${r.kind}, horizon ${r.horizon} book events:`);
    out(metricsText(r));
  }
  return 0;
}

/** `slipstream signals train|evaluate …`. */
export async function signalsCommand(argv: readonly string[], out: (s: string) => void): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    out(USAGE);
    return sub === undefined ? 2 : 0;
  }
  if (sub === 'train') return trainCommand(rest, out);
  if (sub === 'evaluate') return evaluateCommand(rest, out);
  throw new UsageError(`unknown subcommand "${sub}"\n${USAGE}`);
}
