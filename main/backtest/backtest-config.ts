import { Rng } from '../kernel/rng.js';
import { parseACWorldParams, type ACWorldParams } from '../market/ac-world/ac-world-params.js';
import { ALGORITHM_NAMES, checkVolumeCurve, type AlgorithmName, type VolumeCurve } from '../execution/algorithms/index.js';

/**
 * Where a backtest path comes from. `scenario`: a preset name (`calm`, …) or a JSON scenario file
 * of the agent-based market, run from each seed. `data`: one recorded day (the files of ONE
 * replay: e.g. a LOBSTER message file, its orderbook file found beside it), replayed through a
 * `ReplayVenue`. `ac`: the Almgren-Chriss world (`market/ac-world/ac-venue.ts`) with these
 * parameters, run from each seed. Invariant: `name` non-empty; `files` non-empty; `params` valid
 * (`parseACWorldParams`).
 */
export type PathSource =
  | { readonly kind: 'scenario'; readonly name: string }
  | { readonly kind: 'data'; readonly files: readonly string[] }
  | { readonly kind: 'ac'; readonly params: ACWorldParams };

/**
 * Parameters of the baseline algorithms that the backtest sets for every path (see
 * `algorithmFor` for how each strategy uses them). Invariants: `slices` an integer in [1, 1000];
 * `povRate` in (0, 1]; `urgency` (κT of Almgren-Chriss) finite and in [0, 20].
 */
export interface StrategyParams {
  /** Slices of TWAP, VWAP, Almgren-Chriss and adaptive shortfall (default 10). */
  readonly slices: number;
  /** POV target participation (default 0.10 = 10 %). */
  readonly povRate: number;
  /** Almgren-Chriss urgency κT (default 2): λ is chosen so that κ·horizon = urgency on each path. */
  readonly urgency: number;
  /** Submit-and-leave's limit: bps from the mid at the order's start (+ = more aggressive), on the tick grid; absent = it has no price and cannot run. */
  readonly limitOffsetBps?: number;
  /**
   * VWAP's volume curve by time of day (edges in ns since midnight of the paths' clock), e.g. from
   * historical bars (`volumeCurveFromBars`); absent = the stylized U-shaped `INTRADAY_VOLUME_PCT`.
   */
  readonly volumeCurve?: VolumeCurve;
}

/**
 * A backtest: every strategy × path (source × start time) × seed. The SAME seeded path is run
 * for every strategy and once without our orders. Invariants (checked by `normalizeConfig`, each
 * error names the field and its limit): `strategies` non-empty, canonical algorithm names, no
 * repeats, `baseline` among them; `sources` non-empty; `seeds` non-empty distinct safe integers
 * ≥ 0; `quantity` > 0 (decimal, the instrument's size unit, e.g. shares); `horizonSec` > 0;
 * `startSec` non-empty, each ≥ 0 (seconds after the path's first event / the session open);
 * `bootstrapResamples` an integer in [100, 100 000]. `startDrawn` (no start given): on recorded
 * days every seed draws its own start across the day (`drawStartSec`), so seeds are different
 * paths; scenarios then start at `startSec` = [DEFAULT_START_SEC] (their seed makes the path).
 */
export interface BacktestConfig {
  readonly strategies: readonly StrategyName[];
  readonly sources: readonly PathSource[];
  readonly seeds: readonly number[];
  readonly side: 'buy' | 'sell';
  readonly quantity: number;
  readonly horizonSec: number;
  readonly startSec: readonly number[];
  /** True when no start was given: recorded days draw each seed's start across the day. */
  readonly startDrawn: boolean;
  readonly baseline: StrategyName;
  readonly params: StrategyParams;
  /** The model folder of the `agent` strategy (present exactly when `agent` is among the strategies). */
  readonly agentModel?: string;
  /** The model folder of each `agent:<name>` strategy (several agents compared in one run); absent otherwise. */
  readonly agentModels?: Readonly<Record<string, string>>;
  /** Replayed days: our trades move the replayed prices through a propagator calibrated on the day (default true). */
  readonly impact: boolean;
  /** Seed of every bootstrap of the comparison (default 1). */
  readonly bootstrapSeed: number;
  readonly bootstrapResamples: number;
}

/** A config as a caller writes it: everything but strategies, sources, seeds, side, quantity and horizon has a default. */
export type BacktestConfigInput = Pick<BacktestConfig, 'sources' | 'seeds' | 'side' | 'quantity' | 'horizonSec'> & {
  readonly strategies: readonly string[];
  readonly startSec?: number | readonly number[];
  /** Default: true exactly when `startSec` is absent (a normalized config passes its own value through). */
  readonly startDrawn?: boolean;
  readonly baseline?: string;
  readonly params?: Partial<StrategyParams>;
  readonly impact?: boolean;
  readonly bootstrapSeed?: number;
  readonly bootstrapResamples?: number;
  /** The model folder of a plain `agent` strategy (`agent:DIR` in `strategies` sets it too). */
  readonly agentModel?: string;
  /** Names of agents by model folder, used when several agents run (`agent:DIR` ⇒ `agent:<name>`); default: the folder's base name. */
  readonly agentNames?: Readonly<Record<string, string>>;
  /** A normalized config's `agent:<name>` folders: passed through, so normalizing a normalized config changes nothing. */
  readonly agentModels?: Readonly<Record<string, string>>;
};

/**
 * A strategy of a backtest: a baseline algorithm, or `agent` — a learned policy from the model
 * folder `BacktestConfig.agentModel` (written `agent:DIR` in a strategy list).
 */
export type StrategyName = AlgorithmName | AgentStrategyName;

/** An agent strategy: `agent`, or `agent:<name>` when several agents (models) are compared in one run. */
export type AgentStrategyName = 'agent' | `agent:${string}`;

/** Whether a (normalized) strategy is a learned agent. */
export function isAgentStrategy(s: StrategyName | null): s is AgentStrategyName {
  return s !== null && (s === 'agent' || s.startsWith('agent:'));
}

/** The model folder an agent strategy of a normalized config runs (undefined for the baselines). */
export function agentModelFor(config: Pick<BacktestConfig, 'agentModel' | 'agentModels'>, s: StrategyName): string | undefined {
  if (s === 'agent') return config.agentModel;
  return isAgentStrategy(s) ? config.agentModels?.[s] : undefined;
}

/** Short names accepted for strategies: `ac` = almgren-chriss, `is` = adaptive-shortfall. */
export const STRATEGY_ALIASES: Readonly<Record<string, AlgorithmName>> = { ac: 'almgren-chriss', is: 'adaptive-shortfall' };

/** Defaults of `StrategyParams`. */
export const DEFAULT_PARAMS: StrategyParams = { slices: 10, povRate: 0.1, urgency: 2 };

/** Default start of the order, seconds after the path's start: leaves a look-back window to estimate volatility. */
export const DEFAULT_START_SEC = 30;

/** A strategy name or alias as its canonical name (`agent:DIR` ⇒ `agent`); throws a RangeError listing the choices. */
export function canonicalStrategy(name: string): StrategyName {
  if (agentModelOf(name) !== null) return 'agent';
  const n = name.trim().toLowerCase();
  if (n === 'agent') return 'agent';
  const c = STRATEGY_ALIASES[n] ?? n;
  if (!(ALGORITHM_NAMES as readonly string[]).includes(c)) {
    throw new RangeError(`strategies: unknown strategy "${name}" (choose from ${[...ALGORITHM_NAMES, ...Object.keys(STRATEGY_ALIASES), 'agent', 'agent:DIR'].join(', ')})`);
  }
  return c as AlgorithmName;
}

/** The model folder of `agent:DIR` (trimmed; the folder name keeps its case), or null for any other name. */
export function agentModelOf(name: string): string | null {
  const m = /^\s*agent:(.+)$/i.exec(name);
  return m ? m[1]!.trim() : null;
}

/** Validates and completes a config; every RangeError names the field and its limit. */
export function normalizeConfig(input: BacktestConfigInput): BacktestConfig {
  const named = namedAgents(input);
  const strategies: StrategyName[] = named ? named.strategies : input.strategies.map(canonicalStrategy);
  if (strategies.length === 0) throw new RangeError('strategies: at least one strategy is needed');
  const dirs = [...new Set(input.strategies.map(agentModelOf).filter((d): d is string => d !== null))];
  const agentModel = named ? undefined : (dirs[0] ?? input.agentModel);
  if (strategies.includes('agent') && !agentModel) throw new RangeError('strategies: agent needs a model folder (agent:DIR)');
  const dup = strategies.find((s, i) => strategies.indexOf(s) !== i);
  if (dup) throw new RangeError(`strategies: "${dup}" appears twice`);
  const baseline = input.baseline !== undefined ? baselineOf(input.baseline, strategies, named?.models) : strategies.includes('twap') ? 'twap' : strategies[0]!;
  if (!strategies.includes(baseline)) throw new RangeError(`baseline: "${baseline}" is not among the strategies (${strategies.join(', ')})`);
  if (input.sources.length === 0) throw new RangeError('sources: at least one scenario or data day is needed');
  for (const s of input.sources) {
    if (s.kind === 'scenario' && s.name.length === 0) throw new RangeError('sources: a scenario name must be non-empty');
    if (s.kind === 'data' && s.files.length === 0) throw new RangeError('sources: a data day needs at least one file');
    if (s.kind === 'ac') parseACWorldParams(s.params, 'sources: ac');
  }
  if (input.seeds.length === 0) throw new RangeError('seeds: at least one seed is needed');
  const seedSet = new Set<number>();
  for (const s of input.seeds) {
    if (!Number.isSafeInteger(s) || s < 0) throw new RangeError(`seeds: ${s} must be an integer ≥ 0`);
    if (seedSet.has(s)) throw new RangeError(`seeds: ${s} appears twice`);
    seedSet.add(s);
  }
  if (input.side !== 'buy' && input.side !== 'sell') throw new RangeError(`side: must be buy or sell, got ${String(input.side)}`);
  if (!(Number.isFinite(input.quantity) && input.quantity > 0)) throw new RangeError(`quantity: ${input.quantity} must be a number > 0`);
  if (!(Number.isFinite(input.horizonSec) && input.horizonSec > 0 && input.horizonSec <= 7 * 86_400)) throw new RangeError(`horizonSec: ${input.horizonSec} must be in (0, 604800] seconds`);
  const starts = input.startSec === undefined ? [DEFAULT_START_SEC] : typeof input.startSec === 'number' ? [input.startSec] : [...input.startSec];
  if (starts.length === 0) throw new RangeError('startSec: at least one start time is needed');
  for (const s of starts) if (!(Number.isFinite(s) && s >= 0)) throw new RangeError(`startSec: ${s} must be a number ≥ 0 (seconds after the path's start)`);
  if (new Set(starts).size !== starts.length) throw new RangeError('startSec: a start time appears twice');
  const p = { ...DEFAULT_PARAMS, ...input.params };
  if (!Number.isInteger(p.slices) || p.slices < 1 || p.slices > 1000) throw new RangeError(`slices: ${p.slices} must be an integer in [1, 1000]`);
  if (!(Number.isFinite(p.povRate) && p.povRate > 0 && p.povRate <= 1)) throw new RangeError(`povRate: ${p.povRate} must be in (0, 1]`);
  if (!(Number.isFinite(p.urgency) && p.urgency >= 0 && p.urgency <= 20)) throw new RangeError(`urgency: ${p.urgency} must be in [0, 20]`);
  if (p.limitOffsetBps !== undefined && !(Number.isFinite(p.limitOffsetBps) && Math.abs(p.limitOffsetBps) <= 1000)) throw new RangeError(`limitOffsetBps: ${p.limitOffsetBps} must be in [-1000, 1000]`);
  const resamples = input.bootstrapResamples ?? 2000;
  if (!Number.isInteger(resamples) || resamples < 100 || resamples > 100_000) throw new RangeError(`bootstrapResamples: ${resamples} must be an integer in [100, 100000]`);
  const bootstrapSeed = input.bootstrapSeed ?? 1;
  if (!Number.isSafeInteger(bootstrapSeed)) throw new RangeError(`bootstrapSeed: ${bootstrapSeed} must be a safe integer`);
  return {
    strategies, sources: input.sources.map((s): PathSource => (s.kind === 'scenario' ? { kind: 'scenario', name: s.name } : s.kind === 'ac' ? { kind: 'ac', params: parseACWorldParams(s.params) } : { kind: 'data', files: [...s.files] })),
    seeds: [...input.seeds], side: input.side, quantity: input.quantity, horizonSec: input.horizonSec, startSec: starts, startDrawn: input.startDrawn ?? input.startSec === undefined, baseline,
    params: { slices: p.slices, povRate: p.povRate, urgency: p.urgency, ...(p.limitOffsetBps !== undefined ? { limitOffsetBps: p.limitOffsetBps } : {}), ...(p.volumeCurve ? { volumeCurve: checkedCurve(p.volumeCurve) } : {}) }, impact: input.impact ?? true, bootstrapSeed, bootstrapResamples: resamples,
    ...(strategies.includes('agent') ? { agentModel: agentModel! } : {}),
    ...(named ? { agentModels: named.models } : {}),
  };
}

/** The baseline as written: a strategy of the list as it is (`agent:<name>` of a normalized config), an `agent:DIR` of one of several agents, or a canonical name. */
function baselineOf(b: string, strategies: readonly StrategyName[], models: Readonly<Record<string, string>> | undefined): StrategyName {
  const t = b.trim();
  if ((strategies as readonly string[]).includes(t)) return t as StrategyName;
  const dir = agentModelOf(t);
  const id = dir !== null && models ? Object.keys(models).find((k) => models[k] === dir) : undefined;
  return (id as StrategyName | undefined) ?? canonicalStrategy(t);
}

/**
 * Several agents in one run: two or more agent entries (`agent:DIR`, or a plain `agent` = the
 * input's `agentModel`) become `agent:<name>` strategies, named by `agentNames[DIR]` or the
 * folder's base name; null for one agent or none (it stays `agent`). Throws a RangeError naming
 * `strategies` when two entries share a folder or a name.
 */
function namedAgents(input: BacktestConfigInput): { strategies: StrategyName[]; models: Record<string, string> } | null {
  const entries = input.strategies.filter((s) => agentModelOf(s) !== null || s.trim().toLowerCase() === 'agent');
  if (entries.length < 2) return null;
  const models: Record<string, string> = {};
  const seen = new Set<string>();
  const strategies = input.strategies.map((s): StrategyName => {
    const isAgent = agentModelOf(s) !== null || s.trim().toLowerCase() === 'agent';
    if (!isAgent) return canonicalStrategy(s);
    // An already normalized `agent:<name>` keeps its folder and name (a config normalized twice is unchanged).
    const kept = input.agentModels?.[s.trim()];
    const dir = kept ?? agentModelOf(s) ?? input.agentModel;
    if (!dir) throw new RangeError('strategies: agent needs a model folder (agent:DIR)');
    if (seen.has(dir)) throw new RangeError(`strategies: the agent ${dir} appears twice`);
    seen.add(dir);
    const name = (kept !== undefined ? s.trim().slice('agent:'.length) : (input.agentNames?.[dir] ?? dir.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? dir)).trim();
    const id = `agent:${name}` as const;
    if (id in models) throw new RangeError(`strategies: two agents are named "${name}" (${models[id]} and ${dir}); give them different names`);
    models[id] = dir;
    return id;
  });
  return { strategies, models };
}

function checkedCurve(c: VolumeCurve): VolumeCurve {
  try {
    checkVolumeCurve(c);
  } catch (e) {
    throw new RangeError(`volumeCurve: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  return { edgesNs: [...c.edgesNs], volumes: [...c.volumes] };
}

/** A short label of a source: the scenario name, or the first file's base name. */
export function sourceLabel(s: PathSource): string {
  if (s.kind === 'ac') return 'ac-world';
  return s.kind === 'scenario' ? s.name.split(/[\\/]/).pop()! : s.files[0]!.split(/[\\/]/).pop()!;
}

/**
 * The path id of (source, start, seed): `<label>@<start>s/seed<seed>`, or `<label>@drawn/seed<seed>`
 * when the seed draws the start on a recorded day (`#<source index>` is added to the label when
 * two sources share a label). Unique within a backtest; the same id names the same seeded path
 * for every strategy and for the run without our orders.
 */
export function pathIdOf(config: BacktestConfig, sourceIndex: number, startSec: number, seed: number): string {
  const labels = config.sources.map(sourceLabel);
  const label = labels[sourceIndex]!;
  const unique = labels.filter((l) => l === label).length === 1 ? label : `${label}#${sourceIndex}`;
  return startDrawnFor(config, sourceIndex) ? `${unique}@drawn/seed${seed}` : `${unique}@${startSec}s/seed${seed}`;
}

/** Whether the paths of source `sourceIndex` draw their start from the seed (recorded days without a given start). */
export function startDrawnFor(config: BacktestConfig, sourceIndex: number): boolean {
  return config.startDrawn && config.sources[sourceIndex]!.kind === 'data';
}

/**
 * The start of a recorded-day path drawn from its seed, in whole seconds after the path's first
 * event: uniform over [min(look-back, room), room], room = path length − horizon − `tailSec`
 * (the measurement delay, the post-trade window and a margin), so the look-back window, the order
 * and its post-trade window all fit in the day. Same seed, day and horizon ⇒ same start. Throws a
 * RangeError naming `horizonSec` when the day is too short for the order and its tail.
 */
export function drawStartSec(seed: number, pathSec: number, horizonSec: number, lookbackSec: number, tailSec: number, where: string): number {
  const room = Math.floor(pathSec - horizonSec - tailSec);
  if (!(room >= 0)) {
    throw new RangeError(`horizonSec: ${horizonSec} s + ${tailSec} s after the order does not fit in ${where} (${pathSec.toFixed(1)} s long)`);
  }
  const lo = Math.min(Math.ceil(lookbackSec), room);
  return lo + new Rng(seed).fork('backtest-start').int(room - lo + 1);
}
