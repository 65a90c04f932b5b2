import type { AgentExplanations } from '../execution/agent/agent-explanation.js';
import { AgentExecutor } from '../execution/agent/agent-executor.js';
import { agentPolicyFor } from '../execution/agent/agent-policies.js';
import { defaultAgentModelDir } from '../execution/agent/default-agent.js';
import { createExecutor, type TradeFeed } from '../execution/algorithms/index.js';
import type { ExecutionContext } from '../execution/execution-context.js';
import type { ParentOrderSpec } from '../execution/parent-order.js';
import { MarketTwap } from './market-twap.js';

/** The strategies a live parent can be worked with (the Order ticket's names; `slipstream live` says `ac` for almgren-chriss). */
export const LIVE_STRATEGIES = ['twap', 'vwap', 'pov', 'almgren-chriss', 'agent'] as const;
export type LiveStrategyName = (typeof LIVE_STRATEGIES)[number];

/**
 * A strategy and its parameters for a live parent. Invariants (checked by `liveStrategyProblem`):
 * slices ≥ 1; povRate in (0, 1] for pov; the Almgren-Chriss model for almgren-chriss;
 * `agentDir` is a model folder (absent: the shipped `native-models/execution-default`).
 */
export interface LiveStrategy {
  readonly name: LiveStrategyName;
  readonly slices: number;
  readonly povRate?: number;
  readonly ac?: { readonly sigmaUnitsPerSqrtSec: number; readonly etaUnitsPerRate: number };
  readonly agentDir?: string;
}

/** What a started strategy exposes to its supervisor. */
export interface LiveWork {
  /** True once the strategy has ended (its window is over and its last children are done). */
  readonly finished: boolean;
  /** No further child orders (the caller cancels the working ones). */
  stopPlacing(): void;
  /** The learned agent's decisions so far; null for the rule-based strategies. */
  readonly explanations: AgentExplanations | null;
}

/**
 * Why `s` cannot run with the market data at hand, in words naming the field (null when it can):
 * every strategy but TWAP prices its children off the book, so it needs a feed (`md`); POV
 * follows the market's trades, which a recorded day's feed and FIX market data with trades
 * carry (`md`); the
 * Almgren-Chriss schedule needs its model (`ac`).
 */
export function liveStrategyProblem(s: LiveStrategy, feed: { priced: boolean; trades: boolean }): string | null {
  if (!(Number.isInteger(s.slices) && s.slices >= 1)) return `slices: must be a whole number ≥ 1, got ${s.slices}`;
  if (s.name !== 'twap' && !feed.priced) return `md: ${s.name} prices its child orders off the book and needs a market-data feed (fix, file or binance); only twap runs without one (market orders)`;
  if (s.name === 'pov' && !feed.trades) return 'md: pov follows the market\'s trades and needs a feed that carries them: a recorded day (file) or FIX market data from a venue that serves trades (MDEntryType 2, as our paper venue does); Binance depth carries none';
  if (s.name === 'pov' && !(s.povRate !== undefined && s.povRate > 0 && s.povRate <= 1)) return `povRate: must be in (0, 1], got ${s.povRate}`;
  if (s.name === 'almgren-chriss' && !(s.ac && s.ac.sigmaUnitsPerSqrtSec > 0 && s.ac.etaUnitsPerRate > 0)) return 'ac: almgren-chriss needs its model (sigma and eta, both > 0)';
  return null;
}

/**
 * Starts `s` on `ctx` for `spec` (the parent's side, quantity and window). Without prices
 * (`priced` false) TWAP sends market IOCs (`MarketTwap`); otherwise every strategy is the same
 * executor the simulation runs, reading `ctx.book` (the feed's). Throws a RangeError naming the
 * field when `liveStrategyProblem` would (call it first for a clean error).
 */
export function startLiveStrategy(ctx: ExecutionContext, spec: ParentOrderSpec, s: LiveStrategy, opts: { readonly priced: boolean; readonly tape: TradeFeed | null; readonly tag?: string }): LiveWork {
  const problem = liveStrategyProblem(s, { priced: opts.priced, trades: opts.tape !== null });
  if (problem !== null) throw new RangeError(problem);
  const tape = opts.tape ? { tape: opts.tape } : {};
  if (s.name === 'twap' && !opts.priced) {
    const t = new MarketTwap(ctx, spec.side, spec.quantity, spec.endNs - spec.startNs, s.slices, opts.tag);
    // MarketTwap's timers run from now: it starts at the window's start.
    t.start();
    return { get finished() { return t.finished; }, stopPlacing: () => t.finish(), explanations: null };
  }
  if (s.name === 'agent') {
    const a = new AgentExecutor(ctx, spec, { policy: agentPolicyFor(s.agentDir ?? defaultAgentModelDir()), ...tape });
    a.start();
    return { get finished() { return a.finished; }, stopPlacing: () => undefined, get explanations() { return a.explanations; } };
  }
  const exec = createExecutor(ctx, spec,
    s.name === 'pov' ? { name: 'pov', rate: s.povRate! }
    : s.name === 'almgren-chriss' ? { name: 'almgren-chriss', slices: s.slices, model: s.ac! }
    : { name: s.name, slices: s.slices }, tape);
  exec.start();
  return { get finished() { return exec.finished; }, stopPlacing: () => undefined, explanations: null };
}
