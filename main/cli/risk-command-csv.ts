import { DataFormatError } from '../market/readers/reader.js';

/** The only header an orders file for `risk check` may have. */
export const RISK_ORDERS_HEADER = 'ts,symbol,side,qty,price,referencePrice';
const COLUMNS = ['ts', 'symbol', 'side', 'qty', 'price', 'referencePrice'] as const;

/**
 * A plain decimal as written: its digits without the point and how many were after it, so it can
 * be scaled to an exact integer once the file's largest number of decimals is known.
 */
interface Decimal {
  readonly digits: string;
  readonly decimals: number;
}

/** One order row as written (numbers kept exact until scaled). `line` is 1-based in the file. */
export interface RiskOrderRow {
  readonly line: number;
  readonly ts: Decimal;
  readonly symbol: string;
  readonly side: 1 | -1;
  readonly qty: Decimal;
  readonly price: Decimal;
  readonly referencePrice: Decimal;
}

/**
 * An orders file scaled to exact integers: `qty` in 10^-sizeDecimals, `price` and
 * `referencePrice` in 10^-priceDecimals, `ts` in 10^-timeDecimals seconds, each the largest number
 * of decimals the column (price and referencePrice together) uses. Invariants: every value is a
 * safe integer, qty, price and referencePrice > 0, ts ≥ 0 and non-decreasing.
 */
export interface RiskOrders {
  readonly sizeDecimals: number;
  readonly priceDecimals: number;
  readonly timeDecimals: number;
  readonly rows: ReadonlyArray<{ line: number; ts: number; symbol: string; side: 1 | -1; qty: number; price: number; referencePrice: number }>;
}

const PLAIN = /^\+?(\d*)(?:\.(\d*))?$/;

/** Reads `[+]digits[.digits]` (at least one digit, no exponent, no sign −); null when it is not one. */
function plainDecimal(text: string): Decimal | null {
  const m = PLAIN.exec(text);
  if (!m) return null;
  const whole = m[1] ?? '';
  const frac = m[2] ?? '';
  if (whole.length + frac.length === 0) return null;
  return { digits: (whole + frac).replace(/^0+(?=\d)/, ''), decimals: frac.length };
}

/**
 * Parses an orders file strictly: an optional UTF-8 BOM, `\n` or `\r\n` line ends, blank lines
 * skipped, the first non-blank line exactly the header, then six comma-separated fields per line
 * (no quoting, no spaces): `ts` seconds ≥ 0 and non-decreasing, `symbol` non-empty, `side` buy or
 * sell, `qty`, `price` and `referencePrice` positive plain decimals. The first violation throws
 * `DataFormatError` naming the file, line, 1-based column and field, e.g. `orders.csv:4: column 4
 * (qty): expected a positive number, found "-5"`.
 */
export function parseRiskOrders(bytes: Uint8Array, file: string): RiskOrders {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DataFormatError(file, 1, 1, 'file', 'UTF-8 text', '(invalid UTF-8 bytes)');
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows: RiskOrderRow[] = [];
  let pos = 0;
  let line = 0;
  let sawHeader = false;
  while (pos < text.length) {
    line++;
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const raw = text.slice(pos, end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end);
    pos = end + 1;
    if (raw.length === 0) continue;
    if (!sawHeader) {
      if (raw !== RISK_ORDERS_HEADER) throw new DataFormatError(file, line, 1, 'header', JSON.stringify(RISK_ORDERS_HEADER), raw);
      sawHeader = true;
      continue;
    }
    rows.push(parseRow(raw, file, line, rows.at(-1)));
  }
  if (!sawHeader) throw new DataFormatError(file, line + 1, 1, 'header', JSON.stringify(RISK_ORDERS_HEADER), '(empty file)');
  return scale(rows, file);
}

function parseRow(raw: string, file: string, line: number, prev: RiskOrderRow | undefined): RiskOrderRow {
  const fields: string[] = [];
  let p = 0;
  for (let c = 0; c < COLUMNS.length; c++) {
    if (p > raw.length) throw new DataFormatError(file, line, c + 1, COLUMNS[c]!, `a value (6 columns: ${RISK_ORDERS_HEADER})`, '(end of line)');
    let q = raw.indexOf(',', p);
    if (q < 0) q = raw.length;
    fields.push(raw.slice(p, q));
    p = q + 1;
  }
  if (p <= raw.length) throw new DataFormatError(file, line, 7, '(end of line)', '6 columns', raw.slice(p - 1));
  const [tsText, symbol, sideText, qtyText, priceText, refText] = fields as [string, string, string, string, string, string];
  const ts = plainDecimal(tsText);
  if (ts === null) throw new DataFormatError(file, line, 1, 'ts', 'seconds, a plain number ≥ 0', tsText);
  if (prev !== undefined && compareDecimal(ts, prev.ts) < 0) throw new DataFormatError(file, line, 1, 'ts', `a time ≥ the previous row's ${fmt(prev.ts)} (non-decreasing)`, tsText);
  if (symbol.length === 0) throw new DataFormatError(file, line, 2, 'symbol', 'a symbol', '');
  if (sideText !== 'buy' && sideText !== 'sell') throw new DataFormatError(file, line, 3, 'side', 'buy or sell', sideText);
  const positive = (t: string, col: number, name: string, what: string): Decimal => {
    const d = plainDecimal(t);
    if (d === null || /^0*$/.test(d.digits)) throw new DataFormatError(file, line, col, name, what, t);
    return d;
  };
  return {
    line, ts, symbol, side: sideText === 'buy' ? 1 : -1,
    qty: positive(qtyText, 4, 'qty', 'a positive number'),
    price: positive(priceText, 5, 'price', 'a positive price'),
    referencePrice: positive(refText, 6, 'referencePrice', 'a positive price'),
  };
}

/** Scales every column to integers at its largest number of decimals; a value too long to be exact is an error. */
function scale(rows: readonly RiskOrderRow[], file: string): RiskOrders {
  const maxDec = (pick: (r: RiskOrderRow) => Decimal) => rows.reduce((m, r) => Math.max(m, pick(r).decimals), 0);
  const sizeDecimals = maxDec((r) => r.qty);
  const priceDecimals = Math.max(maxDec((r) => r.price), maxDec((r) => r.referencePrice));
  const timeDecimals = maxDec((r) => r.ts);
  const at = (d: Decimal, decimals: number, line: number, column: number, field: string): number => {
    const v = Number(d.digits + '0'.repeat(decimals - d.decimals));
    if (!Number.isSafeInteger(v)) {
      throw new DataFormatError(file, line, column, field, `a number of at most 15 significant digits (the file's ${field} values use up to ${decimals} decimals)`, fmt(d));
    }
    return v;
  };
  return {
    sizeDecimals, priceDecimals, timeDecimals,
    rows: rows.map((r) => ({
      line: r.line, symbol: r.symbol, side: r.side,
      ts: at(r.ts, timeDecimals, r.line, 1, 'ts'),
      qty: at(r.qty, sizeDecimals, r.line, 4, 'qty'),
      price: at(r.price, priceDecimals, r.line, 5, 'price'),
      referencePrice: at(r.referencePrice, priceDecimals, r.line, 6, 'referencePrice'),
    })),
  };
}

function fmt(d: Decimal): string {
  const s = d.digits.padStart(d.decimals + 1, '0');
  return d.decimals === 0 ? s : `${s.slice(0, s.length - d.decimals)}.${s.slice(s.length - d.decimals)}`;
}

/** Compares two plain decimals exactly (no float rounding). */
function compareDecimal(a: Decimal, b: Decimal): number {
  const d = Math.max(a.decimals, b.decimals);
  const x = a.digits + '0'.repeat(d - a.decimals);
  const y = b.digits + '0'.repeat(d - b.decimals);
  const xs = x.replace(/^0+(?=\d)/, '');
  const ys = y.replace(/^0+(?=\d)/, '');
  if (xs.length !== ys.length) return xs.length - ys.length;
  return xs < ys ? -1 : xs > ys ? 1 : 0;
}
