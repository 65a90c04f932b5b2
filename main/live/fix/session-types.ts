import type { FixMessage } from './fix-codec.js';
import type { FixDictionary } from './fix-dictionary.js';

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
