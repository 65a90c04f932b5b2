import type { Aggression } from '../../learning/env/actions.js';

/**
 * Why the agent did what it did at one decision. `obs` is the observation exactly as the
 * policy saw it (names in `AgentExplanations.featureNames`, same order); `action` the index
 * (discrete) or the [fraction, aggressiveness] pair; `probs` / `qValues` one number per discrete
 * action (index order), absent when the model gives neither; `fraction` / `aggression` the
 * decoded action; `childOrderId` the child sent or kept (null: none), `size` / `priceUnits` its
 * size and price (0 / NaN when none), `note` why an asked-for child was not sent. Numbers are
 * rounded to 6 significant digits (compact; the raw run is reproducible from its seed).
 */
export interface DecisionExplanation {
  readonly decision: number;
  readonly tNs: number;
  readonly obs: number[];
  readonly action: number | number[];
  readonly probs?: number[];
  readonly qValues?: number[];
  readonly fraction: number;
  readonly aggression: Aggression;
  readonly childOrderId: string | null;
  readonly size: number;
  readonly priceUnits: number | null;
  readonly note?: string;
}

/**
 * Every decision of one agent run, plus what is shared: feature names (the observation layout)
 * and action labels ("¼ passive", …; discrete models). Invariant: `decisions` in time order,
 * each `obs.length === featureNames.length`; at most the model's `decisions` entries per order.
 */
export interface AgentExplanations {
  readonly featureNames: readonly string[];
  readonly actionLabels: readonly string[];
  readonly decisions: readonly DecisionExplanation[];
}

/** Rounds to 6 significant digits (keeps explanations compact in JSON and the run store). */
export function compact(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(6)) : x;
}

/** Label of an action for people: "½ inside", "0", "1 cross". */
export function actionLabel(fraction: number, aggression: Aggression): string {
  if (fraction === 0) return '0 (wait)';
  const f = fraction === 0.25 ? '¼' : fraction === 0.5 ? '½' : fraction === 0.75 ? '¾' : String(compact(fraction));
  return `${f} ${aggression}`;
}

/**
 * The explanation of the child order `clientOrderId`: the decision that sent or kept it (the
 * last one naming it). Undefined when no decision did (e.g. the end-of-order liquidation).
 */
export function explainChild(ex: AgentExplanations, clientOrderId: string): DecisionExplanation | undefined {
  for (let i = ex.decisions.length - 1; i >= 0; i--) if (ex.decisions[i]!.childOrderId === clientOrderId) return ex.decisions[i];
  return undefined;
}
