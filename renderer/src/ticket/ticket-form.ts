import { ORDER_ALGORITHMS, ticketIssues, type OrderIssue, type OrderTicketParsed, type TicketLimits } from '../../../main/contract/orders.js';

export type TicketAlgorithm = (typeof ORDER_ALGORITHMS)[number];
/** Fields the ticket shows an error under. */
export type TicketField = 'source' | 'durationSec' | 'seed' | 'quantity' | 'startSec' | 'horizonSec' | 'limitPrice' | 'urgency' | 'maxParticipation' | 'povRate';

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
}

export const DEFAULT_TICKET_FORM: TicketFormValues = {
  sourceKind: 'scenario', scenario: 'calm', sampleId: '', durationSec: '60', seed: '42', side: 'buy', quantity: '5,000',
  algorithm: 'almgren-chriss', startSec: '10', horizonSec: '40', limitPrice: '', urgency: '2', maxParticipation: '1', povRate: '0.1',
};

/** Escape: the order fields back to their defaults (source, path and seed stay). */
export function resetTicketForm(v: TicketFormValues): TicketFormValues {
  return { ...DEFAULT_TICKET_FORM, sourceKind: v.sourceKind, scenario: v.scenario, sampleId: v.sampleId, durationSec: v.durationSec, seed: v.seed };
}

export const ALGORITHM_TITLES: Readonly<Record<TicketAlgorithm, string>> = {
  'submit-and-leave': 'One limit order at the touch, left to fill',
  immediate: 'Market orders now',
  twap: 'Equal slices over the horizon',
  vwap: 'Slices following the volume curve',
  pov: 'A fixed share of market volume',
  'almgren-chriss': 'The Almgren-Chriss mean-variance schedule for the urgency κT',
  'adaptive-shortfall': 'Almgren-Chriss, adapting urgency to price moves',
};

/** Short algorithm labels for narrow columns. */
export const ALGORITHM_SHORT: Readonly<Record<TicketAlgorithm, string>> = {
  'submit-and-leave': 'S&L', immediate: 'Immediate', twap: 'TWAP', vwap: 'VWAP', pov: 'POV', 'almgren-chriss': 'AC', 'adaptive-shortfall': 'Adaptive',
};

/** Quantities from this fraction of the max order quantity ask for a confirmation before sending. */
export const LARGE_ORDER_FRACTION = 0.25;
/** Before the engine has said its limits: no risk check yet (the preview brings them within a moment). */
export const NO_LIMITS: TicketLimits = { maxOrderSize: Infinity, maxPosition: 0 };

/** Maps an engine / contract field name to the form field it belongs to. */
export function formField(field: string): TicketField {
  if (field === 'limitPriceUnits') return 'limitPrice';
  if (field.startsWith('source.')) return field === 'source.durationSec' ? 'durationSec' : field === 'source.seed' ? 'seed' : 'source';
  return (['durationSec', 'seed', 'quantity', 'startSec', 'horizonSec', 'urgency', 'maxParticipation', 'povRate'] as const).find((f) => f === field) ?? 'source';
}

export interface TicketValidation {
  readonly errors: Partial<Record<TicketField, string>>;
  /** The ticket to send; null while any field is wrong. */
  readonly ticket: OrderTicketParsed | null;
}

const parse = (s: string) => (s.trim() === '' ? NaN : Number(s.replace(/,/g, '').trim()));

/**
 * Validates as the user types; every message names the field and its limit, in the engine's
 * words where the engine checks the same thing (`ticketIssues`, shared with it).
 */
export function validateTicket(v: TicketFormValues, priceDecimals: number, limits: TicketLimits = NO_LIMITS): TicketValidation {
  const errors: Partial<Record<TicketField, string>> = {};
  const dur = parse(v.durationSec);
  const seed = parse(v.seed);
  if (v.sourceKind === 'scenario') {
    if (!v.scenario) errors.source = 'Scenario: choose one.';
    if (!Number.isInteger(dur) || dur < 10 || dur > 23_400) errors.durationSec = `Duration ${v.durationSec || '(empty)'} s must be a whole number from 10 s to 23,400 s.`;
  } else if (!v.sampleId) errors.source = 'Real day: no bundled sample is available.';
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31 - 1) errors.seed = `Seed ${v.seed || '(empty)'} must be a whole number from 0 to 2,147,483,647.`;
  const need = (field: TicketField, label: string, text: string) => {
    const n = parse(text);
    if (!Number.isFinite(n)) errors[field] = `${label} ${text.trim() === '' ? 'is required' : `"${text}" is not a number`}.`;
    return n;
  };
  const quantity = need('quantity', 'Quantity', v.quantity);
  const startSec = need('startSec', 'Start', v.startSec);
  const horizonSec = need('horizonSec', 'Horizon', v.horizonSec);
  const urgency = need('urgency', 'Urgency κT', v.urgency);
  const maxParticipation = need('maxParticipation', 'Max participation', v.maxParticipation);
  const povRate = v.algorithm === 'pov' ? need('povRate', 'POV rate', v.povRate) : undefined;
  let limitPriceUnits: number | undefined;
  if (v.limitPrice.trim() !== '') {
    const px = need('limitPrice', 'Limit price', v.limitPrice);
    if (Number.isFinite(px)) limitPriceUnits = Math.round(px * 10 ** priceDecimals);
  }
  const ticket: OrderTicketParsed = {
    source: v.sourceKind === 'scenario' ? { kind: 'scenario', name: v.scenario, durationSec: dur, seed } : { kind: 'sample', id: v.sampleId, seed },
    side: v.side, quantity, algorithm: v.algorithm, startSec, horizonSec, urgency, maxParticipation,
    ...(limitPriceUnits !== undefined ? { limitPriceUnits } : {}),
    ...(povRate !== undefined ? { povRate } : {}),
  };
  for (const i of ticketIssues(ticket, limits)) {
    const f = i.field === 'limitPriceUnits' ? 'limitPrice' : (i.field as TicketField);
    errors[f] ??= i.message;
  }
  return { errors, ticket: Object.keys(errors).length === 0 ? ticket : null };
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
