import { ORDER_ALGORITHMS, ticketIssues, type Amendment, type OrderIssue, type OrderTicketParsed, type PriceGrid, type TicketLimits } from '../../../main/contract/orders.js';
import { tickDecimals } from '../format/numbers.js';
import { readTypedNumber, type TypedNumberRules } from '../format/typed-number.js';

export type TicketAlgorithm = (typeof ORDER_ALGORITHMS)[number];
/** Fields the ticket shows an error under. */
export type TicketField = 'source' | 'durationSec' | 'seed' | 'quantity' | 'startSec' | 'horizonSec' | 'limitPrice' | 'urgency' | 'maxParticipation' | 'povRate' | 'agentModel';

/** The ticket as typed (text, so half-typed numbers survive). */
export interface TicketFormValues {
  readonly sourceKind: 'scenario' | 'sample';
  readonly scenario: string;
  readonly sampleId: string;
  readonly durationSec: string;
  readonly seed: string;
  readonly side: 'buy' | 'sell';
  readonly quantity: string;
  readonly algorithm: TicketAlgorithm;
  readonly startSec: string;
  readonly horizonSec: string;
  /** Decimal price; empty = no limit. */
  readonly limitPrice: string;
  readonly urgency: string;
  readonly maxParticipation: string;
  readonly povRate: string;
  /** The agent algorithm's model folder (the model picker's choice); '' = the shipped agent. */
  readonly agentModel: string;
  /** That model's name, for the preview and the confirmation ("which model"). */
  readonly agentName: string;
}

export const DEFAULT_TICKET_FORM: TicketFormValues = {
  sourceKind: 'scenario', scenario: 'calm', sampleId: '', durationSec: '60', seed: '42', side: 'buy', quantity: '5,000',
  algorithm: 'almgren-chriss', startSec: '10', horizonSec: '40', limitPrice: '', urgency: '2', maxParticipation: '1', povRate: '0.1',
  agentModel: '', agentName: 'execution-default',
};

/** Escape: the order fields back to their defaults (source, path and seed stay). */
export function resetTicketForm(v: TicketFormValues): TicketFormValues {
  // The model is the picker's (persisted) choice, not a typed field: it stays too.
  return { ...DEFAULT_TICKET_FORM, sourceKind: v.sourceKind, scenario: v.scenario, sampleId: v.sampleId, durationSec: v.durationSec, seed: v.seed, agentModel: v.agentModel, agentName: v.agentName };
}

export const ALGORITHM_TITLES: Readonly<Record<TicketAlgorithm, string>> = {
  'submit-and-leave': 'One limit order at the touch, left to fill',
  immediate: 'Market orders now',
  twap: 'Equal slices over the horizon',
  vwap: 'Slices following the volume curve',
  pov: 'A fixed share of market volume',
  'almgren-chriss': 'The Almgren-Chriss mean-variance schedule for the urgency κT',
  'adaptive-shortfall': 'Almgren-Chriss, adapting urgency to price moves',
  agent: 'A learned agent (the shipped one or the model you choose): decides when and how hard to trade',
};

/** Short algorithm labels for narrow columns. */
export const ALGORITHM_SHORT: Readonly<Record<TicketAlgorithm, string>> = {
  'submit-and-leave': 'S&L', immediate: 'Immediate', twap: 'TWAP', vwap: 'VWAP', pov: 'POV', 'almgren-chriss': 'AC', 'adaptive-shortfall': 'Adaptive', agent: 'Agent',
};

/** Quantities from this fraction of the max order quantity ask for a confirmation before sending. */
export const LARGE_ORDER_FRACTION = 0.25;
/** Before the engine has said its limits: no risk check yet (the preview brings them within a moment). */
export const NO_LIMITS: TicketLimits = { maxOrderSize: Infinity, maxPosition: 0 };

/** Maps an engine / contract field name to the form field it belongs to. */
export function formField(field: string): TicketField {
  if (field === 'limitPriceUnits') return 'limitPrice';
  if (field === 'agentModel' || field === 'ticket.agentModel') return 'agentModel';
  if (field.startsWith('source.')) return field === 'source.durationSec' ? 'durationSec' : field === 'source.seed' ? 'seed' : 'source';
  return (['durationSec', 'seed', 'quantity', 'startSec', 'horizonSec', 'urgency', 'maxParticipation', 'povRate'] as const).find((f) => f === field) ?? 'source';
}

export interface TicketValidation {
  readonly errors: Partial<Record<TicketField, string>>;
  /** Values typed with a suffix or odd separators, written out in full ("1,500,000"), shown under the field before submit. */
  readonly expanded: Partial<Record<TicketField, string>>;
  /** The ticket to send; null while any field is wrong. */
  readonly ticket: OrderTicketParsed | null;
}

/** The price grid before the engine has said the instrument (the scenarios' SIM: 2 decimals, tick 0.01). */
export const DEFAULT_PRICE_GRID: PriceGrid = { priceDecimals: 2, tickSizeUnits: 1 };

/**
 * Validates as the user types; every message names the field and its limit in the
 * instrument's display units, in the engine's words where the engine checks the same thing
 * (`ticketIssues`, shared with it). The text is read as typed (`readTypedNumber`): "-100" is a
 * negative quantity, "12.5" a fraction, "1e6" refused; never a silently rewritten number.
 * `expanded` holds the value written out for fields typed with a suffix or odd separators.
 */
export function validateTicket(v: TicketFormValues, grid: PriceGrid = DEFAULT_PRICE_GRID, limits: TicketLimits = NO_LIMITS): TicketValidation {
  const errors: Partial<Record<TicketField, string>> = {};
  const expanded: Partial<Record<TicketField, string>> = {};
  const read = (field: TicketField, label: string, text: string, rules: TypedNumberRules = {}): number => {
    const r = readTypedNumber(label, text, rules);
    if (!r.ok) {
      errors[field] = r.error;
      return NaN;
    }
    if (r.expanded) expanded[field] = r.expanded;
    return r.value;
  };
  const seed = read('seed', 'Seed', v.seed, { integer: true });
  if (Number.isFinite(seed) && (seed < 0 || seed > 2 ** 31 - 1)) errors.seed = `Seed ${v.seed.trim()} must be a whole number from 0 to 2,147,483,647.`;
  let dur = NaN;
  if (v.sourceKind === 'scenario') {
    if (!v.scenario) errors.source = 'Scenario: choose one.';
    dur = read('durationSec', 'Duration', v.durationSec, { integer: true });
    if (Number.isFinite(dur) && (dur < 10 || dur > 23_400)) errors.durationSec = `Duration ${v.durationSec.trim()} s must be a whole number from 10 s to 23,400 s.`;
  } else if (!v.sampleId) errors.source = 'Real day: no bundled sample is available.';
  const quantity = read('quantity', 'Quantity', v.quantity, { integer: true, suffixes: true });
  const startSec = read('startSec', 'Start', v.startSec);
  const horizonSec = read('horizonSec', 'Horizon', v.horizonSec);
  const urgency = read('urgency', 'Urgency κT', v.urgency);
  const maxParticipation = read('maxParticipation', 'Max participation', v.maxParticipation);
  const povRate = v.algorithm === 'pov' ? read('povRate', 'POV rate', v.povRate) : undefined;
  let limitPriceUnits: number | undefined;
  if (v.limitPrice.trim() !== '') {
    const px = read('limitPrice', 'Limit price', v.limitPrice, { maxDecimals: tickDecimals(grid.priceDecimals, grid.tickSizeUnits) });
    if (Number.isFinite(px)) limitPriceUnits = Math.round(px * 10 ** grid.priceDecimals);
  }
  const ticket: OrderTicketParsed = {
    source: v.sourceKind === 'scenario' ? { kind: 'scenario', name: v.scenario, durationSec: dur, seed } : { kind: 'sample', id: v.sampleId, seed },
    side: v.side, quantity, algorithm: v.algorithm, startSec, horizonSec, urgency, maxParticipation,
    ...(limitPriceUnits !== undefined ? { limitPriceUnits } : {}),
    ...(povRate !== undefined ? { povRate } : {}),
    ...(v.algorithm === 'agent' && v.agentModel !== '' ? { agentModel: v.agentModel } : {}),
  };
  for (const i of ticketIssues(ticket, limits, grid)) {
    const f = i.field === 'limitPriceUnits' ? 'limitPrice' : (i.field as TicketField);
    errors[f] ??= i.message;
  }
  return { errors, expanded, ticket: Object.keys(errors).length === 0 ? ticket : null };
}

/** Engine issues (notional, price band…) by form field, for those the form did not already flag. */
export function issuesByField(issues: readonly OrderIssue[]): Partial<Record<TicketField, string>> {
  const out: Partial<Record<TicketField, string>> = {};
  for (const i of issues) out[formField(i.field)] ??= i.message;
  return out;
}

/** Key of a ticket for preview caching. */
export function ticketKey(t: OrderTicketParsed): string {
  return JSON.stringify(t);
}

/** The fields an amendment changes: those of `next` that differ from the parent's `original` ticket (quantity, limit, horizon, max participation). */
export function amendmentOf(original: OrderTicketParsed, next: OrderTicketParsed): Amendment {
  const out: { -readonly [K in keyof Amendment]: Amendment[K] } = {};
  if (next.quantity !== original.quantity) out.quantity = next.quantity;
  if (next.horizonSec !== original.horizonSec) out.horizonSec = next.horizonSec;
  if (next.maxParticipation !== original.maxParticipation) out.maxParticipation = next.maxParticipation;
  if (next.limitPriceUnits !== original.limitPriceUnits) out.limitPriceUnits = next.limitPriceUnits ?? null;
  return out;
}
