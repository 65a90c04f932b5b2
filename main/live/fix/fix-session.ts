import { BEGIN_STRING, FixDecoder, encodeFix, fixTimestamp, type FixField, type FixMessage } from './fix-codec.js';
import { rejectBody, resendPlan, reverseRoute } from './fix-replies.js';
import { REJECT_REASON, REJECT_TEXT, basicProblem, parseUtcTimestamp, validateMessage } from './fix-validate.js';
import { MemoryMessageStore, type MessageStore } from './message-store.js';
import type { SeqState, SeqStore } from './seq-store.js';
import type { SessionClock, SessionConfig, SessionEvent, SessionHandler, SessionIo } from './session-types.js';

export type { SessionClock, SessionConfig, SessionEvent, SessionHandler, SessionIo } from './session-types.js';

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
 * Sequence numbers are saved to the store after every message in and out; an inbound application
 * message is saved as received only after its handler returned (at-least-once across a crash).
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

  /** Initiator: sends Logon; `credentials` (Username 553, Password 554) go only on the wire, never into the message store. */
  logon(credentials: readonly FixField[] = []): void {
    const body: FixField[] = [[98, '0'], [108, String(this.config.heartBtIntSec)]];
    if (this.config.resetOnLogon) {
      this.resetSeq();
      body.push([141, 'Y']);
    }
    body.push(...credentials);
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
    switch (type) {
      case 'A':
      case '0':
        this.advanceIn();
        return;
      case '1':
        this.advanceIn();
        this.sendAdmin('0', [[112, msg.get(112) ?? '']]);
        return;
      case '3':
        this.event({ type: 'rejected-in', refSeqNum: msg.int(45), reason: msg.get(58) ?? `SessionRejectReason ${msg.get(373) ?? '?'}` });
        this.handler.onApp(msg, msg.get(43) === 'Y');
        this.advanceIn();
        return;
      default:
        // The handler runs BEFORE the number is saved as received: a handler that records the
        // message durably (the audit log) and then crashes, or throws because it could not record
        // it, leaves the number unconsumed, so the peer resends it after the restart (at least
        // once), and the owner's ExecID check makes that exactly once.
        this.handler.onApp(msg, msg.get(43) === 'Y');
        this.advanceIn();
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
    const plan = resendPlan(this.sent, from, toRaw, this.seq.nextOut - 1);
    this.event({ type: 'resend', from, to: toRaw === 0 ? this.seq.nextOut - 1 : toRaw });
    for (const it of plan) {
      if (it.kind === 'gap-fill') this.write(it.seq, '4', [[36, String(it.newSeqNo)], [123, 'Y']], [[43, 'Y'], [122, fixTimestamp(this.clock.nowMs())]]);
      else this.write(it.seq, it.msg.msgType, it.msg.body, [...it.msg.header, [43, 'Y'], [122, it.msg.sendingTime]]);
    }
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
    this.send('3', rejectBody(msg, reason, refTag, text), reverseRoute(msg), false);
    this.event({ type: 'reject-sent', refSeqNum: msg.int(34) ?? 0, reason: refTag === undefined ? text : `${text} (tag ${refTag})` });
  }

  private sendAdmin(msgType: string, body: readonly FixField[]): void {
    this.send(msgType, body, [], false);
  }

  private send(msgType: string, body: readonly FixField[], header: readonly FixField[], keep: boolean): number {
    if (this.closed) throw new Error('FIX session closed');
    const s = this.seq.nextOut++;
    // Stored and numbered BEFORE it goes on the wire: a crash in between leaves a gap the peer
    // asks us to fill from the store, never a number reused for a different message.
    const now = this.clock.nowMs();
    const sendingTime = fixTimestamp(now);
    if (keep) this.sent.put(s, { msgType, header, body, sendingTime });
    this.store.save(this.seq);
    this.write(s, msgType, body, header, now);
    return s;
  }

  /** Writes one message, header fields in tag order after MsgType (as QuickFIX does); returns its SendingTime. */
  private write(seqNum: number, msgType: string, body: readonly FixField[], extraHeader: readonly FixField[], now = this.clock.nowMs()): string {
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
