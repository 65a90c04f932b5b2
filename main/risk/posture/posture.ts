import type { AnomalyAlert, AnomalyFeature } from '../anomalies/alert.js';
import type { RegimeLabel } from '../regimes/labels.js';

/**
 * What the trader allows an agent, and how far the models may cut it. Invariants (checked by
 * `checkBounds`): 0 < maxParticipation ≤ 1; 0 ≤ aggressiveness ≤ 1; 0 ≤ floorFraction ≤ 1. The
 * posture never goes above the trader's values (never loosens) nor below floorFraction of them.
 */
export interface PostureBounds {
  /** The trader's maximum participation (share of market volume). */
  readonly maxParticipation: number;
  /** The trader's aggressiveness, 0 (passive only) to 1 (crosses the spread freely). */
  readonly aggressiveness: number;
  /** The tightest the models may go, as a share of the trader's values (default 0.25). */
  readonly floorFraction?: number;
}

/** The limits in force for an agent now. Invariant: within the bounds (see `PostureBounds`). */
export interface PostureLimits {
  readonly maxParticipation: number;
  readonly aggressiveness: number;
}

/** Why a posture is what it is: one model's verdict and the factor it asks for (≤ 1). */
export interface PostureReason {
  readonly source: 'regime' | 'volatility' | 'anomaly';
  readonly factor: number;
  /** In words, with the evidence, e.g. "regime stressed" or "spreadBps high: 12.1 vs baseline 2.05 (z 31.4)". */
  readonly detail: string;
}

/** The models' outputs the posture reads. A null input says nothing (factor 1). */
export interface PostureInputs {
  readonly regime: RegimeLabel | null;
  /** Forecast volatility over its long-run level (GARCH: √(forecast / unconditional variance)). */
  readonly volRatio: number | null;
  /** Alerts still open now. */
  readonly alerts: readonly AnomalyAlert[];
}

/** How hard each verdict cuts. Invariant: every factor in (0, 1]. */
export interface PosturePolicy {
  readonly regime: Readonly<Record<RegimeLabel, number>>;
  /** volRatio above this starts cutting (factor = threshold / volRatio). */
  readonly volRatioThreshold: number;
  /** Factor while an alert of stress is open. */
  readonly anomaly: number;
}

export const DEFAULT_POSTURE_POLICY: PosturePolicy = {
  regime: { calm: 1, volatile: 0.7, illiquid: 0.6, stressed: 0.4 },
  volRatioThreshold: 1.25,
  anomaly: 0.5,
};

/**
 * An alert is stress when it points the dangerous way: a wider spread, a thinner book, or
 * flow / returns / volume far out either way. A deeper book or a narrower spread is news, not stress.
 */
export function isStress(a: Pick<AnomalyAlert, 'feature' | 'direction'>): boolean {
  const f: AnomalyFeature = a.feature;
  if (f === 'spreadBps') return a.direction === 'high';
  if (f === 'depth') return a.direction === 'low';
  return true;
}

/** Throws a RangeError naming the field and its limit when the bounds are not valid. */
export function checkBounds(b: PostureBounds): void {
  if (!(b.maxParticipation > 0 && b.maxParticipation <= 1)) throw new RangeError(`maxParticipation must be in (0, 1], got ${b.maxParticipation}`);
  if (!(b.aggressiveness >= 0 && b.aggressiveness <= 1)) throw new RangeError(`aggressiveness must be in [0, 1], got ${b.aggressiveness}`);
  const f = b.floorFraction ?? 0.25;
  if (!(f >= 0 && f <= 1)) throw new RangeError(`floorFraction must be in [0, 1], got ${f}`);
}

/**
 * The posture for the inputs: the trader's values times the TIGHTEST factor any model asks for
 * (not the product: regime, volatility and alerts often see the same event, and cutting three
 * times for one cause would stop trading), clamped to [floorFraction × trader's, trader's].
 * Pure and deterministic. It only ever lowers an agent's own participation and aggressiveness;
 * the pre-trade gate checks every order whatever the posture says.
 */
export function computePosture(bounds: PostureBounds, inputs: PostureInputs, policy: PosturePolicy = DEFAULT_POSTURE_POLICY): { limits: PostureLimits; factor: number; reasons: PostureReason[] } {
  checkBounds(bounds);
  const reasons: PostureReason[] = [];
  if (inputs.regime !== null && policy.regime[inputs.regime] < 1) {
    reasons.push({ source: 'regime', factor: policy.regime[inputs.regime], detail: `regime ${inputs.regime}` });
  }
  if (inputs.volRatio !== null && Number.isFinite(inputs.volRatio) && inputs.volRatio > policy.volRatioThreshold) {
    reasons.push({ source: 'volatility', factor: policy.volRatioThreshold / inputs.volRatio, detail: `forecast volatility ${inputs.volRatio.toFixed(2)}× its long-run level` });
  }
  for (const a of inputs.alerts) {
    if (!isStress(a)) continue;
    reasons.push({ source: 'anomaly', factor: policy.anomaly, detail: `${a.feature} ${a.direction}: ${a.value.toPrecision(4)} vs baseline ${a.baseline.toPrecision(4)} (z ${a.peakZ.toFixed(1)}, ${a.detector}) since ${a.since}` });
  }
  const floor = bounds.floorFraction ?? 0.25;
  const factor = Math.max(floor, Math.min(1, ...reasons.map((r) => r.factor)));
  return {
    limits: { maxParticipation: bounds.maxParticipation * factor, aggressiveness: bounds.aggressiveness * factor },
    factor,
    reasons,
  };
}
