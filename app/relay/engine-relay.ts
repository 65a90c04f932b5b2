import type { ErrorInfo, ServerMessage } from '../../main/contract/index.js';
import type { EngineLink } from '../engine/engine-link.js';
import { validateRequest } from './validate-request.js';

/** Where a relay client's answers and events go (a WebSocket, a webContents...). */
export interface RelaySink {
  send(msg: ServerMessage): void;
}

/** One connected client of the relay. */
export interface RelayClient {
  /** Handles a message the client sent (already JSON-parsed, otherwise untrusted). */
  receive(raw: unknown): void;
  /** Forgets the client; answers still in flight are dropped. */
  disconnect(): void;
}

interface Pending {
  readonly sink: RelaySink;
  readonly clientId: number;
}

/** Most requests one client may have in flight; protects the engine from a runaway client. */
export const MAX_IN_FLIGHT_PER_CLIENT = 1024;

/**
 * Multiplexes many clients onto one engine. Client request ids are rewritten to unique
 * engine-side ids and mapped back, so two clients may both use id 1; responses go only to the
 * client that asked; events go to every client.
 * Invariant: every valid request gets exactly one response, even if the engine dies.
 */
export class EngineRelay {
  private readonly sinks = new Set<RelaySink>();
  private readonly pending = new Map<number, Pending>();
  private readonly inFlight = new Map<RelaySink, number>();
  private nextEngineId = 1;
  private stoppedReason: string | null = null;

  constructor(private readonly link: EngineLink) {
    link.onMessage((msg) => this.fromEngine(msg));
    link.onExit((reason) => this.engineStopped(reason));
  }

  connect(sink: RelaySink): RelayClient {
    this.sinks.add(sink);
    this.inFlight.set(sink, 0);
    return {
      receive: (raw) => this.fromClient(sink, raw),
      disconnect: () => {
        this.sinks.delete(sink);
        this.inFlight.delete(sink);
        for (const [engineId, p] of this.pending) if (p.sink === sink) this.pending.delete(engineId);
      },
    };
  }

  /** Number of connected clients. */
  get clientCount(): number {
    return this.sinks.size;
  }

  private fromClient(sink: RelaySink, raw: unknown): void {
    const check = validateRequest(raw);
    if (!check.ok) return this.answer(sink, check.id, check.error);
    const { request } = check;
    if (this.stoppedReason) return this.answer(sink, request.id, { code: 'internal', message: this.stoppedReason });
    const count = this.inFlight.get(sink) ?? 0;
    if (count >= MAX_IN_FLIGHT_PER_CLIENT) {
      return this.answer(sink, request.id, { code: 'state', message: `Too many requests in flight (${count}); wait for answers first` });
    }
    const engineId = this.nextEngineId++;
    this.pending.set(engineId, { sink, clientId: request.id });
    this.inFlight.set(sink, count + 1);
    this.link.post({ ...request, id: engineId });
  }

  private fromEngine(msg: ServerMessage): void {
    if (msg.kind === 'event') {
      for (const sink of this.sinks) sink.send(msg);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return; // its client left, or the engine answered something it was never asked
    this.pending.delete(msg.id);
    this.settled(p.sink);
    p.sink.send({ ...msg, id: p.clientId });
  }

  private engineStopped(reason: string): void {
    this.stoppedReason = reason;
    const error: ErrorInfo = { code: 'internal', message: reason };
    for (const [engineId, p] of this.pending) {
      this.pending.delete(engineId);
      this.settled(p.sink);
      this.answer(p.sink, p.clientId, error);
    }
    for (const sink of this.sinks) sink.send({ kind: 'event', name: 'engine.error', payload: error });
  }

  private settled(sink: RelaySink): void {
    const n = this.inFlight.get(sink);
    if (n !== undefined) this.inFlight.set(sink, Math.max(0, n - 1));
  }

  private answer(sink: RelaySink, id: number, error: ErrorInfo): void {
    sink.send({ kind: 'response', id, ok: false, error });
  }
}
