/**
 * FIX 4.4 tag=value framing: encoding with BodyLength (9) and CheckSum (10), and a streaming
 * decoder that frames messages out of a TCP byte stream. Messages are latin1 (one byte per char),
 * so lengths and checksums are computed on characters.
 */

export const SOH = '\x01';
export const BEGIN_STRING = 'FIX.4.4';

/**
 * One field: tag and raw value. Invariant: value has no SOH; tag is an integer (positive in a
 * valid message; the decoder frames others so that the session can reject them by number).
 */
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

  get beginString(): string {
    return this.fields[0]![1];
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
  | { readonly ok: false; readonly error: string; readonly raw: string };

/** Longest message accepted (a BodyLength above it is garbled, never buffered). */
const MAX_BODY = 1 << 20;

/**
 * Streaming decoder. Feed it bytes as they arrive; it returns every complete frame. Framing is
 * QuickFIX's, so both engines cut a stream the same way: a frame starts at `8=`, BodyLength (9)
 * must be the second field, and the frame ends at the first CheckSum field (`<SOH>10=nnn<SOH>`)
 * at or after the end that BodyLength declares. A frame whose BodyLength does not match where
 * CheckSum starts, whose CheckSum is wrong, whose MsgType (35) is not the third field or which
 * has a field that is not `tag=value` is reported as garbled and skipped (FIX: garbled messages
 * are ignored and do not consume a sequence number). Any BeginString is framed; the session
 * decides what a wrong one means. Invariant: the buffer holds at most one frame in progress.
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
    const start = b.indexOf('8=');
    if (start < 0) {
      // Keep a trailing '8' that may start the next frame.
      const keep = b.endsWith('8') ? '8' : '';
      const junk = b.slice(0, b.length - keep.length);
      this.buf = keep;
      return junk === '' ? null : { ok: false, error: 'bytes before BeginString', raw: junk };
    }
    if (start > 0) {
      const junk = b.slice(0, start);
      this.buf = b.slice(start);
      return { ok: false, error: 'bytes before BeginString', raw: junk };
    }
    const e1 = b.indexOf(SOH);
    if (e1 < 0) return b.length > 64 ? this.garble('BeginString not terminated') : null;
    if (b.length < e1 + 3) return null;
    if (b.slice(e1 + 1, e1 + 3) !== '9=') return this.garble('BodyLength (9) must be the second field');
    const e2 = b.indexOf(SOH, e1 + 3);
    if (e2 < 0) return b.length > e1 + 12 ? this.garble('BodyLength not terminated') : null;
    const lenStr = b.slice(e1 + 3, e2);
    if (!/^\d{1,7}$/.test(lenStr) || Number(lenStr) > MAX_BODY) return this.garble(`BodyLength: not a valid length "${lenStr}"`);
    const declaredEnd = e2 + 1 + Number(lenStr);
    if (b.length < declaredEnd) return null;
    const csAt = b.indexOf(`${SOH}10=`, Math.max(declaredEnd - 1, e2));
    if (csAt < 0) return b.length - declaredEnd > MAX_BODY ? this.garble('no CheckSum (10) after the body') : null;
    const end = b.indexOf(SOH, csAt + 4);
    if (end < 0) return null;
    const raw = b.slice(0, end + 1);
    this.buf = b.slice(end + 1);
    const bodyEnd = csAt + 1;
    if (bodyEnd !== declaredEnd) return { ok: false, error: `BodyLength: declared ${lenStr}, the body has ${bodyEnd - e2 - 1} characters`, raw };
    const sum = raw.slice(csAt + 4, end);
    const want = checksum(raw.slice(0, bodyEnd));
    if (!/^\d{3}$/.test(sum) || Number(sum) !== want) return { ok: false, error: `CheckSum: expected ${String(want).padStart(3, '0')}, got ${sum}`, raw };
    return parseFields(raw);
  }

  /** Drops the bad frame up to the next plausible start and reports it. */
  private garble(error: string): DecodeResult {
    const nextStart = this.buf.indexOf('8=FIX', 2);
    const raw = nextStart < 0 ? this.buf : this.buf.slice(0, nextStart);
    this.buf = nextStart < 0 ? '' : this.buf.slice(nextStart);
    return { ok: false, error, raw };
  }
}

/**
 * Splits a checksum-verified frame into fields. Tags are any integers (0 and negative ones are
 * framed and left to the session to reject by number); a field without `=` or with a tag that
 * is not an integer, or MsgType not third, makes the frame garbled. Empty values are kept (the
 * session rejects them naming the tag).
 */
function parseFields(raw: string): DecodeResult {
  const parts = raw.split(SOH);
  parts.pop(); // after the final SOH
  const fields: FixField[] = [];
  for (const p of parts) {
    const eq = p.indexOf('=');
    const tagStr = eq < 0 ? p : p.slice(0, eq);
    if (eq <= 0 || !/^-?\d{1,9}$/.test(tagStr)) return { ok: false, error: `not a tag=value field: "${p.slice(0, 40)}"`, raw };
    fields.push([Number(tagStr), p.slice(eq + 1)]);
  }
  if (fields.length < 4 || fields[2]![0] !== 35) return { ok: false, error: 'MsgType (35) must be the third field', raw };
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
