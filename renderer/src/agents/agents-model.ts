import type { CommandArgs, CommandResult } from '../../../main/contract/commands.js';
import type { OrderTicket } from '../../../main/contract/orders.js';
import { readInteger } from '../training/training-model.js';

/** A supervised parent as the engine reports it. */
export type Supervised = CommandResult<'supervision.state'>[number];

/** The algorithms the Agents screen can run (the learned agent first). */
export const AGENT_ALGORITHMS = [
  { id: 'agent', label: 'Agent (learned model)' },
  { id: 'twap', label: 'TWAP' },
  { id: 'vwap', label: 'VWAP' },
  { id: 'pov', label: 'POV 10 %' },
  { id: 'almgren-chriss', label: 'Almgren-Chriss' },
] as const;
export type AgentAlgorithm = (typeof AGENT_ALGORITHMS)[number]['id'];

/** Where a parent started from the form trades: the simulated market, or a logged-on FIX session (`fix:<sessionId>`). */
export type AgentVenue = 'sim' | `fix:${string}`;

/** Market data of a FIX parent: FIX market data from the session's counterparty, or none (TWAP of market IOCs only). */
export type AgentMd = 'fix' | 'none';

/**
 * The run form as typed. The FIX fields (md, refPrice, slices, acSigma, acEta) are read only for a
 * FIX venue; `agentModel` (a model folder, '' = the engine's shipped agent) only for the agent,
 * on every venue, as the shared model picker resolved it (`agentName` its shown name).
 */
export interface AgentForm {
  readonly algorithm: AgentAlgorithm;
  readonly venue: AgentVenue;
  readonly side: 'buy' | 'sell';
  readonly quantity: string;
  readonly horizonSec: string;
  readonly scenario: string;
  readonly seed: string;
  readonly md: AgentMd;
  /** The gate's reference price without market data, in the instrument's price (e.g. 100.25). */
  readonly refPrice: string;
  readonly slices: string;
  readonly acSigma: string;
  readonly acEta: string;
  readonly agentModel: string;
  readonly agentName: string;
}

export const DEFAULT_AGENT_FORM: AgentForm = {
  algorithm: 'vwap', venue: 'sim', side: 'buy', quantity: '2,000', horizonSec: '600', scenario: 'calm', seed: '1', md: 'fix', refPrice: '', slices: '10', acSigma: '', acEta: '', agentModel: '', agentName: 'execution-default',
};

/** The model folder a run of the form names: the chosen one for the agent, none otherwise (or for the shipped agent). */
function agentModelOf(f: AgentForm): { agentModel?: string } {
  return f.algorithm === 'agent' && f.agentModel !== '' ? { agentModel: f.agentModel } : {};
}

/** The picker of the Run form (`settings.modelChoices.agents`). */
export const AGENTS_MODEL_CHOICE = 'agents';

/**
 * The name a parent's model is shown under: the one the model pickers know it by (`known`, by
 * folder: an uploaded folder keeps the name the user chose it under), else the engine's (the
 * folder's base name).
 */
function shownName(m: NonNullable<Supervised['model']>, known?: ReadonlyMap<string, string>): string {
  return known?.get(m.path) ?? m.name;
}

/** A parent's model in one line: "name · sha (8 hex)", or null when it was not started with the agent. */
export function modelLine(p: Pick<Supervised, 'model'>, known?: ReadonlyMap<string, string>): string | null {
  return p.model ? `${shownName(p.model, known)} · ${p.model.weightsSha256.slice(0, 8)}` : null;
}

/** A parent's model in full, for a tooltip: folder, version, weights SHA-256. */
export function modelTitle(p: Pick<Supervised, 'model'>, known?: ReadonlyMap<string, string>): string | undefined {
  return p.model ? `Model ${shownName(p.model, known)}: ${p.model.path} · ${p.model.version} · weights SHA-256 ${p.model.weightsSha256}` : undefined;
}

/** The FIX session a venue names, null for the simulated market. */
export function fixSessionOf(venue: AgentVenue): string | null {
  return venue.startsWith('fix:') ? venue.slice(4) : null;
}

type FixFormField = 'quantity' | 'horizonSec' | 'refPrice' | 'slices' | 'ac' | 'md';

/** A positive decimal with at most `decimals` places, in integer units; null when it is not one. */
function readUnits(text: string, decimals: number): number | null {
  const t = text.trim().replace(/,/g, '');
  if (!/^\d+(\.\d+)?$/.test(t)) return null;
  const [i, f = ''] = t.split('.');
  if (f.length > decimals) return null;
  const v = Number(i) * 10 ** decimals + Number(f.padEnd(decimals, '0') || '0');
  return v > 0 && Number.isSafeInteger(v) ? v : null;
}

/**
 * The `fix.work` request for the form on a FIX session (its instrument's price decimals), or the
 * problems by field in words. The engine checks again and answers in the same words: every
 * strategy but TWAP needs market data; POV (10 %, as on the simulated venue) needs the market's
 * trades — the engine refuses it when the venue's FIX market data serves none; Almgren-Chriss
 * needs σ and η; without market data a reference price is required.
 */
export function readFixForm(f: AgentForm, sessionId: string, priceDecimals: number): { work: CommandArgs<'fix.work'> | null; errors: Partial<Record<FixFormField, string>> } {
  const errors: Partial<Record<FixFormField, string>> = {};
  const q = readInteger(f.quantity);
  if (q === null || q < 1) errors.quantity = `Quantity "${f.quantity}" must be a whole number of 1 or more`;
  const h = Number(f.horizonSec.trim());
  if (!(f.horizonSec.trim() !== '' && h >= 1 && h <= 86_400)) errors.horizonSec = `Horizon "${f.horizonSec}" s must be from 1 to 86,400 s`;
  const slices = readInteger(f.slices);
  if (slices === null || slices < 1 || slices > 1000) errors.slices = `Slices "${f.slices}" must be from 1 to 1,000`;
  if (f.md === 'none' && f.algorithm !== 'twap') errors.md = `${f.algorithm.toUpperCase()} prices its child orders off the book: choose FIX market data (only TWAP runs without, with market orders)`;
  const ref = f.md === 'none' ? readUnits(f.refPrice, priceDecimals) : null;
  if (f.md === 'none' && ref === null) errors.refPrice = `Reference price "${f.refPrice}" must be a positive price with at most ${priceDecimals} decimals (the gate checks market orders against it)`;
  const sigma = Number(f.acSigma);
  const eta = Number(f.acEta);
  if (f.algorithm === 'almgren-chriss' && !(sigma > 0 && eta > 0)) errors.ac = 'Almgren-Chriss needs σ (price units per √s) and η (price units per share/s), both above 0';
  if (Object.keys(errors).length > 0 || q === null || slices === null) return { work: null, errors };
  return {
    work: {
      sessionId, side: f.side, quantity: q, horizonSec: h, strategy: f.algorithm, slices, md: { kind: f.md }, ...agentModelOf(f),
      ...(ref !== null ? { refPriceUnits: ref } : {}),
      ...(f.algorithm === 'pov' ? { povRate: 0.1 } : {}),
      ...(f.algorithm === 'almgren-chriss' ? { ac: { sigmaUnitsPerSqrtSec: sigma, etaUnitsPerRate: eta } } : {}),
    },
    errors,
  };
}

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
      ...agentModelOf(f),
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
