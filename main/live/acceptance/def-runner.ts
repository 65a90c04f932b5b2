import { connect, type Socket } from 'node:net';

/**
 * Runner for QuickFIX's acceptance-test scenario format (`.def`, see the suite's README): the
 * test is the initiator; it connects, sends `I` messages (BodyLength and CheckSum computed when
 * absent, `<TIME±N>` filled in) and compares every `E` message with what the acceptor sends
 * next, field by field. Independent of our session code, so it checks it rather than mirrors it.
 */

const SOH = '\x01';

/** One step of a scenario. Invariant: `conn` ≥ 1; `text` is set for send and expect. */
export interface DefStep {
  readonly line: number;
  readonly conn: number;
  readonly kind: 'connect' | 'disconnect' | 'expect-disconnect' | 'send' | 'expect';
  readonly text: string;
}

/** Parses a `.def` file; throws naming the file and line on a line it does not understand. */
export function parseDef(text: string, file: string): DefStep[] {
  const steps: DefStep[] = [];
  text.split('\n').forEach((raw, i) => {
    const l = raw.replace(/\r$/, '');
    if (l.trim() === '' || l.startsWith('#')) return;
    const m = /^([iIeE])(?:(\d+),)?(.*)$/.exec(l);
    if (m === null) throw new Error(`${file}:${i + 1}: not a step: "${l.slice(0, 40)}"`);
    const [, letter, connStr, rest] = m as unknown as [string, string, string | undefined, string];
    const conn = connStr === undefined ? 1 : Number(connStr);
    const body = rest.trimEnd();
    let kind: DefStep['kind'];
    if (letter === 'i' && body === 'CONNECT') kind = 'connect';
    else if (letter === 'i' && body === 'DISCONNECT') kind = 'disconnect';
    else if (letter === 'e' && body === 'DISCONNECT') kind = 'expect-disconnect';
    else if (letter === 'I') kind = 'send';
    else if (letter === 'E') kind = 'expect';
    else throw new Error(`${file}:${i + 1}: unknown step "${l.slice(0, 40)}"`);
    steps.push({ line: i + 1, conn, kind, text: kind === 'send' || kind === 'expect' ? rest : '' });
  });
  return steps;
}

/** `YYYYMMDD-HH:MM:SS` (the format of `<TIME>` in the suite). */
function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-]/g, '').replace('T', '-').slice(0, 17);
}

function fieldsOf(msg: string): string[] {
  const parts = msg.split(SOH);
  if (parts.at(-1) === '') parts.pop();
  return parts;
}

const tagOf = (f: string): string => f.slice(0, Math.max(f.indexOf('='), 0));

/** The bytes to send for an `I` line at time `nowMs`. */
export function buildOutgoing(text: string, nowMs: number): string {
  const withTime = text.replace(/<TIME([+-]\d+)?>/g, (_, off: string | undefined) => stamp(nowMs + Number(off ?? 0) * 1000));
  const fields = fieldsOf(withTime);
  let csIdx = fields.findIndex((f) => tagOf(f) === '10');
  if (fields.findIndex((f) => tagOf(f) === '9') < 0) {
    const end = csIdx < 0 ? fields.length : csIdx;
    const bodyLen = fields.slice(1, end).reduce((n, f) => n + f.length + 1, 0);
    fields.splice(1, 0, `9=${bodyLen}`);
    if (csIdx >= 0) csIdx++;
  }
  if (csIdx < 0) {
    const s = fields.map((f) => f + SOH).join('');
    let sum = 0;
    for (let i = 0; i < s.length; i++) sum += s.charCodeAt(i);
    fields.push(`10=${String(sum & 255).padStart(3, '0')}`);
  }
  return fields.map((f) => f + SOH).join('');
}

const TIME_TAGS = new Set(['42', '52', '60', '122']);
const TIMESTAMP = /^\d{8}-\d{2}:\d{2}:\d{2}(\.\d{3})?$/;

/**
 * Compares an expected message (`E` line) with a received one; null when they match, else the
 * first differing field. Time fields must be timestamps, CheckSum three digits; BodyLength and
 * CheckSum are compared only when the expected message has them.
 */
export function compareMessage(expected: string, received: string): string | null {
  const exp = fieldsOf(expected);
  const expTags = new Set(exp.map(tagOf));
  const got = fieldsOf(received).filter((f) => expTags.has('9') || tagOf(f) !== '9').filter((f) => expTags.has('10') || tagOf(f) !== '10');
  for (let i = 0; i < Math.max(exp.length, got.length); i++) {
    const e = exp[i];
    const g = got[i];
    if (e === undefined) return `unexpected field ${g} at position ${i + 1}`;
    if (g === undefined) return `missing field ${e} at position ${i + 1}`;
    const tag = tagOf(e);
    if (tagOf(g) !== tag) return `field ${i + 1}: expected tag ${tag} (${e}), got ${g}`;
    const ev = e.slice(tag.length + 1);
    const gv = g.slice(tag.length + 1);
    if (tag === '10') {
      if (!/^\d{3}$/.test(gv)) return `CheckSum: expected three digits, got "${gv}"`;
    } else if (TIME_TAGS.has(tag)) {
      if (!TIMESTAMP.test(gv)) return `field ${tag}: expected a timestamp, got "${gv}"`;
    } else if (ev !== gv) return `field ${tag}: expected "${ev}", got "${gv}"`;
  }
  return null;
}

/** The end of a message: SOH, CheckSum, SOH. */
const TRAILER = new RegExp(`${SOH}10=\\d{3}${SOH}`);

/** One TCP connection of the test: frames what the acceptor sends, notes when it closes. */
class Conn {
  private buf = '';
  private readonly inbox: string[] = [];
  closed = false;
  private wake: (() => void) | null = null;

  constructor(readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('data', (d) => {
      this.buf += d.toString('latin1');
      for (let m = TRAILER.exec(this.buf); m !== null; m = TRAILER.exec(this.buf)) {
        const end = m.index + m[0].length;
        this.inbox.push(this.buf.slice(0, end));
        this.buf = this.buf.slice(end);
      }
      this.notify();
    });
    socket.on('close', () => {
      this.closed = true;
      this.notify();
    });
    socket.on('error', () => {}); // a reset after the acceptor hung up shows as `closed`
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /** The next message, 'closed', or 'timeout' (after `timeoutMs` without either). */
  async next(timeoutMs: number): Promise<string> {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      this.notify();
    }, timeoutMs);
    try {
      for (;;) {
        const m = this.inbox.shift();
        if (m !== undefined) return m;
        if (this.closed) return 'closed';
        if (timedOut) return 'timeout';
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
      }
    } finally {
      clearTimeout(timer);
    }
  }

  send(bytes: string): void {
    if (!this.closed && !this.socket.destroyed) this.socket.write(bytes, 'latin1');
  }
}

/** The outcome of one scenario. Invariant: `failure` is set exactly when `ok` is false. */
export interface ScenarioResult {
  readonly ok: boolean;
  readonly failure?: string;
}

/** How the runner reaches the acceptor and how long it waits for each expected event. */
export interface RunOptions {
  readonly port: number;
  readonly host?: string;
  /** Longest wait for one expected message or disconnect (heartbeat scenarios need ~10 s). */
  readonly timeoutMs?: number;
  /** The wall clock that fills `<TIME>` (the acceptor checks SendingTime against its own). */
  readonly nowMs: () => number;
}

/** Runs one scenario against a listening acceptor; the first failing step ends it. */
export async function runScenario(steps: readonly DefStep[], opts: RunOptions): Promise<ScenarioResult> {
  const conns = new Map<number, Conn>();
  const timeout = opts.timeoutMs ?? 20_000;
  const fail = (s: DefStep, why: string): ScenarioResult => ({ ok: false, failure: `line ${s.line}: ${why}` });
  try {
    for (const s of steps) {
      const c = conns.get(s.conn);
      switch (s.kind) {
        case 'connect': {
          const socket = connect(opts.port, opts.host ?? '127.0.0.1');
          await new Promise<void>((resolve, reject) => {
            socket.once('connect', () => resolve());
            socket.once('error', reject);
          });
          conns.set(s.conn, new Conn(socket));
          break;
        }
        case 'disconnect':
          c?.socket.destroy();
          break;
        case 'send':
          if (c === undefined) return fail(s, 'send before connect');
          c.send(buildOutgoing(s.text, opts.nowMs()));
          break;
        case 'expect': {
          if (c === undefined) return fail(s, 'expect before connect');
          const got = await c.next(timeout);
          if (got === 'closed' || got === 'timeout') return fail(s, `expected ${s.text.replaceAll(SOH, '|')} but the connection ${got === 'closed' ? 'was closed' : 'stayed silent'}`);
          const diff = compareMessage(s.text, got);
          if (diff !== null) return fail(s, `${diff}; received ${got.replaceAll(SOH, '|')}`);
          break;
        }
        case 'expect-disconnect': {
          if (c === undefined) return fail(s, 'expect disconnect before connect');
          const got = await c.next(timeout);
          if (got !== 'closed') return fail(s, got === 'timeout' ? 'expected a disconnect, the connection stayed open' : `expected a disconnect, received ${got.replaceAll(SOH, '|')}`);
          break;
        }
      }
    }
    return { ok: true };
  } finally {
    for (const c of conns.values()) c.socket.destroy();
  }
}
