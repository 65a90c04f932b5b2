import type { AgentDecision, AgentExplanationsView } from '../../../main/contract/agent-explanations.js';

/**
 * One row of "why the agent sent it": a decision of the learned agent. `at` = seconds after the
 * order's start; `action` = the action's label ("½ inside"); `confidence` = the policy's
 * probability of the chosen action ("p 0.82") or its Q-value ("Q −1.3"); `features` = every
 * non-zero feature as "name value" (signal slots left out while they are zero); `child` = the
 * child order it sent or kept ("—" = none) with size and price, or the reason none was sent.
 */
export interface AgentWhyRow {
  readonly id: string;
  readonly decision: number;
  readonly at: string;
  readonly action: string;
  readonly confidence: string;
  readonly alternatives: string;
  readonly features: string;
  readonly child: string;
  readonly childOrderId: string | null;
}

function num(x: number): string {
  return Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toFixed(3);
}

function chosen(d: AgentDecision): number | null {
  return typeof d.action === 'number' ? d.action : null;
}

/** The runner-up actions by the policy's numbers: "¼ passive p 0.10, 0 (wait) p 0.05" (top 2 besides the chosen one). */
function alternatives(d: AgentDecision, labels: readonly string[]): string {
  const vals = d.probs ?? d.qValues;
  const a = chosen(d);
  if (!vals || a === null) return '';
  const tag = d.probs ? 'p' : 'Q';
  return vals.map((v, i) => ({ v, i })).filter((x) => x.i !== a).sort((x, y) => y.v - x.v).slice(0, 2)
    .map((x) => `${labels[x.i] ?? `#${x.i}`} ${tag} ${num(x.v)}`).join(', ');
}

/** Rows of every decision (time order); `startNs` = the order's start, `priceScale` = 10^priceDecimals. */
export function agentWhyRows(ex: AgentExplanationsView, startNs: number, priceScale: number): AgentWhyRow[] {
  return ex.decisions.map((d) => {
    const a = chosen(d);
    const label = a !== null ? (ex.actionLabels[a] ?? `#${a}`) : `[${(d.action as number[]).map(num).join(', ')}] → ${d.fraction === 0 ? 'wait' : `${num(d.fraction)} ${d.aggression}`}`;
    const conf = a !== null && d.probs ? `p ${num(d.probs[a]!)}` : a !== null && d.qValues ? `Q ${num(d.qValues[a]!)}` : '';
    const features = d.obs.map((v, i) => ({ v, name: ex.featureNames[i] ?? `f${i}` })).filter((f) => f.v !== 0 || !f.name.startsWith('signal'))
      .map((f) => `${f.name} ${num(f.v)}`).join(' · ');
    const child = d.childOrderId !== null
      ? `${d.childOrderId} · ${d.size.toLocaleString('en-US')} @ ${d.priceUnits === null ? 'mkt' : (d.priceUnits / priceScale).toFixed(Math.max(0, Math.round(Math.log10(priceScale))))}${d.note ? ` (${d.note})` : ''}`
      : d.note ?? (d.fraction === 0 ? '— (waited)' : '—');
    return { id: `d${d.decision}`, decision: d.decision, at: `${((d.tNs - startNs) / 1e9).toFixed(1)} s`, action: label, confidence: conf, alternatives: alternatives(d, ex.actionLabels), features, child, childOrderId: d.childOrderId };
  });
}
