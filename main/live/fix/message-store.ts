import type { FixField } from './fix-codec.js';

/** An application message as sent, kept for resends. Invariant: `header` holds no session-managed tag (8, 9, 34, 35, 43, 49, 52, 56, 122). */
export interface SentMessage {
  readonly msgType: string;
  readonly header: readonly FixField[];
  readonly body: readonly FixField[];
  readonly sendingTime: string;
}

/**
 * Where a session keeps the application messages it sent, by MsgSeqNum, to answer resend
 * requests. An interface so that a durable store can replace the in-memory one.
 */
export interface MessageStore {
  put(seqNum: number, msg: SentMessage): void;
  get(seqNum: number): SentMessage | undefined;
  /** Forgets everything (sequence numbers were reset). */
  clear(): void;
}

/** Keeps sent messages in memory for the life of the session object. */
export class MemoryMessageStore implements MessageStore {
  private readonly m = new Map<number, SentMessage>();
  put(seqNum: number, msg: SentMessage): void {
    this.m.set(seqNum, msg);
  }
  get(seqNum: number): SentMessage | undefined {
    return this.m.get(seqNum);
  }
  clear(): void {
    this.m.clear();
  }
}
