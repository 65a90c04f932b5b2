import { RiskLimitsSchema, type RiskLimits } from '../../../main/contract/risk.js';
import { plainGrouped, readTypedNumber } from '../format/typed-number.js';

/** A numeric limit of the gate (every one but the restricted list). */
export type NumericLimit = Exclude<keyof RiskLimits, 'restricted'>;
/** Every limit the editor shows, in the gate's order of checks. */
export type LimitKey = keyof RiskLimits;

/**
 * How one limit is shown and read: its name in words (as the gate's sentences say it), its unit,
 * and whether it must be a whole number. Invariant: one entry per key of the contract's
 * RiskLimitsSchema (the test checks it), so no limit of the gate is missing from the editor.
 */
export interface LimitField {
  readonly key: LimitKey;
  readonly label: string;
  readonly unit: string;
  readonly integer: boolean;
  /** Largest value the contract allows, if it has one. */
  readonly max?: number;
  readonly help: string;
}

export const LIMIT_FIELDS: readonly LimitField[] = [
  { key: 'restricted', label: 'Restricted symbols', unit: 'symbols', integer: false, help: 'Symbols that may not be traded at all, separated by commas.' },
  { key: 'maxOrderQty', label: 'Max order quantity', unit: 'base units', integer: false, help: 'Largest quantity of one order (shares, BTC…).' },
  { key: 'maxNotional', label: 'Max notional', unit: 'quote ccy', integer: false, help: 'Largest quantity × price of one order.' },
  { key: 'priceCollarBps', label: 'Price collar', unit: 'bp', integer: false, help: 'Largest distance of a limit price from the reference price.' },
  { key: 'duplicateWindowSec', label: 'Duplicate window', unit: 's', integer: false, max: 86_400, help: 'An order equal to one accepted less than this long ago is a duplicate.' },
  { key: 'maxOrdersPerSec', label: 'Max orders per second', unit: 'orders/s', integer: true, max: 1_000_000, help: 'Orders accepted in the last second must number below this.' },
  { key: 'maxPosition', label: 'Max position', unit: 'base units', integer: false, help: 'Largest |position| once every working order on the side fills.' },
  { key: 'dailyLossLimit', label: 'Daily loss limit', unit: 'quote ccy', integer: false, help: 'New orders are refused once the loss is beyond this.' },
  { key: 'maxOpenOrders', label: 'Max open orders', unit: 'orders', integer: true, help: 'Most working orders at once.' },
];

/** The text a limit is edited as: '' for no limit, grouped digits, symbols joined by ", ". */
export function limitText(limits: RiskLimits, key: LimitKey): string {
  const v = limits[key];
  if (v === undefined) return '';
  if (Array.isArray(v)) return v.join(', ');
  return plainGrouped(v as number);
}

/** The outcome of reading one typed limit: the value (undefined = no limit) or an error in words. */
export type ReadLimit = { readonly ok: true; readonly value: number | string[] | undefined } | { readonly ok: false; readonly error: string };

/** Reads what was typed for one limit; an empty field means no limit. Messages name the limit in words. */
export function readLimit(field: LimitField, text: string): ReadLimit {
  const raw = text.trim();
  if (raw === '') return { ok: true, value: undefined };
  if (field.key === 'restricted') {
    const symbols = raw.split(/[,\s]+/).filter(Boolean);
    return { ok: true, value: [...new Set(symbols)] };
  }
  const n = readTypedNumber(field.label, raw, { integer: field.integer, suffixes: true });
  if (!n.ok) return n;
  if (n.value < 0) return { ok: false, error: `${field.label} ${raw} must be 0 or more (empty = no limit).` };
  if (field.max !== undefined && n.value > field.max) return { ok: false, error: `${field.label} ${raw} must be at most ${plainGrouped(field.max)} ${field.unit}.` };
  return { ok: true, value: n.value };
}

/** Reads every field of the editor: the limits, or the errors by key. Checked again against the contract's schema. */
export function readLimits(texts: Readonly<Record<LimitKey, string>>): { limits: RiskLimits | null; errors: Partial<Record<LimitKey, string>> } {
  const errors: Partial<Record<LimitKey, string>> = {};
  const out: Record<string, unknown> = {};
  for (const f of LIMIT_FIELDS) {
    const r = readLimit(f, texts[f.key] ?? '');
    if (!r.ok) errors[f.key] = r.error;
    else if (r.value !== undefined) out[f.key] = r.value;
  }
  if (Object.keys(errors).length > 0) return { limits: null, errors };
  const parsed = RiskLimitsSchema.safeParse(out);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? 'restricted') as LimitKey;
    return { limits: null, errors: { [key]: `${LIMIT_FIELDS.find((f) => f.key === key)?.label ?? key}: ${issue.message}.` } };
  }
  return { limits: parsed.data, errors: {} };
}

/** The editor's texts for a set of limits. */
export function limitTexts(limits: RiskLimits): Record<LimitKey, string> {
  return Object.fromEntries(LIMIT_FIELDS.map((f) => [f.key, limitText(limits, f.key)])) as Record<LimitKey, string>;
}
