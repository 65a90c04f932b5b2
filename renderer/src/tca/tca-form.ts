import { readTypedNumber, type TypedNumberRules } from '../format/typed-number.js';
import { BACKTEST_MAX_PATHS, BACKTEST_STRATEGIES, type AgentModelUsed, type BacktestArgs, type BacktestStrategy } from '../../../main/contract/backtest.js';
import { distinctNames } from '../models/model-picker-model.js';

/** The most agent rows (models) one backtest compares (the contract's limit). */
export const MAX_AGENT_ROWS = 4;

/**
 * One `agent` strategy row of the form: the model picker's choice (null = the shipped agent,
 * before the model list is known) and its name. Several rows compare several agents.
 */
export interface TcaAgentRow {
  readonly path: string | null;
  readonly name: string;
}

/** Where the paths come from. */
export type TcaSourceKind = 'scenario' | 'sample';

/** The setup form as typed (numbers stay text so a half-typed value is never coerced). */
export interface TcaFormValues {
  readonly strategies: readonly BacktestStrategy[];
  readonly sourceKind: TcaSourceKind;
  readonly scenario: string;
  readonly durationSec: string;
  readonly sampleId: string;
  readonly seedFrom: string;
  readonly seedTo: string;
  readonly side: 'buy' | 'sell';
  readonly quantity: string;
  /**
   * Real days: 'drawn' = each seed draws its own start across the day (so seeds are different
   * paths; `startSec` is not used), 'fixed' = every path starts at `startSec`. Scenarios always
   * start at `startSec` (their seed makes the path).
   */
  readonly startMode: 'drawn' | 'fixed';
  readonly startSec: string;
  readonly horizonSec: string;
  /** Slices of TWAP, VWAP, Almgren-Chriss and adaptive IS. */
  readonly slices: string;
  /** POV's share of market volume, in % (10 = 10 %). */
  readonly povPct: string;
  /** Almgren-Chriss urgency κT. */
  readonly urgency: string;
  /** Submit & leave's limit, bps from the mid at the start (+ = more aggressive); empty = none. */
  readonly limitOffsetBps: string;
  /** The agent rows (at least one; used when `agent` is among the strategies). */
  readonly agents: readonly TcaAgentRow[];
}

export type TcaField = 'strategies' | 'agents' | 'source' | 'durationSec' | 'seedFrom' | 'seedTo' | 'quantity' | 'startSec' | 'horizonSec' | 'slices' | 'povPct' | 'urgency' | 'limitOffsetBps';

/** Which parameter fields the chosen strategies use (the form shows only those). */
export function paramFields(strategies: readonly BacktestStrategy[]): ('slices' | 'povPct' | 'urgency' | 'limitOffsetBps')[] {
  const out: ('slices' | 'povPct' | 'urgency' | 'limitOffsetBps')[] = [];
  if (strategies.some((s) => s === 'twap' || s === 'vwap' || s === 'almgren-chriss' || s === 'adaptive-shortfall')) out.push('slices');
  if (strategies.includes('pov')) out.push('povPct');
  if (strategies.some((s) => s === 'almgren-chriss' || s === 'adaptive-shortfall')) out.push('urgency');
  if (strategies.includes('submit-and-leave')) out.push('limitOffsetBps');
  return out;
}
export type TcaFormErrors = Partial<Record<TcaField, string>>;

/** Display names of the strategies. */
export const STRATEGY_LABELS: Readonly<Record<BacktestStrategy, string>> = {
  twap: 'TWAP',
  vwap: 'VWAP',
  pov: 'POV',
  'almgren-chriss': 'Almgren-Chriss',
  'adaptive-shortfall': 'Adaptive IS',
  immediate: 'Immediate',
  'submit-and-leave': 'Submit & leave',
  agent: 'Agent (learned)',
};

/** Short strategy names for tight chart axes and legends (the full name is in the tooltip). */
export const STRATEGY_SHORT: Readonly<Record<BacktestStrategy, string>> = {
  twap: 'TWAP', vwap: 'VWAP', pov: 'POV', 'almgren-chriss': 'AC', 'adaptive-shortfall': 'Adaptive', immediate: 'Immed.', 'submit-and-leave': 'S&L', agent: 'Agent',
};

/** The model name of an agent strategy of a result (`agent` or `agent:<name>`), or null for the baselines. */
export function agentNameOf(s: string, agents?: readonly AgentModelUsed[]): string | null {
  const used = agents?.find((a) => a.strategy === s);
  if (used) return used.name;
  return s.startsWith('agent:') ? s.slice('agent:'.length) : null;
}

/** A strategy's short name for axes ("almgren-chriss" → "AC", an agent → its model's name); unknown names are shown as they are. */
export function strategyShort(s: string, agents?: readonly AgentModelUsed[]): string {
  const name = agentNameOf(s, agents);
  if (name !== null) return name.length > 14 ? `${name.slice(0, 13)}…` : name;
  return (STRATEGY_SHORT as Record<string, string>)[s] ?? s;
}

/** A strategy's label ("twap" → "TWAP", an agent → "Agent · <model name>"); unknown names are shown as they are. */
export function strategyLabel(s: string, agents?: readonly AgentModelUsed[]): string {
  const name = agentNameOf(s, agents);
  if (name !== null) return `Agent · ${name}`;
  return (STRATEGY_LABELS as Record<string, string>)[s] ?? s;
}

/** The tooltip line of an agent strategy: the model it ran with (folder, version, weights SHA-256); null for the baselines. */
export function agentModelTip(s: string, agents?: readonly AgentModelUsed[]): string | null {
  const a = agents?.find((x) => x.strategy === s);
  return a ? `Model ${a.name}: ${a.path} · ${a.version} · weights SHA-256 ${a.weightsSha256}` : null;
}

export const TCA_LIMITS = { seedMax: 2 ** 31 - 1, quantityMax: 1_000_000_000, durationMinSec: 10, durationMaxSec: 6.5 * 3600, horizonMaxSec: 6.5 * 3600, maxPaths: BACKTEST_MAX_PATHS } as const;

/** A fresh form: TWAP vs Immediate, buy 2,000 over 20 s from 30 s on a calm 60 s scenario, seeds 1-10 (on a real day, starts drawn by seed). */
export const DEFAULT_TCA_FORM: TcaFormValues = {
  strategies: ['twap', 'immediate'],
  sourceKind: 'scenario',
  scenario: 'calm',
  durationSec: '60',
  sampleId: '',
  seedFrom: '1',
  seedTo: '10',
  side: 'buy',
  quantity: '2,000',
  startMode: 'drawn',
  startSec: '30',
  horizonSec: '20',
  slices: '10',
  povPct: '10',
  urgency: '2',
  limitOffsetBps: '0',
  agents: [{ path: null, name: 'execution-default' }],
};

/** Escape: everything but the source back to the defaults. */
export function resetTcaForm(v: TcaFormValues): TcaFormValues {
  // The agent rows are the model pickers' (persisted) choices, not typed fields: they stay.
  return { ...DEFAULT_TCA_FORM, sourceKind: v.sourceKind, scenario: v.scenario, durationSec: v.durationSec, sampleId: v.sampleId, agents: v.agents };
}

/** The model-choice settings key of agent row `i` (the TCA screen's pickers). */
export const agentChoiceKey = (i: number) => `tca.agent.${i}`;

/** How many agent rows the saved model choices describe: up to the last saved key tca.agent.N (rows before it without a key are on the default), at least 1. */
export function savedAgentRows(choices: Readonly<Record<string, string>>): number {
  let n = 1;
  for (let i = 0; i < MAX_AGENT_ROWS; i++) if (choices[agentChoiceKey(i)] !== undefined) n = i + 1;
  return n;
}

/** Toggles a strategy, keeping the contract's order. */
export function toggleStrategy(list: readonly BacktestStrategy[], s: BacktestStrategy): BacktestStrategy[] {
  const on = list.includes(s) ? list.filter((x) => x !== s) : [...list, s];
  return BACKTEST_STRATEGIES.filter((x) => on.includes(x));
}

const fmt = (n: number) => n.toLocaleString('en-US');
/** Reads a typed number as it stands (`readTypedNumber`); on a parse error the message goes to `field` and null comes back. */
function reader(e: TcaFormErrors, expanded: Partial<Record<TcaField, string>>) {
  return (field: TcaField, label: string, text: string, rules: TypedNumberRules = {}): number | null => {
    const r = readTypedNumber(label, text, rules);
    if (!r.ok) {
      e[field] = r.error;
      return null;
    }
    if (r.expanded) expanded[field] = r.expanded;
    return r.value;
  };
}

/** Validates the form as typed: errors name the field and the limit in words; `args` when valid. */
export function validateTca(v: TcaFormValues): { errors: TcaFormErrors; args: BacktestArgs | null; expanded: Partial<Record<TcaField, string>> } {
  const e: TcaFormErrors = {};
  const expanded: Partial<Record<TcaField, string>> = {};
  const read = reader(e, expanded);
  if (v.strategies.length < 2) e.strategies = `Strategies: choose at least 2 to compare (${v.strategies.length} chosen).`;
  const agents = v.strategies.includes('agent') ? agentRowsArg(v.agents, e) : undefined;
  let duration: number | null = null;
  if (v.sourceKind === 'scenario') {
    if (!v.scenario) e.source = 'Scenario: choose a scenario.';
    duration = read('durationSec', 'Duration', v.durationSec, { integer: true });
    if (duration !== null && (duration < TCA_LIMITS.durationMinSec || duration > TCA_LIMITS.durationMaxSec)) e.durationSec = `Duration ${fmt(duration)} s is outside ${TCA_LIMITS.durationMinSec} s to ${fmt(TCA_LIMITS.durationMaxSec)} s.`;
  } else if (!v.sampleId) e.source = 'Day: no bundled sample is available.';
  const from = read('seedFrom', 'Seeds from', v.seedFrom, { integer: true });
  const to = read('seedTo', 'Seeds to', v.seedTo, { integer: true });
  if (from !== null && (from < 0 || from > TCA_LIMITS.seedMax)) e.seedFrom = `Seeds from ${fmt(from)} is outside 0 to ${fmt(TCA_LIMITS.seedMax)}.`;
  if (to !== null && (to < 0 || to > TCA_LIMITS.seedMax)) e.seedTo = `Seeds to ${fmt(to)} is outside 0 to ${fmt(TCA_LIMITS.seedMax)}.`;
  else if (to !== null && from !== null && !e.seedFrom && to < from) e.seedTo = `Seeds to ${fmt(to)} is below seeds from ${fmt(from)}.`;
  else if (to !== null && from !== null && !e.seedFrom && to - from + 1 > TCA_LIMITS.maxPaths) e.seedTo = `Seeds ${fmt(from)}–${fmt(to)} are ${fmt(to - from + 1)} paths; the limit is ${TCA_LIMITS.maxPaths}.`;
  const q = read('quantity', 'Quantity', v.quantity, { integer: true, suffixes: true });
  if (q !== null && q <= 0) e.quantity = `Quantity ${fmt(q)} must be above 0.`;
  else if (q !== null && q > TCA_LIMITS.quantityMax) e.quantity = `Quantity ${fmt(q)} exceeds the maximum ${fmt(TCA_LIMITS.quantityMax)}.`;
  const drawn = v.sourceKind === 'sample' && v.startMode === 'drawn';
  const start = drawn ? 0 : read('startSec', 'Start', v.startSec);
  if (start !== null && start < 0) e.startSec = `Start ${fmt(start)} s must be 0 s or later (seconds from the path's start).`;
  const horizon = read('horizonSec', 'Horizon', v.horizonSec);
  if (horizon !== null && horizon <= 0) e.horizonSec = `Horizon ${fmt(horizon)} s must be above 0 s.`;
  else if (horizon !== null && horizon > TCA_LIMITS.horizonMaxSec) e.horizonSec = `Horizon ${fmt(horizon)} s exceeds ${fmt(TCA_LIMITS.horizonMaxSec)} s.`;
  else if (horizon !== null && duration !== null && !e.durationSec && start !== null && !e.startSec && start + horizon + 0.1 > duration) {
    e.horizonSec = `Start + horizon ${fmt(start + horizon)} s (+0.1 s to measure) exceeds the scenario's duration ${fmt(duration)} s.`;
  }
  // Each strategy's parameters, checked only when a chosen strategy uses them.
  const used = paramFields(v.strategies);
  const params: NonNullable<BacktestArgs['params']> = {};
  if (used.includes('slices')) {
    const n = read('slices', 'Slices', v.slices, { integer: true });
    if (n !== null && (n < 1 || n > 1000)) e.slices = `Slices ${fmt(n)} is outside 1 to 1,000.`;
    else if (n !== null) params.slices = n;
  }
  if (used.includes('povPct')) {
    const n = read('povPct', 'POV rate', v.povPct);
    if (n !== null && (n <= 0 || n > 100)) e.povPct = `POV rate ${fmt(n)} % must be above 0 % and at most 100 %.`;
    else if (n !== null) params.povRate = n / 100;
  }
  if (used.includes('urgency')) {
    const n = read('urgency', 'Urgency κT', v.urgency);
    if (n !== null && (n < 0 || n > 20)) e.urgency = `Urgency κT ${fmt(n)} is outside 0 to 20.`;
    else if (n !== null) params.urgency = n;
  }
  if (used.includes('limitOffsetBps') && v.limitOffsetBps.trim() !== '') {
    const n = read('limitOffsetBps', 'Limit offset', v.limitOffsetBps);
    if (n !== null && Math.abs(n) > 1000) e.limitOffsetBps = `Limit offset ${fmt(n)} bp is outside -1,000 to 1,000 bp.`;
    else if (n !== null) params.limitOffsetBps = n;
  }
  if (Object.keys(e).length > 0) return { errors: e, args: null, expanded };
  return {
    errors: e,
    expanded,
    args: {
      strategies: [...v.strategies],
      source: v.sourceKind === 'scenario' ? { kind: 'scenario', name: v.scenario, durationSec: duration! } : { kind: 'sample', id: v.sampleId },
      seeds: { from: from!, to: to! },
      side: v.side,
      quantity: q!,
      startSec: start!,
      ...(drawn ? { startDrawn: true } : {}),
      horizonSec: horizon!,
      ...(Object.keys(params).length > 0 ? { params } : {}),
      ...(agents ? { agents } : {}),
    },
  };
}

/**
 * The agent rows as the command's `agents` (model + distinct name); undefined for one row still
 * on the engine's default (the shipped agent). Errors (a row without a model while several are
 * compared, the same model twice, too many rows) go to `e.agents`, in words.
 */
function agentRowsArg(rows: readonly TcaAgentRow[], e: TcaFormErrors): NonNullable<BacktestArgs['agents']> | undefined {
  if (rows.length === 0 || (rows.length === 1 && rows[0]!.path === null)) return undefined;
  if (rows.length > MAX_AGENT_ROWS) {
    e.agents = `Agents: at most ${MAX_AGENT_ROWS} models in one backtest (${rows.length} chosen).`;
    return undefined;
  }
  const missing = rows.findIndex((r) => r.path === null);
  if (missing >= 0) {
    e.agents = `Agent ${missing + 1}: choose a model (the model list has not arrived yet).`;
    return undefined;
  }
  const dup = rows.findIndex((r, i) => rows.findIndex((x) => x.path === r.path) !== i);
  if (dup >= 0) {
    e.agents = `Agents ${rows.findIndex((x) => x.path === rows[dup]!.path) + 1} and ${dup + 1} use the same model ${rows[dup]!.name}: choose another or remove one.`;
    return undefined;
  }
  // The contract allows names up to 64 characters; " (2)" may be appended.
  const names = distinctNames(rows.map((r) => r.name.slice(0, 56)));
  return rows.map((r, i) => ({ model: r.path!, name: names[i]! }));
}
