/**
 * FIX 4.4 tag=value framing: encoding with BodyLength (9) and CheckSum (10), and a streaming
 * decoder that frames messages out of a TCP byte stream. Messages are latin1 (one byte per char),
 * so lengths and checksums are computed on characters.
 */

export const SOH = '\x01';
export const BEGIN_STRING = 'FIX.4.4';

/** One field: tag and raw value. Invariant: tag is a positive integer; value has no SOH. */
export type FixField = readonly [tag: number, value: string];

/**
 * A decoded message: its fields in wire order (header, body, trailer). Invariant: `fields[0]`
 * is BeginString (8), `fields[1]` BodyLength (9), `fields[2]` MsgType (35), the last CheckSum (10).
 */
export class FixMessage {
  constructor(readonly fields: readonly FixField[], readonly raw: string) {}

  get msgType(): string {
    return this.fields[2]![1];
  }

  /** The first value of `tag`, or undefined. */
  get(tag: number): string | undefined {
    for (const f of this.fields) if (f[0] === tag) return f[1];
    return undefined;
  }

  /** The value of `tag` as a non-negative integer, or undefined when absent or not an integer. */
  int(tag: number): number | undefined {
    const v = this.get(tag);
    return v !== undefined && /^\d{1,15}$/.test(v) ? Number(v) : undefined;
  }
}

/** Sum of char codes mod 256, as FIX's CheckSum. */
export function checksum(s: string): number {
  let sum = 0;
  for (let i = 0; i < s.length; i++) sum += s.charCodeAt(i);
  return sum & 255;
}

/**
 * Encodes a message: `fields` start with MsgType (35) and hold the rest of the header and the
 * body in order; BeginString, BodyLength and CheckSum are added. Throws on a value holding SOH
 * (it would split the field on the wire).
 */
export function encodeFix(fields: readonly FixField[]): string {
  let body = '';
  for (const [tag, value] of fields) {
    if (value.includes(SOH)) throw new Error(`FIX field ${tag}: value contains SOH`);
    body += `${tag}=${value}${SOH}`;
  }
  const head = `8=${BEGIN_STRING}${SOH}9=${body.length}${SOH}`;
  const msg = head + body;
  return `${msg}10=${String(checksum(msg)).padStart(3, '0')}${SOH}`;
}

/** What the decoder produced: a message, or a garbled frame (to be ignored, as FIX prescribes). */
export type DecodeResult =
  | { readonly ok: true; readonly msg: FixMessage }
  | { readonly ok: false; readonly error: string; readonly raw: string }
  /** A framed message whose checksum is right but whose fields are malformed (session Reject). */
  | { readonly ok: 'malformed'; readonly error: string; readonly raw: string; readonly msgSeqNum: number | undefined; readonly refTag: number | undefined };

/** Longest message accepted (a BodyLength above it is garbled, never buffered). */
const MAX_BODY = 1 << 20;

/**
 * Streaming decoder. Feed it bytes as they arrive; it returns every complete frame. A frame
 * whose BeginString, BodyLength or CheckSum is wrong is reported as garbled and skipped: the
 * decoder resynchronises at the next `8=FIX` (FIX: garbled messages are ignored, the sequence
 * number is not consumed). Invariant: the buffer never holds more than one frame in progress.
 */
export class FixDecoder {
  private buf = '';

  push(chunk: Buffer | string): DecodeResult[] {
    this.buf += typeof chunk === 'string' ? chunk : chunk.toString('latin1');
    const out: DecodeResult[] = [];
    for (;;) {
      const r = this.next();
      if (r === null) break;
      out.push(r);
    }
    return out;
  }

  private next(): DecodeResult | null {
    const b = this.buf;
    const start = b.indexOf(`8=`);
    if (start < 0) {
      this.buf = '';
      return null;
    }
    if (start > 0) {
      const junk = b.slice(0, start);
      this.buf = b.slice(start);
      return { ok: false, error: 'bytes before BeginString', raw: junk };
    }
    const e1 = b.indexOf(SOH);
    if (e1 < 0) return b.length > 64 ? this.garble('BeginString not terminated', 2) : null;
    if (b.slice(2, e1) !== BEGIN_STRING) return this.garble(`BeginString: expected ${BEGIN_STRING}, got "${b.slice(2, e1)}"`, 2);
    if (b.length < e1 + 3) return null;
    if (b.slice(e1 + 1, e1 + 3) !== '9=') return this.garble('BodyLength (9) must be the second field', 2);
    const e2 = b.indexOf(SOH, e1 + 3);
    if (e2 < 0) return b.length > e1 + 12 ? this.garble('BodyLength not terminated', 2) : null;
    const lenStr = b.slice(e1 + 3, e2);
    if (!/^\d{1,7}$/.test(lenStr) || Number(lenStr) > MAX_BODY) return this.garble(`BodyLength: not a valid length "${lenStr}"`, 2);
    const bodyEnd = e2 + 1 + Number(lenStr);
    const end = bodyEnd + 7; // "10=nnn" + SOH
    if (b.length < end) return null;
    const trailer = b.slice(bodyEnd, end);
    if (!/^10=\d{3}$/.test(trailer.slice(0, 6)) || trailer[6] !== SOH) return this.garble('CheckSum (10) not where BodyLength says the body ends', 2);
    const raw = b.slice(0, end);
    this.buf = b.slice(end);
    const want = checksum(b.slice(0, bodyEnd));
    if (Number(trailer.slice(3, 6)) !== want) return { ok: false, error: `CheckSum: expected ${String(want).padStart(3, '0')}, got ${trailer.slice(3, 6)}`, raw };
    return parseFields(raw);
  }

  /** Drops the bad frame up to the next plausible start and reports it. */
  private garble(error: string, from: number): DecodeResult {
    const nextStart = this.buf.indexOf(`8=FIX`, from);
    const raw = nextStart < 0 ? this.buf : this.buf.slice(0, nextStart);
    this.buf = nextStart < 0 ? '' : this.buf.slice(nextStart);
    return { ok: false, error, raw };
  }
}

/** Splits a checksum-verified frame into fields; malformed fields give a 'malformed' result. */
function parseFields(raw: string): DecodeResult {
  const parts = raw.split(SOH);
  parts.pop(); // after the final SOH
  const fields: FixField[] = [];
  let bad: { error: string; refTag: number | undefined } | null = null;
  for (const p of parts) {
    const eq = p.indexOf('=');
    const tagStr = eq < 0 ? p : p.slice(0, eq);
    if (eq <= 0 || !/^[1-9]\d{0,8}$/.test(tagStr)) {
      bad ??= { error: `invalid tag "${tagStr}"`, refTag: undefined };
      continue;
    }
    const tag = Number(tagStr);
    const value = p.slice(eq + 1);
    if (value === '') bad ??= { error: `tag ${tag} has no value`, refTag: tag };
    fields.push([tag, value]);
  }
  const seqField = fields.find((f) => f[0] === 34);
  const msgSeqNum = seqField && /^\d{1,15}$/.test(seqField[1]) ? Number(seqField[1]) : undefined;
  if (fields.length < 4 || fields[2]![0] !== 35) return { ok: 'malformed', error: 'MsgType (35) must be the third field', raw, msgSeqNum, refTag: 35 };
  if (bad !== null) return { ok: 'malformed', error: bad.error, raw, msgSeqNum, refTag: bad.refTag };
  return { ok: true, msg: new FixMessage(fields, raw) };
}

/** FIX UTCTimestamp with milliseconds, e.g. 20261203-10:41:30.123. */
export function fixTimestamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}`;
}

/**
 * Parses a FIX decimal (Qty, Price) exactly into integer units with `decimals` digits; null
 * when the text is not a plain non-negative decimal or has more digits than `decimals`.
 */
export function parseFixUnits(text: string, decimals: number): number | null {
  const m = /^(\d{1,15})(?:\.(\d*))?$/.exec(text);
  if (m === null) return null;
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (frac.length > decimals) return null;
  const v = Number(m[1]) * 10 ** decimals + (frac === '' ? 0 : Number(frac.padEnd(decimals, '0')));
  return Number.isSafeInteger(v) ? v : null;
}
