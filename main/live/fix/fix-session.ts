import { BEGIN_STRING, FixDecoder, encodeFix, fixTimestamp, type FixField, type FixMessage } from './fix-codec.js';
import type { FixDictionary } from './fix-dictionary.js';
import { REJECT_REASON, REJECT_TEXT, basicProblem, parseUtcTimestamp, validateMessage } from './fix-validate.js';
import { MemoryMessageStore, type MessageStore } from './message-store.js';
import type { SeqState, SeqStore } from './seq-store.js';

/** Wall clock the session reads (injected: tests drive it by hand). */
export interface SessionClock {
  nowMs(): number;
}

/** Where the session writes bytes; `close` drops the connection. */
export interface SessionIo {
  send(bytes: string): void;
  close(): void;
}

/** Session configuration. Invariant: heartBtIntSec ≥ 1 (initiator's proposal; the acceptor adopts the peer's). */
export interface SessionConfig {
  readonly senderCompId: string;
  /** The peer's CompID; an acceptor with `acceptTargets` binds to whichever of those logs on. */
  readonly targetCompId: string;
  readonly acceptTargets?: readonly string[];
  readonly role: 'initiator' | 'acceptor';
  readonly heartBtIntSec: number;
  /** Initiator: send ResetSeqNumFlag=Y on logon. Acceptor: restart both numbers at 1 on every Logon. */
  readonly resetOnLogon?: boolean;
  /** Validate every inbound message against this dictionary (session Reject on a problem). */
  readonly dictionary?: FixDictionary;
  /** Reject (and log out) a message whose SendingTime is further than this from our clock. */
  readonly maxLatencyMs?: number;
  /** How long to wait for the peer's Logout after ours before dropping the line (default 2 s). */
  readonly logoutTimeoutMs?: number;
}

/** Something worth showing about the session (for logs and the supervision screen). */
export type SessionEvent =
  | { type: 'logon' }
  | { type: 'logout'; reason: string }
  | { type: 'garbled'; error: string }
  | { type: 'rejected-in'; refSeqNum: number | undefined; reason: string }
  | { type: 'reject-sent'; refSeqNum: number; reason: string }
  | { type: 'resend-request-sent'; from: number; to: number }
  | { type: 'resend'; from: number; to: number }
  | { type: 'possdup-ignored'; seq: number }
  | { type: 'test-request-sent' };

/** What the owner of a session hears. `possDup` = the message was a resend (PossDupFlag=Y). */
export interface SessionHandler {
  onApp(msg: FixMessage, possDup: boolean): void;
  onEvent?(ev: SessionEvent): void;
  /** Acceptor: may this CompID log on now? (false drops the connection, e.g. already logged on elsewhere). */
  allowLogon?(targetCompId: string): boolean;
}

/** Admin message types, never resent (a gap fill stands for them). */
const ADMIN = new Set(['0', '1', '2', '3', '4', '5', 'A']);

/** Routing header tags and their reverse (a reply goes back the way the message came). */
const REVERSE_ROUTE: readonly (readonly [number, number])[] = [[115, 128], [116, 129], [144, 145], [128, 115], [129, 116], [145, 144]];

/**
 * One FIX 4.4 session over one connection, transport-agnostic: feed it bytes with `receive`,
 * call `tick` a few times a second. Behaviour follows FIX 4.4 as QuickFIX implements it (its
 * acceptance suite runs against this class, `acceptance/`):
 * - Logon (ResetSeqNumFlag; the acceptor answers with the peer's HeartBtInt), Logout handshake
 *   (ours waits `logoutTimeoutMs` for the answer), heartbeats, TestRequest after 1.2 × HeartBtInt
 *   of silence (no heartbeats while it is pending), dropped after 2.4 ×.
 * - Garbled frames are ignored without consuming a number (before Logon they drop the line).
 * - Validation (dictionary or basic), SendingTime accuracy and CompIDs are checked before the
 *   sequence number; a problem ⇒ session Reject (35=3) with QuickFIX's reason and text, the
 *   number consumed when it was the expected one; bad time or CompID also log out.
 * - Sequence: a gap ⇒ one ResendRequest, later messages held until it is filled; too low
 *   without PossDupFlag ⇒ Logout and drop; a PossDup duplicate ⇒ OrigSendingTime checked, then
 *   ignored. ResendRequest, Logout and SequenceReset-Reset are not sequence-checked.
 * - ResendRequest: application messages resent with PossDupFlag=Y and OrigSendingTime, admin
 *   ones replaced by SequenceReset-GapFill.
 * Sequence numbers are saved to the store after every message in and out.
 *
 * Invariant: application messages reach the handler exactly once each and in sequence order
 * (resends of already-processed numbers are dropped here, before the handler).
 */
export class FixSession {
  private readonly decoder = new FixDecoder();
  private seq: SeqState;
  private target: string;
  private loggedOn = false;
  private logoutSent = false;
  private logoutDeadline = 0;
  private closed = false;
  private heartBtMs: number;
  private lastInMs: number;
  private lastOutMs: number;
  private testReqPending = false;
  /** Messages held behind a gap, by sequence number. */
  private readonly held = new Map<number, FixMessage>();
  /** The end of the range we asked to be resent (0 = none pending). */
  private resendTo = 0;

  constructor(
    readonly config: SessionConfig,
    private readonly store: SeqStore,
    private readonly io: SessionIo,
    private readonly clock: SessionClock,
    private readonly handler: SessionHandler,
    private readonly sent: MessageStore = new MemoryMessageStore(),
  ) {
    this.seq = store.load();
    this.target = config.targetCompId;
    this.heartBtMs = config.heartBtIntSec * 1000;
    this.lastInMs = this.lastOutMs = clock.nowMs();
  }

  get isLoggedOn(): boolean {
    return this.loggedOn;
  }
  /** The peer's CompID (for an acceptor, the one that logged on). */
  get targetCompId(): string {
    return this.target;
  }
  /** Sequence numbers now (a copy). */
  get seqState(): SeqState {
    return { ...this.seq };
  }

  /** Initiator: sends Logon. */
  logon(): void {
    const body: FixField[] = [[98, '0'], [108, String(this.config.heartBtIntSec)]];
    if (this.config.resetOnLogon) {
      this.resetSeq();
      body.push([141, 'Y']);
    }
    this.sendAdmin('A', body);
  }

  /** Sends Logout and waits for the peer's (then the connection is closed). */
  logout(text = ''): void {
    if (this.closed || this.logoutSent) return;
    this.logoutSent = true;
    this.logoutDeadline = this.clock.nowMs() + (this.config.logoutTimeoutMs ?? 2000);
    this.sendAdmin('5', text === '' ? [] : [[58, text]]);
  }

  /** Sends an application message (extra header fields allowed, e.g. PossResend); returns its MsgSeqNum. Throws when not logged on. */
  sendApp(msgType: string, body: readonly FixField[], header: readonly FixField[] = []): number {
    if (!this.loggedOn) throw new Error(`FIX session ${this.config.senderCompId}->${this.target}: not logged on`);
    return this.send(msgType, body, header, true);
  }

  /**
   * Session-level Reject of an application message the owner found malformed (a required tag
   * missing, a value of the wrong format): 35=3 naming the tag, as FIX 4.4 prescribes.
   */
  rejectMessage(msg: FixMessage, refTag: number, text: string, reason: 'missing' | 'format' = 'missing'): void {
    if (this.closed) return;
    this.sendReject(msg, reason === 'missing' ? REJECT_REASON.requiredTagMissing : REJECT_REASON.incorrectDataFormat, refTag, text);
  }

  /** BusinessMessageReject (35=j) of an application message, e.g. reason 3 = unsupported message type. */
  businessReject(msg: FixMessage, reason: number, text: string): void {
    if (this.closed || !this.loggedOn) return;
    this.send('j', [[45, String(msg.int(34) ?? 0)], [58, text], [372, msg.msgType], [380, String(reason)]], reverseRoute(msg), true);
  }

  /** Heartbeat / test-request / logout timers; call a few times a second. */
  tick(): void {
    if (this.closed || !this.loggedOn) return;
    const now = this.clock.nowMs();
    if (this.logoutSent && now >= this.logoutDeadline) {
      this.drop('the peer did not answer our Logout');
      return;
    }
    const silent = now - this.lastInMs;
    if (silent >= 2.4 * this.heartBtMs) {
      this.drop(`no message from the peer for ${Math.round(silent / 1000)} s`);
      return;
    }
    if (now - this.lastOutMs >= this.heartBtMs && !this.testReqPending) this.sendAdmin('0', []);
    if (silent >= 1.2 * this.heartBtMs && !this.testReqPending) {
      this.testReqPending = true;
      this.sendAdmin('1', [[112, 'TEST']]);
      this.event({ type: 'test-request-sent' });
    }
  }

  /** The transport closed. */
  disconnected(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.loggedOn) this.event({ type: 'logout', reason: 'disconnected' });
    this.loggedOn = false;
  }

  /** Bytes from the peer. */
  receive(chunk: Buffer | string): void {
    for (const r of this.decoder.push(chunk)) {
      if (this.closed) return;
      if (r.ok) this.onMessage(r.msg);
      else {
        this.event({ type: 'garbled', error: r.error });
        if (!this.loggedOn) this.drop(`garbled message before Logon: ${r.error}`);
      }
    }
  }

  private onMessage(msg: FixMessage): void {
    this.lastInMs = this.clock.nowMs();
    this.testReqPending = false;
    const seqNum = msg.int(34);
    if (!this.loggedOn) {
      this.onFirst(msg, seqNum);
      return;
    }
    const type = msg.msgType;
    if (msg.beginString !== BEGIN_STRING) {
      if (type === '5') this.onLogout(msg);
      else {
        this.logout('Incorrect BeginString');
        this.consumeIfExpected(msg);
      }
      return;
    }
    if (seqNum === undefined) {
      this.drop('MsgSeqNum (34) missing or not a number');
      return;
    }
    for (const t of [49, 56, 52]) {
      if (msg.get(t) === undefined) {
        this.rejectAndConsume(msg, REJECT_REASON.requiredTagMissing, t);
        return;
      }
    }
    const problem = this.config.dictionary !== undefined ? validateMessage(this.config.dictionary, msg) : basicProblem(msg);
    if (problem !== null) {
      this.rejectAndConsume(msg, problem.reason, problem.refTag);
      return;
    }
    if (!this.goodTime(msg.get(52)!)) {
      this.rejectAndConsume(msg, REJECT_REASON.sendingTimeAccuracy, undefined);
      this.logout();
      return;
    }
    if (msg.get(49) !== this.target || msg.get(56) !== this.config.senderCompId) {
      this.rejectAndConsume(msg, REJECT_REASON.compIdProblem, undefined);
      this.logout();
      return;
    }
    if (type === '5') this.onLogout(msg);
    else if (type === '2') {
      this.onResendRequest(msg);
      this.consumeIfExpected(msg);
    } else if (type === '4' && msg.get(123) !== 'Y') this.onSequenceReset(msg);
    else if (type === 'A' && msg.get(141) === 'Y') this.onResetLogon(msg, seqNum);
    else this.checkSequence(msg, seqNum);
  }

  /** The first message of a connection: only a valid Logon from a CompID we accept logs on. */
  private onFirst(msg: FixMessage, seqNum: number | undefined): void {
    if (msg.msgType !== 'A') return this.drop(`first message must be Logon, got MsgType ${msg.msgType}`);
    if (msg.beginString !== BEGIN_STRING) return this.drop(`Logon with BeginString ${msg.beginString}`);
    if (seqNum === undefined) return this.drop('Logon without a valid MsgSeqNum (34)');
    const problem = this.config.dictionary !== undefined ? validateMessage(this.config.dictionary, msg) : basicProblem(msg);
    if (problem !== null) return this.drop(`Logon rejected: ${REJECT_TEXT[problem.reason] ?? problem.reason}${problem.refTag !== undefined ? ` (tag ${problem.refTag})` : ''}`);
    const from = msg.get(49) ?? '';
    const targets = this.config.role === 'acceptor' && this.config.acceptTargets !== undefined ? this.config.acceptTargets : [this.config.targetCompId];
    if (!targets.includes(from) || msg.get(56) !== this.config.senderCompId) return this.drop(`Logon from 49=${from} 56=${msg.get(56) ?? ''}: CompID problem`);
    if (this.handler.allowLogon?.(from) === false) return this.drop(`${from} is already logged on`);
    const hb = msg.int(108);
    if (hb === undefined || hb < 1) return this.drop('HeartBtInt (108) missing or not a positive integer');
    const reset = msg.get(141) === 'Y';
    if (reset && seqNum !== 1) return this.drop(`Logon with ResetSeqNumFlag=Y must have MsgSeqNum 1, got ${seqNum}`);
    this.target = from;
    if (this.config.role === 'acceptor') {
      if (reset || this.config.resetOnLogon) this.resetSeq();
      this.heartBtMs = hb * 1000;
      this.loggedOn = true;
      this.sendAdmin('A', reset ? [[98, '0'], [108, String(hb)], [141, 'Y']] : [[98, '0'], [108, String(hb)]]);
    } else {
      if (reset) this.seq.nextIn = 1;
      this.loggedOn = true;
    }
    this.event({ type: 'logon' });
    this.checkSequence(msg, seqNum);
  }

  /** Logon with ResetSeqNumFlag=Y while logged on: both sides start again at 1. */
  private onResetLogon(msg: FixMessage, seqNum: number): void {
    if (seqNum !== 1) return this.drop(`Logon with ResetSeqNumFlag=Y must have MsgSeqNum 1, got ${seqNum}`);
    this.resetSeq();
    this.seq.nextIn = 2;
    this.store.save(this.seq);
    if (this.config.role === 'acceptor') this.sendAdmin('A', [[98, '0'], [108, String(this.heartBtMs / 1000)], [141, 'Y']]);
  }

  /** Gap ⇒ hold and ask for a resend; too low ⇒ PossDup checks or logout; expected ⇒ process. */
  private checkSequence(msg: FixMessage, seqNum: number): void {
    const expected = this.seq.nextIn;
    if (seqNum > expected) {
      this.held.set(seqNum, msg);
      if (this.resendTo === 0) {
        this.resendTo = seqNum - 1;
        this.sendAdmin('2', [[7, String(expected)], [16, '0']]);
        this.event({ type: 'resend-request-sent', from: expected, to: seqNum - 1 });
      }
      return;
    }
    if (seqNum < expected) {
      if (msg.get(43) !== 'Y') {
        const text = `MsgSeqNum too low, expecting ${expected} but received ${seqNum}`;
        this.sendAdmin('5', [[58, text]]);
        this.drop(text);
        return;
      }
      if (msg.msgType !== '4') {
        const orig = msg.get(122);
        if (orig === undefined) {
          this.sendReject(msg, REJECT_REASON.requiredTagMissing, 122);
          return;
        }
        const o = parseUtcTimestamp(orig);
        const s = parseUtcTimestamp(msg.get(52) ?? '');
        if (o !== undefined && s !== undefined && o > s) {
          this.sendReject(msg, REJECT_REASON.sendingTimeAccuracy, undefined);
          this.logout();
          return;
        }
      }
      this.event({ type: 'possdup-ignored', seq: seqNum });
      return;
    }
    if (msg.msgType === 'A') this.advanceIn(); // our Logon (initiator) or theirs, already answered
    else this.process(msg);
    this.drainHeld();
  }

  /** A message with the expected number (directly or from the held queue). */
  private process(msg: FixMessage): void {
    const type = msg.msgType;
    if (type === '4') {
      this.onSequenceReset(msg);
      return;
    }
    this.advanceIn();
    switch (type) {
      case 'A':
      case '0':
        return;
      case '1':
        this.sendAdmin('0', [[112, msg.get(112) ?? '']]);
        return;
      case '3':
        this.event({ type: 'rejected-in', refSeqNum: msg.int(45), reason: msg.get(58) ?? `SessionRejectReason ${msg.get(373) ?? '?'}` });
        this.handler.onApp(msg, msg.get(43) === 'Y');
        return;
      default:
        this.handler.onApp(msg, msg.get(43) === 'Y');
    }
  }

  private onLogout(msg: FixMessage): void {
    if (!this.logoutSent) this.sendAdmin('5', []);
    this.consumeIfExpected(msg);
    this.event({ type: 'logout', reason: msg.get(58) ?? 'peer logged out' });
    this.loggedOn = false;
    this.closed = true;
    this.io.close();
  }

  /** SequenceReset, both modes (gap fill arrives here only with the expected number). */
  private onSequenceReset(msg: FixMessage): void {
    const newSeq = msg.int(36);
    if (newSeq === undefined) {
      this.rejectAndConsume(msg, REJECT_REASON.requiredTagMissing, 36);
      return;
    }
    if (newSeq > this.seq.nextIn) {
      this.seq.nextIn = newSeq;
      this.store.save(this.seq);
      for (const k of [...this.held.keys()]) if (k < newSeq) this.held.delete(k);
    } else if (newSeq < this.seq.nextIn) this.sendReject(msg, REJECT_REASON.valueOutOfRange, undefined);
    this.drainHeld();
  }

  private onResendRequest(msg: FixMessage): void {
    const from = msg.int(7);
    const toRaw = msg.int(16);
    if (from === undefined || toRaw === undefined) return; // cannot happen after validation; without a dictionary, nothing to resend
    const last = this.seq.nextOut - 1;
    const to = toRaw === 0 || toRaw > last ? last : toRaw;
    this.event({ type: 'resend', from, to });
    let gapFrom = 0;
    const flushGap = (upTo: number): void => {
      if (gapFrom === 0) return;
      this.write(gapFrom, '4', [[36, String(upTo)], [123, 'Y']], [[43, 'Y'], [122, fixTimestamp(this.clock.nowMs())]]);
      gapFrom = 0;
    };
    for (let s = Math.max(from, 1); s <= to; s++) {
      const m = this.sent.get(s);
      if (m === undefined || ADMIN.has(m.msgType)) {
        if (gapFrom === 0) gapFrom = s;
        continue;
      }
      flushGap(s);
      this.write(s, m.msgType, m.body, [...m.header, [43, 'Y'], [122, m.sendingTime]]);
    }
    flushGap(to + 1);
  }

  private drainHeld(): void {
    for (;;) {
      if (this.closed) return;
      const m = this.held.get(this.seq.nextIn);
      if (m === undefined) break;
      this.held.delete(this.seq.nextIn);
      if (m.msgType === 'A') this.advanceIn();
      else this.process(m);
    }
    if (this.resendTo !== 0 && this.seq.nextIn > this.resendTo) this.resendTo = 0;
  }

  private goodTime(sendingTime: string): boolean {
    if (this.config.maxLatencyMs === undefined) return true;
    const t = parseUtcTimestamp(sendingTime);
    return t !== undefined && Math.abs(t - this.clock.nowMs()) <= this.config.maxLatencyMs;
  }

  private advanceIn(): void {
    this.seq.nextIn++;
    this.store.save(this.seq);
  }

  private consumeIfExpected(msg: FixMessage): void {
    if (msg.int(34) === this.seq.nextIn) this.advanceIn();
  }

  private resetSeq(): void {
    this.seq = { nextOut: 1, nextIn: 1 };
    this.sent.clear();
    this.held.clear();
    this.resendTo = 0;
    this.store.save(this.seq);
  }

  /** Reject; the number is consumed when it was the expected one (not for Logon or SequenceReset), then held messages may follow. */
  private rejectAndConsume(msg: FixMessage, reason: number, refTag: number | undefined): void {
    this.sendReject(msg, reason, refTag);
    if (msg.msgType !== 'A' && msg.msgType !== '4') this.consumeIfExpected(msg);
    this.drainHeld();
  }

  private sendReject(msg: FixMessage, reason: number, refTag: number | undefined, text = REJECT_TEXT[reason] ?? 'Rejected'): void {
    const refSeq = msg.int(34) ?? 0;
    const body: FixField[] = [[45, String(refSeq)], [58, text]];
    if (refTag !== undefined) body.push([371, String(refTag)]);
    body.push([372, msg.msgType], [373, String(reason)]);
    this.send('3', body, reverseRoute(msg), false);
    this.event({ type: 'reject-sent', refSeqNum: refSeq, reason: refTag === undefined ? text : `${text} (tag ${refTag})` });
  }

  private sendAdmin(msgType: string, body: readonly FixField[]): void {
    this.send(msgType, body, [], false);
  }

  private send(msgType: string, body: readonly FixField[], header: readonly FixField[], keep: boolean): number {
    if (this.closed) throw new Error('FIX session closed');
    const s = this.seq.nextOut++;
    const sendingTime = this.write(s, msgType, body, header);
    if (keep) this.sent.put(s, { msgType, header, body, sendingTime });
    this.store.save(this.seq);
    return s;
  }

  /** Writes one message, header fields in tag order after MsgType (as QuickFIX does); returns its SendingTime. */
  private write(seqNum: number, msgType: string, body: readonly FixField[], extraHeader: readonly FixField[]): string {
    const now = this.clock.nowMs();
    const sendingTime = fixTimestamp(now);
    const header: FixField[] = [[34, String(seqNum)], [49, this.config.senderCompId], [52, sendingTime], [56, this.target], ...extraHeader];
    header.sort((a, b) => a[0] - b[0]);
    this.io.send(encodeFix([[35, msgType], ...header, ...body]));
    this.lastOutMs = now;
    return sendingTime;
  }

  private drop(reason: string): void {
    if (this.closed) return;
    this.event({ type: 'logout', reason });
    this.loggedOn = false;
    this.closed = true;
    this.io.close();
  }

  private event(ev: SessionEvent): void {
    this.handler.onEvent?.(ev);
  }
}

/** The routing fields of a reply to `msg`: OnBehalfOf* ↔ DeliverTo*, empty ones left out. */
function reverseRoute(msg: FixMessage): FixField[] {
  const out: FixField[] = [];
  for (const [from, to] of REVERSE_ROUTE) {
    const v = msg.get(from);
    if (v !== undefined && v !== '') out.push([to, v]);
  }
  return out;
}
