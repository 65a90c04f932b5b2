import { actionCount, childQuote, childSize, decodeContinuous, decodeDiscrete, type DecodedAction } from '../../learning/env/actions.js';
import type { EnvConfig } from '../../learning/env/env-config.js';
import { checkSignalModelFolder, type SignalSlotSource } from '../../learning/env/env-signal.js';
import { OBS_DIM, OBS_NAMES, realisedVolBps, writeObservation } from '../../learning/env/observation.js';
import { ParentExecutor, type ExecutorOptions } from '../algorithms/parent-executor.js';
import type { ExecutionContext } from '../execution-context.js';
import type { ParentOrderSpec } from '../parent-order.js';
import { actionLabel, compact, type AgentExplanations, type DecisionExplanation } from './agent-explanation.js';
import { AgentModelMismatch, checkAgentModel, type AgentPolicy } from './agent-policy.js';
import { countTrade, type AgentWarmup, type FlowCount, type TradePull } from './agent-warmup.js';

/** Options of the agent strategy. `warmup`: what the env sees before decision 0 (see `AgentWarmup`); without it the first observation has no past mids and counts trades from construction. */
export interface AgentOptions extends ExecutorOptions {
  readonly policy: AgentPolicy;
  readonly warmup?: AgentWarmup;
  /** Trades to pull at each decision where the path has no push tape (a venue's lagged market view); with a warm-up, the same source as the warm-up's. */
  readonly trades?: TradePull;
  /** The model's `env.signalModel` running on this market (required exactly when the model names one; e.g. `EnvSignal` on a replayed day). */
  readonly signal?: SignalSlotSource;
}

type Explained = { -readonly [K in keyof DecisionExplanation]: DecisionExplanation[K] };

/**
 * A learned policy as a parent-order strategy, acting like the execution environment it was
 * trained in (`main/learning/env/execution-env.ts`): N = the model's `decisions`, Δ = horizon / N;
 * at t0 + k·Δ (k < N) it builds the SAME observation (`writeObservation`: the context's book,
 * the tape's trades since the previous decision, realised volatility of the decision-time mids,
 * our queue position where the venue reports it through the context, else 1), calls the policy,
 * decodes the action with the env's grid and sizes / prices the child with the env's rules
 * (`childSize`, `childQuote`). A working child is kept (shrunk by a replace) when `keepQueue`
 * allows, else cancelled and the child is sent once the cancel has settled (sizes are never
 * computed while a cancel is in flight). At the end: cancel, settle, and with the env's
 * `terminal: 'liquidate'` an IOC cross for the rest. Every decision is explained
 * (`explanations`).
 *
 * Invariants: acts through `ExecutionContext` only (no venue state, no look-ahead); at most one
 * child works at a time, each ≤ `capacity()` (never overfills); deterministic: the policy is a
 * pure function and every decision runs at a timer of the context, so the same seed gives the
 * same children and explanations. A model that does not fit the env throws `AgentModelMismatch`
 * at construction, naming the field.
 */
export class AgentExecutor extends ParentExecutor {
  readonly env: EnvConfig;
  readonly deltaNs: number;
  private readonly policy: AgentPolicy;
  private readonly warmup: AgentWarmup | null;
  private readonly obs = new Float32Array(OBS_DIM);
  private readonly mids: number[] = [];
  private flow: FlowCount = { total: 0, buy: 0, sell: 0 };
  private readonly decided: Explained[] = [];
  private readonly labels: string[];
  private readonly pull: TradePull | null;
  private readonly signal: SignalSlotSource | null;
  /** Wall time spent in the policy's forward passes, ms (measurement only; never read by a decision). */
  policyMs = 0;

  constructor(ctx: ExecutionContext, spec: ParentOrderSpec, opts: AgentOptions) {
    super(ctx, spec, opts);
    this.env = checkAgentModel(opts.policy.model);
    this.policy = opts.policy;
    this.warmup = opts.warmup ?? null;
    this.pull = opts.trades ?? null;
    this.signal = checkAgentSignal(this.env.signalModel, opts.signal);
    this.deltaNs = Math.round((spec.endNs - spec.startNs) / this.env.decisions);
    if (!(this.deltaNs >= 1)) throw new RangeError(`agent: horizon / decisions (${this.env.decisions}) must be ≥ 1 ns`);
    opts.tape?.onTrade((_t, _p, size, aggressor) => countTrade(this.flow, size, aggressor));
    const a = this.env.actions;
    this.labels = this.env.actionSpace === 'discrete' ? Array.from({ length: actionCount(a) }, (_, i) => { const d = decodeDiscrete(i, a); return actionLabel(d.fraction, d.aggression); }) : [];
  }

  /** Every decision so far with the observation, the action and the policy's numbers. */
  get explanations(): AgentExplanations {
    return { featureNames: OBS_NAMES, actionLabels: this.labels, decisions: this.decided };
  }

  protected override onStart(): void {
    if (this.warmup !== null) {
      this.mids.push(...this.warmup.mids());
      this.flow = this.warmup.takeFlow();
    }
    this.decide(0);
  }

  protected override armTimers(): void {
    for (let k = 1; k < this.env.decisions; k++) this.at(this.spec.startNs + k * this.deltaNs, () => this.decide(k));
  }

  protected override onEnd(): void {
    this.settle(() => {
      const left = Math.min(this.parent.leaves, this.capacity());
      const q = this.env.reward.terminal === 'liquidate' && left > 0 ? childQuote(this.spec.side, 'cross', this.ctx.book, this.tickUnits, this.env.actions.crossLimitBps) : null;
      if (q !== null) this.parent.place({ side: this.spec.side, type: q.type, tif: q.tif, size: left, priceUnits: q.priceUnits });
      this.settle(() => this.end());
    });
  }

  private decide(k: number): void {
    if (this.state !== 'working' || this.parent.complete) return;
    this.observe(k);
    const t = performance.now();
    const out = this.policy.act(this.obs);
    this.policyMs += performance.now() - t;
    const dec = this.decode(out.action);
    const ex: Explained = {
      decision: k, tNs: this.ctx.now(), obs: Array.from(this.obs, compact),
      action: typeof out.action === 'number' ? out.action : Array.from(out.action, compact),
      ...(out.probs ? { probs: Array.from(out.probs, compact) } : {}),
      ...(out.qValues ? { qValues: Array.from(out.qValues, compact) } : {}),
      fraction: dec.fraction, aggression: dec.aggression, childOrderId: null, size: 0, priceUnits: null,
    };
    this.decided.push(ex);
    const w = this.parent.working()[0];
    if (w !== undefined) {
      const a = this.env.actions;
      const size = childSize(dec, this.parent.leaves, this.env.decisions - k, a);
      const quote = size > 0 ? childQuote(this.spec.side, dec.aggression, this.ctx.book, this.tickUnits, a.crossLimitBps) : null;
      const id = w.order.clientOrderId;
      if (a.keepQueue && quote !== null && quote.tif === 'day' && w.order.tif === 'day' && w.priceUnits === quote.priceUnits && size <= w.leaves) {
        if (size < w.leaves) this.ctx.replace(id, quote.priceUnits, w.filled + size);
        ex.childOrderId = id;
        ex.size = size;
        ex.priceUnits = quote.priceUnits;
        ex.note = 'kept the working child (queue priority)';
        return;
      }
      // Cancel and send once the cancel has settled (sizes from final fills).
      this.settle(() => this.send(dec, k, ex));
      return;
    }
    this.send(dec, k, ex);
  }

  private send(dec: DecodedAction, k: number, ex: Explained): void {
    if (this.state !== 'working') return;
    const a = this.env.actions;
    const size = Math.min(childSize(dec, this.parent.leaves, this.env.decisions - k, a), this.capacity());
    if (size <= 0) return;
    const quote = childQuote(this.spec.side, dec.aggression, this.ctx.book, this.tickUnits, a.crossLimitBps);
    if (quote === null) {
      ex.note = `no ${dec.aggression} price: the book side to price from is empty`;
      return;
    }
    const id = this.parent.place({ side: this.spec.side, type: quote.type, tif: quote.tif, size, priceUnits: quote.priceUnits });
    if (id === null) {
      ex.note = this.parent.refusals.at(-1) ?? 'refused';
      return;
    }
    ex.childOrderId = id;
    ex.size = size;
    ex.priceUnits = quote.priceUnits;
  }

  /** The env's `observe`: decision-time mid and the interval's trades, then `writeObservation`. */
  private observe(k: number): void {
    const c = this.env;
    const n = c.decisions;
    const q = this.spec.quantity;
    this.mids.push(this.ctx.book.mid());
    // Decision 0: the warm-up's last interval (it drained the pull source up to now), or what came since construction.
    const f = k === 0 ? (this.warmup === null ? this.takeFlow() : this.flow) : this.takeFlow();
    if (k === 0) this.flow = { total: 0, buy: 0, sell: 0 };
    const w = this.parent.working()[0];
    const queue = w !== undefined ? this.ctx.queuePosition?.(w.order.clientOrderId) : undefined;
    writeObservation(this.obs, 0, {
      side: this.spec.side,
      timeLeft: (n - k) / n,
      inventoryLeft: this.parent.leaves / q,
      book: this.ctx.book,
      tickUnits: this.tickUnits,
      volatilityBps: realisedVolBps(this.mids, c.volWindow),
      volumeRatio: f.total / (q / n),
      buyVolume: f.buy,
      sellVolume: f.sell,
      totalVolume: f.total,
      queuePosition: queue ?? 1,
      ...(this.signal !== null ? { signals: this.signal.slots(this.spec.side, this.ctx.now()) } : {}),
    }, c.scales);
  }

  private takeFlow(): FlowCount {
    if (this.pull !== null) for (const t of this.pull.takeTrades()) countTrade(this.flow, t.size, t.aggressor);
    const f = this.flow;
    this.flow = { total: 0, buy: 0, sell: 0 };
    return f;
  }

  private decode(action: number | ArrayLike<number>): DecodedAction {
    if (this.env.actionSpace === 'discrete') {
      if (typeof action !== 'number') throw new RangeError('agent: a discrete model must return an integer action');
      return decodeDiscrete(action, this.env.actions);
    }
    if (typeof action === 'number') throw new RangeError('agent: a continuous model must return [fraction, aggressiveness]');
    return decodeContinuous(action, this.env.actions);
  }
}

/**
 * The signal an agent acts with: the one its model was trained with (`env.signalModel`) or none.
 * Refuses a named signal whose folder is missing or that was not given, a different one, and a
 * signal for a model trained without (its slots were 0 in training).
 */
function checkAgentSignal(named: string | undefined, given: SignalSlotSource | undefined): SignalSlotSource | null {
  if (named === undefined) {
    if (given !== undefined) throw new AgentModelMismatch('env.signalModel', `the model was trained without a signal, a signal (${given.dir}) was given`);
    return null;
  }
  try {
    checkSignalModelFolder(named);
  } catch (e) {
    throw new AgentModelMismatch('env.signalModel', `the model was trained with the signal model ${named}: ${(e as Error).message}`);
  }
  if (given === undefined) throw new AgentModelMismatch('env.signalModel', `the model was trained with the signal model ${named}; load it for this market (EnvSignal.load) and pass it as the strategy's signal`);
  if (given.dir !== named) throw new AgentModelMismatch('env.signalModel', `the model was trained with ${named}, the signal given is ${given.dir}`);
  return given;
}
