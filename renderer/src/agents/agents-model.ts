import type { CommandResult } from '../../../main/contract/commands.js';
import type { OrderTicket } from '../../../main/contract/orders.js';
import { readInteger } from '../training/training-model.js';

/** A supervised parent as the engine reports it. */
export type Supervised = CommandResult<'supervision.state'>[number];

/** The algorithms the Agents screen can run (the learned agent first). */
export const AGENT_ALGORITHMS = [
  { id: 'agent', label: 'Agent (shipped model)' },
  { id: 'twap', label: 'TWAP' },
  { id: 'vwap', label: 'VWAP' },
  { id: 'pov', label: 'POV 10 %' },
  { id: 'almgren-chriss', label: 'Almgren-Chriss' },
] as const;
export type AgentAlgorithm = (typeof AGENT_ALGORITHMS)[number]['id'];

/** The run form as typed. */
export interface AgentForm {
  readonly algorithm: AgentAlgorithm;
  readonly side: 'buy' | 'sell';
  readonly quantity: string;
  readonly horizonSec: string;
  readonly scenario: string;
  readonly seed: string;
}

export const DEFAULT_AGENT_FORM: AgentForm = { algorithm: 'vwap', side: 'buy', quantity: '2,000', horizonSec: '600', scenario: 'calm', seed: '1' };

/** Longest horizon the screen accepts (a trading day, 6.5 h, the scenario path's limit). */
export const MAX_HORIZON_SEC = 6.5 * 3600;

/**
 * The `orders.submit` ticket for the form (a simulated venue: the scenario path, a little longer
 * than the horizon so the last children are acknowledged), or the problems by field in words.
 * Risk limits are checked by the engine's gate and come back in its words.
 */
export function readAgentForm(f: AgentForm): { ticket: OrderTicket | null; errors: Partial<Record<'quantity' | 'horizonSec' | 'seed', string>> } {
  const errors: Partial<Record<'quantity' | 'horizonSec' | 'seed', string>> = {};
  const q = readInteger(f.quantity);
  if (q === null || q < 1) errors.quantity = `Quantity "${f.quantity}" must be a whole number of 1 or more`;
  const h = readInteger(f.horizonSec);
  if (h === null || h < 10 || h > MAX_HORIZON_SEC) errors.horizonSec = `Horizon "${f.horizonSec}" s must be from 10 to 23,400 s`;
  const seed = readInteger(f.seed);
  if (seed === null || seed > 2 ** 31 - 1) errors.seed = `Seed "${f.seed}" must be from 0 to 2,147,483,647`;
  if (q === null || h === null || seed === null || Object.keys(errors).length > 0) return { ticket: null, errors };
  const durationSec = Math.min(MAX_HORIZON_SEC, Math.ceil(h * 1.1) + 10);
  return {
    ticket: {
      source: { kind: 'scenario', name: f.scenario, durationSec, seed }, side: f.side, quantity: q, algorithm: f.algorithm, startSec: 0, horizonSec: h,
      ...(f.algorithm === 'pov' ? { povRate: 0.1 } : {}),
    },
    errors,
  };
}

/** A child order row (blotter order of UI.md). */
export interface ChildRow {
  readonly id: string;
  readonly createdNs: number;
  readonly side: number;
  readonly type: string;
  readonly size: number;
  readonly filled: number;
  readonly leaves: number;
  readonly priceUnits: number | null;
  readonly avgPriceUnits: number | null;
  readonly status: string;
  readonly reason: string | null;
}

/** A fill row, keyed by its order and its index among that order's fills (stable as fills arrive). */
export interface FillRow {
  readonly id: string;
  readonly tsNs: number;
  readonly orderId: string;
  readonly side: number;
  readonly priceUnits: number;
  readonly size: number;
  readonly aggressor: boolean;
}

const TERMINAL = new Set(['Filled', 'Cancelled', 'Rejected', 'Denied', 'Expired']);

export function childRows(p: Supervised | null): ChildRow[] {
  if (!p) return [];
  return p.children.map((c) => ({
    id: c.clientOrderId, createdNs: c.createdNs, side: c.side, type: c.type, size: c.size, filled: c.filled,
    leaves: TERMINAL.has(c.status) ? 0 : c.size - c.filled, priceUnits: c.priceUnits, avgPriceUnits: c.avgPriceUnits, status: c.status, reason: c.reason,
  }));
}

export function fillRows(p: Supervised | null): FillRow[] {
  if (!p) return [];
  const n = new Map<string, number>();
  return p.fills.map((f) => {
    const k = (n.get(f.clientOrderId) ?? 0) + 1;
    n.set(f.clientOrderId, k);
    return { id: `${f.clientOrderId}#${k}`, tsNs: f.tsNs, orderId: f.clientOrderId, side: f.side, priceUnits: f.priceUnits, size: f.size, aggressor: f.aggressor };
  });
}

/** The probabilities (or Q-values) of a decision with their action labels, highest first. */
export function decisionBars(labels: readonly string[], d: Supervised['decisions'][number]): Array<{ label: string; value: number; chosen: boolean; kind: 'p' | 'q' }> {
  const vals = d.probs ?? d.qValues ?? [];
  const kind = d.probs ? 'p' : 'q';
  const chosen = typeof d.action === 'number' ? d.action : -1;
  return vals.map((v, i) => ({ label: labels[i] ?? `#${i}`, value: v, chosen: i === chosen, kind } as const)).sort((a, b) => b.value - a.value);
}
