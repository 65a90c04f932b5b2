import type { FixField } from './fix-codec.js';
import { MemoryMessageStore, type MessageStore, type SentMessage } from './message-store.js';
import type { SeqState, SeqStore } from './seq-store.js';

/**
 * Everything a FIX session must remember across restarts and reconnects to lose nothing and
 * book nothing twice: its sequence numbers, the application messages it sent (for the peer's
 * ResendRequest) and the ExecIDs already booked (a resent or PossDup ExecutionReport is
 * recognised after a restart). Invariants: `addExecId` of an id already added returns false and
 * changes nothing; `clear` (a sequence reset) forgets sent messages but never ExecIDs.
 */
export interface SessionStore extends SeqStore, MessageStore {
  hasExecId(execId: string): boolean;
  /** Records an ExecID as booked; false when it was already there. */
  addExecId(execId: string): boolean;
}

/** True when `s` also keeps sent messages and ExecIDs (a `SessionStore`, not only a `SeqStore`). */
export function isSessionStore(s: SeqStore): s is SessionStore {
  const x = s as Partial<SessionStore>;
  return typeof x.put === 'function' && typeof x.get === 'function' && typeof x.addExecId === 'function';
}

/** A session store in memory: survives reconnects of one process, not a restart. */
export class MemorySessionStore implements SessionStore {
  private s: SeqState = { nextOut: 1, nextIn: 1 };
  private readonly sent = new MemoryMessageStore();
  private readonly execIds = new Set<string>();
  load(): SeqState {
    return { ...this.s };
  }
  save(s: SeqState): void {
    this.s = { ...s };
  }
  put(seqNum: number, msg: SentMessage): void {
    this.sent.put(seqNum, msg);
  }
  get(seqNum: number): SentMessage | undefined {
    return this.sent.get(seqNum);
  }
  clear(): void {
    this.sent.clear();
  }
  hasExecId(execId: string): boolean {
    return this.execIds.has(execId);
  }
  addExecId(execId: string): boolean {
    if (this.execIds.has(execId)) return false;
    this.execIds.add(execId);
    return true;
  }
}

/**
 * An application message produced while no connection is up (e.g. a venue fill after the client
 * dropped): it takes the next outbound MsgSeqNum and is kept for resend without being written, so
 * the peer's next Logon finds the gap and asks for it (standard FIX: nothing is lost across a
 * disconnect). The message is stored before the number is advanced: a crash between the two
 * reuses the number for the next message, never skips one. Returns the MsgSeqNum.
 */
export function queueWhileDown(seq: SeqStore, sent: MessageStore, msgType: string, body: readonly FixField[], sendingTime: string): number {
  const s = seq.load();
  sent.put(s.nextOut, { msgType, header: [], body, sendingTime });
  seq.save({ nextOut: s.nextOut + 1, nextIn: s.nextIn });
  return s.nextOut;
}
