import { z } from 'zod';

/**
 * Why a learned agent did what it did at one decision (`main/execution/agent/agent-explanation.ts`):
 * the observation as the policy saw it (names in `featureNames`, same order), the action (index, or
 * [fraction, aggressiveness]), the policy's probabilities or Q-values of every action (index order),
 * the decoded action, and the child order sent or kept (null: none; `note` says why not).
 */
export const AgentDecisionSchema = z.object({
  decision: z.number().int().min(0),
  tNs: z.number(),
  obs: z.array(z.number()),
  action: z.union([z.number(), z.array(z.number())]),
  probs: z.array(z.number()).optional(),
  qValues: z.array(z.number()).optional(),
  fraction: z.number(),
  aggression: z.string(),
  childOrderId: z.string().nullable(),
  size: z.number(),
  priceUnits: z.number().nullable(),
  note: z.string().optional(),
});

/** Every decision of one agent parent order, with the feature names and the action labels ("½ passive"). */
export const AgentExplanationsSchema = z.object({
  featureNames: z.array(z.string()),
  actionLabels: z.array(z.string()),
  decisions: z.array(AgentDecisionSchema),
});

export type AgentDecision = z.infer<typeof AgentDecisionSchema>;
export type AgentExplanationsView = z.infer<typeof AgentExplanationsSchema>;
