import { createServer, type Server, type Socket } from 'node:net';
import type { FixMessage } from './fix-codec.js';
import { FixSession, type SessionClock, type SessionConfig, type SessionEvent } from './fix-session.js';
import { MemorySeqStore, type SeqStore } from './seq-store.js';

/** What an acceptor serves. Invariant: port in [0, 65535] (0 = any free port). */
export interface FixAcceptorOptions {
  readonly port: number;
  readonly host?: string;
  /** Session settings (role is acceptor); `acceptTargets` lists the CompIDs that may log on. */
  readonly session: Omit<SessionConfig, 'role'>;
  readonly clock: SessionClock;
  /** The application behind every session: called once per connection. */
  readonly app: (session: FixSession) => (msg: FixMessage, possDup: boolean) => void;
  /** Sequence-number store of a new connection (default: in memory). */
  readonly store?: () => SeqStore;
  readonly log?: (line: string) => void;
  /** How often the session timers run (default 200 ms: heartbeats within a fifth of a second). */
  readonly tickMs?: number;
}

/**
 * A FIX 4.4 acceptor for any number of connections, one session each. A CompID logs on once:
 * a second Logon for a CompID that is logged on elsewhere drops the new connection (FIX: the
 * duplicate is refused, the established session continues).
 */
export class FixAcceptor {
  private readonly server: Server;
  private readonly sessions = new Set<FixSession>();
  private readonly sockets = new Set<Socket>();
  /** Logged-on sessions by the peer's CompID. */
  private readonly active = new Map<string, FixSession>();
  private ticker: NodeJS.Timeout | null = null;
  private readonly log: (line: string) => void;

  constructor(private readonly opts: FixAcceptorOptions) {
    this.log = opts.log ?? (() => {});
    this.server = createServer((s) => this.accept(s));
  }

  /** Starts listening; resolves with the port. */
  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port, this.opts.host ?? '127.0.0.1', () => {
        this.ticker = setInterval(() => {
          for (const s of this.sessions) s.tick();
        }, this.opts.tickMs ?? 200);
        const addr = this.server.address();
        resolve(typeof addr === 'object' && addr !== null ? addr.port : this.opts.port);
      });
    });
  }

  close(): Promise<void> {
    if (this.ticker !== null) clearInterval(this.ticker);
    for (const s of this.sessions) if (s.isLoggedOn) s.logout('acceptor closing');
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    this.sockets.add(socket);
    let app: ((msg: FixMessage, possDup: boolean) => void) | null = null;
    const session: FixSession = new FixSession(
      { ...this.opts.session, role: 'acceptor' },
      this.opts.store?.() ?? new MemorySeqStore(),
      { send: (b) => { if (!socket.destroyed) socket.write(b, 'latin1'); }, close: () => socket.destroy() },
      this.opts.clock,
      {
        onApp: (m, possDup) => app?.(m, possDup),
        allowLogon: (target) => !this.active.has(target),
        onEvent: (e: SessionEvent) => {
          if (e.type === 'logon') this.active.set(session.targetCompId, session);
          this.log(`${session.targetCompId}: ${e.type}${'reason' in e ? `: ${e.reason}` : 'error' in e ? `: ${e.error}` : ''}`);
        },
      },
    );
    app = this.opts.app(session);
    this.sessions.add(session);
    socket.on('data', (d) => session.receive(d));
    socket.on('close', () => {
      session.disconnected();
      this.sessions.delete(session);
      this.sockets.delete(socket);
      if (this.active.get(session.targetCompId) === session) this.active.delete(session.targetCompId);
    });
    socket.on('error', (e) => this.log(`connection error: ${e.message}`));
  }
}
