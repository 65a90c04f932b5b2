/**
 * Reward weights. Invariants: every number finite and ≥ 0.
 *
 * With A = arrival mid (observed mid at decision 0, price units), Q = parent quantity, s = side
 * (+1 buy, −1 sell), the reward of step k (the fills delivered in (t_k, t_{k+1}], plus, on the
 * last step, the end-of-episode handling) is
 *
 *   reward_k = −( shortfallWeight × shortfallBps_k + impactEta × (filled_k / Q)² + terminalWeight × terminalBps )
 *
 *   shortfallBps_k = Σ_fills [ s × (price − A) × size + (includeFees ? fee : 0) ] / (A × Q) × 1e4
 *   terminalBps    = (R / Q) × ( s × (M_T − A) / A × 1e4 + terminalPenaltyBps )   (last step only)
 *
 * where filled_k is the size filled in the step, R the quantity still unfilled at the end and M_T
 * the observed mid then (the drift term is 0 if the book has no mid). So Σ_k shortfallBps_k =
 * (filled / Q) × the implementation shortfall of the filled part in bps of arrival, fees included
 * when `includeFees` (buying above arrival ⇒ negative reward), and an order filled completely with impactEta = 0 earns exactly
 * −IS bps over the episode.
 * `terminal`: `penalty` values the leftover R at the final mid plus `terminalPenaltyBps`;
 * `liquidate` first sends one IOC cross for R (its fills count in shortfallBps and filled_k of
 * the last step) and then applies the penalty to whatever is still unfilled.
 */
export interface RewardConfig {
  readonly shortfallWeight: number;
  readonly impactEta: number;
  readonly terminal: 'penalty' | 'liquidate';
  readonly terminalPenaltyBps: number;
  readonly terminalWeight: number;
  readonly includeFees: boolean;
}

/** Defaults: IS weight 1, η = 1 bp per (fraction filled in a step)², leftover at final mid + 25 bp. */
export const DEFAULT_REWARD: RewardConfig = {
  shortfallWeight: 1,
  impactEta: 1,
  terminal: 'penalty',
  terminalPenaltyBps: 25,
  terminalWeight: 1,
  includeFees: true,
};

/** The three cost terms of one step, each ≥ 0 when costly (reward = −weighted sum); see `RewardConfig`. */
export interface StepCosts {
  readonly shortfallBps: number;
  readonly impactPenalty: number;
  readonly terminalBps: number;
}

/** reward = −(shortfallWeight × shortfallBps + impactPenalty + terminalWeight × terminalBps). */
export function rewardOf(c: StepCosts, cfg: RewardConfig): number {
  return 0 - (cfg.shortfallWeight * c.shortfallBps + c.impactPenalty + cfg.terminalWeight * c.terminalBps);
}

/** terminalBps for `remaining` of `quantity` left, final mid `finalMid`, arrival `arrival`. */
export function terminalCostBps(side: 1 | -1, remaining: number, quantity: number, finalMid: number, arrival: number, penaltyBps: number): number {
  if (remaining <= 0) return 0;
  const drift = Number.isFinite(finalMid) ? (side * (finalMid - arrival) / arrival) * 10_000 : 0;
  return (remaining / quantity) * (drift + penaltyBps);
}
