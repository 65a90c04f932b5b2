import type { Side } from '../../domain/side.js';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from '../../risk/risk-limits.js';
import { AGGRESSIONS, DEFAULT_ACTIONS, type ActionConfig } from './actions.js';
import { DEFAULT_OBS_SCALES, type ObservationScales } from './observation.js';
import { DEFAULT_REWARD, type RewardConfig } from './reward.js';

/**
 * One environment as written (optional parts take the defaults). See `EnvConfig` for the
 * meaning and invariants of each field.
 */
export interface EnvConfigInput {
  readonly side: Side | 'buy' | 'sell';
  readonly quantity: number;
  readonly startSec: number;
  readonly horizonSec: number;
  readonly decisions: number;
  readonly actionSpace?: 'discrete' | 'continuous';
  readonly actions?: Partial<ActionConfig>;
  readonly reward?: Partial<RewardConfig>;
  readonly scales?: Partial<ObservationScales>;
  readonly volWindow?: number;
  readonly settleStepNs?: number;
  readonly riskLimits?: RiskLimits;
  readonly signalModel?: string;
}

/**
 * A validated environment config. Invariants: `side` ±1; `quantity` a positive integer (size
 * units); `startSec` ≥ 0 is decision 0's offset from the path's start (t0 = path.startNs +
 * startSec s); `horizonSec` > 0 and `decisions` N an integer ≥ 1, so decision k is at
 * t_k = t0 + k × Δ with Δ = round(horizonSec × 1e9 / N) ns and the episode ends at t_N;
 * `volWindow` k ≥ 1 decision intervals (also the warm-up sampled before t0 where the path has
 * it); `settleStepNs` > 0 is the polling step while a cancel is in flight; `riskLimits` is the
 * pre-trade gate every child passes; `signalModel`, when set, is a signal model folder (`slipstream
 * signals train --out`) whose predictions fill the observation's signal slots (`env-signal.ts`;
 * loaded by `EnvSignal.load` and handed to the env, which checks it is this folder).
 */
export interface EnvConfig {
  readonly side: Side;
  readonly quantity: number;
  readonly startSec: number;
  readonly horizonSec: number;
  readonly decisions: number;
  readonly actionSpace: 'discrete' | 'continuous';
  readonly actions: ActionConfig;
  readonly reward: RewardConfig;
  readonly scales: ObservationScales;
  readonly volWindow: number;
  readonly settleStepNs: number;
  readonly riskLimits: RiskLimits;
  readonly signalModel?: string;
}

/** Fills defaults and validates; throws a RangeError naming the field and its limit. */
export function resolveEnvConfig(input: EnvConfigInput): EnvConfig {
  const side: Side = input.side === 'buy' || input.side === 1 ? 1 : input.side === 'sell' || input.side === -1 ? -1 : (0 as Side);
  const c: EnvConfig = {
    side,
    quantity: input.quantity,
    startSec: input.startSec,
    horizonSec: input.horizonSec,
    decisions: input.decisions,
    actionSpace: input.actionSpace ?? 'discrete',
    actions: { ...DEFAULT_ACTIONS, ...input.actions },
    reward: { ...DEFAULT_REWARD, ...input.reward },
    scales: { ...DEFAULT_OBS_SCALES, ...input.scales },
    volWindow: input.volWindow ?? 5,
    settleStepNs: input.settleStepNs ?? 100_000,
    riskLimits: input.riskLimits ?? DEFAULT_RISK_LIMITS,
    ...(input.signalModel !== undefined ? { signalModel: input.signalModel } : {}),
  };
  const bad: string[] = [];
  const need = (ok: boolean, msg: string) => {
    if (!ok) bad.push(msg);
  };
  need(side === 1 || side === -1, `side ${String(input.side)} must be 1 / -1 / 'buy' / 'sell'`);
  need(Number.isSafeInteger(c.quantity) && c.quantity > 0, `quantity ${c.quantity} must be a positive integer (size units)`);
  need(Number.isFinite(c.startSec) && c.startSec >= 0, `startSec ${c.startSec} must be ≥ 0`);
  need(Number.isFinite(c.horizonSec) && c.horizonSec > 0, `horizonSec ${c.horizonSec} must be > 0`);
  need(Number.isInteger(c.decisions) && c.decisions >= 1, `decisions ${c.decisions} must be an integer ≥ 1`);
  need(c.actionSpace === 'discrete' || c.actionSpace === 'continuous', `actionSpace ${String(c.actionSpace)} must be 'discrete' or 'continuous'`);
  need(Number.isInteger(c.volWindow) && c.volWindow >= 1, `volWindow ${c.volWindow} must be an integer ≥ 1`);
  need(Number.isFinite(c.settleStepNs) && c.settleStepNs > 0, `settleStepNs ${c.settleStepNs} must be > 0`);
  const a = c.actions;
  need(a.fractions.length > 0 && a.fractions.every((f) => f >= 0 && f <= 1), `actions.fractions [${a.fractions.join(', ')}] must be non-empty, each in [0, 1]`);
  need(a.aggressions.length > 0 && new Set(a.aggressions).size === a.aggressions.length && a.aggressions.every((g) => AGGRESSIONS.includes(g)),
    `actions.aggressions [${a.aggressions.join(', ')}] must be distinct, non-empty, from ${AGGRESSIONS.join(' / ')}`);
  need(a.sizeBasis === 'remainder' || a.sizeBasis === 'slice', `actions.sizeBasis ${String(a.sizeBasis)} must be 'remainder' or 'slice'`);
  need(Number.isFinite(a.sliceMultiple) && a.sliceMultiple > 0, `actions.sliceMultiple ${a.sliceMultiple} must be > 0`);
  need(Number.isFinite(a.crossLimitBps) && a.crossLimitBps >= 0, `actions.crossLimitBps ${a.crossLimitBps} must be ≥ 0`);
  // A cross is priced crossLimitBps beyond the far touch, so at least that far from the mid the
  // gate's collar is measured from: at or above the collar, the gate would deny every cross.
  const collar = c.riskLimits.priceCollarBps;
  if (collar !== undefined) need(a.crossLimitBps < collar, `actions.crossLimitBps ${a.crossLimitBps} must be below riskLimits.priceCollarBps ${collar} (the risk gate would deny every cross)`);
  const r = c.reward;
  for (const k of ['shortfallWeight', 'impactEta', 'terminalPenaltyBps', 'terminalWeight'] as const) need(Number.isFinite(r[k]) && r[k] >= 0, `reward.${k} ${r[k]} must be finite and ≥ 0`);
  need(r.terminal === 'penalty' || r.terminal === 'liquidate', `reward.terminal ${String(r.terminal)} must be 'penalty' or 'liquidate'`);
  for (const k of ['spreadTicks', 'micropriceBps', 'volatilityBps'] as const) need(Number.isFinite(c.scales[k]) && c.scales[k] > 0, `scales.${k} ${c.scales[k]} must be > 0`);
  if (input.signalModel !== undefined) need(typeof input.signalModel === 'string' && input.signalModel.trim() !== '', `signalModel ${JSON.stringify(input.signalModel)} must be a signal model folder path`);
  if (bad.length > 0) throw new RangeError(`ExecutionEnv config: ${bad.join('; ')}`);
  return c;
}
