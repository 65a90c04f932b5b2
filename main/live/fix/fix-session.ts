import { FixDecoder, encodeFix, fixTimestamp, type FixField, type FixMessage } from './fix-codec.js';
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
  readonly targetCompId: string;
  readonly role: 'initiator' | 'acceptor';
  readonly heartBtIntSec: number;
  /** Initiator: send ResetSeqNumFlag=Y on logon (both sides restart at 1). */
  readonly resetOnLogon?: boolean;
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
}

/** SessionRejectReason (373) values we send. */
const REJECT = { requiredTagMissing: 1, valueIncorrect: 5, compId: 9, sendingTime: 10, other: 99 } as const;

/** Admin message types, never resent (a gap fill stands for them). */
const ADMIN = new Set(['0', '1', '2', '3', '4', '5', 'A']);

interface Sent {
  readonly msgType: string;
  readonly body: readonly FixField[];
  readonly sendingTime: string;
}

/**
 * One FIX 4.4 session over one connection, transport-agnostic: feed it bytes with `receive`,
 * call `tick` about once a second. It handles Logon (with ResetSeqNumFlag), Logout, Heartbeat,
 * TestRequest (a silent peer gets a TestRequest after 1.2 × HeartBtInt and is dropped after
 * 2.4 ×), ResendRequest (application messages resent with PossDupFlag=Y and OrigSendingTime;
 * admin ones replaced by SequenceReset-GapFill), SequenceReset (gap fill and reset), and
 * sequence checks: a gap ⇒ one ResendRequest, later messages held until the gap is filled; a
 * number too low without PossDupFlag ⇒ Logout; a PossDup duplicate ⇒ ignored. Garbled frames
 * (bad BodyLength or CheckSum) are ignored without consuming a number; malformed fields, a
 * wrong CompID or a missing SendingTime ⇒ session Reject (35=3); a wrong CompID also logs out.
 * Sequence numbers are saved to the store after every message in and out.
 *
 * Invariant: application messages reach the handler exactly once each and in sequence order
 * (resends of already-processed numbers are dropped here, before the handler).
 */
export class FixSession {
  private readonly decoder = new FixDecoder();
  private seq: SeqState;
  private loggedOn = false;
  private logoutSent = false;
  private closed = false;
  private heartBtMs: number;
  private lastInMs: number;
  private lastOutMs: number;
  private testReqPending = false;
  /** Messages held behind a gap, by sequence number. */
  private readonly held = new Map<number, FixMessage>();
  /** The end of the range we asked to be resent (0 = none pending). */
  private resendTo = 0;
  private readonly sent = new Map<number, Sent>();
  private testReqId = 0;

  constructor(
    readonly config: SessionConfig,
    private readonly store: SeqStore,
    private readonly io: SessionIo,
    private readonly clock: SessionClock,
    private readonly handler: SessionHandler,
  ) {
    this.seq = store.load();
    this.heartBtMs = config.heartBtIntSec * 1000;
    this.lastInMs = this.lastOutMs = clock.nowMs();
  }

  get isLoggedOn(): boolean {
    return this.loggedOn;
  }
  /** Sequence numbers now (a copy). */
  get seqState(): SeqState {
    return { ...this.seq };
  }

  /** Initiator: sends Logon. */
  logon(): void {
    const body: FixField[] = [[98, '0'], [108, String(this.config.heartBtIntSec)]];
    if (this.config.resetOnLogon) {
      this.seq = { nextOut: 1, nextIn: 1 };
      this.sent.clear();
      body.push([141, 'Y']);
    }
    this.sendAdmin('A', body);
  }

  /** Sends Logout (the peer answers with Logout, then the connection is closed). */
  logout(text = ''): void {
    if (this.closed || this.logoutSent) return;
    this.logoutSent = true;
    this.sendAdmin('5', text === '' ? [] : [[58, text]]);
  }

  /** Sends an application message; returns its MsgSeqNum. Throws when not logged on. */
  sendApp(msgType: string, body: readonly FixField[]): number {
    if (!this.loggedOn) throw new Error(`FIX session ${this.config.senderCompId}->${this.config.targetCompId}: not logged on`);
    return this.send(msgType, body, true);
  }

  /**
   * Session-level Reject of an application message the owner found malformed (a required tag
   * missing, a value of the wrong format): 35=3 naming the tag, as FIX 4.4 prescribes.
   */
  rejectMessage(msg: FixMessage, refTag: number, text: string, reason: 'missing' | 'format' = 'missing'): void {
    if (this.closed) return;
    const body: FixField[] = [[45, String(msg.int(34) ?? 0)], [371, String(refTag)], [372, msg.msgType], [373, String(reason === 'missing' ? REJECT.requiredTagMissing : 6)], [58, text]];
    this.sendAdmin('3', body);
    this.event({ type: 'reject-sent', refSeqNum: msg.int(34) ?? 0, reason: text });
  }

  /** Heartbeat / test-request timers; call about once a second. */
  tick(): void {
    if (this.closed || !this.loggedOn) return;
    const now = this.clock.nowMs();
    if (now - this.lastOutMs >= this.heartBtMs) this.sendAdmin('0', []);
    const silent = now - this.lastInMs;
    if (silent >= 2.4 * this.heartBtMs) {
      this.drop(`no message from the peer for ${Math.round(silent / 1000)} s`);
    } else if (silent >= 1.2 * this.heartBtMs && !this.testReqPending) {
      this.testReqPending = true;
      this.sendAdmin('1', [[112, `TEST${++this.testReqId}`]]);
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
      if (r.ok === true) this.onMessage(r.msg);
      else if (r.ok === false) this.event({ type: 'garbled', error: r.error });
      else {
        // Checksum right, fields wrong: the number is consumed and the message rejected.
        if (r.msgSeqNum === undefined) this.event({ type: 'garbled', error: r.error });
        else {
          this.sendReject(r.msgSeqNum, REJECT.other, r.error, r.refTag);
          if (r.msgSeqNum === this.seq.nextIn) this.advanceIn();
        }
      }
    }
  }

  private onMessage(msg: FixMessage): void {
    this.lastInMs = this.clock.nowMs();
    this.testReqPending = false;
    const type = msg.msgType;
    const seqNum = msg.int(34);
    if (seqNum === undefined) {
      this.drop('MsgSeqNum (34) missing or not a number');
      return;
    }
    if (msg.get(49) !== this.config.targetCompId || msg.get(56) !== this.config.senderCompId) {
      this.sendReject(seqNum, REJECT.compId, `CompID problem: expected 49=${this.config.targetCompId} 56=${this.config.senderCompId}`, msg.get(49) !== this.config.targetCompId ? 49 : 56);
      this.drop('CompID problem');
      return;
    }
    if (!this.loggedOn) {
      if (type !== 'A') {
        this.drop(`first message must be Logon, got MsgType ${type}`);
        return;
      }
      if (!this.onLogon(msg, seqNum)) return;
    }
    if (msg.get(52) === undefined) {
      this.sendReject(seqNum, REJECT.requiredTagMissing, 'SendingTime (52) missing', 52);
      if (seqNum === this.seq.nextIn) this.advanceIn();
      return;
    }
    if (type === '4' && msg.get(123) !== 'Y') {
      this.onSequenceReset(msg); // reset mode ignores the sequence number
      return;
    }
    const expected = this.seq.nextIn;
    if (seqNum > expected) {
      if (type === '5') {
        this.onLogout(msg);
        return;
      }
      this.held.set(seqNum, msg);
      if (type === '2') this.onResendRequest(msg); // answer it now: the peer may be waiting on it
      if (this.resendTo === 0) {
        this.resendTo = seqNum - 1;
        this.sendAdmin('2', [[7, String(expected)], [16, '0']]);
        this.event({ type: 'resend-request-sent', from: expected, to: seqNum - 1 });
      }
      return;
    }
    if (seqNum < expected) {
      if (msg.get(43) === 'Y') {
        this.event({ type: 'possdup-ignored', seq: seqNum });
        return;
      }
      this.logout(`MsgSeqNum too low, expecting ${expected} but received ${seqNum}`);
      this.drop(`MsgSeqNum too low, expecting ${expected} but received ${seqNum}`);
      return;
    }
    this.process(msg);
    this.drainHeld();
  }

  /** Logon handling before the sequence check; false when the connection was dropped. */
  private onLogon(msg: FixMessage, seqNum: number): boolean {
    const hb = msg.int(108);
    if (hb === undefined || hb < 1) {
      this.drop('HeartBtInt (108) missing or not a positive integer');
      return false;
    }
    const reset = msg.get(141) === 'Y';
    if (reset) {
      if (seqNum !== 1) {
        this.drop(`Logon with ResetSeqNumFlag=Y must have MsgSeqNum 1, got ${seqNum}`);
        return false;
      }
      this.seq.nextIn = 1;
    }
    this.loggedOn = true;
    if (this.config.role === 'acceptor') {
      this.heartBtMs = hb * 1000;
      if (reset) {
        this.seq.nextOut = 1;
        this.sent.clear();
      }
      const body: FixField[] = [[98, '0'], [108, String(hb)]];
      if (reset) body.push([141, 'Y']);
      this.sendAdmin('A', body);
    }
    this.event({ type: 'logon' });
    return true;
  }

  /** A message with the expected number. */
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
      case '2':
        this.onResendRequest(msg);
        return;
      case '3':
        this.event({ type: 'rejected-in', refSeqNum: msg.int(45), reason: msg.get(58) ?? `SessionRejectReason ${msg.get(373) ?? '?'}` });
        this.handler.onApp(msg, msg.get(43) === 'Y');
        return;
      case '5':
        this.onLogout(msg);
        return;
      default:
        this.handler.onApp(msg, msg.get(43) === 'Y');
    }
  }

  private onLogout(msg: FixMessage): void {
    if (!this.logoutSent) this.logout();
    this.event({ type: 'logout', reason: msg.get(58) ?? 'peer logged out' });
    this.loggedOn = false;
    this.closed = true;
    this.io.close();
  }

  private onSequenceReset(msg: FixMessage): void {
    const newSeq = msg.int(36);
    if (newSeq === undefined) {
      this.sendReject(msg.int(34) ?? 0, REJECT.requiredTagMissing, 'NewSeqNo (36) missing', 36);
      return;
    }
    if (newSeq < this.seq.nextIn && msg.get(123) === 'Y') {
      this.sendReject(msg.int(34) ?? 0, REJECT.valueIncorrect, `NewSeqNo ${newSeq} below the expected ${this.seq.nextIn}`, 36);
      return;
    }
    this.seq.nextIn = Math.max(newSeq, 1);
    this.store.save(this.seq);
    for (const k of [...this.held.keys()]) if (k < this.seq.nextIn) this.held.delete(k);
    this.drainHeld();
  }

  private onResendRequest(msg: FixMessage): void {
    const from = msg.int(7);
    const toRaw = msg.int(16);
    if (from === undefined || toRaw === undefined) {
      this.sendReject(msg.int(34) ?? 0, REJECT.requiredTagMissing, 'BeginSeqNo (7) and EndSeqNo (16) are required', from === undefined ? 7 : 16);
      return;
    }
    const last = this.seq.nextOut - 1;
    const to = toRaw === 0 || toRaw > last ? last : toRaw;
    this.event({ type: 'resend', from, to });
    let gapFrom = 0;
    const flushGap = (upTo: number): void => {
      if (gapFrom === 0) return;
      this.write(gapFrom, '4', [[123, 'Y'], [36, String(upTo)]], [[43, 'Y'], [122, fixTimestamp(this.clock.nowMs())]]);
      gapFrom = 0;
    };
    for (let s = from; s <= to; s++) {
      const m = this.sent.get(s);
      if (m === undefined || ADMIN.has(m.msgType)) {
        if (gapFrom === 0) gapFrom = s;
        continue;
      }
      flushGap(s);
      this.write(s, m.msgType, m.body, [[43, 'Y'], [122, m.sendingTime]]);
    }
    flushGap(to + 1);
  }

  private drainHeld(): void {
    for (;;) {
      const m = this.held.get(this.seq.nextIn);
      if (m === undefined) break;
      this.held.delete(this.seq.nextIn);
      this.process(m);
      if (this.closed) return;
    }
    if (this.resendTo !== 0 && this.seq.nextIn > this.resendTo) this.resendTo = 0;
  }

  private advanceIn(): void {
    this.seq.nextIn++;
    this.store.save(this.seq);
  }

  private sendReject(refSeq: number, reason: number, text: string, refTag: number | undefined): void {
    const body: FixField[] = [[45, String(refSeq)]];
    if (refTag !== undefined) body.push([371, String(refTag)]);
    body.push([373, String(reason)], [58, text]);
    this.sendAdmin('3', body);
    this.event({ type: 'reject-sent', refSeqNum: refSeq, reason: text });
  }

  private sendAdmin(msgType: string, body: readonly FixField[]): void {
    this.send(msgType, body, false);
  }

  private send(msgType: string, body: readonly FixField[], keep: boolean): number {
    if (this.closed) throw new Error('FIX session closed');
    const s = this.seq.nextOut++;
    const sendingTime = this.write(s, msgType, body, []);
    if (keep) this.sent.set(s, { msgType, body, sendingTime });
    this.store.save(this.seq);
    return s;
  }

  /** Writes one message with header fields; returns its SendingTime. */
  private write(seqNum: number, msgType: string, body: readonly FixField[], extraHeader: readonly FixField[]): string {
    const now = this.clock.nowMs();
    const sendingTime = fixTimestamp(now);
    const fields: FixField[] = [[35, msgType], [49, this.config.senderCompId], [56, this.config.targetCompId], [34, String(seqNum)], ...extraHeader, [52, sendingTime], ...body];
    this.io.send(encodeFix(fields));
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
