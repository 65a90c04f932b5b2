import { z } from 'zod';

/**
 * The risk models' outputs on the wire (main/risk/regimes, anomalies, posture): what the Risk
 * screen's regime, volatility and alerts panel shows. Times are seconds on the data's clock
 * (since the day's midnight). The schemas mirror the engine's types field for field
 * (`main/risk/posture/posture-contract.test.ts` parses the engine's own values with them).
 */
export const RegimeLabelSchema = z.enum(['calm', 'volatile', 'illiquid', 'stressed']);
export type RegimeLabelWire = z.infer<typeof RegimeLabelSchema>;

/** One anomaly with its evidence (feature, how far out, since when, value against baseline). */
export const AnomalyAlertSchema = z.object({
  detector: z.enum(['robustZ', 'isolationForest']),
  feature: z.enum(['spreadBps', 'depth', 'flow', 'returnBps', 'volume']),
  day: z.string(),
  since: z.number(),
  until: z.number(),
  samples: z.number().int().min(1),
  peakAt: z.number(),
  peakZ: z.number(),
  value: z.number(),
  baseline: z.number(),
  scale: z.number(),
  direction: z.enum(['high', 'low']),
  score: z.number().nullable(),
  scoreThreshold: z.number().nullable(),
  open: z.boolean(),
});
export type AnomalyAlertWire = z.infer<typeof AnomalyAlertSchema>;

const PostureLimitsSchema = z.object({ maxParticipation: z.number().min(0).max(1), aggressiveness: z.number().min(0).max(1) });

/**
 * An audited change of an agent's posture: from and to (never above the trader's bounds), the
 * factor applied and every model verdict that asked for it. `seq` counts per agent from 1.
 */
export const PostureChangeSchema = z.object({
  seq: z.number().int().min(1),
  agent: z.string(),
  at: z.number(),
  from: PostureLimitsSchema,
  to: PostureLimitsSchema,
  factor: z.number().min(0).max(1),
  bounds: z.object({ maxParticipation: z.number(), aggressiveness: z.number(), floorFraction: z.number().optional() }),
  reasons: z.array(z.object({ source: z.enum(['regime', 'volatility', 'anomaly']), factor: z.number(), detail: z.string() })),
});
export type PostureChangeWire = z.infer<typeof PostureChangeSchema>;

/**
 * The models' view now: the regime (with since when and its probability), the volatility forecast
 * (model, next-step vol in bps, ratio to its long-run level) and the open alerts. Null parts are
 * models that have not spoken yet.
 */
export const RiskModelsStateSchema = z.object({
  regime: z.object({ label: RegimeLabelSchema, since: z.number(), probability: z.number().min(0).max(1) }).nullable(),
  volatility: z.object({ model: z.enum(['ewma', 'garch', 'har']), volBps: z.number().min(0), ratio: z.number().nullable() }).nullable(),
  alerts: z.array(AnomalyAlertSchema),
});
export type RiskModelsState = z.infer<typeof RiskModelsStateSchema>;

/** Events of the risk models (spread into `Events`). */
export const RiskModelEvents = {
  /** The risk models' latest outputs. */
  'risk.models': RiskModelsStateSchema,
  /** An agent's posture was tightened or relaxed by the models (audited; with its reasons). */
  'risk.posture': PostureChangeSchema,
} as const;
