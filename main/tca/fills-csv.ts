import { DataFormatError } from '../market/readers/reader.js';

/** The only header a fills file may have. */
export const FILLS_HEADER = 'ts,qty,price';
const COLUMNS = ['ts', 'qty', 'price'] as const;

/**
 * One row of a fills file. `line` is its 1-based line number in the file; `tsText` the ts field
 * verbatim (free-form: a number, an ISO time…); `tsNumber` its value when it is a plain decimal
 * number, else null; `qty > 0` and `price > 0` are finite decimals.
 */
export interface FillRow {
  readonly line: number;
  readonly tsText: string;
  readonly tsNumber: number | null;
  readonly qty: number;
  readonly price: number;
}

const NL = 10;
const CR = 13;
const COMMA = 44;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses a fills file (`ts,qty,price`) strictly, straight from its bytes. Rules: an optional
 * UTF-8 BOM; lines end with `\n` or `\r\n` (a missing final newline is fine); blank lines are
 * skipped; the first non-blank line must be exactly the header; every other non-blank line has
 * exactly three comma-separated fields, no quoting and no surrounding spaces: `ts` non-empty
 * UTF-8 text, `qty` and `price` plain positive decimals (`12`, `12.5`, `.5`, optional `+`; no
 * exponent, no sign `-`, not zero). The first violation throws `DataFormatError` naming the file,
 * line, 1-based column and field, e.g. `fills.csv:7: column 2 (qty): expected a positive number,
 * found "-5"`. A file with only the header gives no rows.
 */
export function parseFillsCsv(bytes: Uint8Array, file: string): FillRow[] {
  const rows: FillRow[] = [];
  let pos = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let line = 0;
  let sawHeader = false;
  while (pos < bytes.length) {
    line++;
    let end = bytes.indexOf(NL, pos);
    if (end < 0) end = bytes.length;
    const next = end + 1;
    if (end > pos && bytes[end - 1] === CR) end--;
    const start = pos;
    pos = next;
    if (end === start) continue; // blank line
    if (!sawHeader) {
      const text = decode(bytes, start, end, file, line, 1, 'header');
      if (text !== FILLS_HEADER) throw new DataFormatError(file, line, 1, 'header', JSON.stringify(FILLS_HEADER), text);
      sawHeader = true;
      continue;
    }
    rows.push(parseRow(bytes, start, end, file, line));
  }
  if (!sawHeader) throw new DataFormatError(file, line + 1, 1, 'header', JSON.stringify(FILLS_HEADER), '(empty file)');
  return rows;
}

function parseRow(bytes: Uint8Array, start: number, end: number, file: string, line: number): FillRow {
  const fields: [number, number][] = [];
  let p = start;
  for (let c = 0; c < COLUMNS.length; c++) {
    if (p > end) throw new DataFormatError(file, line, c + 1, COLUMNS[c]!, 'a value (3 columns: ts,qty,price)', '(end of line)');
    let q = p;
    while (q < end && bytes[q] !== COMMA) q++;
    fields.push([p, q]);
    p = q + 1;
  }
  if (p <= end) throw new DataFormatError(file, line, 4, '(end of line)', '3 columns', decode(bytes, p - 1, end, file, line, 4, '(end of line)'));
  const [ts, qty, price] = fields as [[number, number], [number, number], [number, number]];
  const tsText = decode(bytes, ts[0], ts[1], file, line, 1, 'ts');
  if (tsText.length === 0) throw new DataFormatError(file, line, 1, 'ts', 'a timestamp (any non-empty text)', '');
  const tsNumber = plainDecimal(bytes, ts[0], ts[1], true);
  const qtyValue = plainDecimal(bytes, qty[0], qty[1], false);
  if (!(qtyValue !== null && qtyValue > 0)) throw new DataFormatError(file, line, 2, 'qty', 'a positive number', decode(bytes, qty[0], qty[1], file, line, 2, 'qty'));
  const priceValue = plainDecimal(bytes, price[0], price[1], false);
  if (!(priceValue !== null && priceValue > 0)) throw new DataFormatError(file, line, 3, 'price', 'a positive decimal price', decode(bytes, price[0], price[1], file, line, 3, 'price'));
  return { line, tsText, tsNumber, qty: qtyValue, price: priceValue };
}

/**
 * The value of `[start, end)` when it is a plain decimal (`[+]digits[.digits]` or `.digits`, a
 * leading `-` only when `allowMinus`), else null. Digits are checked byte by byte before the
 * float conversion, so `1e5`, `0x10`, `Infinity` and spaces are rejected.
 */
function plainDecimal(bytes: Uint8Array, start: number, end: number, allowMinus: boolean): number | null {
  let p = start;
  if (p < end && (bytes[p] === 43 /* + */ || (allowMinus && bytes[p] === 45) /* - */)) p++;
  let digits = 0;
  let dot = false;
  for (; p < end; p++) {
    const b = bytes[p]!;
    if (b >= 48 && b <= 57) digits++;
    else if (b === 46 /* . */ && !dot) dot = true;
    else return null;
  }
  if (digits === 0) return null;
  const v = Number(utf8.decode(bytes.subarray(start, end))); // ASCII, checked above
  return Number.isFinite(v) ? v : null;
}

function decode(bytes: Uint8Array, start: number, end: number, file: string, line: number, column: number, field: string): string {
  try {
    return utf8.decode(bytes.subarray(start, end));
  } catch {
    throw new DataFormatError(file, line, column, field, 'UTF-8 text', '(invalid UTF-8 bytes)');
  }
}
