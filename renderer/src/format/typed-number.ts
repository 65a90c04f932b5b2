import { groupThousands } from './numbers.js';

/**
 * How a numeric field reads what the trader typed. The text is never changed behind their back:
 * it is parsed as it stands, and anything it cannot mean exactly is an error in words.
 * - `integer`: fractions are an error ("12.5" is not 12 or 125);
 * - `suffixes`: `k` (×1,000) and `m` (×1,000,000) are accepted, case-insensitive;
 * - `maxDecimals`: more decimals than this is an error (prices finer than the instrument's tick
 *   grid would otherwise be rounded silently).
 * Thousands separators (`,`, `_`, spaces between digit groups) are always accepted.
 */
export interface TypedNumberRules {
  readonly integer?: boolean;
  readonly suffixes?: boolean;
  readonly maxDecimals?: number;
}

/**
 * The outcome of reading a typed number. On success `expanded` is the value written out in full
 * ("1,500,000") when the text does not plainly show it (suffix, odd separators, long ungrouped digits).
 */
export type TypedNumber =
  | { readonly ok: true; readonly value: number; readonly expanded: string | null }
  | { readonly ok: false; readonly error: string };

const SUFFIX: Readonly<Record<string, number>> = { k: 1_000, m: 1_000_000 };

/** A plain decimal string of `value` grouped with "," (no exponent, no rounding beyond 12 decimals). */
export function plainGrouped(value: number): string {
  const s = Math.abs(value) < 1e21 ? value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 12 }) : String(value);
  return groupThousands(s);
}

/**
 * Reads `text` as a number for the field `label` (used in the messages). Scientific notation
 * ("1e6") is refused rather than guessed at: a trader means either 1 or 1,000,000 and the form
 * cannot know which. A leading minus is kept (so "-100" is an error of the range check, never 100).
 */
export function readTypedNumber(label: string, text: string, rules: TypedNumberRules = {}): TypedNumber {
  const raw = text.trim();
  if (raw === '') return { ok: false, error: `${label} is required.` };
  // Separators only between digits: "1,000" and "1 000" yes, ",5" or "1,,0" no.
  const m = /^([+-]?)(\d{1,3}(?:[, _]\d{3})+|\d+)?(?:\.(\d*))?([kKmM])?$/.exec(raw);
  if (!m || (m[2] === undefined && (m[3] === undefined || m[3] === ''))) {
    if (/\d[eE][+-]?\d/.test(raw)) return { ok: false, error: `${label} "${raw}": write the number in full (no exponents such as 1e6).` };
    return { ok: false, error: `${label} "${raw}" is not a number.` };
  }
  const [, sign, whole = '0', frac = '', suffix] = m;
  if (suffix && !rules.suffixes) return { ok: false, error: `${label} "${raw}": suffixes (k, m) are not accepted here.` };
  const mult = suffix ? SUFFIX[suffix.toLowerCase()]! : 1;
  const digits = whole.replace(/[, _]/g, '');
  const value = (sign === '-' ? -1 : 1) * Number(`${digits}.${frac || '0'}`) * mult;
  if (!Number.isFinite(value)) return { ok: false, error: `${label} "${raw}" is too large.` };
  // Decimals after the suffix is applied: "1.5k" is 1,500, a whole number.
  const decimalsAfter = Math.max(0, frac.replace(/0+$/, '').length - Math.log10(mult));
  if (rules.integer && decimalsAfter > 0) return { ok: false, error: `${label} ${raw} must be a whole number.` };
  if (rules.maxDecimals !== undefined && decimalsAfter > rules.maxDecimals) {
    return { ok: false, error: `${label} ${raw} has more than ${rules.maxDecimals} decimal${rules.maxDecimals === 1 ? '' : 's'}.` };
  }
  const rounded = suffix ? Number(value.toFixed(Math.max(0, Math.ceil(decimalsAfter)))) : value;
  // Shown expanded when the text is not plainly the number: a suffix, spaces or underscores as
  // separators, or five or more digits without grouping (easy to miscount).
  const spelled = Boolean(suffix) || /[ _]/.test(whole) || (Math.abs(rounded) >= 10_000 && !whole.includes(','));
  return { ok: true, value: rounded, expanded: spelled ? plainGrouped(rounded) : null };
}
